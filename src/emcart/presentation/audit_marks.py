"""Evidence marks of the audit's summary tables: the counts of statuses per report and the statuses'
meanings (see :mod:`emcart.presentation.evidence`)."""

from __future__ import annotations

import pandas as pd

from emcart.audit.comparison import STATUSES
from emcart.presentation import evidence

ALL = "all"
DEFINED = "Defined by the book"


def status_count_marks(dataset, statuses: pd.DataFrame) -> pd.DataFrame:
    """Marks of :func:`emcart.audit.comparison.by_report`'s table of status counts per report.

    A report names its row of ``studies``; each count says which statistics it counts; the row of all reports,
    the sum it is.

    Parameters
    ----------
    dataset : Dataset
    statuses : pandas.DataFrame
        The table of :func:`emcart.audit.comparison.by_report`.

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: a curated cell's key (``table|row_id|field``), a
        :class:`~emcart.presentation.evidence.Derivation`, or None.
    """
    known = evidence.provenance_keys(dataset)
    reports = statuses[statuses["report"] != ALL]
    rows = []
    for _, row in statuses.iterrows():
        report, total = row["report"], row["statistics"]
        title = evidence.cell_key("studies", report, "title")
        marks = [title if title in known else evidence.Derivation(f"{report}: the four reports together.")]
        for column in [*STATUSES, "statistics"]:
            if report == ALL:
                terms = " + ".join(str(n) for n in reports[column])
                words = f"{terms} = {row[column]}: the counts of reports {', '.join(reports['report'])}"
            elif column == "statistics":
                words = (
                    f"{total} published statistics of report {report} (data/reported_statistics.csv), one status each"
                )
            else:
                words = f"{row[column]} of report {report}'s {total} statistics have the status {column}"
            marks.append(evidence.Derivation(f"{words}; counted over the full comparison below."))
        rows.append(marks)
    return pd.DataFrame(rows, dtype=object)


def meaning_marks(meanings: pd.DataFrame) -> pd.DataFrame:
    """Marks of :func:`emcart.audit.comparison.meanings`'s table: each status and its meaning are defined by the book.

    Parameters
    ----------
    meanings : pandas.DataFrame
        The table of :func:`emcart.audit.comparison.meanings`.

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: a curated cell's key (``table|row_id|field``), a
        :class:`~emcart.presentation.evidence.Derivation`, or None.
    """
    return pd.DataFrame(
        [
            [
                evidence.Derivation(f"One of the {len(STATUSES)} statuses the audit gives a statistic.", title=DEFINED),
                evidence.Derivation(
                    f"What the status '{status}' says was checked, as the audit applies it.", title=DEFINED
                ),
            ]
            for status in meanings["status"]
        ],
        dtype=object,
    )
