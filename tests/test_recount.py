"""Unit tests of the generic comparison logic: published against recomputed statistics, follow-up
feasibility and per-patient facts, on small constructed inputs and the curated data."""
from __future__ import annotations

import math

import pandas as pd
import pytest

import emcart
from emcart.audit import recount
from emcart.audit.recount import Recomputed
from emcart.model import followup, outcomes


def _row(**cells):
    base = {"numerator": pd.NA, "denominator": pd.NA, "value": 0.0, "value_qualifier": "exact", "unit": "count"}
    base.update(cells)
    return pd.Series(base)


@pytest.mark.parametrize("row, recomputed, expected", [
    (_row(numerator=5, denominator=7, value=71.4, unit="percent"), Recomputed(500 / 7, 5, 7), "match within rounding"),
    (_row(numerator=1, denominator=4, value=25.0, unit="percent"), Recomputed(25.0, 1, 4), "match"),
    (_row(numerator=2, denominator=4, value=50.0, unit="percent"), Recomputed(25.0, 1, 4), "mismatch"),
    (_row(numerator=3, denominator=7, value=42.9, unit="percent"), Recomputed(300 / 7, 3, 7), "match within rounding"),
    (_row(numerator=3, denominator=7, value=42.8, unit="percent"), Recomputed(300 / 7, 3, 7), "mismatch"),
    (_row(numerator=2, denominator=3, value=66.7, unit="percent"), Recomputed(200 / 3, 2, 4), "mismatch"),
    (_row(value=6.0, value_qualifier="approx", unit="months"), Recomputed(173 / 30.4375), "match within rounding"),
    (_row(value=14.0, value_qualifier="approx", unit="months"), Recomputed(499 / 30.4375), "mismatch"),
    (_row(value=10.0, value_qualifier="lower_bound", unit="count"), Recomputed(12.0), "match"),
    (_row(value=10.0, value_qualifier="upper_bound", unit="count"), Recomputed(12.0), "mismatch"),
    (_row(value=541.0, unit="days"), None, "not recomputable"),
])
def test_status_compares_count_and_value_at_published_precision(row, recomputed, expected):
    assert recount.status(row, recomputed) == expected


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


def test_compare_demands_a_reason_for_every_non_match_and_none_for_a_match(data):
    ids = ["C-CR-all", "C-followup"]
    recomputed = {"C-CR-all": Recomputed(500 / 7, 5, 7, ("C-1",)), "C-followup": None}
    with pytest.raises(recount.AuditError, match="C-followup: not recomputable without a reason"):
        recount.compare(data, ids, recomputed, {})
    with pytest.raises(recount.AuditError, match="C-CR-all: matches, but a reason is given"):
        recount.compare(data, ids, recomputed, {"C-CR-all": "x", "C-followup": "y"})
    with pytest.raises(recount.AuditError, match="no recomputation given"):
        recount.compare(data, ids, {"C-CR-all": recomputed["C-CR-all"]}, {"C-followup": "y"})
    frame = recount.compare(data, ids, recomputed, {"C-followup": "y"}, remarks={"C-CR-all": "r"})
    assert frame["status"].tolist() == ["match within rounding", "not recomputable"]
    assert frame["published"].tolist() == ["5 (71.4%)", "541 days"]
    assert frame["recomputed"].tolist() == ["5 (71.4%)", ""]
    assert frame["counted"].tolist() == ["case 1", ""]
    assert frame["reason or remark"].tolist() == ["r", "y"]
    assert recount.summary(frame).to_dict() == {"match": 0, "match within rounding": 1, "mismatch": 0,
                                                "not recomputable": 1}


def test_recomputed_from_a_count():
    count = outcomes.Count(2, 4, ("C-3", "C-4"))
    assert Recomputed.of(count, "percent") == Recomputed(50.0, 2, 4, ("C-3", "C-4"))
    assert Recomputed.of(count, "count").value == 2.0


# ------------------------------------------------------------------ follow-up

def test_feasible_finds_values_with_the_median_and_range():
    intervals = [(10, 10), (20, math.inf), (0, 100), (5, 5), (50, 60)]
    result = followup.feasible(intervals, median=10, low=5, high=60)
    assert result.feasible
    values = sorted(result.witness)
    assert (values[0], values[2], values[-1]) == (5, 10, 60)
    assert all(lo <= v <= hi for v, (lo, hi) in zip(result.witness, intervals))


def test_feasible_names_intervals_outside_the_range_and_undefined_ones():
    result = followup.feasible([(1, 2), (10, 20), (15, 30)], median=15, low=10, high=30)
    assert not result.feasible and result.outside == (0,)
    result = followup.feasible([(math.nan, math.nan), (10, 20), (15, 30)], median=15, low=10, high=30)
    assert not result.feasible and result.undefined == (0,)


def test_feasible_fails_when_too_many_values_must_lie_above_the_median():
    # three of five values are at least 100, so the median cannot be 10
    result = followup.feasible([(5, 5), (100, 200), (100, 200), (100, 200), (0, 1000)], median=10, low=5, high=200)
    assert not result.feasible and result.outside == () and result.undefined == ()


def test_feasible_needs_an_odd_number_of_values():
    with pytest.raises(ValueError):
        followup.feasible([(1, 2), (3, 4)], 2, 1, 4)


@pytest.mark.parametrize("value, unit, expected", [
    (37, "months", 1124), (9, "months", 273), (12, "months", 365), (4.8, "years", 1752), (2, "weeks", 14),
    (3, "days", 3),
])
def test_min_days_takes_the_shortest_calendar_span(value, unit, expected):
    assert followup.min_days(value, unit) == expected


def test_window_of_report_c(data):
    win = followup.window(data, "C")
    assert (win.first, win.last, win.closing) == (pd.Timestamp("2014-02-01"), pd.Timestamp("2022-04-30"),
                                                  pd.Timestamp("2022-10-30"))
    assert (win.shortest, win.longest) == (183, 3193)


# ------------------------------------------------------------------ per-patient facts

def test_facts_read_the_first_clock_and_leave_history_out(data):
    assert outcomes.first_course(data, "C-1") == "C-1/1"
    assert outcomes.arms(data, "C") == {"CAR-T": ["C-1", "C-2", "C-7"], "blinatumomab": ["C-3", "C-4", "C-5", "C-6"]}
    assert outcomes.responded(data, "C-3")  # MRD-negativity after day 0, not the CR carried in
    assert not outcomes.events(data, "C-3", "CR", clock="first").shape[0]
    assert outcomes.events(data, "C-3", "CR", clock="first", history=True).shape[0] == 1
    assert outcomes.max_grade(data, "C-1", "CRS onset") == 2
    assert outcomes.max_grade(data, "C-3", "CRS onset") == 0
    assert outcomes.infection("immunotherapy")(data, "C-2") and not outcomes.infection("immunotherapy")(data, "C-1")
    assert outcomes.infection("HSCT")(data, "C-1")
    assert outcomes.count(data, ["C-1", "C-2", "C-7"], outcomes.infection("immunotherapy", "respiratory")).cases == ("C-7",)
    with pytest.raises(ValueError):
        outcomes.events(data, "C-1", clock="elsewhere")
