"""Per-patient treatment and outcome summary (one row per patient), every cell built from the events.

Days are shown on the clock the text counts them on (day 0 = first infusion of the immunotherapy,
or the transplant for an HSCT clock, written 'HSCT day'), and for an event on an HSCT clock also on
the first immunotherapy course's clock, in brackets, where the HSCT's own day allows.

A value the text does not state for the patient but that is inferred (the provenance note of the
curated cell starts with "by elimination") is marked † in its cell; :func:`summary_and_notes` gives
with the table the footnotes saying how each was inferred (:class:`Inferred`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from emcart.datapackage.days import event_days, treatment_days
from emcart.model import outcomes
from emcart.model.timeline import placed_events
from emcart.model.vocabulary import UNIT_SYMBOLS

NONE = "none stated"
INFERRED_MARK = "†"
INFERRED_PREFIX = "by elimination"
COLUMNS = [
    "Case",
    "Immunotherapy",
    "CRS",
    "ICANS",
    "Response",
    "HSCT",
    "Engraftment",
    "GVHD",
    "Infections",
    "Other complications",
    "Relapse",
    "Outcome",
]


def _number(value: float) -> str:
    return f"{value:g}"


def when(event, text: bool = False) -> str:
    """The event's day on its own clock, with its qualifier ('day 4', 'day ≈28', 'days 28–32', 'on or after
    day 42'); with ``text``, in the text's own numbering (``text_day``...) instead of the course clock."""
    if text:
        event = event.copy()
        event["day"], event["day_min"], event["day_max"] = (
            event["text_day"],
            event["text_day_min"],
            event["text_day_max"],
        )
    q = event["day_qualifier"]
    if q == "before":
        return "before day 0"
    if q in ("unstated", "none"):
        return "day not stated"
    if q == "after":
        return f"on or after day {_number(event['day_min'])}"
    if q == "interval":
        return f"days {_number(event['day_min'])}–{_number(event['day_max'])}"
    prefix = "≈" if q == "approx" else ""
    return f"day {prefix}{_number(event['day'])}"


def _span(start: float, end: float) -> str:
    if pd.isna(start):
        return ""
    if math.isinf(end):
        return f"on or after day {_number(start)}"
    return f"day {_number(start)}" if start == end else f"days {_number(start)}–{_number(end)}"


class _Patient:
    def __init__(self, dataset, patient_id: str):
        self.dataset = dataset
        self.id = patient_id
        self.first = outcomes.first_course(dataset, patient_id)
        courses = dataset["courses"].set_index("course_id")
        self.courses = courses[courses["patient_id"] == patient_id]
        days = event_days(dataset).set_index("event_id")
        placed = placed_events(dataset, patient_id, self.first).set_index("event_id")
        self.events = days[days["patient_id"] == patient_id].join(placed[["start", "end"]])
        self.events = self.events[~self.events["history"].astype(bool)]
        self.events["therapy"] = self.events["course_id"].map(courses["therapy"])
        prov = dataset["provenance"]
        prov = prov[(prov["table"] == "events") & prov["note"].fillna("").str.startswith(INFERRED_PREFIX)]
        self.inferred_fields = prov.groupby("row_id")["field"].apply(set).to_dict()
        self.prov_notes = prov.set_index(["row_id", "field"])["note"]
        self.notes: list[tuple[str, str, str]] = []  # (column, what in it, how the value was inferred)

    def inferred(self, event, fields, column: str, what: str = "") -> bool:
        """Whether any of the event's ``fields`` is inferred rather than stated; records the note once."""
        hit = [f for f in fields if f in self.inferred_fields.get(event.name, set())]
        note = (column, what, self.prov_notes[(event.name, hit[0])]) if hit else None
        if note and note not in self.notes:
            self.notes.append(note)
        return bool(hit)

    def of(self, *types) -> pd.DataFrame:
        return self.events[self.events["event_type"].isin(types)]

    def at(self, event) -> str:
        """Day on its own clock, and on the first clock in brackets for an HSCT-clock event."""
        own = when(event)
        if event["therapy"] != "HSCT":
            return own
        first = _span(event["start"], event["end"])
        return f"HSCT {own}" + (f" ({first})" if first and own != "day not stated" else "")


