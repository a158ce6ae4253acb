"""The numbers the synthesis chapter's prose quotes. Its tables are generic: the outcomes side by side
(:mod:`emcart.presentation.outcome_counts`, selection :data:`OUTCOMES`) and every patient with extramedullary
involvement (:func:`emcart.presentation.extramedullary_marks.em_table`)."""

from __future__ import annotations

from emcart.audit import findings
from emcart.model import outcomes, selection
from emcart.presentation import cross_study, extramedullary, outcome_counts, overview, prose

OUTCOMES = "synthesis-outcomes"  # the selection: each statistic's group is its outcome, its label its cohort
# The outcomes the bottom lines quote, as the selection names them.
REMISSION, CRS, CRS3, NEUROTOXICITY, RELAPSE = (
    "complete remission",
    "CRS, any grade",
    "CRS, grade ≥ 3",
    "ICANS or CRES",
    "relapse",
)


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


def involvement(dataset) -> str:
    """Per report, how many of its patients the text states had extramedullary involvement (the introduction's
    table, :func:`emcart.presentation.overview.overview`), or why it cannot be stated ('D: not reported')."""
    frame, _ = overview.overview(dataset)
    left_open = extramedullary.left_open(dataset)
    return "; ".join(
        f"{r}: {overview.unstated(dataset, r)['reason'] if r in left_open else em}"
        for r, em in zip(frame["report"], frame[overview.EXTRAMEDULLARY])
    )


def bottom_lines(dataset) -> tuple[list[prose.BottomLine], list[str]]:
    """What the reports show read together, each line with its caveat, and the findings its counts name.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.

    Returns
    -------
    tuple
        The bottom lines (:class:`emcart.presentation.prose.BottomLine`): who was treated, remission, CRS and
        neurotoxicity, relapse, each count as the synthesis's table gives it
        (:func:`emcart.presentation.cross_study.counts_in_words`); and the ids of the findings in their brackets.
    """
    counts = outcome_counts.outcome_counts(dataset, OUTCOMES)
    n_min, n_max = cross_study.cohort_sizes(dataset)
    said = {outcome: cross_study.counts_in_words(counts, outcome) for outcome in counts["outcome"].unique()}
    quoted = counts[counts["outcome"].isin([REMISSION, CRS, CRS3, NEUROTOXICITY, RELAPSE])]
    named = list(dict.fromkeys(i for cell in quoted["findings"] if cell for i in cell.split(", ")))
    lines = [
        prose.BottomLine(
            "Who was treated",
            f"Extramedullary involvement stated — {involvement(dataset)}.",
            f"Small, uncontrolled reports of {n_min} to {n_max} patients, none with a comparison arm; a cohort "
            f"marked ({extramedullary.CONTEXT}) is context, not evidence on extramedullary disease.",
        ),
        prose.BottomLine(
            "Remission",
            f"Complete remission — {said[REMISSION]}.",
            "Each count is over a whole cohort or arm, patients without extramedullary involvement included; a "
            "finding in brackets disputes the count as printed.",
        ),
        prose.BottomLine(
            "CRS and neurotoxicity",
            f"CRS of any grade — {said[CRS]}. Grade ≥ 3 — {said[CRS3]}. Neurotoxicity ({NEUROTOXICITY}) — "
            f"{said[NEUROTOXICITY]}.",
            "The reports define and grade toxicity differently; a cohort missing from a list does not report it.",
        ),
        prose.BottomLine(
            "Relapse",
            f"Relapse after the course each report is about — {said[RELAPSE]}.",
            "Follow-up differs from report to report; an estimate over time is not a count of patients.",
        ),
    ]
    return lines, named


def key_findings(dataset) -> str:
    """The synthesis's key findings: the clinical bottom lines (:func:`bottom_lines`) as a MyST admonition.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.

    Returns
    -------
    str
        The block, closed by the findings in brackets, each a reference to its entry on the audit page.
    """
    return prose.bottom_lines_markdown(*_linked_lines(dataset))


def _linked_lines(dataset, audit_page: str | None = None) -> tuple[list[prose.BottomLine], str, dict[str, str]]:
    """The bottom lines, what follows them (the findings in brackets, each a link to its entry) and the link of each
    finding named in them: MyST references, or HTML links to ``audit_page``."""
    lines, named = bottom_lines(dataset)
    links = {i: findings.id_link(i, audit_page) for i in named}
    closing = f"Findings in brackets, each explained on the audit page: {', '.join(links.values())}." if links else ""
    return lines, closing, links


def bottom_lines_html(dataset, audit_page: str) -> prose.Fragment:
    """The bottom lines (:func:`bottom_lines`) as HTML for the introduction.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    audit_page : str
        The audit page as linked from the introduction: each finding in brackets links to its entry there.

    Returns
    -------
    Fragment
        The list, then the findings in brackets as links.
    """
    return prose.bottom_lines_html(*_linked_lines(dataset, audit_page))
