"""Every recomputation the book makes, one per published statistic, and a report's audit rows from them."""

from __future__ import annotations

import pandas as pd

from emcart.audit import checks, comparison, patient_recounts
from emcart.audit.comparison import Recomputed
from emcart.presentation import km_readings, statistic_tables
from emcart.presentation.tables import Table


def book_recomputations(dataset) -> list[Recomputed]:
    """Every recomputation the book makes, one per published statistic (:func:`emcart.audit.checks.every`).

    Parameters
    ----------
    dataset : Dataset
        The loaded reports (all of them, or one).

    Returns
    -------
    list of Recomputed
        The curated recounts of patients (``patient_recounts``), the Kaplan–Meier reconstructions
        (``km_readings``), the curated recounts of events and cases, and for any other statistic the generic
        one; in the order of ``reported_statistics``. A new row is covered without a code change, and so is a
        dataset of one report or of a report the package has never seen.
    """
    return checks.every(dataset, [*patient_recounts.recomputed(dataset), *km_readings.recomputed(dataset)])


def audit(dataset) -> pd.DataFrame:
    """The audit rows of every statistic of the loaded reports, from :func:`book_recomputations`.

    Parameters
    ----------
    dataset : Dataset
        One report's rows (a chapter's key findings) or every report's.

    Returns
    -------
    pandas.DataFrame
        :func:`emcart.audit.comparison.compare`'s rows: one per statistic, with its status.
    """
    return comparison.compare(dataset, book_recomputations(dataset))


def statuses(dataset, study_id: str) -> pd.Series:
    """The book-wide audit's status of every statistic a report publishes.

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding the report's rows.
    study_id : str
        The report.

    Returns
    -------
    pandas.Series
        Status by statistic id.
    """
    stats = dataset["reported_statistics"]
    ids = stats.loc[stats["study_id"] == study_id, "stat_id"].tolist()
    return comparison.compare(dataset, book_recomputations(dataset), ids).set_index("statistic")["status"]


def audit_table(dataset, study_id: str, caption: str, table_id: str) -> Table:
    """A report's published statistics against the curated data (:func:`~emcart.presentation.statistic_tables.report_audit`).

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding the report's rows.
    study_id : str
        The report.
    caption, table_id : str
        The table's caption and id.

    Returns
    -------
    Table
        One row per statistic: published and recomputed values and status, each reason a numbered note; the
        count of each status the first footnote.
    """
    return statistic_tables.report_audit(dataset, book_recomputations(dataset), study_id, caption, table_id)
