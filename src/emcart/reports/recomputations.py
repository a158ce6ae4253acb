"""Every recomputation the book makes, one per published statistic: report A's own, then the curated ones."""

from __future__ import annotations

from emcart.audit import checks
from emcart.audit.comparison import Recomputed
from emcart.reports import report_a_audit


def book_recomputations(dataset) -> list[Recomputed]:
    """Every recomputation the book makes, one per published statistic (:func:`emcart.audit.checks.every`).

    Parameters
    ----------
    dataset : Dataset
        The loaded reports (all of them, or one).

    Returns
    -------
    list of Recomputed
        Report A's per-patient recomputations and Kaplan–Meier reconstruction where its rows are loaded, the
        curated recounts, and for any other statistic the generic one; in the order of ``reported_statistics``.
    """
    present = set(dataset["reported_statistics"]["study_id"])
    return checks.every(dataset, report_a_audit.recomputed(dataset) if "A" in present else ())