def _immunotherapy(p: _Patient) -> str:
    doses = treatment_days(p.dataset)
    parts = []
    for course_id, course in p.courses.sort_values("course_number").iterrows():
        if course["therapy"] not in outcomes.IMMUNOTHERAPY:
            continue
        own = doses[doses["course_id"] == course_id]
        what = course["therapy"] if course["therapy"] == "blinatumomab" else f"{course['construct']} CAR-T"
        if pd.notna(course["cell_source"]):
            what = f"{course['cell_source']} {what}"
        days = f"days {int(own['day_start'].min())}–{int(own['day_end'].max())}" if len(own) else ""
        if days.endswith(f"{int(own['day_start'].min())}–{int(own['day_start'].min())}"):
            days = f"day {int(own['day_start'].min())}"
        doses_text = ", ".join(dict.fromkeys(f"{d:g}" for d in own["dose"].dropna()))
        unit = own["dose_unit"].dropna().iloc[0] if own["dose_unit"].notna().any() else ""
        unit = UNIT_SYMBOLS.get(unit, unit)
        text = f"{what}, {days}" + (f" ({doses_text} {unit})" if doses_text else "")
        if course_id != p.first:
            anchor = course["anchor_event"]
            placed = p.events.loc[anchor] if pd.notna(anchor) and anchor in p.events.index else None
            text += f", starting {p.at(placed)}" if placed is not None else ", start not stated"
        parts.append(text)
    return "; ".join(parts)


def _graded(p: _Patient, event_type: str) -> str:
    rows = p.of(event_type)
    if rows.empty:
        return NONE
    out = []
    for _, e in rows.iterrows():
        grade = f"grade {int(e['grade'])}" if pd.notna(e["grade"]) else "grade not stated"
        site = f" ({e['site']})" if pd.notna(e["site"]) else ""
        detail = f"; {e['detail']}" if pd.notna(e["detail"]) and event_type != "GVHD" else ""
        out.append(f"{grade}{site}, {p.at(e)}{detail}")
    return " / ".join(out)


def _response(p: _Patient) -> str:
    rows = p.of(*outcomes.RESPONSE)
    rows = rows[rows["course_id"] == p.first]
    if rows.empty:
        return NONE
    kinds = ", ".join(dict.fromkeys(rows["event_type"]))
    return f"{kinds}, {p.at(rows.iloc[0])}"


def _hsct(p: _Patient) -> str:
    rows = p.of("HSCT")
    if rows.empty:
        return "no HSCT"
    e = rows.iloc[0]
    course = p.courses[p.courses["anchor_event"] == rows.index[0]]
    what = []
    if len(course):
        c = course.iloc[0]
        what = [v for v in (c["donor_type"], c["conditioning"]) if pd.notna(v)]
        if pd.isna(c["conditioning"]):
            what.append("conditioning not stated")
    return f"{p.at(e)}; " + ", ".join(what)


def _engraftment(p: _Patient) -> str:
    rows = p.of("neutrophil engraftment")
    return "; ".join(p.at(e) for _, e in rows.iterrows()) or NONE


def _infections(p: _Patient) -> str:
    rows = p.of("infection")
    if rows.empty:
        return NONE
    groups: dict[str, list[str]] = {}
    for _, e in rows.iterrows():
        what = e["pathogen"] if pd.notna(e["pathogen"]) else e["detail"]
        if pd.notna(e["site"]) and pd.notna(e["pathogen"]):
            what += f" ({e['site']})"
        groups.setdefault(p.at(e), []).append(what)
    return "; ".join(f"{', '.join(whats)}: {when}" for when, whats in groups.items())


def _complications(p: _Patient) -> str:
    rows = p.of("PTLD", "complication")
    out = []
    for _, e in rows.iterrows():
        what = e["detail"] if e["event_type"] == "complication" else f"PTLD ({e['detail']})"
        out.append(f"{what}, {p.at(e)}")
    return "; ".join(out) or NONE


def _relapse(p: _Patient) -> str:
    rows = p.of("relapse")
    if rows.empty:
        return NONE
    out = []
    for _, e in rows.iterrows():
        bits = [p.at(e)]
        if pd.notna(e["site"]):
            bits.append(e["site"])
        if pd.notna(e["cd19_status"]):
            mark = INFERRED_MARK if p.inferred(e, ["cd19_status"], "Relapse", "CD19") else ""
            bits.append(f"CD19 {e['cd19_status']}{mark}")
        if pd.notna(e["detail"]):
            bits.append(e["detail"])
        out.append(", ".join(bits))
    return " / ".join(out)


