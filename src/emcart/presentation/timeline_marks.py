"""Evidence marks of tables that place a patient's events on the course clocks: days between events, stated
dates against the clocks, the lesions of imaging, and day 0 under each reading of the words placing its anchor;
each cell named by its curated cells or derived from them."""

from __future__ import annotations

import dataclasses

import pandas as pd

from emcart.analysis import consistency
from emcart.analysis.consistency import item_words
from emcart.model.timeline import calendar_months
from emcart.model.vocabulary import DAYS_PER_MONTH
from emcart.presentation import evidence, lesions
from emcart.presentation.derivations import DAY_FIELDS, row_keys
from emcart.presentation.tables import Table

COURSE_FIELDS = ("first_text_day", "day0_date", "day0_date_latest", "day0_date_precision")
CLOCKS = "placed on each clock of the patient (its day, bounds or date, and each course's day 0)"


def is_course(dataset, item: str) -> bool:
    """Whether ``item`` is a course id (standing for its day 0) rather than an event id."""
    return item in set(dataset["courses"]["course_id"])


def timing_keys(dataset, item: str) -> tuple[str, ...]:
    """The keys of the cells placing an event, or a course's day 0, in time."""
    if is_course(dataset, item):
        return row_keys(dataset, "courses", item, COURSE_FIELDS)
    return row_keys(dataset, "events", item, DAY_FIELDS)


def clock_keys(dataset, patient_id: str) -> tuple[str, ...]:
    """The keys of the cells placing each course of the patient (its day 0, dates and anchor) on the calendar."""
    courses = dataset["courses"].query("patient_id == @patient_id")["course_id"]
    return tuple(k for c in courses for k in row_keys(dataset, "courses", c, COURSE_FIELDS))


def name_mark(dataset, item: str):
    """The mark of a cell naming an event or a course: its main curated cell, else a derivation from its times."""
    table = "courses" if is_course(dataset, item) else "events"
    key = evidence.main_key(dataset, table, item)
    return key or evidence.Derivation(f"{item_words(dataset, item)}.", timing_keys(dataset, item))


def interval_marks(dataset, patient_id: str, frame: pd.DataFrame, pairs: list[tuple[str, str]]) -> pd.DataFrame:
    """Evidence marks of a table of days between events (:func:`emcart.analysis.consistency.intervals`).

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    patient_id : str
        The patient whose course clocks place the events.
    frame : pandas.DataFrame
        The table of intervals, one row per pair.
    pairs : list of (str, str)
        The ``(earlier, later)`` event or course ids of ``frame``'s rows, in order.

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: each end its curated event or course; the days, months and exactness
        derivations from both ends' times and the clocks.
    """
    clocks = clock_keys(dataset, patient_id)
    rows = []
    for (earlier, later), (_, row) in zip(pairs, frame.iterrows()):
        keys = tuple(dict.fromkeys(timing_keys(dataset, earlier) + timing_keys(dataset, later) + clocks))
        span = f"from {row['from']} to {row['to']}"
        days = (
            f"{row['days']} days {span}: the fewest and most days between the two, each {CLOCKS}; "
            "the bounds every clock gives, intersected."
        )
        low, _, high = str(row["days"]).partition(" to ")
        months = " to ".join(f"{d} / {DAYS_PER_MONTH:g}" for d in (low, high) if d)
        rows.append(
            [
                name_mark(dataset, earlier),
                name_mark(dataset, later),
                evidence.Derivation(days, keys),
                evidence.Derivation(f"{months} = {row['months']} months (of {DAYS_PER_MONTH:g} days).", keys),
                evidence.Derivation(
                    f"{row['exact']}: the fewest and most days {span} are "
                    f"{'equal' if row['exact'] else 'not equal'} ({row['days']}).",
                    keys,
                ),
            ]
        )
    return pd.DataFrame(rows, dtype=object)


def stated_marks(dataset, patient_id: str, frame: pd.DataFrame, event_ids: list[str]) -> pd.DataFrame:
    """Evidence marks of a table of stated dates against the course clocks.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    patient_id : str
        The patient whose course clocks place the events.
    frame : pandas.DataFrame
        The table, one row per event (:func:`emcart.analysis.consistency.stated_vs_placed`).
    event_ids : list of str
        The events of ``frame``'s rows, in order.

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: the event and its stated date their curated cells; its dates from its
        day on the clock and the agreement derivations.
    """
    clocks = clock_keys(dataset, patient_id)
    rows = []
    for eid, (_, row) in zip(event_ids, frame.iterrows()):
        keys = tuple(dict.fromkeys(row_keys(dataset, "events", eid, DAY_FIELDS) + clocks))
        rows.append(
            [
                name_mark(dataset, eid),
                evidence.cell_key("events", eid, "date"),
                evidence.Derivation(
                    f"The event's stated day on its course clock, turned into dates by that course's day 0: "
                    f"{row['from its day']}.",
                    keys,
                ),
                evidence.Derivation(
                    f"{row['agrees']}: the dates from its day ({row['from its day']}) "
                    f"{'overlap' if row['agrees'] == 'yes' else 'do not overlap'} the stated {row['stated date']}.",
                    keys,
                ),
            ]
        )
    return pd.DataFrame(rows, dtype=object)


