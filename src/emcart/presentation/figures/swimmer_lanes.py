"""The lanes of a swimmer plot (:mod:`emcart.presentation.figures.swimmer`): each patient's events on the
clock of the first course, the end of follow-up (stated, or bounded by a caller-given horizon and floor),
relapses split by antigen status, and the later immunotherapy courses."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from emcart.datapackage.days import treatment_days
from emcart.datapackage.provenance import cite
from emcart.model.timeline import course_offsets, placed_events
from emcart.model.vocabulary import END_OF_FOLLOW_UP
from emcart.presentation.figures.markers import ANTIGEN_COLUMNS, LATER_COURSE, MARKERS

# Course start markers (``treatments``): the product of the course, coloured as in the schedule charts.
COURSE_SYMBOL = ("triangle-right", ">")
POINT_SPAN = 0.02  # a span narrower than this share of the time axis is drawn as a point
COURSE_PRODUCT = {"anti-CD19": "anti-CD19 CAR-T", "anti-CD19/anti-CD22 cocktail": "anti-CD19/anti-CD22 CAR-T cocktail"}


@dataclass(frozen=True)
class Lane:
    """One patient's lane: its label, the reference clock, and its placed events."""

    label: str
    events: pd.DataFrame
    follow_up: tuple[float, float]
    ongoing: bool
    stated: bool
    courses: pd.DataFrame | None = None
    floor: float | None = None


def lanes(
    dataset,
    patient_ids: list[str],
    horizon: float | None = None,
    relapse_antigen: str | None = None,
    treatments: bool = False,
    floor: float | None = None,
) -> list[Lane]:
    """Lanes for the patients, each on the clock of its first course.

    An end of follow-up known only to come after a day (no latest day) is drawn uncertain up to the
    horizon. ``relapse_antigen`` ('cd19_status' or 'cd22_status') relabels relapses with a stated
    status; ``treatments`` adds the immunotherapy courses (``Lane.courses``) in place of the
    later-course markers. ``horizon`` (days) ends the hatched part of a lane whose follow-up is not
    stated; ``floor`` (days), where given, is the shortest follow-up any patient can have (e.g. the
    low end of a stated follow-up range): such a lane is drawn solid up to it.
    """
    courses = dataset["courses"]
    patients = dataset["patients"].set_index("patient_id")
    result = []
    for patient_id in patient_ids:
        own = courses[courses["patient_id"] == patient_id].sort_values("course_number")
        reference = own["course_id"].iloc[0]
        events = placed_events(dataset, patient_id, reference)
        events["source"] = [cite(dataset, "events", e, "event_type") for e in events["event_id"]]
        if relapse_antigen:
            events = _split_relapses(events, relapse_antigen)
        later = _later_courses(dataset, own, reference)
        if len(later) and not treatments:
            events = pd.concat([events, later], ignore_index=True)
        ends = events[events["event_type"].isin(END_OF_FOLLOW_UP)].dropna(subset=["start"])
        if len(ends):
            last = ends.loc[ends["start"].idxmax()]
            follow_up, stated = (last["start"], last["end"]), True
            ongoing = last["event_type"] == "last contact"
            if math.isinf(follow_up[1]):
                follow_up = (follow_up[0], max(follow_up[0], horizon or follow_up[0]))
        else:
            known = events["end"].replace(math.inf, np.nan).dropna()
            latest = float(known.max()) if len(known) else 0.0
            if floor is not None:
                latest = max(latest, floor)
            follow_up, stated, ongoing = (latest, max(latest, horizon or latest)), False, False
        spans = _course_spans(dataset, own, reference) if treatments else None
        result.append(
            Lane(
                patients.loc[patient_id, "label"], events, follow_up, ongoing, stated, spans, None if stated else floor
            )
        )
    return result


def _split_relapses(events: pd.DataFrame, column: str) -> pd.DataFrame:
    """Relabel relapses whose antigen status is stated ('relapse, CD19 negative')."""
    events = events.copy()
    stated = (events["event_type"] == "relapse") & events[column].notna()
    events.loc[stated, "event_type"] = [
        f"relapse, {ANTIGEN_COLUMNS[column]} {status}" for status in events.loc[stated, column]
    ]
    return events


def _course_spans(dataset, own: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Each immunotherapy course: its product, where its day 0 falls, and its dosing days if placed exactly."""
    offsets = course_offsets(dataset, own["patient_id"].iloc[0], reference)
    doses = treatment_days(dataset)
    rows = []
    for c in own[own["therapy"].isin(["CAR-T", "blinatumomab"])].itertuples():
        if c.course_id not in offsets:
            continue
        low, high = offsets[c.course_id]
        product = "blinatumomab" if c.therapy == "blinatumomab" else COURSE_PRODUCT.get(c.construct, c.construct)
        days = doses[doses["course_id"] == c.course_id]
        first = float(days["day_start"].min()) if len(days) else 0.0
        last = float(days["day_end"].fillna(days["day_start"]).max()) if len(days) else 0.0
        rows.append(
            {
                "course_id": c.course_id,
                "product": product,
                "start": low + first,
                "end": high + first,
                "dosing": (low + first, low + last + 1) if low == high else None,
                "source": cite(dataset, "courses", c.course_id, "therapy"),
            }
        )
    return pd.DataFrame(rows, columns=["course_id", "product", "start", "end", "dosing", "source"])


def _later_courses(dataset, own: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Day 0 of each later immunotherapy course, placed on the reference clock where a link allows."""
    offsets = course_offsets(dataset, own["patient_id"].iloc[0], reference)
    later = own[(own["course_id"] != reference) & own["therapy"].isin(["CAR-T", "blinatumomab"])]
    rows = [
        {
            "event_type": LATER_COURSE,
            "course_id": c.course_id,
            "start": offsets[c.course_id][0],
            "end": offsets[c.course_id][1],
            "source": cite(dataset, "courses", c.course_id, "therapy"),
        }
        for c in later.itertuples()
        if c.course_id in offsets
    ]
    return pd.DataFrame(rows, columns=["event_type", "course_id", "start", "end", "source"])


def offsets(lane: Lane, dodge: bool) -> dict[str, float]:
    """Vertical offset of each drawn event kind within its lane: 0 unless dodging (top to bottom)."""
    drawn = set(lane.events.loc[lane.events["start"].notna(), "event_type"])
    kinds = [k for k in MARKERS if k in drawn]
    if not dodge or len(kinds) < 2:
        return {k: 0.0 for k in kinds}
    return {k: float(v) for k, v in zip(kinds, np.linspace(0.3, -0.3, len(kinds)))}


def finite_end(end: float, lane: Lane) -> float:
    """The end of a span, or the end of the lane for one open to the right."""
    return lane.follow_up[1] if math.isinf(end) else end


def axis_title(unit: str) -> str:
    return f"{unit} from first infusion (day 0); coloured bars: when an event may have happened (dotted: on or after)"


def is_point(start: float, end: float, resolution: float) -> bool:
    """Whether an event is drawn as a point: its time is stated, or bounded more tightly than the axis
    can show (``resolution``, in days); any wider or open-ended span is drawn as a span alone, so that
    no marker suggests a time the text does not give."""
    return not math.isinf(end) and end - start <= resolution


def marker_day(start: float, end: float) -> float:
    """Where a marker stands: the middle of a bounded span, the earliest day of one open to the right."""
    return start if math.isinf(end) else (start + end) / 2
