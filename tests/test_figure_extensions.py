"""Swimmer: a floor for unstated follow-up and dodged markers; kinetics: undated values and several patients."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import emcart
from emcart.model.definitions import stated_limit
from emcart.presentation.figures import kinetics, kinetics_points, swimmer, swimmer_lanes
from emcart.presentation.figures.markers import LATER_COURSE

A = [f"A-S00{k}" for k in range(1, 9)]


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


def test_floor_draws_unstated_follow_up_solid_up_to_it(data):
    without = swimmer.lanes(data, ["A-S002"], horizon=400)[0]
    with_floor = swimmer.lanes(data, ["A-S002"], horizon=400, floor=300)[0]
    assert without.follow_up == (0.0, 400.0) and without.floor is None
    assert with_floor.follow_up == (300.0, 400.0) and with_floor.floor == 300
    stated = swimmer.lanes(data, ["C-7"], horizon=400, floor=300)[0]  # lost to follow-up: follow-up is stated
    assert stated.follow_up == (177.0, 400.0) and stated.floor is None
    fig = swimmer.figure(data, ["A-S001"], "t", "T", horizon=600, floor=180)
    assert (
        "S001: follow-up not stated (between 180 and 600) days; CR after 0; CRS onset after 0; HSCT after 0." in fig.alt
    )


def test_dodge_gives_each_kind_its_own_row(data):
    lane = swimmer.lanes(data, ["A-S002"], horizon=600)[0]
    assert set(swimmer.offsets(lane, dodge=False).values()) == {0.0}
    shifts = swimmer.offsets(lane, dodge=True)
    assert list(shifts) == ["CR", "relapse", "CRS onset", LATER_COURSE]
    assert shifts["CR"] == pytest.approx(0.3) and shifts[LATER_COURSE] == pytest.approx(-0.3)
    fig = swimmer.figure(data, ["A-S001", "A-S002"], "t", "T", horizon=600, floor=180, dodge=True)
    relapse = next(t for t in fig.interactive.data if t.name == "relapse")
    assert list(relapse.y) == [pytest.approx(0 + 0.1)] * 2 + [None]  # S002 is the lower lane (row 0)
    assert list(fig.interactive.layout.yaxis.ticktext) == ["S001", "S002"]
    plain = swimmer.figure(data, ["A-S001", "A-S002"], "t", "T", horizon=600, floor=180)
    assert list(next(t for t in plain.interactive.data if t.name == "relapse").y) == ["S002", "S002", None]


def test_unbounded_events_span_to_the_horizon(data):
    fig = swimmer.figure(data, ["A-S001"], "t", "T", horizon=600, floor=180)
    hsct = [t for t in fig.interactive.data if t.name == "HSCT"]
    # an open-ended span is a span from its earliest day to the horizon, without a marker (no time is stated)
    assert [t.mode for t in hsct] == ["lines"] and list(hsct[0].x) == [0, pytest.approx(600), None]


def test_a_marker_only_where_the_span_is_narrower_than_the_axis_can_show(data):
    assert swimmer_lanes.is_point(10, 10, 0) and swimmer_lanes.is_point(10, 12, 5)
    assert not swimmer_lanes.is_point(10, 40, 5) and not swimmer_lanes.is_point(10, math.inf, 5)


def test_figure_offers_its_data_as_a_table(data):
    fig = swimmer.figure(data, ["A-S001"], "t", "T", horizon=600, floor=180, unit="months")
    table = fig.table().set_index("item")
    assert table.at["HSCT", "from (months)"] == 0 and pd.isna(table.at["HSCT", "to (months)"])
    assert "follow-up not stated: drawn" in table.index
    assert fig.csv().splitlines()[0] == "patient,item,from (months),to (months),source"
    assert '<template class="emcart-figure-data">patient,item' in fig.html()


def test_undated_value_is_a_line_across_the_panel(data):
    ids = ["A-S004/1-IL6-CSF-d6", "A-S003/1-IL6-peak"]
    points = kinetics.points(data, ids)
    assert math.isnan(kinetics_points.position(next(points.iloc[[1]].itertuples())))
    fig = kinetics.figure(data, ids, "t", "T")
    undated = next(t for t in fig.interactive.data if "day not stated" in t.name)
    # 'after day 0': from its bound to beyond the panel's last day (a tenth of the span, at least 5 days)
    assert list(undated.x) == [0.0, 11.0] and list(undated.y) == [60618.45, 60618.45]
    assert list(undated.marker.size) == [12, 0] and undated.line.dash == "dot"
    assert fig.png().startswith(b"\x89PNG")


def test_history_value_ends_at_its_bound_and_a_stated_limit_is_drawn(data):
    ids = ["C-6/1-MRD-pre", "C-6/1-MRD-post", "C-7/1-MRD-relapse"]
    limit = stated_limit(data, "C-M-MRDneg")
    assert (limit.comparator, limit.value, limit.words) == ("<", 0.01, "< 0.01%")
    fig = kinetics.figure(data, ids, "t", "T", colour_by="patient", limits={"MRD": limit})
    before = next(t for t in fig.interactive.data if t.name.startswith("case 6") and t.x[1] == -1)
    assert before.x[0] < -1 and list(before.marker.size) == [0, 12]
    assert (
        "before the course, day not stated: about 0.65 %" in fig.alt and "dashed line: MRD-negative: < 0.01%" in fig.alt
    )
    assert [s.y0 for s in fig.interactive.layout.shapes] == [0.01]
    assert fig.interactive.layout.annotations[-1].y == pytest.approx(-2)  # log axis: log10(0.01)
    colours = {t.name.split(",")[0]: t.line.color for t in fig.interactive.data}
    assert colours["case 6"] != colours["case 7"]
    with pytest.raises(ValueError, match="one stated percentage limit, found 0"):
        stated_limit(data, "C-M-relapse")
    with pytest.raises(ValueError, match="colour_by"):
        kinetics.figure(data, ids, "t", "T", colour_by="course")


def test_several_patients_are_separate_series(data):
    ids = ["A-S004/1-IL6-PB-d6", "A-S005/1-CAR-PB-d3", "A-S005/1-CAR-CSF-d3"]
    fig = kinetics.figure(data, ids, "t", "T")
    names = [t.name for t in fig.interactive.data]
    assert names == ["S004, PB, course 1", "S005, PB, course 1", "S005, CSF, course 1"]
    single = kinetics.figure(data, ["A-S004/1-IL6-PB-d6"], "t", "T")
    assert [t.name for t in single.interactive.data] == ["PB, course 1"]
    assert single.alt == "T. IL-6 in PB (course 1), day 6: 26.62 pg/mL"


def test_values_keep_every_printed_digit(data):
    fig = kinetics.figure(data, ["A-S003/1-IL6-peak"], "t", "T")
    assert "60618.45" in fig.alt and "60618.45" in fig.interactive.data[0].hovertext[0]
