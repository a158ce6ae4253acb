"""Course clocks: convert the text's day numbers to days since the first infusion (day 0)."""

from __future__ import annotations

import pandas as pd

from emcart.datapackage.days import with_days
from emcart.datapackage.derived import rows_with

Interval = tuple[float, float]


def date_interval(value: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last calendar day a date of the given precision allows ('2021-02' → Feb 1–28)."""
    start = pd.Timestamp(value if precision == "day" else f"{value}-01" if precision == "month" else f"{value}-01-01")
    end = {"day": start, "month": start + pd.offsets.MonthEnd(0), "year": start + pd.offsets.YearEnd(0)}[precision]
    return start, end


def day0_interval(course) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last calendar day a course's day 0 can fall on: its date to its precision, or the
    interval from ``day0_date`` to ``day0_date_latest`` where the text dates day 0 only that closely."""
    if pd.notna(course.get("day0_date_latest")):
        return pd.Timestamp(course["day0_date"]), pd.Timestamp(course["day0_date_latest"])
    return date_interval(course["day0_date"], course["day0_date_precision"])


def _difference(later: tuple, earlier: tuple) -> Interval:
    """Days from one date interval to another, as an interval."""
    return float((later[0] - earlier[1]).days), float((later[1] - earlier[0]).days)


def course_offsets(dataset, patient_id: str, reference: str) -> dict[str, Interval]:
    """Where each course's day 0 falls on the reference course's clock, as an interval of days.

    Courses are linked by an anchor event (an HSCT on the CAR-T clock starts the HSCT course) or by
    their calendar dates of day 0; links are followed both ways. A course no link reaches is absent.
    """
    courses = dataset["courses"]
    courses = courses[courses["patient_id"] == patient_id].set_index("course_id")
    events = dataset["events"]
    events = with_days(dataset, events[events["event_id"].isin(courses["anchor_event"].dropna())]).set_index("event_id")
    links: list[tuple[str, str, Interval]] = []
    for course_id, course in courses.iterrows():
        if pd.notna(course["anchor_event"]):
            anchor = events.loc[course["anchor_event"]]
            high = anchor["day_max"] if pd.notna(anchor["day_max"]) else float("inf")
            links.append((anchor["course_id"], course_id, (float(anchor["day_min"]), float(high))))
    dated = courses.dropna(subset=["day0_date"])
    for a, b in zip(dated.index, dated.index[1:]):
        links.append((a, b, _difference(day0_interval(dated.loc[b]), day0_interval(dated.loc[a]))))
    known = {reference: (0.0, 0.0)}
    changed = True
    while changed:
        changed = False
        for a, b, (low, high) in links:
            if a in known and b not in known:
                known[b] = (known[a][0] + low, known[a][1] + high)
                changed = True
            elif b in known and a not in known:
                known[a] = (known[b][0] - high, known[b][1] - low)
                changed = True
    return known


def placed_events(dataset, patient_id: str, reference: str) -> pd.DataFrame:
    """The patient's events with ``start``/``end`` (days) on the reference course's clock.

    A day on another course's clock is shifted by that course's offset; an event dated without a day
    is placed through any dated course; ``end`` is infinite for an event known only to come 'after'
    a day; events that cannot be placed are returned with empty ``start``/``end``.
    """
    offsets = course_offsets(dataset, patient_id, reference)
    courses = dataset["courses"].set_index("course_id")
    frame = with_days(dataset, rows_with(dataset["events"], "patient_id", patient_id))
    origin = _reference_date(courses, offsets)
    starts, ends = [], []
    for _, event in frame.iterrows():
        low, high = _event_interval(event, offsets, origin)
        starts.append(low)
        ends.append(high)
    frame["start"], frame["end"] = starts, ends
    return frame


def _reference_date(courses: pd.DataFrame, offsets: dict[str, Interval]):
    """Calendar interval of the reference clock's day 0, from any placed course with a date."""
    for course_id, (low, high) in offsets.items():
        course = courses.loc[course_id]
        if pd.notna(course["day0_date"]):
            first, last = day0_interval(course)
            return first - pd.Timedelta(days=high), last - pd.Timedelta(days=low)
    return None


def _event_interval(event, offsets: dict[str, Interval], origin) -> Interval:
    nan = float("nan")
    if pd.notna(event["day_min"]) and event["course_id"] in offsets:
        low, high = offsets[event["course_id"]]
        day_max = event["day_max"] if pd.notna(event["day_max"]) else float("inf")
        return float(event["day_min"]) + low, float(day_max) + high
    if pd.notna(event["date"]) and origin is not None:
        return _difference(date_interval(event["date"], event["date_precision"]), origin)
    return nan, nan


def calendar_months(n: int) -> tuple[int, int]:
    """Fewest and most days that ``n`` calendar months can span ('three months later' → 89–92 days).

    Counted from every start day of a four-year cycle (one leap year) to the same day of the month ``n`` months on,
    or to the last day of that month where it is shorter.

    Parameters
    ----------
    n : int
        Number of calendar months.

    Returns
    -------
    tuple of int
        ``(fewest, most)`` days.
    """
    starts = pd.date_range("2021-01-01", "2024-12-31", freq="D")
    spans = [(start + pd.DateOffset(months=n) - start).days for start in starts]
    return min(spans), max(spans)


def course_dates(dataset, patient_id: str) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """The first and last calendar date each course's day 0 can fall on.

    A dated course's day 0 is its own date interval, narrowed by every other dated course it is linked
    to; an undated course gets the narrowest interval its links to dated courses allow. Working on the
    calendar, not through one reference clock, keeps a date's uncertainty from being counted twice.
    """
    courses = dataset["courses"]
    courses = courses[courses["patient_id"] == patient_id].set_index("course_id")
    dates: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = {}
    for dated, course in courses.dropna(subset=["day0_date"]).iterrows():
        first, last = day0_interval(course)
        for course_id, (low, high) in course_offsets(dataset, patient_id, dated).items():
            span = (first + pd.Timedelta(days=low), last + pd.Timedelta(days=high))
            known = dates.get(course_id, span)
            dates[course_id] = (max(known[0], span[0]), min(known[1], span[1]))
    return dates


def event_dates(dates: dict[str, tuple[pd.Timestamp, pd.Timestamp]], event) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last calendar date of an event (a row of :func:`placed_events`): its days on its own
    course's clock from that course's dated day 0 (:func:`course_dates`), else its own date; NaT where
    unknown (an event known only to come after a day has no last date)."""
    if pd.notna(event["day_min"]) and event["course_id"] in dates:
        first, last = dates[event["course_id"]]
        high = event["day_max"]
        return (
            first + pd.Timedelta(days=float(event["day_min"])),
            pd.NaT if pd.isna(high) or high == float("inf") else last + pd.Timedelta(days=float(high)),
        )
    if pd.notna(event["date"]):
        return date_interval(event["date"], event["date_precision"])
    return pd.NaT, pd.NaT
