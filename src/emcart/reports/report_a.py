"""Report A (eight children, S001–S008): its audit and the second-course doses in one unit; everything else is
its curated rows, read by generic modules."""

from __future__ import annotations

import pandas as pd

from emcart.audit import comparison
from emcart.audit.patient_recounts import counted
from emcart.presentation import evidence, statistic_tables
from emcart.presentation.cohort import doses_in_one_unit
from emcart.presentation.tables import Table
from emcart.reports.recomputations import book_recomputations

STUDY, FIGURE_1B = "A", "a-fig1b"


def audit_table(data) -> Table:
    """Report A's published statistics against the curated data (:func:`~emcart.presentation.statistic_tables.report_audit`).

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        One row per statistic: published and recomputed values and status, each reason a numbered note; the
        count of each status the first footnote.
    """
    caption = "Report A: published statistics against the curated data"
    return statistic_tables.report_audit(data, book_recomputations(data), STUDY, caption, "a-audit")


def audit_statuses(data) -> pd.Series:
    """The book-wide audit's status of every statistic report A publishes.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    pandas.Series
        Status by statistic id.
    """
    stats = data["reported_statistics"]
    ids = stats.loc[stats["study_id"] == STUDY, "stat_id"].tolist()
    return comparison.compare(data, book_recomputations(data), ids).set_index("statistic")["status"]


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
