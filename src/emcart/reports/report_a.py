"""Report A (eight children, S001–S008): the second-course doses in one unit; everything else is its curated
rows, read by generic modules."""

from __future__ import annotations

import pandas as pd

from emcart.audit.patient_recounts import counted
from emcart.presentation import evidence
from emcart.presentation.cohort import doses_in_one_unit

STUDY, FIGURE_1B = "A", "a-fig1b"


def second_doses(data) -> pd.DataFrame:
    """Second-course doses in 10^6 cells/kg (converted by code) against the first infusions' published range.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    pandas.DataFrame
        One row per patient with a second course: ``patient``, ``printed`` (the dose as printed), ``× 10⁶/kg`` and
        ``within the first infusions' range`` ('yes'/'no'), carrying each cell's marks.
    """
    dose = data["reported_statistics"].set_index("stat_id").loc["A-dose"]
    printed = tuple(evidence.cell_key("reported_statistics", "A-dose", f) for f in ("range_low", "range_high"))
    doses = doses_in_one_unit(data, counted(data, "A-second-CAR"), 2, dose["range_low"], dose["range_high"], printed)
    return doses.rename(columns={"within the range": "within the first infusions' range"})
