"""Course clocks: convert the text's day numbers to days since the first infusion (day 0)."""
from __future__ import annotations

import pandas as pd

from emcart.datapackage.days import event_days

Interval = tuple[float, float]


def date_interval(value: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last calendar day a date of the given precision allows ('2021-02' → Feb 1–28)."""
    start = pd.Timestamp(value if precision == "day" else f"{value}-01" if precision == "month" else f"{value}-01-01")
    end = {"day": start, "month": start + pd.offsets.MonthEnd(0), "year": start + pd.offsets.YearEnd(0)}[precision]
    return start, end


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
    events = event_days(dataset).set_index("event_id")
    links: list[tuple[str, str, Interval]] = []
    for course_id, course in courses.iterrows():
        if pd.notna(course["anchor_event"]):
            anchor = events.loc[course["anchor_event"]]
            high = anchor["day_max"] if pd.notna(anchor["day_max"]) else float("inf")
            links.append((anchor["course_id"], course_id, (float(anchor["day_min"]), float(high))))
    dated = courses.dropna(subset=["day0_date"])
    for a, b in zip(dated.index, dated.index[1:]):
        links.append((a, b, _difference(date_interval(dated.at[b, "day0_date"], dated.at[b, "day0_date_precision"]),
                                        date_interval(dated.at[a, "day0_date"], dated.at[a, "day0_date_precision"]))))
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
    frame = event_days(dataset)
    frame = frame[frame["patient_id"] == patient_id].copy()
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
            first, last = date_interval(course["day0_date"], course["day0_date_precision"])
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

    Counted from every start day of a four-year cycle (one leap year) to the same day of the month
    ``n`` months on, or to the last day of that month where it is shorter.
    """
    starts = pd.date_range("2021-01-01", "2024-12-31", freq="D")
    spans = [(start + pd.DateOffset(months=n) - start).days for start in starts]
    return min(spans), max(spans)


def to_dates(dataset, reference: str, days: pd.Series) -> pd.Series:
    """Days on the reference course's clock as calendar dates; the course needs a day-precision day 0 date."""
    course = dataset["courses"].set_index("course_id").loc[reference]
    if pd.isna(course["day0_date"]) or course["day0_date_precision"] != "day":
        raise ValueError(f"course {reference} has no day-precision day0_date")
    origin = pd.Timestamp(course["day0_date"])
    return days.map(lambda d: pd.NaT if pd.isna(d) or d in (float("inf"), float("-inf"))
                    else origin + pd.Timedelta(days=float(d)))
