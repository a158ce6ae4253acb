"""Placing events of several clocks on one timeline, and the swimmer plot built from them."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import emcart
from emcart.model import timeline
from emcart.model.vocabulary import DAYS_PER_MONTH
from emcart.presentation.figures import swimmer

# The clock and swimmer mechanics are tested on report C as first curated: seven events on the
# immunotherapy clocks and no HSCT clocks (the tests build what they need on top of it). The full
# transcription is tested in test_report_c.py.
FIRST_EVENTS = ["C-1/1-CRS", "C-1/1-HSCT", "C-2/1-CRS", "C-5/1-ICANS", "C-6/1-CRS", "C-7/1-CRS", "C-7/1-relapse"]


@pytest.fixture
def data():
    data = emcart.load(check_sources=False)
    events, courses = data.tables["events"], data.tables["courses"]
    data.tables["events"] = events[events["event_id"].isin(FIRST_EVENTS)].reset_index(drop=True)
    courses = courses[courses["therapy"] != "HSCT"].reset_index(drop=True)
    courses["anchor_event"] = pd.NA
    data.tables["courses"] = courses
    return data


@pytest.fixture
def full():
    return emcart.load(check_sources=False)


def _add(data, _name: str, **row) -> None:
    frame = data.tables[_name]
    new = pd.DataFrame([{column: row.get(column, pd.NA) for column in frame.columns}]).astype(frame.dtypes.to_dict())
    data.tables[_name] = pd.concat([frame, new], ignore_index=True)


def _hsct_course(data) -> None:
    """An HSCT clock anchored on case 1's HSCT event (day 173), with one event at 'about day 42'."""
    _add(
        data,
        "courses",
        course_id="C-1/3",
        study_id="C",
        patient_id="C-1",
        course_number=3,
        therapy="HSCT",
        first_text_day=0,
        anchor_event="C-1/1-HSCT",
    )
    _add(
        data,
        "events",
        event_id="C-1/3-PTLD",
        patient_id="C-1",
        course_id="C-1/3",
        event_type="PTLD",
        text_day_min=40,
        text_day_max=44,
        day_qualifier="interval",
        history=False,
    )
    _add(
        data,
        "provenance",
        table="events",
        row_id="C-1/3-PTLD",
        field="event_type",
        locator="Case 1 narrative",
        source_file="003_b98ce3abb191c710.txt",
        snippet="post-transplant lymphoproliferative",
    )


def test_date_intervals_follow_precision():
    assert timeline.date_interval("2021-02", "month") == (pd.Timestamp("2021-02-01"), pd.Timestamp("2021-02-28"))
    assert timeline.date_interval("2021", "year")[1] == pd.Timestamp("2021-12-31")
    assert timeline.date_interval("2021-09-29", "day") == (pd.Timestamp("2021-09-29"),) * 2


def test_anchor_events_chain_clocks_both_ways(data):
    _hsct_course(data)
    assert timeline.course_offsets(data, "C-1", "C-1/1")["C-1/3"] == (173.0, 173.0)
    assert timeline.course_offsets(data, "C-1", "C-1/3")["C-1/1"] == (-173.0, -173.0)
    placed = timeline.placed_events(data, "C-1", "C-1/1").set_index("event_id")
    assert (placed.at["C-1/3-PTLD", "start"], placed.at["C-1/3-PTLD", "end"]) == (213.0, 217.0)


def test_dated_courses_place_each_other_and_dated_events(data):
    courses = data.tables["courses"]
    courses.loc[courses["course_id"] == "C-1/1", ["day0_date", "day0_date_precision"]] = ["2020-01-10", "day"]
    courses.loc[courses["course_id"] == "C-1/2", ["day0_date", "day0_date_precision"]] = ["2020-09", "month"]
    assert timeline.course_offsets(data, "C-1", "C-1/1")["C-1/2"] == (235.0, 264.0)
    _add(
        data,
        "events",
        event_id="C-1/1-last",
        patient_id="C-1",
        course_id="C-1/1",
        event_type="last contact",
        day_qualifier="none",
        history=False,
        date="2020-03-01",
        date_precision="day",
    )
    placed = timeline.placed_events(data, "C-1", "C-1/1").set_index("event_id")
    assert placed.at["C-1/1-last", "start"] == placed.at["C-1/1-last", "end"] == 51.0


def test_unplaceable_events_have_no_position(data):
    _add(
        data,
        "events",
        event_id="C-1/2-x",
        patient_id="C-1",
        course_id="C-1/2",
        event_type="CR",
        text_day=28,
        day_qualifier="approx",
        history=False,
    )
    placed = timeline.placed_events(data, "C-1", "C-1/1").set_index("event_id")
    assert math.isnan(placed.at["C-1/2-x", "start"])


def test_lanes_hatch_unstated_follow_up_to_the_horizon(data):
    lane = swimmer.lanes(data, ["C-7"], horizon=400)[0]
    assert (lane.follow_up, lane.stated, lane.ongoing) == ((177.0, 400.0), False, False)


def test_swimmer_draws_every_placed_event_with_its_source(data):
    fig = swimmer.figure(data, ["C-1", "C-7"], "t-sw", "Test", horizon=400)
    traces = {t.name: t for t in fig.interactive.data if t.type == "scatter"}
    assert list(traces["relapse"].x) == [177.0] and list(traces["relapse"].y) == ["case 7"]
    assert "Case 7 narrative" in traces["relapse"].hovertext[0]
    assert sorted(traces["CRS onset"].x) == [4.0, 7.0]
    assert "case 1: follow-up not stated (at most 400) days; CRS onset at 4; HSCT at 173." in fig.alt


def test_swimmer_in_months_and_interval_markers(data):
    _hsct_course(data)
    fig = swimmer.figure(data, ["C-1"], "t-sw", "Test", horizon=400, unit="months")
    ptld = next(t for t in fig.interactive.data if t.name == "PTLD")
    assert ptld.x[0] == pytest.approx(215 / DAYS_PER_MONTH)
    assert ptld.error_x.array[0] == pytest.approx(2 / DAYS_PER_MONTH)
