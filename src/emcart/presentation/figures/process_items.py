"""The items of a patient's process timeline (:mod:`emcart.presentation.figures.process`): each course's
day 0 and each event, on its lane (one per course clock), with its first and last possible calendar date,
stacked so that no two items of a lane overlap."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from emcart.datapackage.provenance import cite, time_source
from emcart.model.timeline import (
    course_dates,
    course_offsets,
    event_dates,
    placed_events,
)
from emcart.model.vocabulary import course_title

DAY0 = "day 0 of the course"


@dataclass(frozen=True)
class ClockLane:
    """One course clock of a patient (or the history before the first course): its day 0 and events."""

    label: str
    course_id: str
    day0: tuple[float, float]
    events: pd.DataFrame


def _time_source(dataset, event_id: str) -> str:
    """The provenance of an event's time (its day, its bounds or its date), with the curator's note."""
    found = time_source(dataset, "events", event_id)
    if found is None:
        return ""
    text, note = found
    return text + (f" (time: {note})" if note else "")


def clock_lanes(dataset, patient_id: str, reference: str, history_lane: bool = True) -> list[ClockLane]:
    """The patient's events on the reference clock, one lane per course in the order of their day 0.

    With ``history_lane``, the events before day 0 of the earliest course (diagnosis, earlier
    therapy) get a lane of their own; every other event stays on the lane of its own clock.
    """
    offsets = course_offsets(dataset, patient_id, reference)
    placed = placed_events(dataset, patient_id, reference)
    placed["source"] = [cite(dataset, "events", e, "event_type") for e in placed["event_id"]]
    placed["time_source"] = [_time_source(dataset, e) for e in placed["event_id"]]
    order = sorted(offsets, key=lambda c: (offsets[c][0] + offsets[c][1], c))
    lanes_ = []
    if history_lane and order:
        first = order[0]
        before = placed[(placed["course_id"] == first) & placed["history"].fillna(False).astype(bool)]
        if len(before):
            lanes_.append(
                ClockLane(f"before {course_title(dataset, first).split(':')[0]}", first, (math.nan, math.nan), before)
            )
            placed = placed.drop(before.index)
    for course_id in order:
        own = placed[placed["course_id"] == course_id]
        lanes_.append(ClockLane(course_title(dataset, course_id), course_id, offsets[course_id], own))
    return lanes_


def _own_day(event) -> str:
    if pd.notna(event.text_day):
        return f"day {event.text_day:+d} of its course"
    if pd.notna(event.text_day_min) and pd.notna(event.text_day_max):
        return f"days {event.text_day_min:+d} to {event.text_day_max:+d} of its course"
    if pd.notna(event.text_day_min):
        return f"after day {event.text_day_min:+d} of its course"
    return f"dated {event.date}"


def process_items(
    dataset,
    patient_id: str,
    reference: str,
    start_event: str | None = None,
    end_event: str | None = None,
    history_lane: bool = True,
) -> pd.DataFrame:
    """Every drawn item of the process timeline: lane, kind, first and last possible calendar date.

    Dates come from each event's days on its own course's clock and that course's dated day 0
    (:func:`course_dates`), or from the event's own date. The window runs from ``start_event``'s earliest to ``end_event``'s latest date (default:
    all finite dates); spans reaching outside it are clipped to it (``clipped`` is true), and an
    event known only to come after a day ('after') runs to the window's end (``open`` is true).
    """
    lanes_ = clock_lanes(dataset, patient_id, reference, history_lane)
    dates = course_dates(dataset, patient_id)
    rows = []
    for lane in lanes_:
        if not math.isnan(lane.day0[0]):
            rows.append(_day0_item(dataset, lane, dates[lane.course_id]))
        rows += [_event_item(lane, e, dates) for e in lane.events.dropna(subset=["start"]).itertuples()]
    items = _windowed(pd.DataFrame(rows), start_event, end_event)
    items["lane_order"] = items["lane"].map({lane.label: n for n, lane in enumerate(lanes_)})
    return items.sort_values(["lane_order", "first", "event_id"], kind="stable").reset_index(drop=True)


def _day0_item(dataset, lane: ClockLane, dated: tuple) -> dict:
    """A course's day 0 on its own lane, between the first and last date it may fall on."""
    first, last = dated
    return {
        "lane": lane.label,
        "kind": DAY0,
        "event_id": lane.course_id,
        "first": first,
        "last": last,
        "open": False,
        "detail": course_title(dataset, lane.course_id),
        "site": "",
        "own_day": "day 0",
        "source": cite(dataset, "courses", lane.course_id, "therapy"),
        "time_source": "",
    }


def _event_item(lane: ClockLane, e, dates: dict) -> dict:
    """An event on its lane, between the first and last date it may fall on (no last date: open-ended)."""
    first, last = event_dates(dates, e._asdict())
    return {
        "lane": lane.label,
        "kind": e.event_type,
        "event_id": e.event_id,
        "first": first,
        "last": last,
        "open": pd.isna(last),
        "detail": "" if pd.isna(e.detail) else e.detail,
        "site": "" if pd.isna(e.site) else e.site,
        "own_day": _own_day(e),
        "source": e.source,
        "time_source": e.time_source,
    }


def _windowed(items: pd.DataFrame, start_event: str | None, end_event: str | None) -> pd.DataFrame:
    """The items clipped to the window from ``start_event``'s earliest to ``end_event``'s latest date; an
    open-ended item runs to its lane's last date (or the window's end)."""
    ids = items.set_index("event_id")
    low = ids.at[start_event, "first"] if start_event else items["first"].min()
    high = ids.at[end_event, "last"] if end_event else items[["first", "last"]].max().max()
    lane_end = items.groupby("lane")["last"].max()
    items["last"] = items["last"].fillna(items["lane"].map(lane_end)).fillna(high)
    items["clipped"] = (items["first"] < low) | (items["last"] > high)
    items["first"] = items["first"].clip(lower=low, upper=high)
    items["last"] = items["last"].clip(lower=low, upper=high)
    return items


def stack(items: pd.DataFrame, min_days: float = 12.0) -> pd.DataFrame:
    """Give each item a sub-row inside its lane so that no two items overlap (a point takes ``min_days``),
    and a numeric ``y``: lanes top to bottom, sub-rows downwards inside a lane, lanes one row apart."""
    items = items.copy()
    subs, ys, centres = [], [], {}
    y = 0.0
    for lane in dict.fromkeys(items["lane"]):
        ends: list = []
        own = items.index[items["lane"] == lane]
        for i in own:
            first, last = items.at[i, "first"], items.at[i, "last"]
            reach = max(last, first + pd.Timedelta(days=min_days))
            row = next((n for n, end in enumerate(ends) if end < first), len(ends))
            if row == len(ends):
                ends.append(reach)
            else:
                ends[row] = reach
            subs.append(row)
            ys.append(y - row)
        centres[lane] = y - (len(ends) - 1) / 2
        y -= len(ends) + 1
    items["sub_row"], items["y"] = subs, ys
    items["lane_y"] = items["lane"].map(centres)
    return items
