"""Every recomputation the book makes, one per published statistic, gathered from the reports."""

from __future__ import annotations

from emcart.audit import checks, patient_recounts
from emcart.audit.comparison import Recomputed
from emcart.audit.generic import generic
from emcart.presentation import km_readings
from emcart.reports import report_c


def book_recomputations(dataset) -> list[Recomputed]:
    """Every recomputation the book makes, one per published statistic.

    The curated recounts of patients (``patient_recounts``) and of one patient's events (``recount_definitions``,
    ``checks.recomputed``), the Kaplan–Meier reconstructions (``km_readings``), report C's per-case recounts; for any other
    statistic, :func:`generic`. A new row of ``reported_statistics`` is covered without a code change, and so is
    a dataset of one report (a chapter) or of a report the package has never seen.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports (all of them, or one).

    Returns
    -------
    list of Recomputed
        One recomputation (or the reason there is none) per row of ``reported_statistics``, in its order.
    """
    stats = dataset["reported_statistics"].set_index("stat_id", drop=False)
    present = set(stats["study_id"])
    result = {r.stat_id: r for r in patient_recounts.recomputed(dataset)}
    result.update({r.stat_id: r for r in km_readings.recomputed(dataset)})
    result.update({r.stat_id: r for r in checks.recomputed(dataset)})
    result.update({r.stat_id: r for r in report_c.recompute(dataset)} if "C" in present else {})
    for sid, row in stats.iterrows():
        if sid not in result:
            result[sid] = generic(dataset, row)
    return [result[sid] for sid in stats.index]
