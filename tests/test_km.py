"""Kaplan–Meier reconstruction: every configuration reproduces the published estimates, and stated
facts reject the configurations that contradict them."""

from __future__ import annotations

from fractions import Fraction

import pytest

import emcart
from emcart.analysis import km
from emcart.presentation import km_readings
from emcart.presentation.figures import survival
from emcart.reports import report_a_km

FIGURE = report_a_km.FIGURE

# Report A's published EFS estimates (the values are also read from the data in test_estimates_come_from_the_data).
A_ESTIMATES = [
    km.Estimate(12, 68.57, "A-EFS-12"),
    km.Estimate(24, 51.43, "A-EFS-24"),
    km.Estimate(24, 51.4, "A-EFS-24-abstract"),
]


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


@pytest.fixture(scope="module")
def configurations():
    return km.enumerate_configurations(8, A_ESTIMATES)


def test_estimates_come_from_the_data(data):
    assert sorted((e.time, e.percent) for e in km_readings.estimates(data, FIGURE)) == sorted(
        (e.time, e.percent) for e in A_ESTIMATES
    )


def test_ten_configurations_share_one_step_structure(configurations):
    assert len(configurations) == 10
    assert {c.segments[0] for c in configurations} == {"CECE"}
    assert {c.segments[1] for c in configurations} == {"E", "EC", "ECC", "ECCC"}
    for c in configurations:
        assert [(s.interval, s.at_risk) for s in c.steps()] == [(0, 7), (0, 5), (1, 4)]
        assert c.at_risk()[:2] == [8, 4]


@pytest.mark.parametrize("index", range(10))
def test_each_configuration_reproduces_the_published_estimates_exactly(configurations, index):
    c = configurations[index]
    s12, s24 = c.survival()
    assert s12 == Fraction(24, 35) and s24 == Fraction(18, 35)
    assert round(100 * float(s12), 2) == 68.57
    assert round(100 * float(s24), 2) == 51.43
    assert round(100 * float(s24), 1) == 51.4


@pytest.mark.parametrize("index", range(10))
def test_each_configuration_reproduces_the_estimates_with_lifelines(configurations, index):
    times = km.display_times(configurations, 5.93, 39.97)
    fitted = survival.fitter(*times[configurations[index]], label="t")
    assert round(100 * float(fitted.predict(12.0)), 2) == 68.57
    assert round(100 * float(fitted.predict(24.0)), 2) == 51.43


def test_no_other_fraction_rounds_to_the_estimates():
    """68.57% at 12 months alone already forces 6/7 × 4/5: a censoring, an event with 7 at risk, a
    censoring, an event with 5 at risk (later censorings before 12 months are excluded only by 51.43%)."""
    found = km.enumerate_configurations(8, [km.Estimate(12, 68.57)])
    assert {tuple(s.at_risk for s in c.steps()) for c in found} == {(7, 5)}
    assert {c.segments[0][:4] for c in found} == {"CECE"}


def test_a_small_case_is_enumerated_completely():
    found = km.enumerate_configurations(2, [km.Estimate(1, 50.0)])
    assert sorted((c.segments, c.tail_events, c.tail_censored) for c in found) == [
        (("E",), 0, 1),
        (("E",), 1, 0),
        (("EC",), 0, 0),
    ]


def test_a_configuration_violating_the_event_count_is_rejected(configurations):
    three = km.total_events(3)
    kept = [c for c in configurations if three(c)]
    assert len(kept) == 4 and all(c.tail_events == 0 for c in kept)
    violating = next(c for c in configurations if c.tail_events == 1)
    assert not three(violating)
    assert km.rejections([violating], [three]) == {violating: ["3 events in all"]}
    assert violating not in km.enumerate_configurations(8, A_ESTIMATES, [three])


def test_a_configuration_violating_the_follow_up_is_rejected(configurations):
    # Every configuration censors two patients before 12 months: impossible if nobody is followed less than 13.
    assert km.enumerate_configurations(8, A_ESTIMATES, [km.follow_up(13, 39.97)]) == []
    # A mean of 39 months is out of reach when two patients are censored before 12 months.
    assert not any(km.follow_up(5.93, 39.97, 39.0)(c) for c in configurations)
    assert all(km.follow_up(5.93, 39.97, 21.9)(c) for c in configurations)
    # Nothing can happen after the longest follow-up.
    assert km.enumerate_configurations(8, A_ESTIMATES, [km.follow_up(5.93, 24.0), km.total_events(4)]) == []


def test_time_bounds_follow_from_the_shortest_follow_up(configurations):
    c = next(c for c in configurations if c.segments[1] == "E" and c.tail_events == 1)
    items = c.items(5.93, 39.97)
    assert [(i.kind, i.interval) for i in items] == [
        ("censoring", 0),
        ("event", 0),
        ("censoring", 0),
        ("event", 0),
        ("event", 1),
        ("event", 2),
        ("censoring", 2),
        ("censoring", 2),
    ]
    first_event = items[1]
    assert (first_event.low, first_event.high) == (5.93, 12.0)  # no event before the shortest follow-up
    assert (items[4].low, items[4].high) == (12.0, 24.0)
    assert items[5].high == 39.97 and not items[5].ordered
    assert "E1 in (5.93, 12]" in km.describe_bounds(c, "months", 5.93, 39.97)


