"""A single patient's case summary (:func:`emcart.presentation.case.table`) with each cell's evidence: each
phase marked with its course or event, every other cell a derivation quoting the phase's curated events and
treatments."""

from __future__ import annotations

import dataclasses

import pandas as pd

from emcart.presentation import case, evidence, timeline_marks
from emcart.presentation.derivations import row_keys
from emcart.presentation.tables import Table

EVENT_FIELDS = ("event_type", "grade", "site", "text_day", "text_day_min", "text_day_max", "date", "detail")
# What each column of the summary lists, and the event types it draws on.
KINDS = {
    "intervention": (
        "each treatment of the course but those of toxicity, and each surgery or HSCT, with its days",
        case.INTERVENTIONS,
    ),
    "dose": ("each dose of the course's treatments with its days, and the graft's cell doses", ()),
    "response": (
        "each response, engraftment, CAR-T reading, imaging or end of follow-up, with its day or date",
        case.RESPONSES,
    ),
    "toxicity": ("each CRS, fever, GVHD or infection and its treatment, with its grade and day", case.TOXICITIES),
}


def _event_keys(dataset, event_ids) -> tuple[str, ...]:
    return tuple(k for e in event_ids for k in row_keys(dataset, "events", e, EVENT_FIELDS))


def _course_keys(dataset, course_id: str) -> dict[str, tuple[str, ...]]:
    treatments = dataset["treatments"].query("course_id == @course_id")
    fields = ("product", "text_day_start", "text_day_end", "dose", "dose_unit")
    measured = dataset["measurements"].query("course_id == @course_id and analyte in @case.DOSE_ANALYTES")
    given = tuple(k for t in treatments["treatment_id"] for k in row_keys(dataset, "treatments", t, fields))
    doses = tuple(k for m in measured["measurement_id"] for k in row_keys(dataset, "measurements", m, ("value",)))
    return {"intervention": given, "dose": given + doses}


def _timing(dataset, patient_id: str, kind: str, ident: str, members: pd.DataFrame) -> tuple[tuple, str]:
    """The keys a phase's date / day rests on, and how it was found."""
    if kind == "before":
        return _event_keys(dataset, members.dropna(subset=["date"])["event_id"]), "the dated events before it"
    if kind == "course":
        anchors = dataset["courses"]["anchor_event"].dropna()
        keys = timeline_marks.timing_keys(dataset, ident) + timeline_marks.clock_keys(dataset, patient_id)
        return keys + _event_keys(dataset, anchors), (
            "its day 0, as dated in the text, or where undated the dates the clocks allow (derived)"
        )
    return timeline_marks.timing_keys(dataset, ident), "the event's stated date and day on its course clock"


def _summary_row(dataset, patient_id: str, key: str, members: pd.DataFrame, shown: pd.Series) -> list:
    kind, _, ident = key.partition(":")
    own = _course_keys(dataset, ident) if kind == "course" else {}
    named = timeline_marks.name_mark(dataset, ident) if kind == "course" else None
    if kind in ("relapse", "end"):
        named = timeline_marks.first_key(dataset, "events", ident, ("site", "event_type"))
    timed, when = _timing(dataset, patient_id, kind, ident, members)
    marks = [
        named or evidence.Derivation(f"{shown['phase']}: the events before the first course.", timed),
        evidence.Derivation(f"{shown['phase']}, date / day: {when}: {shown['date / day']}.", timed),
    ]
    for column, (how, types) in KINDS.items():
        chosen = members[members["event_type"].isin(types) & ~((kind == "relapse") & (members["event_id"] == ident))]
        keys = own.get(column, ()) + _event_keys(dataset, chosen["event_id"])
        text = f"{shown['phase']}, {column}: {how}."
        marks.append(evidence.Derivation(text, keys) if str(shown[column]) else None)
    return marks


def summary_table(dataset, patient_id: str, reference: str, table_id: str, caption: str) -> Table:
    """A patient's case summary, one row per phase and kind of item, with each cell's evidence.

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding the patient's rows.
    patient_id : str
        The patient.
    reference : str
        The course whose clock the summary's days are counted on.
    table_id, caption : str
        The table's id and caption.

    Returns
    -------
    Table
        :func:`emcart.presentation.case.table`: ``phase``, ``kind`` (date / day, intervention, dose, response,
        toxicity) and ``items``. Each phase is marked with its course or event; every other cell is a derivation
        quoting the phase's curated events and treatments.
    """
    shown = case.table(dataset, patient_id, reference, table_id, caption)
    wide = case.summary(dataset, patient_id, reference)
    events, ranked = case.phases(dataset, patient_id, reference)
    keys = [k for k in ranked if k != "before" or (events["phase"] == k).any()]
    rows = [
        _summary_row(dataset, patient_id, key, events[events["phase"] == key], row)
        for key, (_, row) in zip(keys, wide.iterrows())
    ]
    marks = pd.DataFrame(rows, dtype=object, columns=wide.columns)
    long = [[marks.at[r, "phase"], marks.at[r, k], marks.at[r, k]] for r, k in shown.frame.index]
    return dataclasses.replace(shown, marks=pd.DataFrame(long, dtype=object))
