"""The four reports side by side: outcome proportions per cohort or arm, and every patient with
extramedullary involvement. Every cell comes from the curated data; where a report does not give a
value, the cell says so rather than filling it in."""

from __future__ import annotations

import pandas as pd

from emcart.audit import case_recounts, comparison
from emcart.model import outcomes as o
from emcart.model import statistic_selections
from emcart.presentation import cross_study, extramedullary
from emcart.presentation.cross_study import NOT_REPORTED
from emcart.presentation.extramedullary import NONE_STATED
from emcart.presentation.tables import Table

# Report B's single patient: the event on the donor-derived course that answers each outcome.
CASE = {
    "complete remission": ("B-1/2", "CR"),
    "CRS, any grade": ("B-1/2", "CRS onset"),
    "CRS, grade ≥ 3": ("B-1/2", "CRS onset"),
    "ICANS or CRES": ("B-1/2", "ICANS onset"),
    "relapse": ("B-1/2", "relapse"),
}
CASE_PATIENT = "B-1"
COHORTS = ["A", "B", "C, blinatumomab", "C, CAR-T", "C, all", "D"]
# Report C's arms, for counts the report gives only in total and the book counts from the case narratives.
C_ARMS = {"C, blinatumomab": "blinatumomab", "C, CAR-T": "CAR-T"}
C_RECOUNTED = {"relapse": o.relapsed}
WINDOWED = "relapse"  # report B's patient relapsed before the donor-derived course its column counts
OUTCOMES = "synthesis-outcomes"  # the selection: each statistic's group is its outcome, its label its cohort


def _sources(dataset) -> dict[str, dict[str, str]]:
    """Outcome → cohort or arm → the published statistic that gives it, in the selection's order."""
    chosen = statistic_selections.rows(dataset, OUTCOMES)
    sources: dict[str, dict[str, str]] = {}
    for outcome, cohort, stat_id in zip(chosen["group"], chosen["label"], chosen["stat_id"]):
        sources.setdefault(outcome, {})[cohort] = stat_id
    return sources


def _case(dataset, outcome: str) -> tuple[int, int] | None:
    course, kind = CASE[outcome]
    events = dataset["events"]
    hits = events[(events["course_id"] == course) & (events["event_type"] == kind)]
    if outcome == "CRS, grade ≥ 3":
        return int((hits["grade"].fillna(0) >= 3).any()), 1
    if kind == "ICANS onset" and hits.empty:
        return None
    return int(len(hits) > 0), 1


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
        "age_b": int(patients.at[CASE_PATIENT, "narrative_age_years"]),
        "n_c_blina": len(o.group(dataset, "C", "arm(blinatumomab)")),
    }


def _case_note(dataset, outcome: str) -> str:
    """For the relapse row: the single patient's count covers the donor-derived course only; her earlier relapses."""
    if outcome != WINDOWED:
        return ""
    course, kind = CASE[outcome]
    events = dataset["events"]
    patient = events.loc[events["course_id"] == course, "patient_id"].iloc[0]
    own = events[(events["patient_id"] == patient) & (events["event_type"] == kind)]
    earlier = own[own["course_id"] != course]
    where = "; ".join(
        f"{str(e['site']).replace('; ', ', ')} ({extramedullary.when(dataset, e)})" for _, e in earlier.iterrows()
    )
    return (
        f"Relapses after the donor-derived course only, to the last follow-up. Before that course the patient had "
        f"relapsed {len(earlier)} times: {where}."
    )


def _recount(dataset, stat_id: str, recomputed: dict) -> tuple[str, str]:
    """For a report C statistic: what the case narratives support when it differs from the published count
    ('k/n (cases)', else ''), and a note for the reader: the difference and why, or the report C chapter's
    remark on a count the narratives reproduce (if any)."""
    if not stat_id.startswith("C-"):
        return "", ""
    row = dataset["reported_statistics"].set_index("stat_id").loc[stat_id]
    counted = recomputed[stat_id]
    if counted.value is None or comparison.row_agreement(row, counted):
        remark = comparison.judgment(dataset, stat_id, ("remark", comparison.CONTRADICTED))
        return "", f"{remark[0].upper()}{remark[1:]}." if remark else ""
    supported = f"{counted.numerator}/{counted.denominator} ({cross_study.labels(dataset, counted.cases)})"
    return supported, (
        f"The report prints {int(row['numerator'])}/{int(row['denominator'])}; the case narratives "
        f"support {supported}: {comparison.judgment(dataset, stat_id)} (see the report C chapter)."
    )


def _arm_recount(dataset, outcome: str, cohort: str) -> dict:
    fact = C_RECOUNTED[outcome]
    counted = o.count(dataset, o.group(dataset, "C", f"arm({C_ARMS[cohort]})"), fact)
    note = (
        f"Not given per arm in the text; counted from the case narratives: {counted.k}/{counted.n} "
        f"({cross_study.labels(dataset, counted.cases)})."
    )
    remark = {"relapse": comparison.judgment(dataset, "C-relapse", (comparison.CONTRADICTED,))}.get(outcome, "")
    if remark and "C-6" in counted.cases:
        note += f" {remark[0].upper()}{remark[1:]}."
    return {"k": counted.k, "n": counted.n, "source": "counted from the case narratives", "note": note}


