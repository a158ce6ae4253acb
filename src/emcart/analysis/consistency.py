"""Consistency checks between values a report states twice (e.g. a table and its narrative).

Checks among a report's published statistics alone are in :mod:`emcart.analysis.statistic_checks`.
"""

from __future__ import annotations

import math

import pandas as pd

from emcart.analysis.stats import decimals
from emcart.model.timeline import (
    course_dates,
    course_offsets,
    date_interval,
    event_dates,
    placed_events,
)
from emcart.model.vocabulary import DAYS_PER_MONTH, course_name, row_words


def aged_patients(dataset, study_id: str) -> pd.DataFrame:
    """The study's patients with an age in years, in the order :func:`age_check` lists them."""
    patients = dataset["patients"]
    return patients[(patients["study_id"] == study_id) & patients["age_years"].notna()]


def age_check(dataset, study_id: str) -> pd.DataFrame:
    """Table age in years against the narrative's years and months, per patient with a table age.

    Parameters
    ----------
    dataset : Dataset
    study_id : str

    Returns
    -------
    pandas.DataFrame
        ``patient``, ``table age (years)``, ``narrative age`` ('7 y 3 m'), ``narrative age (years)``, ``agrees``:
        years + months/12 rounds to the table age at its precision, or the table age lies in the month named.
    """
    rows = []
    for _, p in aged_patients(dataset, study_id).iterrows():
        low = p["narrative_age_years"] + p["narrative_age_months"] / 12
        high = low + 1 / 12
        table = float(p["age_years"])
        rounded = round(low, decimals(table))
        agrees = rounded == table or low <= table < high
        rows.append(
            {
                "patient": p["label"],
                "table age (years)": table,
                "narrative age": f"{p['narrative_age_years']} y {p['narrative_age_months']} m",
                "narrative age (years)": round(low, 2),
                "agrees": "yes" if agrees else "no",
            }
        )
    return pd.DataFrame(rows)


# --- Timing and statement checks on one patient's timeline -----------------------------------------


def _placed(dataset, patient_id: str, reference: str):
    events = placed_events(dataset, patient_id, reference).set_index("event_id")
    offsets = course_offsets(dataset, patient_id, reference)
    return events, offsets


def _span(events, offsets, item: str) -> tuple[float, float]:
    """The days an event (or a course's day 0, by course id) can fall on, on the reference clock."""
    if item in offsets:
        return offsets[item]
    return float(events.at[item, "start"]), float(events.at[item, "end"])


def item_words(dataset, item: str) -> str:
    """An event, or a course's day 0 (by course id), as a reader names it: 'day 0 of course 2'."""
    if item in set(dataset["courses"]["course_id"]):
        return f"day 0 of {course_name(dataset, item)}"
    return row_words(dataset, "events", item)


def days_between(dataset, patient_id: str, reference: str, earlier: str, later: str) -> tuple[float, float]:
    """Fewest and most days from one event (or course day 0, given by course id) to another.

    Computed on the reference clock and on every other clock of the patient; each gives bounds that
    hold, so their intersection does too, and it is tighter where two items share a clock (Day +30
    and an HSCT 'Three months later' are 89-92 days apart on their own clock, but further apart in
    bounds on a clock that places them both with uncertainty).
    """
    low, high = -math.inf, math.inf
    clocks = [reference] + [
        c for c in dataset["courses"].query("patient_id == @patient_id")["course_id"] if c != reference
    ]
    for clock in clocks:
        events, offsets = _placed(dataset, patient_id, clock)
        a, b = _span(events, offsets, earlier), _span(events, offsets, later)
        if any(map(math.isnan, a + b)):
            continue
        low, high = max(low, b[0] - a[1]), min(high, b[1] - a[0])
    return low, high


def intervals(dataset, patient_id: str, reference: str, pairs: list[tuple[str, str]]) -> pd.DataFrame:
    """Days, and months of 30.44 days, between pairs of events or course day 0s (:func:`days_between`).

    Parameters
    ----------
    dataset : Dataset
    patient_id, reference : str
        The patient, and the course whose clock places the events.
    pairs : list of (str, str)
        ``(earlier, later)`` event ids, or course ids standing for their day 0.

    Returns
    -------
    pandas.DataFrame
        ``from``, ``to`` (in words), ``days`` and ``months`` ('158' or '436 to 439'), ``exact`` (bool).
    """
    rows = []
    for earlier, later in pairs:
        low, high = days_between(dataset, patient_id, reference, earlier, later)
        days = f"{low:g}" if low == high else f"{low:g} to {high:g}"
        months = (
            f"{low / DAYS_PER_MONTH:.1f}"
            if low == high
            else f"{low / DAYS_PER_MONTH:.1f} to {high / DAYS_PER_MONTH:.1f}"
        )
        rows.append(
            {
                "from": item_words(dataset, earlier),
                "to": item_words(dataset, later),
                "days": days,
                "months": months,
                "exact": low == high,
            }
        )
    return pd.DataFrame(rows)


