"""Evidence marks of the synthesis tables: each outcome cell's arithmetic and the published statistic or
events it rests on; each extramedullary row's curated cells (see :mod:`emcart.presentation.evidence`)."""

from __future__ import annotations

import dataclasses

import pandas as pd

from emcart.model import outcomes as o
from emcart.presentation import evidence, extramedullary
from emcart.presentation.derivations import STATISTIC_FIELDS, row_keys
from emcart.presentation.tables import Table
from emcart.reports import report_c, synthesis

EVENT_FIELDS = ("event_type", "grade", "site", "cd19_status", "cd22_status", "detail")
COURSE_FIELDS = ("therapy", "construct", "cell_source")
DEFINED = "Defined by the book"


def _events(dataset, rows: pd.DataFrame) -> tuple[str, ...]:
    return tuple(k for e in rows["event_id"] for k in row_keys(dataset, "events", e, EVENT_FIELDS))


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
    inputs = _events(dataset, hits) + tuple(k for a in stated["absence_id"] for k in row_keys(dataset, "absences", a))
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
    ids = report_c.group(dataset, synthesis.C_ARMS[cohort])
    counted = o.count(dataset, ids, synthesis.C_RECOUNTED[outcome])
    events = dataset["events"]
    hits = events[events["patient_id"].isin(counted.cases) & (events["event_type"] == "relapse")]
    return evidence.Derivation(
        f"{_arithmetic(counted.k, counted.n)}, counted from the {outcome} events of the case narratives of the "
        f"{counted.n} patients of the arm.",
        _events(dataset, hits),
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
    """:func:`~emcart.reports.synthesis.outcomes_table` with its cells' marks."""
    table = synthesis.outcomes_table(dataset, caption, table_id)
    return dataclasses.replace(table, marks=outcome_marks(dataset, table.frame))


def _rows(dataset, table: str, ids, fields=None) -> tuple[str, ...]:
    return tuple(k for i in ids for k in row_keys(dataset, table, i, fields))


def _own_events(dataset, ids, kinds) -> pd.DataFrame:
    events = dataset["events"]
    return events[events["patient_id"].isin(ids) & events["event_type"].isin(kinds)]


def _em_inputs(dataset, ids: list[str], study: str) -> dict[str, tuple[str, ...]]:
    """The curated cells each column of an extramedullary row rests on."""
    courses = dataset["courses"]
    courses = courses[courses["patient_id"].isin(ids) & courses["therapy"].isin(o.IMMUNOTHERAPY)]
    after = _own_events(dataset, ids, ("CR", "MRD-negative", "relapse"))
    after = after[~after["history"].astype(bool)]
    counted = extramedullary.site_counts(dataset)
    involvement = (
        _rows(dataset, evidence.STATISTIC, counted[study], STATISTIC_FIELDS)
        if study in counted
        else _rows(dataset, "patients", ids, ("cns_at_diagnosis", "cns_at_relapse"))
        + _events(dataset, _own_events(dataset, ids, ("diagnosis", "relapse")))
    )
    return {
        "extramedullary involvement": involvement,
        "immunotherapy": _rows(dataset, "courses", courses["course_id"], COURSE_FIELDS),
        "remission": _events(dataset, after[after["event_type"] != "relapse"]),
        "relapse after immunotherapy": _events(dataset, after[after["event_type"] == "relapse"]),
    }


EM_WORDS = {
    "extramedullary involvement": "CNS2 or CNS3 status, a diagnosis naming an extramedullary tumour, or a relapse at "
    "a site other than the bone marrow, as the text states them",
    "immunotherapy": "the patient's immunotherapy courses in order, with the cell source and construct",
    "remission": "per immunotherapy course, a complete remission (else MRD-negativity) after day 0",
    "relapse after immunotherapy": "the relapses after immunotherapy began: site, CD19 status and when",
}


def em_marks(dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """Marks of :func:`~emcart.presentation.extramedullary.extramedullary`: report, patient and diagnosis show curated
    cells (a cohort row: the cells of its patients); every other column says how it was assembled from the
    events, courses and statistics it rests on."""
    patients = dataset["patients"]
    rows = []
    for _, r in frame.iterrows():
        study = r["report"]
        own = patients[patients["study_id"] == study]
        named = own.loc[own["label"] == r["patient"], "patient_id"].tolist()
        ids = named or own["patient_id"].tolist()  # a cohort row names no single patient
        inputs = _em_inputs(dataset, ids, study)
        single = len(ids) == 1
        row = [
            evidence.main_key(dataset, "studies", study),
            evidence.cell_key("patients", ids[0], "label")
            if single
            else evidence.Derivation(
                "The first and last labels of the report's patients.", _rows(dataset, "patients", ids, ("label",))
            ),
            evidence.cell_key("patients", ids[0], "diagnosis")
            if single
            else evidence.Derivation(
                "The diagnoses of the report's patients, as stored.", _rows(dataset, "patients", ids, ("diagnosis",))
            ),
        ]
        for column in frame.columns[3:]:
            title = "Not in the text" if r[column] == extramedullary.NONE_STATED else "Recomputed"
            scope = "" if single else ", counted over the report's patients"
            row.append(
                evidence.Derivation(
                    f"{EM_WORDS[column][0].upper()}{EM_WORDS[column][1:]}{scope}.", inputs[column], title
                )
            )
        rows.append(row)
    return pd.DataFrame(rows, dtype=object)


def em_table(dataset, caption: str, table_id: str) -> Table:
    """:func:`~emcart.presentation.extramedullary.extramedullary` as a book table, with its footnotes and marks."""
    frame = extramedullary.extramedullary(dataset)
    return Table(
        frame, caption, table_id, synthesis.extramedullary_notes(dataset, frame), marks=em_marks(dataset, frame)
    )
