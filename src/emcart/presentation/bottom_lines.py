"""The parts of clinical bottom lines read off a table of outcomes side by side: each cohort's count as the table
gives it, a value carrying the table cell's mark (so it gets the cell's tip), the CAR-T cohorts first and a cohort
that had no CAR-T named as such; the share of patients in words for a line's plain lead; and when the patients'
extramedullary disease was, relative to the course counted."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emcart.model import outcomes
from emcart.model.patient_rows import labels
from emcart.model.vocabulary import and_list
from emcart.presentation import (
    cross_study,
    evidence,
    extramedullary,
    involvement,
    outcome_counts,
    outcome_marks,
    overview,
)
from emcart.presentation.derivations import row_keys
from emcart.presentation.extramedullary_marks import event_keys
from emcart.presentation.prose import BottomLine, Value

CAR_T = "CAR-T"
# When a patient's extramedullary disease was, other than at a relapse before the course counted.
TIME_WORDS = {
    involvement.DIAGNOSIS: "at diagnosis",
    involvement.AFTER: "after that course",
    involvement.UNPLACED: "at a time the text does not place",
}


def therapies(dataset, selection: str) -> dict[str, set[str]]:
    """Each cohort (as shown) → the therapies of the courses its recounts count (a single patient's course, or the
    first courses of a group's patients); a cohort no recount names is absent."""
    found: dict[str, set[str]] = {}
    courses = dataset["courses"].set_index("course_id")["therapy"]
    for _, row in outcome_counts.recounts(dataset, selection).reset_index().iterrows():
        if pd.notna(row["course_id"]):
            given = {courses[row["course_id"]]}
        else:
            given = {outcomes.arm(dataset, p) for p in outcomes.group(dataset, row["study_id"], row["group"])}
        cohort = extramedullary.cohort_label(dataset, row["study_id"], row["cohort"])
        found.setdefault(cohort, set()).update(given)
    return found


def cohort_words(cohort: str, given: set[str] | None) -> str:
    """A cohort as a bottom line names it: as shown, with its therapies where it is not (only) CAR-T."""
    if not given or given == {CAR_T}:
        return cohort
    return f"{cohort} ({and_list(sorted(given))})" if CAR_T in given else f"{cohort} (not {CAR_T})"


def ordered(counts: pd.DataFrame, given: dict[str, set[str]]) -> pd.DataFrame:
    """The rows of ``counts`` with the CAR-T cohorts first, then those mixing therapies, then those without CAR-T."""
    rank = counts["cohort"].map(lambda c: 0 if given.get(c, {CAR_T}) == {CAR_T} else 1 if CAR_T in given[c] else 2)
    return counts.assign(_rank=rank).sort_values("_rank", kind="stable").drop(columns="_rank")


def counted(counts: pd.DataFrame, outcome: str, marks: dict, given: dict[str, set[str]]) -> list:
    """An outcome's counts cohort by cohort as the table gives them ('A: 8/8; B: 1/1 (B-F4); …'), each count or
    estimate a :class:`~emcart.presentation.prose.Value` with the mark of its table cell (``marks``, by outcome and
    cohort), then what follows it there (:func:`~emcart.presentation.cross_study.disputed`); the CAR-T cohorts
    first (:func:`ordered`); a cohort with neither a count nor an estimate is left out."""
    rows = counts[(counts["outcome"] == outcome) & (counts["k"].notna() | counts["estimate"].ne(""))]
    parts: list = []
    for r in ordered(rows, given).itertuples():
        parts += ["; " if parts else "", f"{cohort_words(r.cohort, given.get(r.cohort))}: "]
        parts.append(Value(r.estimate or f"{int(r.k)}/{int(r.n)}", marks.get((r.outcome, r.cohort))))
        parts.append(cross_study.disputed(r) + (" (no denominator printed: n is the cohort size)" * r.n_is_cohort_size))
    return parts


def share_words(k: int, n: int) -> str:
    """A share of patients in words: 'none', 'a minority', 'half', 'most', 'all'."""
    return "none" if k == 0 else "all" if k == n else "most" if 2 * k > n else "half" if 2 * k == n else "a minority"


def spread(counts: pd.DataFrame, outcome: str, given: dict[str, set[str]]) -> str:
    """The shares of patients with the outcome over the CAR-T cohorts that count it, from the least to the most in
    words ('most to all'; 'none' where every cohort has none)."""
    rows = counts[(counts["outcome"] == outcome) & counts["k"].notna()]
    rows = rows[rows["cohort"].map(lambda c: given.get(c, {CAR_T}) == {CAR_T})]
    if rows.empty:
        raise ValueError(f"no CAR-T cohort of the table of outcomes counts {outcome!r}: its bottom line has no lead")
    shares = (rows["k"] / rows["n"]).astype(float)
    low, high = rows.loc[shares.idxmin()], rows.loc[shares.idxmax()]
    words = share_words(int(low["k"]), int(low["n"])), share_words(int(high["k"]), int(high["n"]))
    return words[0] if words[0] == words[1] else f"{words[0]} to {words[1]}"


def _before_mark(dataset, selection: str, ids: list[str], before: list[str]) -> evidence.Derivation:
    """What a report's count of patients with extramedullary disease at the relapse treated rests on: those
    patients' relapses outside the marrow before the course counted, and every patient's CNS status at relapse."""
    found = {
        e
        for p in before
        for e, when in involvement.relapses(dataset, p, selection).items()
        if when == involvement.BEFORE
    }
    events = dataset["events"][dataset["events"]["event_id"].isin(found)]
    keys = event_keys(dataset, events) + tuple(
        k for i in ids for k in row_keys(dataset, "patients", i, ("cns_at_relapse",))
    )
    how = (
        "The report's patients whose text states extramedullary disease at a relapse before the course the report is "
        "about: a relapse at a site other than the bone marrow, or CNS2 or CNS3 status at relapse."
    )
    return evidence.Derivation(how, keys)


def involvement_parts(dataset, selection: str) -> tuple[list, list, int]:
    """Per report, how many patients had extramedullary disease at a relapse before the course counted (a report
    giving its sites only as counts: the relapse its patients were enrolled at), each a value with what it rests
    on, or why it is not known; then, for the other patients whose extramedullary disease is stated, when it was;
    and how many patients had CAR-T at such a relapse."""
    when = involvement.by_report(dataset, selection)
    listed, sites = extramedullary.extramedullary(dataset), extramedullary.site_counts(dataset)
    before, after, total = [], [], 0
    for _, study in dataset["studies"].iterrows():
        sid = study["study_id"]
        ids = dataset["patients"].loc[dataset["patients"]["study_id"] == sid, "patient_id"].tolist()
        before.append("; " if before else "")
        if not ids or sid in sites:
            words, mark = overview.extramedullary_cell(dataset, sid, ids, listed, sites)
            gap = overview.unstated(dataset, sid)["reason"] if not ids else None
            before += [f"{sid}: ", Value(gap or words, mark)]
            all_car_t = all(outcomes.arm(dataset, p) == CAR_T for p in ids)
            total += overview.counted_sites(dataset, sites[sid])[0] if ids and all_car_t else 0
            continue
        own = when[when["study_id"] == sid]
        treated = own[own["times"].map(lambda t: involvement.BEFORE in t)]
        named = f" ({labels(dataset, treated['patient_id'].tolist())})" if 0 < len(treated) < len(ids) else ""
        mark = _before_mark(dataset, selection, ids, treated["patient_id"].tolist())
        of = f"{len(ids)} {'patient' if len(ids) == 1 else 'patients'}"
        before += [f"{sid}: ", Value(f"{len(treated)} of {of}", mark), named]
        total += int((treated["therapy"] == CAR_T).sum())
        others = own.drop(treated.index)
        when_words = [
            f"{times}: {labels(dataset, group['patient_id'].tolist())}"
            for times, group in others.groupby(others["times"].map(_time_words), sort=False)
        ]
        after += [f" In report {sid}, extramedullary disease {'; '.join(when_words)}."] if when_words else []
    return before, after, total


def _time_words(times: set[str]) -> str:
    """When a patient's extramedullary disease was, other than before the course counted ('at diagnosis only')."""
    words = [TIME_WORDS[t] for t in TIME_WORDS if t in times]
    return ("only " if len(words) == 1 else "") + and_list(words)


@dataclass(frozen=True)
class Outcomes:
    """The outcomes of a table of outcomes the bottom lines quote, as its selection names them."""

    remission: str
    crs: str
    crs3: str
    neurotoxicity: str
    relapse: str
    deaths: str
    survival: str


def _table(dataset, selection: str) -> tuple[pd.DataFrame, dict, dict]:
    """The table's counts, each cell's mark by outcome and cohort (as the table of outcomes marks it), and each
    cohort's therapies."""
    counts = outcome_counts.outcome_counts(dataset, selection)
    table = outcome_marks.outcomes_table(dataset, selection, "")
    cells = [(i, o, j, c) for i, o in enumerate(table.frame["outcome"]) for j, c in enumerate(table.frame.columns)]
    marks = {(o, c): table.marks.iat[i, j] for i, o, j, c in cells if j}
    return counts, marks, therapies(dataset, selection)


def who_was_treated(dataset, selection: str) -> BottomLine:
    """Who was treated: how many patients had CAR-T at an extramedullary relapse, per report how many had
    extramedullary disease at the relapse treated, and when the others had it (:func:`involvement_parts`)."""
    before, after, total = involvement_parts(dataset, selection)
    n_min, n_max = cross_study.cohort_sizes(dataset)
    return BottomLine(
        "Who was treated",
        f"In all, {total} patients had CAR-T at an extramedullary relapse.",
        (
            "Extramedullary disease at the relapse treated, before the course each report is about — ",
            *before,
            ".",
            *after,
        ),
        f"Small reports of {n_min} to {n_max} patients, none randomised: an arm of another therapy is no control; a cohort "
        f"marked ({extramedullary.CONTEXT}) is context, not evidence on extramedullary disease.",
    )


def lines(dataset, selection: str, shown: Outcomes) -> tuple[list[BottomLine], list[str]]:
    """What the reports show read together, each line led by a plain sentence computed from its counts and closed
    by its caveat, and the findings its counts name.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    selection : str
        The table of outcomes side by side (:func:`emcart.presentation.outcome_counts.outcome_counts`).
    shown : Outcomes
        Its outcomes the lines quote.

    Returns
    -------
    tuple
        The bottom lines (:class:`emcart.presentation.prose.BottomLine`): who was treated, remission, CRS and
        neurotoxicity, relapse, deaths and survival, each count as the table gives it, with its cell's tip
        (:func:`counted`); and the ids of the findings in their brackets.
    """
    counts, marks, given = _table(dataset, selection)
    quoted = counts[counts["outcome"].isin(list(vars(shown).values()))]
    named = list(dict.fromkeys(i for cell in quoted["findings"] if cell for i in cell.split(", ")))

    def said(outcome: str) -> list:
        return counted(counts, outcome, marks, given)

    def share(outcome: str) -> str:
        return spread(counts, outcome, given)

    deaths = counts[(counts["outcome"] == shown.deaths) & counts["stat_id"].notna()]
    stated = dataset["reported_statistics"].set_index("stat_id")["statistic"]
    partial = "".join(f"; report {r.study_id} counts only {stated[r.stat_id]}" for r in deaths.itertuples())
    crs = ("CRS of any grade — ", *said(shown.crs), ". CRS of grade ≥ 3 — ", *said(shown.crs3), ". ")
    return [
        who_was_treated(dataset, selection),
        BottomLine(
            "Remission",
            f"After CAR-T, complete remission in {share(shown.remission)} of each cohort's patients.",
            ("Complete remission — ", *said(shown.remission), "."),
            "Each count is over a whole cohort or arm, patients without extramedullary involvement included; a "
            "finding in brackets disputes the count as printed.",
        ),
        BottomLine(
            "CRS and neurotoxicity",
            f"After CAR-T, CRS in {share(shown.crs)} of each cohort's patients; CRS of grade ≥ 3 in "
            f"{share(shown.crs3)}.",
            (*crs, f"Neurotoxicity ({shown.neurotoxicity}) — ", *said(shown.neurotoxicity), "."),
            "The reports define and grade toxicity differently; a cohort missing from a list does not report it.",
        ),
        BottomLine(
            "Relapse",
            f"Remission did not always last: relapse after CAR-T in {share(shown.relapse)} of a cohort's patients.",
            ("Relapse after the course each report is about — ", *said(shown.relapse), "."),
            "Follow-up differs from report to report; an estimate over time is not a count of patients.",
        ),
        BottomLine(
            "Deaths and survival",
            f"Deaths stated after CAR-T: {share(shown.deaths)} of each cohort's patients.",
            ("Deaths stated — ", *said(shown.deaths), ". Survival, published estimates — ", *said(shown.survival), "."),
            f"The survival figures are estimates, not counts of patients{partial}; a cohort missing from a list "
            "does not report it.",
        ),
    ], named
