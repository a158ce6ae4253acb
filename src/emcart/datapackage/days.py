"""Day numbers as stored: the text's day numbers, and each course's first text day, give days on the
course clock (day 0 = first infusion)."""

from __future__ import annotations

import pandas as pd

from emcart.datapackage.derived import derived


def _first_text_days(courses: pd.DataFrame) -> pd.Series:
    return courses.set_index("course_id")["first_text_day"]


def _offset(dataset, frame: pd.DataFrame) -> pd.Series:
    first = derived(dataset["courses"], _first_text_days)
    return frame["course_id"].map(first).astype("Int64")


def treatment_days(dataset) -> pd.DataFrame:
    """Treatments with ``day_start``/``day_end`` on the course clock (day 0 = first infusion)."""
    frame = dataset["treatments"].copy()
    offset = _offset(dataset, frame)
    frame["day_start"] = frame["text_day_start"] - offset
    frame["day_end"] = frame["text_day_end"] - offset
    return frame


def event_days(dataset, table: str = "events") -> pd.DataFrame:
    """Events (or measurements) with ``day``, ``day_min`` and ``day_max`` on the course clock.

    An exact or approximate day gives ``day_min == day_max == day``; an interval keeps its bounds;
    a row dated without a day has none.
    """
    return with_days(dataset, dataset[table])


def with_days(dataset, rows: pd.DataFrame) -> pd.DataFrame:
    """A copy of some rows of events (or measurements) with ``day``, ``day_min`` and ``day_max`` (see
    :func:`event_days`)."""
    frame = rows.copy()
    offset = _offset(dataset, frame)
    frame["day"] = frame["text_day"] - offset
    frame["day_min"] = frame["text_day_min"].fillna(frame["text_day"]) - offset
    frame["day_max"] = frame["text_day_max"].fillna(frame["text_day"]) - offset
    return frame
