"""Report A's published statistics recomputed from the curated rows of its eight patients and from the
Kaplan–Meier configurations that reproduce its EFS estimates, and set against the published values."""

from __future__ import annotations

import pandas as pd

from emcart.audit import comparison as audit
from emcart.presentation import tables
from emcart.presentation.evidence import REASON
from emcart.presentation.tables import Table
from emcart.reports.recomputations import book_recomputations
from emcart.reports.report_a import statistics


def comparison(data) -> Table:
    """Report A's published statistics against the curated data, one per row, indexed by statistic id (not
    shown), with a count of each status as its footnote."""
    compared = audit.compare(data, book_recomputations(data), statistics(data)["stat_id"].tolist())
    tally = ", ".join(f"{n} {s}" for s, n in audit.counts(compared).items() if n)
    caption = "Report A: published statistics against the curated data"
    return tables.statistics(data, compared, caption, "a-audit", [f"{len(compared)} statistics: {tally}."])


def audit_table(data) -> Table:
    """Report A's published statistics against the curated data, for the page.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        :func:`comparison` without the columns no statistic of report A fills: one row per statistic, published
        and recomputed values and status; the basis or reason of each status a numbered note below the table, and
        the count of each status the first footnote.
    """
    full = comparison(data)
    kept = [i for i, name in enumerate(full.frame.columns) if not full.frame[name].fillna("").eq("").all()]
    frame, marks = full.frame.iloc[:, kept], full.marks.iloc[:, kept]
    return tables.with_notes(frame, REASON, full.caption, full.table_id, full.footnotes, heading=REASON, marks=marks)


def audit_statuses(data) -> pd.Series:
    """The book-wide audit's status of every statistic report A publishes, by statistic id."""
    return audit.compare(data, book_recomputations(data), statistics(data)["stat_id"].tolist()).set_index("statistic")[
        "status"
    ]