def test_a_censoring_that_does_not_end_follow_up_may_precede_the_shortest_follow_up():
    # Four patients, 2/3 at 10 months: a censoring, then an event, before 10. With nobody followed for less
    # than 12 months, the censoring must be one that does not end follow-up (at a transplant, say).
    estimates = [km.Estimate(10, 66.67)]
    ends = km.follow_up(12, 30)
    free = km.follow_up(12, 30, free_censorings=1)
    found = km.enumerate_configurations(4, estimates)
    assert len(found) == 6 and {c.segments[0] for c in found} == {"CE", "CEC", "CECC"}
    assert km.enumerate_configurations(4, estimates, [ends]) == []
    one = km.enumerate_configurations(4, estimates, [free])
    assert [c.segments[0] for c in one] == ["CE"] * 3  # a second early censoring would end follow-up too soon
    # Two patients censored at such events: each configuration needs two censorings, and allows two early.
    two = km.enumerate_configurations(4, estimates, [km.follow_up(12, 30, free_censorings=2)])
    assert sorted(c.label() for c in two) == [
        "C E C | after: 0 E, 1 C",
        "C E C | after: 1 E, 0 C",
        "C E | after: 0 E, 2 C",
        "C E | after: 1 E, 1 C",
    ]
    c = one[0]
    assert [(i.low, i.high) for i in c.item_bounds(12, 30, 1)[:2]] == [(0.0, 10.0), (0.0, 10.0)]
    assert [i.ends_follow_up for i in c.items(12, 30, frozenset({0}))[:2]] == [False, True]
    assert "C1 in (0, 10]" in km.describe_bounds(c, "months", 12, 30, 1)
    assert "C1 in [12, 10]" in km.describe_bounds(c, "months", 12, 30)  # no time: the bounds cross


def test_display_times_keep_order_bounds_and_shared_slots(configurations):
    times = km.display_times(configurations, 5.93, 39.97)
    for c, (ts, observed) in times.items():
        assert all(a < b for a, b in zip(ts, ts[1:]))
        assert all(t >= 5.93 for t, e in zip(ts, observed) if not e)
        assert sum(t <= 12 for t in ts) == 4 and sum(12 < t <= 24 for t in ts) == len(c.segments[1])
    first = {tuple(times[c][0][:5]) for c in configurations}
    assert len(first) == 1  # the same curve up to the third event in every configuration


def test_readings_of_the_event_definition(data, configurations):
    readings = km_readings.readings(data, FIGURE)
    printed, without = readings.values()
    as_printed = [c for c in configurations if all(rule(c) for rule in printed)]
    not_counted = [c for c in configurations if all(rule(c) for rule in without)]
    assert len(as_printed) == 3 and all(c.events == 4 and c.tail_events == 1 for c in as_printed)
    assert len(not_counted) == 4 and all(c.events == 3 and c.tail_events == 0 for c in not_counted)
    assert all(sum(s.interval <= 1 for s in c.steps()) == 3 for c in configurations)  # 3 events by 24 months


def test_censoring_the_hsct_changes_the_first_event_not_the_configurations(data, configurations):
    strict = km_readings.consistent(data, FIGURE)
    free = km_readings.consistent(data, FIGURE, True)
    assert [len(found) for found in strict.values()] == [3, 4]
    assert [len(found) for found in free.values()] == [3, 4]
    assert [set(found) for found in strict.values()] == [set(found) for found in free.values()]
    names = list(km_readings.readings(data, FIGURE, True).values())[-1][0].name
    assert "S001 censored at the HSCT" in names
    first = {km_readings.first_event(data, FIGURE, flag).low for flag in (False, True)}
    assert first == {5.93, 0.0}
    table = km_readings.censoring_table(data, FIGURE, "EFS", "T", "t").frame
    assert table["configurations"].tolist() == [3, 4, 4]
    assert table.iloc[-1, -1].startswith("censoring 1 in (0, 12]; event 1 in (0, 12]; censoring 2 in [5.93, 12]")
    words = km_readings.changes(data, FIGURE)
    assert "the same 4 configurations" in words and "keeps its 3" in words and "7, 5, 4 patients" in words


def test_summary_and_figure(configurations):
    frame = km.summary(configurations, "months", 5.93, 39.97)
    assert len(frame) == 10
    assert set(frame["events in (0, 12] months (at risk)"]) == {"2 (7, 5)"}
    assert set(frame["EFS at 24 (exact)"]) == {"18/35 = 51.4286%"}
    groups = {"one": configurations[:3], "two": configurations[3:5]}
    first = survival.figure(groups, A_ESTIMATES, "t-km", "Test", min_follow_up=5.93, max_follow_up=39.97)
    second = survival.figure(groups, A_ESTIMATES, "t-km", "Test", min_follow_up=5.93, max_follow_up=39.97)
    assert first._repr_mimebundle_() == second._repr_mimebundle_()
    curves = [t for t in first.interactive.data if t.mode == "lines"]
    assert len(curves) == 5
    published = [t for t in first.interactive.data if t.name == "published estimate"]
    assert sorted(published[0].y) == [0.514, 0.5143, 0.6857]
    assert "68.57% at 12 months" in first.alt
    assert curves[0].y[-1] == pytest.approx(18 / 35)  # C E C E | E | after: 0 E, 3 C ends at 51.43%


def test_curve_labels_match_the_figure(configurations):
    groups = {"one": configurations[:2], "two": configurations[2:3]}
    labels = survival.curve_labels(groups)
    assert [labels[c] for c in configurations[:3]] == ["A1", "A2", "B1"]
    figure = survival.figure(groups, A_ESTIMATES, "t", "T")
    assert [t.name.split(":")[0] for t in figure.interactive.data if t.mode == "lines"] == ["A1", "A2", "B1"]


def test_report_a_table_names_the_drawn_curves(data, configurations):
    frame = km_readings.configurations(data, FIGURE, "EFS", "Figure 1B")
    assert sorted(frame["curve in Figure 1B"]) == ["A1", "A2", "A3", "B1", "B2", "B3", "B4"] + ["not drawn"] * 3
