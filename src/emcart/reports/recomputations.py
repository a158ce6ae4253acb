"""Every recomputation the book makes, one per published statistic, gathered from the reports."""
from __future__ import annotations

from emcart.audit import checks
from emcart.audit.comparison import Recomputed, from_recount, generic
from emcart.reports import report_a, report_c


def book_recomputations(dataset) -> list[Recomputed]:
    """Every recomputation the book makes, one per published statistic.

    Report A's per-patient recomputations and Kaplan–Meier reconstruction, report B's checks
    (``checks.recomputed``, the ones its chapter shows), report C's per-case recounts; for any
    other statistic, :func:`generic`. A new row of ``reported_statistics`` is covered without a code
    change, and the tests fail if a published statistic is missing from the audit.
    """
    stats = dataset["reported_statistics"].set_index("stat_id", drop=False)
    result = {r.stat_id: r for r in report_a.recomputed(dataset)}
    result.update({r.stat_id: r for r in checks.recomputed(dataset, "B")})
    for sid, r in report_c.recompute(dataset).items():
        result[sid] = from_recount(stats.loc[sid], r, report_c.REASONS.get(sid, ""))
    for sid, row in stats.iterrows():
        if sid not in result:
            result[sid] = generic(dataset, row)
    return [result[sid] for sid in stats.index]
