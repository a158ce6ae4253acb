"""What the cross-study synthesis needs that names no report: the reports' sizes,
outcome counts set side by side with their notes, the forest plot's rows, note and interval widths, and each
patient's extramedullary involvement, immunotherapy, response and relapses in words, from the curated events
and courses."""

from __future__ import annotations

import pandas as pd

from emcart.analysis.stats import Proportion
from emcart.audit import findings
from emcart.datapackage.provenance import cite
from emcart.datapackage.rules import TIME_TO_EVENT
from emcart.model.vocabulary import CATEGORY_WORDS

NOT_REPORTED = "not reported in the text"


def cohort_sizes(dataset) -> tuple[int, int]:
    """The smallest and largest number of patients in a report."""
    sizes = dataset["studies"]["n_patients"].astype(int)
    return int(sizes.min()), int(sizes.max())


def forest_values(dataset, frame: pd.DataFrame) -> dict:
    """The numbers prose on a forest plot of cohorts quotes.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    frame : pandas.DataFrame
        The forest plot's rows (:func:`emcart.presentation.outcome_counts.forest_frame`).

    Returns
    -------
    dict
        ``n_min``, ``n_max`` (the smallest and largest cohort), ``largest`` (that report), ``width_largest`` and
        ``width_others`` (its intervals' and the others' widths, percentage points, 'a to b').
    """
    n_min, n_max = cohort_sizes(dataset)
    widths = interval_widths(dataset, frame)
    return {
        "n_min": n_min,
        "n_max": n_max,
        "largest": widths["largest"],
        "width_others": f"{widths['others_min']:.0f} to {widths['others_max']:.0f}",
        "width_largest": f"{widths['largest_min']:.0f} to {widths['largest_max']:.0f}",
    }


def interval_widths(dataset, frame: pd.DataFrame) -> dict:
    """Widths (percentage points) of the forest plot's intervals: for the largest report, and for all the others."""
    sizes = dataset["studies"].set_index("study_id")["n_patients"].astype(int)
    largest = str(sizes.idxmax())
    width = frame["high"] - frame["low"]
    mine = frame["study_id"] == largest
    return {
        "largest": largest,
        "largest_n": int(sizes.max()),
        "largest_min": float(width[mine].min()),
        "largest_max": float(width[mine].max()),
        "others_min": float(width[~mine].min()),
        "others_max": float(width[~mine].max()),
    }


def counts_of(dataset, stat_id: str, cohort_sizes: dict[str, int]) -> tuple[int, int, bool]:
    """k and n of a published count or proportion, and whether n is printed (else the cohort size)."""
    row = dataset["reported_statistics"].set_index("stat_id").loc[stat_id]
    k = int(row["numerator"]) if pd.notna(row["numerator"]) else int(row["value"])
    printed = pd.notna(row["denominator"])
    return k, int(row["denominator"]) if printed else cohort_sizes[row["study_id"]], printed


def estimate_words(dataset, stat_id: str) -> tuple[str, str] | None:
    """A published time-to-event estimate as a cell ('41% (25–62%) at 12 months: ..., subjects ...') and its note
    (not a count of patients; the interval's level as printed); None for a statistic that is no such estimate."""
    row = dataset["reported_statistics"].set_index("stat_id").loc[stat_id]
    if row["measure"] not in TIME_TO_EVENT:
        return None
    qualifier = "" if row["value_qualifier"] == "exact" else f"{CATEGORY_WORDS[row['value_qualifier']]} "
    interval = f" ({row['ci_low']:g}–{row['ci_high']:g}%)" if pd.notna(row["ci_low"]) else ""
    when = f"{row['timepoint_months']:g} months"
    cell = f"{qualifier}{row['value']:g}%{interval} at {when}: {row['statistic']}, {row['group']}"
    level = "without an interval"
    if interval:
        stated = row["ci_level_stated"]
        level = "its 95% interval as stated" if stated else "its interval printed without a confidence level"
    note = (
        f"not a count of patients: the report gives only this {CATEGORY_WORDS[row['measure']]} at {when} among "
        f"{row['group']}, {level}."
    )
    return cell, note


def disputed(r) -> str:
    """What follows a count or estimate in its cell: the findings that say it does not hold as printed and what the
    case narratives support where they differ, or a count under a reading a finding argues for (' (C-F1: the
    narratives support 1/4)'), else ''."""
    said = ": ".join(filter(None, (r.findings, r.supported)))
    return f" ({said})" if said else ""


