"""Report A (eight children, S001–S008): its patients and statistics, the inputs of its figures, and the
second-course doses in one unit.

Everything here reads the curated tables; no value is typed in. The rebuilt tables are in
:mod:`emcart.reports.report_a_tables` (their checks in :mod:`~emcart.reports.report_a_checks`), the EFS
reconstruction in :mod:`~emcart.reports.report_a_km`, the recomputed statistics in
:mod:`~emcart.reports.report_a_audit`.
"""

from __future__ import annotations

import pandas as pd

from emcart.audit.cohort_recounts import counted
from emcart.datapackage.problems import DataError, Problem
from emcart.model import patient_rows
from emcart.model.vocabulary import DAYS_PER_MONTH
from emcart.presentation import evidence
from emcart.presentation.cohort import doses_in_one_unit
from emcart.presentation.figures.kinetics_points import given_words

STUDY = "A"


def patient_ids(data) -> list[str]:
    """Report A's patients, in the order of their labels.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    list of str
        The patient ids.
    """
    return patient_rows.patient_ids(data, STUDY)


def label(data, patient_id: str) -> str:
    return data["patients"].set_index("patient_id").at[patient_id, "label"]


def labels(data, patient_ids: list[str]) -> str:
    return patient_rows.labels(data, patient_ids)


def statistic(data, stat_id: str) -> pd.Series:
    stats = data["reported_statistics"]
    return stats[stats["stat_id"] == stat_id].iloc[0]


def statistics(data) -> pd.DataFrame:
    stats = data["reported_statistics"]
    return stats[stats["study_id"] == STUDY]


def count(data, stat_id: str) -> int:
    """A published count as an integer."""
    return int(statistic(data, stat_id)["value"])


def relapsed(data) -> list[str]:
    """The patients with a relapse after the first CAR-T."""
    return counted(data, "A-relapse")


def bridged(data) -> list[str]:
    """The patients bridged to HSCT after the first CAR-T."""
    return counted(data, "A-HSCT-bridge")


def second_courses(data) -> list[str]:
    """The patients with a second CAR-T course."""
    return counted(data, "A-second-CAR")


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
    dose = statistic(data, "A-dose")
    printed = tuple(evidence.cell_key("reported_statistics", "A-dose", f) for f in ("range_low", "range_high"))
    doses = doses_in_one_unit(data, second_courses(data), 2, dose["range_low"], dose["range_high"], printed)
    return doses.rename(columns={"within the range": "within the first infusions' range"})


def follow_up_days(data) -> tuple[float, float]:
    """The shortest and longest follow-up, in days (the report states months).

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    tuple of float
        The published follow-up range's ends, converted at 30.44 days a month.
    """
    row = statistic(data, "A-followup")
    if row["unit"] != "months":
        message = f"reported_statistics A-followup: the follow-up is read in months, not {row['unit']!r}"
        raise DataError([Problem(data.file("reported_statistics"), None, "unit", message)])
    return float(row["range_low"]) * DAYS_PER_MONTH, float(row["range_high"]) * DAYS_PER_MONTH


def figure_2_ids(data) -> list[str]:
    """Every measurement of report A (Figure 2's inputs), in curated order.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    list of str
        The measurement ids of report A's patients.
    """
    rows = data["measurements"]
    return rows[rows["patient_id"].isin(patient_ids(data))]["measurement_id"].tolist()


def figure_2_given(data) -> str:
    """What the text gives from Figure 2 (:func:`~emcart.presentation.figures.kinetics_points.given_words`)."""
    return given_words(data, figure_2_ids(data))