def days_text(dataset, patient_id: str, reference: str, earlier: str, later: str) -> str:
    """The days between two events or course day 0s in words: '158 days', '436–439 days'.

    Parameters
    ----------
    dataset : Dataset
    patient_id, reference : str
        The patient and the course whose clock places the events.
    earlier, later : str
        Event ids, or course ids standing for their day 0.

    Returns
    -------
    str
    """
    low, high = days_between(dataset, patient_id, reference, earlier, later)
    return f"{low:g} days" if low == high else f"{low:g}–{high:g} days"


def dates_before(date: str, precision: str, days: tuple[float, float]) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The dates lying between ``days[0]`` and ``days[1]`` days before a date of the given precision."""
    first, last = date_interval(date, precision)
    return first - pd.Timedelta(days=days[1]), last - pd.Timedelta(days=days[0])


def day0_readings(
    dataset, anchor_event: str, readings: dict[str, tuple[float, float]], since: str | None = None
) -> pd.DataFrame:
    """Where day 0 of an undated course falls under each reading of the words that place its anchor.

    Parameters
    ----------
    dataset : Dataset
    anchor_event : str
        A dated event (e.g. the HSCT 'in February 2021').
    readings : dict of str to (float, float)
        Reading → fewest and most days from day 0 of the anchor's clock to the anchor.
    since : str, optional
        A day-dated event; adds the days from it to that day 0.

    Returns
    -------
    pandas.DataFrame
        ``reading``, ``days to the anchor``, ``day 0 from``/``to`` (dates); with ``since``: days from it, ``after it``.
    """
    events = dataset["events"].set_index("event_id")
    anchor = events.loc[anchor_event]
    rows = []
    for label, days in readings.items():
        first, last = dates_before(anchor["date"], anchor["date_precision"], days)
        row = {
            "reading": label,
            "days to the anchor": f"{days[0]:g} to {days[1]:g}",
            "day 0 from": f"{first:%Y-%m-%d}",
            "day 0 to": f"{last:%Y-%m-%d}",
        }
        if since is not None:
            start = pd.Timestamp(events.at[since, "date"])
            row[f"days from the {events.at[since, 'event_type']}"] = f"{(first - start).days} to {(last - start).days}"
            row["after it"] = "yes" if first > start else "no"
        rows.append(row)
    return pd.DataFrame(rows)


def landmark_pairs(dataset, patient_id: str, reference: str) -> list[tuple[str, str]]:
    """Consecutive landmarks of a patient's timeline, as (earlier, later) pairs for :func:`intervals`.

    The landmarks are each course's day 0 (by course id), each event dated to the day and each relapse after
    the first course (not a history event), in the order of their earliest day on the ``reference`` clock.

    Parameters
    ----------
    dataset : Dataset
    patient_id : str
    reference : str
        The course whose clock orders the landmarks.

    Returns
    -------
    list of tuple of (str, str)
        (earlier, later) course or event ids, one pair per consecutive landmarks.
    """
    events, offsets = _placed(dataset, patient_id, reference)
    relapse = (events["event_type"] == "relapse") & ~events["history"].astype(bool)
    dated = events[(events["date_precision"] == "day") | relapse]
    starts = {**{c: low for c, (low, _) in offsets.items()}, **dated["start"].to_dict()}
    ordered = sorted(starts, key=lambda item: (starts[item], item))
    return list(zip(ordered, ordered[1:]))


def stated_and_placed(dataset, patient_id: str) -> list[str]:
    """A patient's events with both a stated date and a day on a course clock (what :func:`stated_vs_placed` checks).

    The events that place a course's day 0 are left out: theirs agree by construction.

    Parameters
    ----------
    dataset : Dataset
    patient_id : str

    Returns
    -------
    list of str
        Event ids, in the order of the curated ``events`` table.
    """
    events = dataset["events"]
    anchors = set(dataset["courses"]["anchor_event"].dropna())
    on_a_clock = events["text_day"].notna() | events["text_day_min"].notna()
    chosen = (events["patient_id"] == patient_id) & events["date"].notna() & on_a_clock
    return list(events.loc[chosen & ~events["event_id"].isin(anchors), "event_id"])


def stated_vs_placed(dataset, patient_id: str, reference: str, event_ids: list[str]) -> pd.DataFrame:
    """Events with both a stated date and a day on a clock: does the day, turned into dates, overlap the stated date?

    Parameters
    ----------
    dataset : Dataset
    patient_id, reference : str
        The patient, and the course whose clock places the events.
    event_ids : list of str

    Returns
    -------
    pandas.DataFrame
        ``event`` (in words), ``stated date``, ``from its day`` (first to last date) and ``agrees`` ('yes'/'no').
    """
    events, _ = _placed(dataset, patient_id, reference)
    rows = []
    for eid in event_ids:
        e = events.loc[eid]
        first, last = event_dates(course_dates(dataset, patient_id), e)
        low, high = date_interval(e["date"], e["date_precision"])
        rows.append(
            {
                "event": row_words(dataset, "events", eid),
                "stated date": e["date"],
                "from its day": f"{first:%Y-%m-%d} to {last:%Y-%m-%d}",
                "agrees": "yes" if first <= high and last >= low else "no",
            }
        )
    return pd.DataFrame(rows)


def counted_events(
    dataset,
    patient_id: str,
    reference: str,
    event_type: str,
    after: str | None = None,
    exclude: str | None = None,
) -> pd.DataFrame:
    """The curated events of ``event_type`` placed after ``after`` (an event or course id), leaving out
    those whose detail contains ``exclude``: what a published count of such events counts."""
    events, offsets = _placed(dataset, patient_id, reference)
    chosen = events[events["event_type"] == event_type]
    if after is not None:
        low, _ = _span(events, offsets, after)
        chosen = chosen[chosen["end"] >= low]
    if exclude is not None:
        chosen = chosen[~chosen["detail"].fillna("").str.contains(exclude, regex=False)]
    return chosen


def count_check(
    dataset,
    stat_id: str,
    patient_id: str,
    reference: str,
    event_type: str,
    after: str | None = None,
    exclude: str | None = None,
) -> dict:
    """A published count of events (e.g. 'No signs of GVHD after allo-HSCT' = 0) against the events
    curated from the same text (:func:`counted_events`), named in words."""
    chosen = counted_events(dataset, patient_id, reference, event_type, after, exclude)
    stat = dataset["reported_statistics"].set_index("stat_id").loc[stat_id]
    published = float(stat["value"])
    return {
        "statistic": stat["statistic"],
        "published": published,
        "recomputed": float(len(chosen)),
        "events": "; ".join(row_words(dataset, "events", e) for e in chosen.index),
        "agrees": "yes" if published == len(chosen) else "no",
    }


def measure_ratio(dataset, study_id: str, measure: str) -> float:
    """The later of a study's two published statistics of one measure over the earlier (:func:`ratio`).

    Parameters
    ----------
    dataset : Dataset
    study_id : str
    measure : str
        The ``measure`` of the ``reported_statistics`` rows, e.g. 'peak'; later and earlier are in the curated
        table's order. A study without exactly two such statistics raises ``ValueError``.

    Returns
    -------
    float
    """
    stats = dataset["reported_statistics"]
    chosen = stats[(stats["study_id"] == study_id) & (stats["measure"] == measure)]
    if len(chosen) != 2:
        raise ValueError(f"report {study_id}: {len(chosen)} published statistics of measure {measure!r}, not 2")
    return ratio(dataset, "reported_statistics", *reversed(list(chosen["stat_id"])))


def ratio(dataset, table: str, numerator_id: str, denominator_id: str, field: str = "value") -> float:
    """One curated value divided by another (e.g. a second peak over a first).

    Parameters
    ----------
    dataset : Dataset
    table : str
    numerator_id, denominator_id : str
        Primary keys of the two rows of ``table``.
    field : str, default 'value'

    Returns
    -------
    float
    """
    frame = dataset[table].set_index(dataset.key(table))
    return float(frame.at[numerator_id, field]) / float(frame.at[denominator_id, field])
