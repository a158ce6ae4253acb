"""A report's table rebuilt with one row per patient from the curated column list ``cohort_columns``: each cell
from a curated row, the text's statement that the event did not happen, a 'none' derived from a published count
that names every patient (marked †), or 'not reported in text'."""

from __future__ import annotations

import pandas as pd

from emcart.audit.patient_recounts import counted
from emcart.model.patient_rows import absences_of, events_of, labels, patient_ids
from emcart.presentation.cohort import (
    Cell,
    course_dose,
    field_cell,
    history,
    per_patient,
    rests_on,
    unreported,
    without,
)
from emcart.presentation.tables import Table

DERIVED_NOTE = (
    "† derived, not stated for the patient: the text's count equals the patients it names ({}), so the others had none."
)
SIGNS = {"positive": "+"}


def _number(value) -> int | None:
    return None if pd.isna(value) else int(value)


def _own(dataset, c, p: str) -> Cell | None:
    """The cell a patient's own curated rows give under column ``c``."""
    kind, course = c["cell"], _number(c["course_number"])
    clock = None if pd.isna(c["history"]) else bool(c["history"])
    events = (
        dataset["events"].iloc[:0]
        if pd.isna(c["event_type"])
        else events_of(dataset, p, c["event_type"], course, clock)
    )
    if kind == "label":
        return Cell(labels(dataset, [p]), rests_on=(("patients", p, "label"),))
    if kind == "field":
        return field_cell(dataset, "patients", p, c["field"])
    if kind == "history":
        return history(dataset, p)
    if kind == "dose":
        dose = course_dose(dataset, p, course)
        if dose is None or pd.isna(c["event_type"]):
            return dose
        return Cell(dose.text + (f" → {c['text']}" if len(events) else ""), dose.source)
    if kind in ("event", "treatment", "antigens") and len(events):
        return _event(c, events)
    if kind == "grade" and events["grade"].notna().any():
        graded = events.dropna(subset=["grade"])
        return Cell(str(graded["grade"].iloc[0]), ("events", graded["event_id"].iloc[0], "grade"))
    if kind == "peak":
        rows = dataset["measurements"]
        rows = rows[(rows["patient_id"] == p) & (rows["analyte"] == c["field"]) & (rows["value_qualifier"] == "peak")]
        return None if rows.empty else _peak(rows.iloc[0])
    return None


def _event(c, events: pd.DataFrame) -> Cell:
    """An event's cell: the column's words, 'yes' with the treatment's detail, or the relapse's antigens."""
    first = events.iloc[0]
    if c["cell"] == "antigens":
        text = f"CD19{SIGNS.get(first['cd19_status'], '−')} CD22{SIGNS.get(first['cd22_status'], '−')}"
        return Cell(text, rests_on=rests_on("events", events, "cd19_status", "cd22_status"))
    if c["cell"] == "treatment":
        text = "yes" + (f", {first['detail']}" if pd.notna(first["detail"]) else "")
        return Cell(text, rests_on=rests_on("events", events, "event_type", "detail"))
    return Cell(c["text"], rests_on=rests_on("events", events, "event_type"))


def _peak(r) -> Cell:
    where = "compartment not stated" if r["compartment"] == "not stated" else r["compartment"]
    day = f"day {r['text_day']}" if pd.notna(r["text_day"]) else "day not stated"
    return Cell(f"{r['value']:.10g} ({day}, {where})", ("measurements", r["measurement_id"], "value"))


def _named(dataset, recount: str) -> bool:
    """Whether a recount's patients number its published count (so that the text names every patient)."""
    value = dataset["reported_statistics"].set_index("stat_id").at[recount, "value"]
    return len(counted(dataset, recount)) == int(value)


def _cell(dataset, c, p: str) -> Cell | None:
    """Column ``c``'s cell for a patient: its own rows, else the text's statement of absence, else derived."""
    own = _own(dataset, c, p)
    if own is not None:
        return own
    if pd.notna(c["absence_text"]):
        rows = absences_of(dataset, p, c["event_type"], _number(c["absence_course_number"]))
        if len(rows):
            return Cell(c["absence_text"], rests_on=rests_on("absences", rows, "event_type"))
    derived = c["derived"]
    if pd.notna(derived) and _named(dataset, derived) and p not in counted(dataset, derived):
        return Cell("none", derived=True, rests_on=(("reported_statistics", derived, "value"),))
    return None


def rebuilt(dataset, table_id: str, caption: str, legend: str | None = None) -> Table:
    """A table rebuilt with one row per patient, every column of ``cohort_columns`` given by the text or not.

    Parameters
    ----------
    dataset : Dataset
    table_id : str
        The table (``cohort_columns.table_id``), also its id in the book.
    caption : str
    legend : str, optional
        The item of ``definitions`` whose terms the table's legend defines (footnotes 'term: definition').

    Returns
    -------
    Table
        One row per patient of the report, one column per row of ``cohort_columns``; footnotes: the legend, and
        which published counts the derived cells (†) rest on.
    """
    columns = dataset["cohort_columns"]
    columns = columns[columns["table_id"] == table_id]
    study = columns["study_id"].iloc[0]
    defs = dataset["definitions"]
    shown = defs[(defs["study_id"] == study) & (defs["item"] == legend)]
    footnotes = [f"{d.term}: {d.definition} ({legend} legend)" for d in shown.itertuples()]
    derived = columns.dropna(subset=["derived"]).drop_duplicates("derived")
    if len(derived):
        named = "; ".join(
            f"{w}: {labels(dataset, counted(dataset, r))}" for r, w in zip(derived["derived"], derived["derived_words"])
        )
        footnotes.append(" ".join([DERIVED_NOTE.format(named), *columns["note"].dropna()]))
    cells = {c["heading"]: (lambda p, c=c: _cell(dataset, c, p)) for _, c in columns.iterrows()}
    return per_patient(dataset, patient_ids(dataset, study), cells, caption, table_id, footnotes)


def shown(dataset, table_id: str, caption: str, legend: str | None = None) -> Table:
    """A table rebuilt with one row per patient (:func:`rebuilt`), with only the columns the text gives for at least
    one patient.

    Parameters
    ----------
    dataset : Dataset
    table_id, caption : str
    legend : str, optional
        The item of ``definitions`` whose terms the table's legend defines.

    Returns
    -------
    Table
        One row per patient; each cell citing its curated cells, † marking a derived cell.
    """
    full = rebuilt(dataset, table_id, caption, legend)
    return without(full, unreported(full))


def lacks(dataset, table_id: str) -> str:
    """The headings of a rebuilt table's columns the text gives for no patient, in words: 'age, sex or CAR-T dose
    of the first infusion'."""
    names = [h.split(" (")[0].replace(", ", " of the ") for h in unreported(rebuilt(dataset, table_id, ""))]
    names = [n[0].lower() + n[1:] if n[1:2].islower() else n for n in names]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)