def _outcome(p: _Patient) -> str:
    rows = p.of("death", "lost to follow-up", "last contact")
    if rows.empty:
        return NONE
    e = rows.loc[rows["start"].idxmax()] if rows["start"].notna().any() else rows.iloc[-1]
    kind = {"death": "died", "lost to follow-up": "lost to follow-up", "last contact": "alive at the last follow-up"}[
        e["event_type"]
    ]
    inferred = p.inferred(e, ["event_type", "text_day_min", "day_qualifier", "date", "date_precision"], "Outcome")
    if inferred and e["event_type"] == "last contact":
        kind = "alive at last contact"
    text = f"{kind}{INFERRED_MARK if inferred else ''}, {p.at(e)}"
    if pd.notna(e["date"]) and not inferred:
        text += f"; the study's last follow-up was {e['date']}"
    if e["event_type"] == "death" and pd.notna(e["detail"]):
        text += f": {e['detail']}"
    return text


@dataclass(frozen=True)
class Inferred:
    """The footnote of a cell of :func:`summary` marked † (inferred), with the column it belongs to."""

    column: str
    text: str


def notes_for(notes: list[Inferred], columns: list[str]) -> list[str]:
    """The footnotes of the inferred (†) cells in ``columns``.

    Parameters
    ----------
    notes : list of Inferred
        From :func:`summary_and_notes`.
    columns : list of str

    Returns
    -------
    list of str
    """
    return [n.text for n in notes if n.column in columns]


def summary_and_notes(dataset, patient_ids: list[str]) -> tuple[pd.DataFrame, list[Inferred]]:
    """:func:`summary` and the footnotes of its inferred (†) cells.

    Parameters
    ----------
    dataset : Dataset
    patient_ids : list of str

    Returns
    -------
    (pandas.DataFrame, list of Inferred)
        One row per patient with :data:`COLUMNS`, and the footnotes saying how each † value was inferred.
    """
    labels = dataset["patients"].set_index("patient_id")["label"]
    rows, notes = [], []
    for pid in patient_ids:
        p = _Patient(dataset, pid)
        rows.append(
            dict(
                zip(
                    COLUMNS,
                    [
                        labels[pid],
                        _immunotherapy(p),
                        _graded(p, "CRS onset"),
                        _graded(p, "ICANS onset"),
                        _response(p),
                        _hsct(p),
                        _engraftment(p),
                        _graded(p, "GVHD"),
                        _infections(p),
                        _complications(p),
                        _relapse(p),
                        _outcome(p),
                    ],
                )
            )
        )
        for column, what, note in p.notes:
            how = note[len(INFERRED_PREFIX) :].lstrip(": ")
            extra = (
                "; the text gives neither the child's status nor the date of the last contact, so no date is shown"
                if column == "Outcome"
                else ""
            )
            where = f"{column}, {what}" if what else column
            notes.append(
                Inferred(
                    column,
                    f"{INFERRED_MARK} {labels[pid]}, {where}: not stated for the child, "
                    f"inferred by elimination: {how}{extra}.",
                )
            )
    return pd.DataFrame(rows, columns=COLUMNS), notes


def summary(dataset, patient_ids: list[str]) -> pd.DataFrame:
    """One row per patient: immunotherapy, toxicity, response, HSCT, infections, relapse and outcome."""
    return summary_and_notes(dataset, patient_ids)[0]


GAP_MARK = "‡"


def mark_gaps(dataset, frame: pd.DataFrame, cells: dict[tuple[str, str], str]) -> tuple[pd.DataFrame, list[str]]:
    """``frame`` with ‡ in each cell a registered gap concerns ('none stated; implied elsewhere‡' where the cell
    states nothing), and the footnotes giving each gap's content.

    Parameters
    ----------
    dataset : Dataset
    frame : pandas.DataFrame
        From :func:`summary`.
    cells : dict of (str, str) to str
        (case label, column) → gap id of ``gaps``; raises ``KeyError`` for a label not on exactly one row.

    Returns
    -------
    (pandas.DataFrame, list of str)
        A marked copy of ``frame``, and one footnote per gap ('‡ case 5, CRS: ...').
    """
    gaps = dataset["gaps"].set_index("gap_id")
    out = frame.copy()
    notes = []
    for (case, column), gap_id in cells.items():
        rows = out.index[out["Case"] == case]
        if len(rows) != 1:
            raise KeyError(case)
        shown = out.at[rows[0], column]
        out.at[rows[0], column] = f"{shown}{'; implied elsewhere' if shown == NONE else ''}{GAP_MARK}"
        notes.append(f"{GAP_MARK} {case}, {column}: {gaps.at[gap_id, 'content']}.")
    return out, notes
