"""The numbers the synthesis chapter's prose quotes. Its tables are generic: the outcomes side by side
(:mod:`emcart.presentation.outcome_counts`, selection :data:`OUTCOMES`) and every patient with extramedullary
involvement (:func:`emcart.presentation.extramedullary_marks.em_table`)."""

from __future__ import annotations

import html

from emcart.audit import findings
from emcart.model import outcomes, selection
from emcart.presentation import bottom_lines as bottom_lines_of
from emcart.presentation import prose

OUTCOMES = "synthesis-outcomes"  # the selection: each statistic's group is its outcome, its label its cohort
# The outcomes the bottom lines quote, as the selection names them.
SHOWN = bottom_lines_of.Outcomes(
    remission="complete remission",
    crs="CRS, any grade",
    crs3="CRS, grade ≥ 3",
    neurotoxicity="ICANS or CRES",
    relapse="relapse",
    deaths="deaths stated",
    survival="survival, published estimate",
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


def bottom_lines(dataset) -> tuple[list[prose.BottomLine], list[str]]:
    """What the reports show read together: :func:`emcart.presentation.bottom_lines.lines` of the synthesis's
    table of outcomes (:data:`OUTCOMES`, its outcomes :data:`SHOWN`)."""
    return bottom_lines_of.lines(dataset, OUTCOMES, SHOWN)


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
    """The bottom lines, what follows them (the findings in brackets, each a link to its entry and its title) and the
    link of each finding named in them: MyST references, or HTML links to ``audit_page``."""
    lines, named = bottom_lines(dataset)
    links = {i: findings.id_link(i, audit_page) for i in named}
    titles = dataset["findings"].set_index("finding_id")["title"]
    said = (
        f"*{findings.plain(titles[i])}*" if audit_page is None else f"<em>{html.escape(titles[i])}</em>" for i in links
    )
    listed = "; ".join(f"{link}, {title}" for link, title in zip(links.values(), said))
    closing = f"Findings in brackets, each explained on the audit page: {listed}." if links else ""
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