def annotated(dataset, counts: pd.DataFrame, cohorts: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Outcomes (rows) by cohort (columns) as 'k/n (p%)', with ' (C-F10)' where a finding says the count does not
    hold as printed (:func:`disputed`) and ' [n]' where a note qualifies the cell, and the numbered notes, then one
    naming the findings: ``counts`` has one row per outcome and cohort (k, n, source, note, supported, findings)."""
    notes: dict[str, int] = {}
    cells: dict[str, dict[str, str]] = {}
    for r in counts.itertuples():
        if r.estimate:
            text = r.estimate + disputed(r)
        elif pd.isna(r.k):
            text = NOT_REPORTED
        else:
            text = f"{int(r.k)}/{int(r.n)} ({100 * r.k / r.n:.0f}%)" + disputed(r)
        extra = r.note or (
            "the count is printed without a denominator; the cohort size is used." if r.n_is_cohort_size else ""
        )
        if extra:
            text += f" [{notes.setdefault(extra, len(notes) + 1)}]"
        cells.setdefault(r.outcome, {})[r.cohort] = text
    frame = pd.DataFrame(cells).T[cohorts].rename_axis("outcome").reset_index()
    numbered = [f"[{n}] {text[0].upper()}{text[1:]}" for text, n in notes.items()]
    return frame, numbered + findings.bracket_notes(dataset, counts["findings"].tolist())


def forest_rows(dataset, counts: pd.DataFrame, outcomes: list[str]) -> pd.DataFrame:
    """Proportions of ``counts`` (one row per outcome and cohort) with exact (Clopper–Pearson) and Wilson 95%
    intervals, for the forest plot, and the recount beside a count the book's recount does not support, or
    under a reading a finding argues for (``other``: ``other_k`` of ``other_n``)."""
    counts = counts.dropna(subset=["k"])
    rows = []
    for r in counts[counts["outcome"].isin(outcomes)].itertuples():
        p = Proportion(int(r.k), int(r.n))
        (low, high), (second_low, second_high) = p.ci("Clopper–Pearson"), p.ci("Wilson")
        other = (r.other_k, r.other_n) if r.recount else None
        rows.append(
            {
                "label": f"{r.cohort}: {r.outcome} ({int(r.k)}/{int(r.n)}"
                + (f"; {r.findings})" if r.findings else ")"),
                "estimate": p.percent,
                "low": low,
                "high": high,
                "second_low": second_low,
                "second_high": second_high,
                "other": None if other is None else 100 * other[0] / other[1],
                "other_text": r.recount,
                "group": r.outcome,
                "source": source_words(dataset, r),
                "recount": r.recount,
                "supported": r.supported,
                "findings": r.findings,
                "stat_id": r.stat_id,
                "study_id": r.study_id,
            }
        )
    return pd.DataFrame(rows)


def source_words(dataset, r) -> str:
    """Where a forest point comes from, in words: the sentence of the published count (and the cohort size
    where no denominator is printed), or how the book counted it; then its note."""
    note = f" {r.note}" if r.note else ""
    if r.stat_id is None:
        return f"{r.source[0].upper()}{r.source[1:]}.{note}"
    published = dataset["reported_statistics"].set_index("stat_id").loc[r.stat_id]
    words = cite(
        dataset, "reported_statistics", r.stat_id, "numerator" if pd.notna(published["numerator"]) else "value"
    )
    return words + (" No denominator printed: n is the cohort size." if r.n_is_cohort_size else "") + note


def forest_note(dataset, frame: pd.DataFrame) -> str | None:
    """A caution under the forest plot for each row whose published count the book's recount does not support,
    and for each whose report prints another interval than the recomputed exact one (:func:`interval_note`),
    then the findings named in the labels (:func:`emcart.audit.findings.bracket_notes`)."""
    flagged = frame[frame["recount"].fillna("") != ""]
    words = [
        f"{r.label} is the published count; {r.supported.rpartition(' ')[0]} {r.recount}." for r in flagged.itertuples()
    ]
    differing = [r for r in frame.itertuples() if interval_differs(dataset, r)]
    words += [interval_note(dataset, r) for r in differing]
    named = findings.naming(dataset, pd.Series([r.stat_id for r in differing], dtype=object))
    words += findings.bracket_notes(dataset, frame["findings"].tolist() + named)
    return " ".join(words) or None


def _differs(printed: float, recomputed: float) -> bool:
    """Whether a recomputed limit differs from the printed one at the printed number of decimals."""
    places = len(f"{printed:g}".partition(".")[2])
    return round(recomputed, places) != printed


def interval_differs(dataset, r) -> bool:
    """Whether a forest row's published count prints an interval that its recomputed exact interval is not."""
    if r.stat_id is None or pd.isna(r.stat_id):
        return False
    row = dataset["reported_statistics"].set_index("stat_id").loc[r.stat_id]
    return pd.notna(row["ci_low"]) and (_differs(row["ci_low"], r.low) or _differs(row["ci_high"], r.high))


def interval_note(dataset, r) -> str:
    """Why a forest row's whiskers are not the interval its report prints: the printed one is not the exact
    binomial interval; the book recomputes it from the count (with the findings that name the statistic)."""
    row = dataset["reported_statistics"].set_index("stat_id").loc[r.stat_id]
    printed = f"{row['ci_low']:g}–{row['ci_high']:g}%"
    printed = f"95% interval {printed}" if row["ci_level_stated"] else f"interval {printed} (no level printed)"
    named = findings.naming(dataset, pd.Series([r.stat_id]))[0]
    return (
        f"{r.label}: the report prints the {printed}; the whiskers show "
        f"{r.low:.1f}–{r.high:.1f}%, the exact (Clopper–Pearson) interval the book recomputes from the count. The "
        f"printed interval is not the exact binomial one" + (f" ({named})." if named else ".")
    )


def forest_options(dataset, frame: pd.DataFrame) -> dict:
    """The forest plot's axis, note and interval names.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    frame : pandas.DataFrame
        The forest plot's rows (:func:`forest_rows`); its note cautions on the rows the recount does not support
        and names the findings in their labels.

    Returns
    -------
    dict
        Keywords of :func:`emcart.presentation.figures.forest.figure`: ``axis_title``, ``note``, ``decimals``,
        ``interval``, ``second_interval`` and ``other_value``.
    """
    return {
        "axis_title": "percent of patients",
        "note": forest_note(dataset, frame),
        "decimals": 1,
        "interval": "exact (Clopper–Pearson) 95%",
        "second_interval": "Wilson 95%",
        "other_value": "recounted from the narratives",
    }