def outcome_counts(dataset) -> pd.DataFrame:
    """One row per outcome and cohort: k, n (n from the cohort size where the count prints none), source, note,
    recount.

    ``recount`` is what report C's case narratives support where it differs from the published count;
    ``note`` explains it, gives a per-arm count the report C text gives only in total, or remarks on a count.
    """
    sizes = dataset["studies"].set_index("study_id")["n_patients"].astype(int).to_dict()
    recomputed = {r.stat_id: r for r in case_recounts.recomputed(dataset)}
    rows = []
    for outcome, sources in _sources(dataset).items():
        for cohort in COHORTS:
            row = {"outcome": outcome, "cohort": cohort, "note": "", "recount": "", "stat_id": None}
            if cohort == "B":
                kn = _case(dataset, outcome)
                row.update(
                    {
                        "k": None if kn is None else kn[0],
                        "n": None if kn is None else kn[1],
                        "source": "events of the donor-derived course",
                        "note": _case_note(dataset, outcome),
                    }
                )
            elif sources.get(cohort) is not None:
                stat_id = sources[cohort]
                k, n, printed = cross_study.counts_of(dataset, stat_id, sizes)
                supported, note = _recount(dataset, stat_id, recomputed)
                row.update(
                    {
                        "k": k,
                        "n": n,
                        "note": note,
                        "recount": supported,
                        "stat_id": stat_id,
                        "source": stat_id if printed else f"{stat_id} (no denominator printed: the cohort size)",
                    }
                )
            elif cohort in C_ARMS and outcome in C_RECOUNTED:
                row.update(_arm_recount(dataset, outcome, cohort))
            else:
                row.update({"k": None, "n": None, "source": NOT_REPORTED})
            rows.append(row)
    return pd.DataFrame(rows)[["outcome", "cohort", "k", "n", "source", "note", "recount", "stat_id"]]


def side_by_side(dataset) -> pd.DataFrame:
    """Outcomes (rows) by cohort (columns) as 'k/n (p%)', with ' [n]' where a footnote qualifies the cell."""
    return cross_study.annotated(outcome_counts(dataset), COHORTS)[0]


def outcomes_table(dataset, caption: str, table_id: str) -> Table:
    """:func:`side_by_side` as a book table, with its footnotes."""
    frame, notes = cross_study.annotated(outcome_counts(dataset), COHORTS)
    return Table(frame, caption, table_id, notes)


def forest_frame(dataset, outcomes: list[str]) -> pd.DataFrame:
    """The forest plot's rows: each outcome's proportion per cohort, with report C's recounts beside.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    outcomes : list of str
        The outcomes shown, as :func:`outcome_counts` names them.

    Returns
    -------
    pandas.DataFrame
        :func:`~emcart.presentation.cross_study.forest_rows`: per outcome and cohort ``label``, ``estimate`` (%),
        Clopper–Pearson ``low``/``high`` and Wilson ``second_low``/``second_high``, ``other`` (the recount, %, where
        the narratives do not support the count), ``other_text``, ``group``, ``source`` and ``recount``.
    """
    recounted = {r.stat_id: r for r in case_recounts.recomputed(dataset)}
    return cross_study.forest_rows(dataset, outcome_counts(dataset), recounted, outcomes)


# ---------------------------------------------------------------- extramedullary involvement


def extramedullary_notes(dataset, frame: pd.DataFrame) -> list[str]:
    """Footnotes of the extramedullary table: a relapse the report counts although remission was never reached."""
    remark = comparison.judgment(dataset, "C-relapse", (comparison.CONTRADICTED,))
    notes = []
    for _, r in frame.iterrows():
        never = r["remission"] == NONE_STATED and r["relapse after immunotherapy"] != NONE_STATED
        if r["report"] == "C" and never and remark.lower().startswith(str(r["patient"]).lower()):
            notes.append(f"{remark[0].upper()}{remark[1:]}.")
    return notes


def forest_values(dataset, frame: pd.DataFrame) -> dict:
    """The numbers the prose on the forest plot quotes.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    frame : pandas.DataFrame
        The forest plot's rows (:func:`forest_frame`).

    Returns
    -------
    dict
        ``n_min``, ``n_max`` (the smallest and largest cohort), ``largest`` (that report), ``width_largest`` and
        ``width_others`` (its intervals' and the others' widths, percentage points, 'a to b'), ``crs3_a`` (report
        A's count of severe CRS, 'k of n').
    """
    n_min, n_max = cross_study.cohort_sizes(dataset)
    widths = cross_study.interval_widths(dataset, frame)
    crs3_a = outcome_counts(dataset).set_index(["outcome", "cohort"]).loc[("CRS, grade ≥ 3", "A")]
    return {
        "n_min": n_min,
        "n_max": n_max,
        "largest": widths["largest"],
        "width_others": f"{widths['others_min']:.0f} to {widths['others_max']:.0f}",
        "width_largest": f"{widths['largest_min']:.0f} to {widths['largest_max']:.0f}",
        "crs3_a": f"{int(crs3_a['k'])} of {int(crs3_a['n'])}",
    }
