"""The numbers and sentences report A's chapter and its workings page glue into their prose, computed from the
curated rows (:func:`emcart.presentation.prose.glue_all` glues them)."""

from __future__ import annotations

from emcart.audit import comparison as audit
from emcart.datapackage.conversions import CARDINALS
from emcart.model.patient_rows import measurement_ids
from emcart.presentation import cohort_columns, km_readings, km_words, recomputations
from emcart.presentation.figures.kinetics_points import given_words
from emcart.reports.report_a import FIGURE_1B as FIGURE
from emcart.reports.report_a import STUDY, second_doses

AUDIT = "Report A: published statistics against the curated data"
CURVES_TABLE = "the configurations in the column 'curve in Figure 1B' of the table of configurations in the workings"


def _doses_words(data) -> str:
    """'all three second-course doses fall within the first infusions' range (1.8–15 × 10⁶/kg)'."""
    doses, first = second_doses(data), data["reported_statistics"].set_index("stat_id").loc["A-dose"]
    within = int(doses["within the first infusions' range"].eq("yes").sum())
    share = f"all {CARDINALS[within]}" if within == len(doses) else f"{CARDINALS[within]} of the {len(doses)}"
    return (
        f"{share} second-course doses fall within the first infusions' range "
        f"({first['range_low']:g}–{first['range_high']:g} × 10⁶/kg)"
    )


def _gaps(data, prefix: str = "") -> int:
    """How many items of the gap register begin with ``prefix``."""
    return int(data["gaps"]["item"].str.startswith(prefix).sum())


def chapter_values(data) -> dict[str, str]:
    """The values report A's chapter glues into its prose.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    dict of str to str
        Glue name → text: the columns Tables 1 and 2 lack, the second doses, Figure 2's values and gaps, the
        two-sentence summary of Figure 1B, the curve labels, the audit's tally and the size of the gap register.
    """
    _, every, readings, _, _ = km_readings.reconstruction(data, FIGURE)
    return {
        "a-table-1-lacks": cohort_columns.lacks(data, "a-table-1"),
        "a-table-2-lacks": cohort_columns.lacks(data, "a-table-2"),
        "a-second-doses": _doses_words(data),
        "a-fig2-given": given_words(data, measurement_ids(data, STUDY)),
        "a-fig2-gaps": str(_gaps(data, "Figure 2")),
        "a-km-summary": km_words.summary(every, readings),
        "a-curve-labels": km_words.curve_labels(readings, CURVES_TABLE),
        "a-audit-tally": recomputations.audit_table(data, STUDY, AUDIT, "a-audit").footnotes[0],
        "a-gaps": str(_gaps(data)),
    }


def workings_values(data) -> dict[str, str]:
    """The values report A's workings page glues into its prose.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    dict of str to str
        Glue name → text: the shortest follow-up, what censoring at the HSCT changes, the audit's remark on the
        24-month estimate and the audit's tally.
    """
    return {
        "a-cens-min": f"{km_readings.follow_up(data, FIGURE)[0]:g}",
        "a-cens-changes": km_readings.changes(data, FIGURE),
        "a-late-event": audit.judgment(data, "A-EFS-24", ("remark",)),
        "a-audit-tally": recomputations.audit_table(data, STUDY, AUDIT, "a-audit").footnotes[0],
    }
