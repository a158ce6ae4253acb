"""Report A (eight children, S001–S008): its patients, its audit, the inputs of its figures, and the
second-course doses in one unit; everything else is its curated rows, read by generic modules."""

from __future__ import annotations

import pandas as pd

from emcart.audit import comparison
from emcart.audit.cohort_recounts import counted
from emcart.datapackage.problems import DataError, Problem
from emcart.model import patient_rows
from emcart.model.vocabulary import DAYS_PER_MONTH
from emcart.presentation import evidence, km_readings, statistic_tables
from emcart.presentation.cohort import doses_in_one_unit
from emcart.presentation.figures.kinetics_points import given_words
from emcart.presentation.tables import Table
from emcart.reports.recomputations import book_recomputations

STUDY, FIGURE_1B = "A", "a-fig1b"


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
    low, high, _, unit = km_readings.follow_up(data, FIGURE_1B)
    if unit != "months":
        message = f"reported_statistics A-followup: the follow-up is read in months, not {unit!r}"
        raise DataError([Problem(data.file("reported_statistics"), None, "unit", message)])
    return low * DAYS_PER_MONTH, high * DAYS_PER_MONTH


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
