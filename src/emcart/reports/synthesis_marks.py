"""Evidence marks of the synthesis tables: each outcome cell's arithmetic and the published statistic or
events it rests on (see :mod:`emcart.presentation.evidence`); the extramedullary table with its report-specific
notes and the generic marks of :mod:`emcart.presentation.extramedullary_marks`."""

from __future__ import annotations

import dataclasses

import pandas as pd

from emcart.model import outcomes as o
from emcart.presentation import evidence, extramedullary, extramedullary_marks
from emcart.presentation.derivations import STATISTIC_FIELDS, row_keys
from emcart.presentation.tables import Table
from emcart.reports import synthesis

DEFINED = "Defined by the book"


def _arithmetic(k: int, n: int) -> str:
    return f"{k}/{n} = {100 * k / n:.1f}%"


def _published(dataset, r, sizes: pd.Series) -> evidence.Derivation:
    own = row_keys(dataset, evidence.STATISTIC, r.stat_id, STATISTIC_FIELDS)
    if "cohort size" in r.source:
        study = dataset["reported_statistics"].set_index("stat_id").at[r.stat_id, "study_id"]
        words = f"the published count over the cohort size ({sizes[study]} patients; the count prints no denominator)"
        own += row_keys(dataset, "studies", study, ("n_patients",))
    else:
        words = "the published count and its denominator"
    return evidence.Derivation(f"{_arithmetic(int(r.k), int(r.n))}, from {words}.", own)


def _case(dataset, outcome: str, k, n) -> evidence.Derivation:
    course, kind = synthesis.CASE[outcome]
    events = dataset["events"]
    hits = events[(events["course_id"] == course) & (events["event_type"] == kind)]
    absences = dataset["absences"]
    stated = absences[(absences["course_id"] == course) & (absences["event_type"] == kind)]
    inputs = extramedullary_marks.event_keys(dataset, hits) + tuple(
        k for a in stated["absence_id"] for k in row_keys(dataset, "absences", a)
    )
    if pd.isna(k):
        words = f"The text states no {kind} event on the donor-derived course."
        return evidence.Derivation(words, inputs, "Not in the text")
    graded = " of grade 3 or more" if outcome.endswith("≥ 3") else ""
    return evidence.Derivation(
        f"{_arithmetic(int(k), int(n))}: the single patient, counted from the {kind} events{graded} of the "
        "donor-derived course.",
        inputs,
    )


def _arm(dataset, outcome: str, cohort: str) -> evidence.Derivation:
    ids = o.group(dataset, "C", f"arm({synthesis.C_ARMS[cohort]})")
    counted = o.count(dataset, ids, synthesis.C_RECOUNTED[outcome])
    events = dataset["events"]
    hits = events[events["patient_id"].isin(counted.cases) & (events["event_type"] == "relapse")]
    return evidence.Derivation(
        f"{_arithmetic(counted.k, counted.n)}, counted from the {outcome} events of the case narratives of the "
        f"{counted.n} patients of the arm.",
        extramedullary_marks.event_keys(dataset, hits),
    )


def outcome_marks(dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """Marks of :func:`~emcart.reports.synthesis.side_by_side`: each cell's arithmetic and the published
    statistic, events or case narratives it rests on; a cell no report gives says so."""
    counts = synthesis.outcome_counts(dataset).set_index(["outcome", "cohort"])
    sizes = dataset["studies"].set_index("study_id")["n_patients"].astype(int)
    rows = []
    for outcome in frame["outcome"]:
        words = f"The outcome the row compares across the cohorts: {outcome}."
        row = [evidence.Derivation(words, title=DEFINED)]
        for cohort in frame.columns[1:]:
            r = counts.loc[(outcome, cohort)]
            if cohort == "B":
                row.append(_case(dataset, outcome, r["k"], r["n"]))
            elif pd.notna(r["stat_id"]):
                row.append(_published(dataset, r, sizes))
            elif pd.notna(r["k"]):
                row.append(_arm(dataset, outcome, cohort))
            else:
                words = f"No published statistic of report {cohort.split(',')[0]} gives the {outcome} of this cohort."
                row.append(evidence.Derivation(words, title="Not in the text"))
        rows.append(row)
    return pd.DataFrame(rows, dtype=object)


def outcomes_table(dataset, caption: str, table_id: str) -> Table:
    """The outcomes of the four reports side by side, with each cell's evidence.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    caption, table_id : str
        The table's caption and id.

    Returns
    -------
    Table
        One row per outcome, one column per cohort or arm (A, B, C's arms and all, D): 'k/n (p%)', ' [n]' where
        a footnote qualifies the cell; each cell's arithmetic and the statistic, events or narratives it rests on.
    """
    table = synthesis.outcomes_table(dataset, caption, table_id)
    return dataclasses.replace(table, marks=outcome_marks(dataset, table.frame))


def em_table(dataset, caption: str, table_id: str) -> Table:
    """Every patient whose extramedullary involvement the text states, as a book table with its marks.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    caption, table_id : str
        The table's caption and id.

    Returns
    -------
    Table
        :func:`~emcart.presentation.extramedullary.extramedullary`: one row per patient (or per cohort, for a report
        giving sites only as counts): report, patient, diagnosis, extramedullary involvement, immunotherapy,
        remission, relapse after immunotherapy; footnotes on relapses counted without a remission.
    """
    frame = extramedullary.extramedullary(dataset)
    return Table(
        frame,
        caption,
        table_id,
        synthesis.extramedullary_notes(dataset, frame),
        marks=extramedullary_marks.em_marks(dataset, frame),
    )
