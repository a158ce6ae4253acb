"""Case summary: one patient's course as phases (history, each course clock, each relapse, follow-up)
with dates or days, interventions, doses, responses and toxicities, all from the curated tables."""

from __future__ import annotations

import math

import pandas as pd

from emcart.model.timeline import (
    course_dates,
    course_offsets,
    placed_events,
)
from emcart.model.vocabulary import CRS_AND_TREATMENT, END_OF_FOLLOW_UP, course_name, course_title
from emcart.presentation.tables import Table

RESPONSES = (
    "diagnosis",
    "CR",
    "MRD-negative",
    "partial response",
    "no response",
    "relapse",
    "neutrophil engraftment",
    "platelet engraftment",
    "full donor chimerism",
    "imaging",
    "CAR-T peak",
    "CAR-T undetectable",
    "last contact",
    "death",
    "lost to follow-up",
)
TOXICITIES = (
    *CRS_AND_TREATMENT,
    "plasmapheresis",
    "GVHD",
    "infection",
    "PTLD",
)
INTERVENTIONS = ("surgery", "HSCT")
DOSE_ANALYTES = ("MNC dose", "CD34+ dose")
TOXICITY_PRODUCTS = ("tocilizumab",)


def _signed(day) -> str:
    return f"{day:+d}" if day else "0"


def _day(e, clock: str | None = None, names: dict[str, str] | None = None) -> str:
    """The time of an event as the text states it: a day on its own clock (named, by ``names`` of the
    courses, when it is not ``clock``), bounds, or a date."""
    if pd.notna(e["text_day"]):
        text = f"day {_signed(e['text_day'])}"
    elif pd.notna(e["text_day_min"]) and pd.notna(e["text_day_max"]):
        text = f"days {_signed(e['text_day_min'])} to {_signed(e['text_day_max'])}"
    elif pd.notna(e["text_day_min"]):
        text = f"after day {_signed(e['text_day_min'])}"
    else:
        text = ""
    if text and clock is not None and e["course_id"] != clock:
        text += f" of {names[e['course_id']]}"
    if pd.notna(e["date"]):
        text = f"{e['date']}, {text}" if text else e["date"]
    return text


def _names(dataset) -> dict[str, str]:
    return {c: course_name(dataset, c) for c in dataset["courses"]["course_id"]}


def _item(e, clock: str | None = None, names: dict[str, str] | None = None) -> str:
    grade = f" grade {e['grade']}" if pd.notna(e["grade"]) else ""
    site = f" [{e['site']}]" if pd.notna(e["site"]) and e["event_type"] != "relapse" else ""
    detail = f" ({e['detail']})" if pd.notna(e["detail"]) else ""
    when = _day(e, clock, names)
    return f"{e['event_type']}{grade}{site}{', ' + when if when else ''}{detail}"


def phases(dataset, patient_id: str, reference: str) -> pd.DataFrame:
    """Every event of the patient with the phase it belongs to and the phase's place on the reference clock.

    Phases: the history before the earliest course; each course clock (its anchor event, e.g. the
    HSCT on the CAR-T clock, belongs to the course it starts); each relapse after a course's day 0;
    the end of follow-up. An event joins the latest relapse of its own clock that does not come
    after it, else its course; an event before day 0 of a later course joins the phase just before
    that course.
    """
    offsets = course_offsets(dataset, patient_id, reference)
    courses = dataset["courses"].set_index("course_id")
    anchors = {a: c for c, a in courses["anchor_event"].dropna().items()}
    events = placed_events(dataset, patient_id, reference)
    events["mid"] = [(s + (e if math.isfinite(e) else s)) / 2 for s, e in zip(events["start"], events["end"])]
    order = sorted(offsets, key=lambda c: (sum(offsets[c]), c))
    first = order[0]
    starts = {f"course:{c}": sum(offsets[c]) / 2 for c in order}
    history = events["history"].fillna(False).astype(bool)
    relapses = events[(events["event_type"] == "relapse") & ~history]
    for _, r in relapses.iterrows():
        starts[f"relapse:{r['event_id']}"] = r["mid"]
    ends = events[events["event_type"].isin(END_OF_FOLLOW_UP)]
    for _, r in ends.iterrows():
        starts[f"end:{r['event_id']}"] = r["mid"]
    starts["before"] = -math.inf
    ranked = sorted(starts, key=lambda k: starts[k])
    phase = []
    for i, e in events.iterrows():
        if e["event_id"] in anchors:
            phase.append(f"course:{anchors[e['event_id']]}")
        elif e["event_type"] in END_OF_FOLLOW_UP:
            phase.append(f"end:{e['event_id']}")
        elif history[i]:
            if e["course_id"] == first:
                phase.append("before")
            else:
                at = ranked.index(f"course:{e['course_id']}")
                phase.append(ranked[at - 1])
        elif e["event_type"] == "relapse":
            phase.append(f"relapse:{e['event_id']}")
        else:
            own = relapses[(relapses["course_id"] == e["course_id"]) & (relapses["day_min"] <= e["day_min"])]
            phase.append(
                f"relapse:{own.sort_values('day_min')['event_id'].iloc[-1]}" if len(own) else f"course:{e['course_id']}"
            )
    events["phase"] = phase
    events["phase_start"] = events["phase"].map(starts)
    return events, ranked


