"""The numbers the synthesis chapter's prose quotes. Its tables are generic: the outcomes side by side
(:mod:`emcart.presentation.outcome_counts`, selection :data:`OUTCOMES`) and every patient with extramedullary
involvement (:func:`emcart.presentation.extramedullary_marks.em_table`)."""

from __future__ import annotations

from emcart.model import outcomes, selection
from emcart.presentation import cross_study, outcome_counts

OUTCOMES = "synthesis-outcomes"  # the selection: each statistic's group is its outcome, its label its cohort


def opening_values(dataset) -> dict:
    """The numbers the synthesis opens with.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.

    Returns
    -------
    dict
        ``n_a``, ``n_c``, ``n_d`` (the reports' sizes), ``age_b`` (report B's patient's age, years) and
        ``n_c_blina`` (report C's patients treated with blinatumomab); all int.
    """
    sizes = dataset["studies"].set_index("study_id")["n_patients"].astype(int)
    patients = dataset["patients"].set_index("patient_id")
    return {
        **{f"n_{study.lower()}": int(sizes[study]) for study in "ACD"},
        "age_b": int(patients.at[selection.one(dataset, "patients", study_id="B"), "narrative_age_years"]),
        "n_c_blina": len(outcomes.group(dataset, "C", "arm(blinatumomab)")),
    }


def forest_values(dataset, frame) -> dict:
    """The numbers the prose on the forest plot and after it quotes.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    frame : pandas.DataFrame
        The forest plot's rows (:func:`emcart.presentation.outcome_counts.forest_frame`).

    Returns
    -------
    dict
        :func:`emcart.presentation.cross_study.forest_values`, and ``cr_counts`` and ``crs3_counts``: the counts
        of complete remission and of CRS of grade 3 or more, cohort by cohort with the findings that dispute them
        (:func:`emcart.presentation.cross_study.counts_in_words`).
    """
    counts = outcome_counts.outcome_counts(dataset, OUTCOMES)
    return cross_study.forest_values(dataset, frame) | {
        "cr_counts": cross_study.counts_in_words(counts, "complete remission"),
        "crs3_counts": cross_study.counts_in_words(counts, "CRS, grade ≥ 3"),
    }
