"""Evidence marks of the audit's summary tables: the counts of statuses per report and the statuses'
meanings (see :mod:`emcart.presentation.evidence`)."""

from __future__ import annotations

import pandas as pd

from emcart.audit.comparison import STATUSES
from emcart.presentation import evidence

ALL = "all"
DEFINED = "Defined by the book"


def status_count_marks(dataset, statuses: pd.DataFrame) -> pd.DataFrame:
    """Marks of :func:`emcart.audit.comparison.by_report`'s table: a report names its row of ``studies``;
    each count says which statistics it counts, the row of all reports the sum it is."""
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
    """Marks of :func:`emcart.audit.comparison.meanings`'s table: a status and its meaning are the book's own
    vocabulary, which the audit gives every published statistic one word of."""
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