def _when_phase(dataset, key: str, reference: str, members: pd.DataFrame) -> str:
    courses = dataset["courses"].set_index("course_id")
    kind, _, ident = key.partition(":")
    if kind == "course":
        c = courses.loc[ident]
        if pd.notna(c["day0_date_latest"]):
            return f"day 0: {c['day0_date']} to {c['day0_date_latest']}"
        if pd.notna(c["day0_date"]):
            return f"day 0: {c['day0_date']}"
        low, high = course_dates(dataset, c["patient_id"])[ident]
        return f"day 0: not dated; {low:%Y-%m-%d} to {high:%Y-%m-%d} (derived)"
    row = members[members["event_id"] == ident] if ident else members.iloc[0:0]
    if len(row):
        return _day(row.iloc[0], "", _names(dataset))
    dated = members.dropna(subset=["date"])
    return "; ".join(f"{e['event_type']} {e['date']}" for _, e in dated.iterrows())


def summary(dataset, patient_id: str, reference: str) -> pd.DataFrame:
    """The case summary table: phase, date or day, intervention, dose, response, toxicity."""
    events, ranked = phases(dataset, patient_id, reference)
    names = _names(dataset)
    rows = []
    for key in ranked:
        members = events[events["phase"] == key].sort_values(["start", "event_id"])
        kind, _, ident = key.partition(":")
        if kind == "before" and members.empty:
            continue
        interventions, doses = _course_treatments(dataset, ident) if kind == "course" else ([], [])
        clock = (
            ident
            if kind == "course"
            else (members[members["event_id"] == ident]["course_id"].iloc[0] if kind in ("relapse", "end") else None)
        )
        interventions += [
            _item(e, clock, names) for _, e in members[members["event_type"].isin(INTERVENTIONS)].iterrows()
        ]
        phase = {
            "before": lambda: f"before {course_title(dataset, ranked[1].partition(':')[2]).split(':')[0]}",
            "course": lambda: course_title(dataset, ident),  # noqa: B023 (called at once)
            "relapse": lambda: f"relapse: {members[members['event_id'] == ident]['site'].iloc[0]}",  # noqa: B023
            "end": lambda: "end of follow-up",
        }[kind]()
        rows.append(
            {
                "phase": phase,
                "date / day": _when_phase(dataset, key, reference, members),
                "intervention": "; ".join(interventions),
                "dose": "; ".join(doses),
                "response": "; ".join(
                    _item(e, clock, names)
                    for _, e in members[members["event_type"].isin(RESPONSES)].iterrows()
                    if not (kind == "relapse" and e["event_id"] == ident)
                ),
                "toxicity": "; ".join(
                    _item(e, clock, names) for _, e in members[members["event_type"].isin(TOXICITIES)].iterrows()
                ),
            }
        )
    return pd.DataFrame(rows)


def _course_treatments(dataset, course_id: str) -> tuple[list[str], list[str]]:
    """A course's interventions (its treatments but those of toxicity) and doses (of its treatments, and the
    dose measurements), each with its days on the course clock."""
    treatments, measurements = dataset["treatments"], dataset["measurements"]
    interventions, doses = [], []
    for _, t in treatments[treatments["course_id"] == course_id].iterrows():
        day = (
            ""
            if pd.isna(t["text_day_start"])
            else (
                f" day {_signed(t['text_day_start'])}"
                if t["text_day_start"] == t["text_day_end"]
                else f" days {_signed(t['text_day_start'])} to {_signed(t['text_day_end'])}"
            )
        )
        if t["product"] not in TOXICITY_PRODUCTS:
            interventions.append(f"{t['product']}{day}")
        if pd.notna(t["dose"]):
            doses.append(f"{t['product']} {t['dose']:g} {t['dose_unit']}{day}")
    for _, m in measurements[
        (measurements["course_id"] == course_id) & measurements["analyte"].isin(DOSE_ANALYTES)
    ].iterrows():
        doses.append(f"{m['analyte']} {m['value']:g} {m['unit']}")
    return interventions, doses


KINDS = ["date / day", "intervention", "dose", "response", "toxicity"]


def long_form(wide: pd.DataFrame) -> pd.DataFrame:
    """The case summary one row per phase and kind of item the text gives for it (its date or day, then each
    kind of event): no empty cell stands for a kind the phase lacks, and a phase without any keeps one row.
    Indexed by (row of ``wide``, kind)."""
    long = wide.melt("phase", KINDS, "kind", "items", ignore_index=False)
    long = long.set_index("kind", append=True).sort_index(level=0, sort_remaining=False)
    long.insert(1, "kind", long.index.get_level_values("kind"))
    given = long["items"].ne("")
    return long[given | ~given.groupby(level=0).transform("any")]


def table(dataset, patient_id: str, reference: str, table_id: str, caption: str) -> Table:
    """The case summary (:func:`summary`) in its :func:`long_form`, with footnotes on its days and dates."""
    return Table(
        long_form(summary(dataset, patient_id, reference)),
        caption,
        table_id,
        [
            "Days are on the clock of the phase's course as the text counts them (another clock is named, e.g. 'of course 1'); "
            "dates at the precision the text gives.",
            "Derived dates are computed from the stated dates and intervals; they are not in the report.",
            "A phase lists only the kinds of item the text gives for it.",
        ],
    )