def first_key(dataset, table: str, row_id: str, fields: tuple[str, ...]):
    """The key of the first of ``fields`` of a curated row that has provenance, else None."""
    keys = row_keys(dataset, table, row_id, fields)
    return next(
        (evidence.cell_key(table, row_id, f) for f in fields if evidence.cell_key(table, row_id, f) in keys), None
    )


def lesion_table(dataset, patient_id: str, reference: str, table_id: str, caption: str) -> Table:
    """A patient's lesions at each imaging time point, with each cell's evidence.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    patient_id : str
        The patient.
    reference : str
        The course whose clock orders the time points.
    table_id, caption : str
        The table's id and caption.

    Returns
    -------
    Table
        :func:`emcart.presentation.lesions.table`: one row per lesion and time point (site, clock, time point,
        dimensions, volume (cm³, derived), finding). Site, clock, time point and finding are marked with the imaging
        event's curated cells; dimensions and volume are derived from the measurements.
    """
    shown = lesions.table(dataset, patient_id, reference, table_id, caption)
    full = lesions.frame(dataset, patient_id, reference)
    courses = dataset["events"].set_index("event_id")["course_id"]
    rows = []
    for _, row in full.iterrows():
        eid, ids = row["event_id"], [m for m in row["measurement_ids"].split(", ") if m]
        sizes = tuple(k for m in ids for k in row_keys(dataset, "measurements", m, ("compartment", "value", "unit")))
        dims = row["dimensions"].removesuffix(" cm").replace("×", "·")
        rows.append(
            [
                first_key(dataset, "events", eid, ("site",)),
                name_mark(dataset, courses[eid]),
                first_key(dataset, "events", eid, ("text_day", "text_day_min")),
                evidence.Derivation(f"The printed dimensions, in the order of the text: {row['dimensions']}.", sizes)
                if ids
                else None,
                evidence.Derivation(f"π/6 · {dims} = {row['volume (cm³, derived)']} cm³.", sizes) if ids else None,
                first_key(dataset, "events", eid, ("detail", "event_type")),
            ]
        )
    return dataclasses.replace(shown, marks=pd.DataFrame(rows, dtype=object))


def _day0_marks(dataset, frame: pd.DataFrame, anchor_event: str, since: str) -> pd.DataFrame:
    """Marks of :func:`emcart.analysis.consistency.day0_readings`'s table of ``anchor_event`` counted ``since`` a
    day-dated event: every cell a derivation from the anchor's date and stated days and the event's date."""
    anchor = row_keys(dataset, "events", anchor_event, DAY_FIELDS + ("date_precision",))
    start = row_keys(dataset, "events", since, ("event_type", "date"))
    events = dataset["events"].set_index("event_id")
    dated = f"{events.at[anchor_event, 'event_type']} ({events.at[anchor_event, 'date']})"
    since_column = frame.columns[4]
    rows = []
    for _, row in frame.iterrows():
        days, first, last = row["days to the anchor"], row["day 0 from"], row["day 0 to"]
        words = [
            f"A reading of the words placing the {dated} on the first course's clock: {row['reading']}.",
            f"{days} days from day 0 to the {dated} under this reading (months by the calendar).",
            f"The first day of the {dated}'s stated period minus the most days ({days}).",
            f"The last day of the {dated}'s stated period minus the fewest days ({days}).",
            f"Days from the {since_column.removeprefix('days from the ')} ({events.at[since, 'date']}) to the "
            f"first and the last possible day 0 ({first} to {last}): {row[since_column]}.",
            f"{row['after it']}: the earliest possible day 0 ({first}) "
            f"{'falls' if row['after it'] == 'yes' else 'does not fall'} after {events.at[since, 'date']}.",
        ]
        inputs = [anchor, anchor, anchor, anchor, anchor + start, anchor + start]
        rows.append([evidence.Derivation(w, k) for w, k in zip(words, inputs)])
    return pd.DataFrame(rows, dtype=object)


def day0_readings(dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Day 0 of the course an anchor event places, under each curated reading (``anchor_readings``).

    A reading takes the anchor's stored days, or a number of calendar months from day 0. Each is counted since
    the patient's first event dated to the day.

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding one report's anchor and its readings.

    Returns
    -------
    frame : pandas.DataFrame
        One row per reading: ``reading``, ``days to the anchor``, ``day 0 from`` and ``day 0 to`` (dates), the days
        from the first day-dated event, and ``after it`` ('yes'/'no').
    marks : pandas.DataFrame
        The table's evidence marks.
    """
    readings = dataset["anchor_readings"]
    (anchor,) = readings["event_id"].unique()
    events = dataset["events"].set_index("event_id")
    own = events[events["patient_id"] == events.at[anchor, "patient_id"]]
    since = own[own["date_precision"].eq("day")].index[0]
    stored = tuple(events.loc[anchor, ["text_day_min", "text_day_max"]])
    days = {
        r["reading"]: stored if pd.isna(r["months"]) else calendar_months(int(r["months"]))
        for _, r in readings.iterrows()
    }
    frame = consistency.day0_readings(dataset, anchor, days, since=since)
    return frame, _day0_marks(dataset, frame, anchor, since)
