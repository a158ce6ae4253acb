"""Report A's Tables 1 and 2 rebuilt with one row per patient (:mod:`emcart.presentation.cohort_columns`), and their
cohort numbers checked against the per-patient cells (:mod:`emcart.audit.cohort_checks`)."""

from __future__ import annotations

from emcart.audit.cohort_checks import Check, checks
from emcart.presentation.cohort import checked
from emcart.presentation.cohort_columns import given, lacks, rebuilt
from emcart.presentation.tables import Table
from emcart.reports.report_a import audit_statuses

TABLE_1, TABLE_2 = "a-table-1", "a-table-2"
CAPTIONS = {
    TABLE_1: "Table 1 (report A), rebuilt: patient characteristics",
    TABLE_2: "Table 2 (report A), rebuilt: clinical responses and treatment outcomes",
}


def table_1_in_full(data) -> Table:
    """Table 1 with every characteristic it is rebuilt for, given by the text or not."""
    return rebuilt(data, TABLE_1, CAPTIONS[TABLE_1])


def table_2_in_full(data) -> Table:
    """Table 2 with every column it is rebuilt for, given by the text or not, its legend in the footnotes."""
    return rebuilt(data, TABLE_2, CAPTIONS[TABLE_2], legend="Table 2")


def table_1(data) -> Table:
    """Table 1 rebuilt, with only the characteristics the text gives for at least one patient.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        One row per patient: patient, then age, sex, extramedullary site, prior HSCT and relapses, and first
        CAR-T dose where the text gives any; each cell citing its curated cells.
    """
    return given(table_1_in_full(data))


def table_2(data) -> Table:
    """Table 2 rebuilt, with only the columns the text gives for at least one patient.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        One row per patient: patient, response, CRS and its grade, CRES, tocilizumab, corticosteroids, peak
        IL-6, relapse, second CAR-T, HSCT after CAR-T and status, where the text gives any; † marks a derived cell.
    """
    return given(table_2_in_full(data))


def table_1_lacks(data) -> str:
    """The characteristics of Table 1 the text gives for no patient, in words: 'age, sex or ...'."""
    return lacks(table_1_in_full(data))


def table_2_lacks(data) -> str:
    """The columns of Table 2 the text gives for no patient, in words: 'CRES or tocilizumab'."""
    return lacks(table_2_in_full(data))


def table_1_checks(data) -> list[Check]:
    """Table 1's cohort numbers, each checked against the per-patient cells and given its audit status."""
    return checks(data, f"{TABLE_1}-checks", audit_statuses(data))


def table_2_checks(data) -> list[Check]:
    """Table 2's cohort numbers, each checked against the per-patient cells and given its audit status."""
    return checks(data, f"{TABLE_2}-checks", audit_statuses(data))


def table_1_checked(data) -> Table:
    """Table 1's cohort numbers checked against the per-patient cells (:func:`emcart.presentation.cohort.checked`).

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        One row per cohort fact: ``fact``, ``published``, ``per-patient data``, ``audit status, or the
        cross-check``; the notes numbered below the table.
    """
    caption = "Table 1 (report A): its cohort numbers checked against the per-patient cells"
    return checked(data, f"{TABLE_1}-checks", table_1_checks(data), caption)


def table_2_checked(data) -> Table:
    """Table 2's cohort numbers checked against the per-patient cells (:func:`emcart.presentation.cohort.checked`).

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        As :func:`table_1_checked`'s, one row per cohort fact of Table 2.
    """
    caption = "Table 2 (report A): its cohort numbers checked against the per-patient cells"
    return checked(data, f"{TABLE_2}-checks", table_2_checks(data), caption)
