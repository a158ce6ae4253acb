"""Evidence marks of a table of cohort checks (:func:`emcart.presentation.cohort.checked`): every cell of a check
rests on the curated cells its published text and its recount are read from: the published statistics, the
source words of the check and of its recount, the legend it quotes, and the per-patient cells it counts."""

from __future__ import annotations

import pandas as pd

from emcart.audit.cohort_checks import Check
from emcart.audit.patient_recounts import counted, definition
from emcart.model.patient_rows import patient_ids
from emcart.presentation import evidence
from emcart.presentation.derivations import row_keys

EVENT_FIELDS = ("event_type", "grade", "detail")
BOOK_NAMES = "A cohort number the report prints beside its table of patients, as the book names it."
PUBLISHED = "the report's words (and the published statistics) the check reads"


def _events(dataset, ids, event_type) -> list[str]:
    events = dataset["events"]
    chosen = events[events["patient_id"].isin(ids) & (events["event_type"] == event_type)]
    return [k for e in chosen["event_id"] for k in row_keys(dataset, "events", e, EVENT_FIELDS)]


def _filled(dataset, spec: str, ids: list[str]) -> list[str]:
    """The cells of ``table.field`` the check counts: the patients', or those of their first courses."""
    table, field = spec.split(".")
    if table == "patients":
        return [k for p in ids for k in row_keys(dataset, table, p, (field,))]
    courses = dataset["courses"]
    first = courses[courses["patient_id"].isin(ids) & (courses["course_number"] == 1)]["course_id"]
    rows = dataset[table]
    chosen = rows.loc[rows["course_id"].isin(first), rows.columns[0]]  # a course table's first column is its key
    return [k for r in chosen for k in row_keys(dataset, table, r, (field,))]


def check_inputs(dataset, c: pd.Series, statistics: tuple[str, ...]) -> tuple[str, ...]:
    """The curated cells one row ``c`` of ``cohort_checks`` rests on: its published ``statistics`` (cell keys), its
    source words, its recounts (their words and the events they count), the legend it quotes, the per-patient
    cells it counts, the measurements it compares and the protocol's doses."""
    ids = patient_ids(dataset, c["study_id"])
    keys = list(statistics) + list(row_keys(dataset, "cohort_checks", c["check_id"]))
    for recount in c[["recount", "same_as"]].dropna():
        keys += row_keys(dataset, "patient_recounts", recount)
        keys += _events(dataset, counted(dataset, recount), definition(dataset, recount)["event_type"])
    if pd.notna(c["event_type"]):
        keys += _events(dataset, ids, c["event_type"])
    if pd.notna(c["legend"]):
        defs = dataset["definitions"]
        chosen = defs[(defs["study_id"] == c["study_id"]) & (defs["item"] == c["legend"])]
        keys += [k for d in chosen["definition_id"] for k in row_keys(dataset, "definitions", d)]
    if pd.notna(c["filled"]):
        keys += _filled(dataset, c["filled"], ids)
    if pd.notna(c["analyte"]):
        rows = dataset["measurements"]
        rows = rows[rows["patient_id"].isin(ids) & (rows["analyte"] == c["analyte"])]
        keys += [k for m in rows["measurement_id"] for k in row_keys(dataset, "measurements", m, ("value",))]
    if pd.notna(c["protocol"]):
        keys += row_keys(dataset, "treatments", c["protocol"], ("dose", "dose_max"))
    return tuple(dict.fromkeys(keys))


def check_marks(
    dataset, selection: str, checks: list[Check], of: dict[str, list[str]], shown: list[str]
) -> pd.DataFrame:
    """The marks of a table of ``checks`` (columns: fact, published, per-patient data, audit status or cross-check,
    note): each cell says what it is and rests on :func:`check_inputs`; a published text that is one statistic
    shows its cell. ``of``: fact → its published statistics; ``shown``: the status column's words."""
    rows = dataset["cohort_checks"]
    rows = rows[rows["selection"] == selection].reset_index(drop=True)
    marks = pd.DataFrame(None, index=range(len(checks)), columns=range(5), dtype=object)
    for i, c in enumerate(checks):
        stats = tuple(evidence.cell_key("reported_statistics", s, "value") for s in of.get(c.fact, ()))
        inputs = check_inputs(dataset, rows.iloc[i], stats)
        against = "; checked against the published statistic quoted below" if stats else ""
        marks.iat[i, 0] = evidence.Derivation(BOOK_NAMES, inputs, "Defined by the book")
        marks.iat[i, 1] = stats[0] if len(stats) == 1 else evidence.Derivation(f"{c.published}: {PUBLISHED}.", inputs)
        marks.iat[i, 2] = evidence.Derivation(
            f"{c.observed}: counted from the curated per-patient rows{against}.", inputs
        )
        status = "the book-wide audit's status" if c.audit_status else "the book's cross-check"
        marks.iat[i, 3] = evidence.Derivation(f"{shown[i]}: {status}{against}.", inputs)
        marks.iat[i, 4] = evidence.Derivation(c.note, inputs) if c.note else None
    return marks
