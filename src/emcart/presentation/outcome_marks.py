"""Evidence marks of the outcomes side by side (:mod:`emcart.presentation.outcome_counts`): each cell's
arithmetic and the published statistic, events or case narratives it rests on (see
:mod:`emcart.presentation.evidence`)."""

from __future__ import annotations

import pandas as pd

from emcart.model import outcomes
from emcart.presentation import count_evidence, cross_study, evidence, extramedullary_marks, outcome_counts
from emcart.presentation.derivations import STATISTIC_FIELDS, row_keys
from emcart.presentation.tables import Table

DEFINED = "Defined by the book"
# Over a recount with no event to quote, the absences it rests on, stated only in a sentence that also gives a count.
STATED_WITH_A_COUNT = "Stated absences, in a sentence that also gives a published count"


def _arithmetic(k: int, n: int) -> str:
    return f"{k}/{n} = {100 * k / n:.1f}%"


def _published(dataset, r, sizes: pd.Series) -> evidence.Derivation:
    own = row_keys(dataset, evidence.STATISTIC, r.stat_id, STATISTIC_FIELDS)
    if r.estimate:
        fields = ("statistic", "group", "timepoint_months", "ci_level_stated")
        own += row_keys(dataset, evidence.STATISTIC, r.stat_id, fields)
        words = "The published estimate with its interval, time point and group, in words; no count of patients."
        return evidence.Derivation(words, own, title="As published")
    if r.n_is_cohort_size:
        study = dataset["reported_statistics"].set_index("stat_id").at[r.stat_id, "study_id"]
        words = f"the published count over the cohort size ({sizes[study]} patients; the count prints no denominator)"
        own += row_keys(dataset, "studies", study, ("n_patients",))
    else:
        words = "the published count and its denominator"
    return evidence.Derivation(f"{_arithmetic(int(r.k), int(r.n))}, from {words}.", own)


def _course(dataset, row, k, n) -> evidence.Derivation:
    hits = outcome_counts.course_events(dataset, row)
    stated = outcome_counts.course_events(dataset, row, "absences")
    inputs = count_evidence.quoted(
        dataset,
        extramedullary_marks.event_keys(dataset, hits)
        + tuple(k for a in stated["absence_id"] for k in row_keys(dataset, "absences", a)),
    )
    kind, course = row["event_type"], outcome_counts.course_words(dataset, row["course_id"])
    if pd.isna(k):
        return evidence.Derivation(f"The text states no {kind} event on {course}.", inputs, "Not in the text")
    graded = f" of grade {row['min_grade']} or more" if pd.notna(row["min_grade"]) else ""
    words = f"{_arithmetic(int(k), int(n))}: the single patient, counted from the {kind} events{graded} of {course}."
    return evidence.Derivation(words, inputs)


def _group(dataset, row) -> evidence.Derivation:
    counted = outcome_counts.group_count(dataset, row)
    kind = row["event_type"]
    members = outcomes.group(dataset, row["study_id"], row["group"])
    inputs = count_evidence.count_inputs(
        dataset, members, counted.cases, lambda pid: outcomes.events(dataset, pid, kind), (kind,)
    )
    absences = dataset["absences"]
    stated = absences[absences["patient_id"].isin(members) & (absences["event_type"] == kind)]
    keys = [k for a in stated["absence_id"] for k in row_keys(dataset, "absences", a)]
    words = () if inputs else count_evidence.labelled_words(dataset, keys, row["study_id"], STATED_WITH_A_COUNT)
    whose = f"in the case narratives of the {counted.n} patients of the arm"
    if pd.isna(row["group"]):
        whose = f"the text states for the {counted.n} patients of the report"
    return evidence.Derivation(
        f"{_arithmetic(counted.k, counted.n)}, counted from the {kind} events after day 0 {whose} (those counted "
        "quoted below, with any absence stated of the others).",
        inputs,
        words=words,
    )


def _cell(dataset, r, own: pd.DataFrame, sizes: pd.Series) -> evidence.Derivation:
    if pd.notna(r["stat_id"]):
        return _published(dataset, r, sizes)
    if (r.name[0], r["label"]) in own.index:
        row = own.loc[(r.name[0], r["label"])]
        return _course(dataset, row, r["k"], r["n"]) if pd.notna(row["course_id"]) else _group(dataset, row)
    words = f"No published statistic of report {r['study_id']} gives the {r.name[0]} of this cohort."
    return evidence.Derivation(words, title="Not in the text")


def outcomes_table(dataset, selection: str, caption: str) -> Table:
    """The outcomes of the selection's cohorts side by side, with each cell's evidence.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    selection : str
        The selection of :func:`emcart.presentation.outcome_counts.outcome_counts`; also the table's id.
    caption : str
        The table's caption.

    Returns
    -------
    Table
        One row per outcome, one column per cohort: 'k/n (p%)', ' [n]' where a footnote qualifies the cell; each
        cell's arithmetic and the statistic, events or narratives it rests on; a cell no report gives says so.
    """
    counts = outcome_counts.outcome_counts(dataset, selection)
    frame, notes = cross_study.annotated(dataset, counts, outcome_counts.cohorts(dataset, selection))
    counts = counts.set_index(["outcome", "cohort"])
    own = outcome_counts.recounts(dataset, selection)
    sizes = dataset["studies"].set_index("study_id")["n_patients"].astype(int)
    rows = []
    for outcome in frame["outcome"]:
        words = f"The outcome the row compares across the cohorts: {outcome}."
        cells = [_cell(dataset, counts.loc[(outcome, cohort)], own, sizes) for cohort in frame.columns[1:]]
        rows.append([evidence.Derivation(words, title=DEFINED), *cells])
    return Table(frame, caption, selection, notes, marks=pd.DataFrame(rows, dtype=object))
