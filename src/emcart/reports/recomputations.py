"""Every recomputation the book makes, one per published statistic."""

from __future__ import annotations

from emcart.audit import checks, patient_recounts
from emcart.audit.comparison import Recomputed
from emcart.presentation import km_readings


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
