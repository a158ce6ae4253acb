"""Unit tests of the generic comparison logic: published against recomputed statistics, follow-up
feasibility and per-patient facts, on small constructed inputs and the curated data."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

import emcart
from emcart.audit import case_recounts, comparison, recount
from emcart.audit.comparison import Recomputed
from emcart.datapackage import facts
from emcart.model import followup, median_range, outcomes


def _row(**cells):
    base = {"numerator": pd.NA, "denominator": pd.NA, "value": 0.0, "value_qualifier": "exact", "unit": "count"}
    base.update(cells)
    return pd.Series(base)


def _r(value, k=None, n=None, evidence=comparison.PER_PATIENT):
    return Recomputed("X-1", value, numerator=k, denominator=n, evidence=evidence)


@pytest.mark.parametrize(
    "row, recomputed, expected",
    [
        (
            _row(numerator=5, denominator=7, value=71.4, unit="percent"),
            _r(500 / 7, 5, 7),
            ("reproduced", "after rounding"),
        ),
        (_row(numerator=1, denominator=4, value=25.0, unit="percent"), _r(25.0, 1, 4), ("reproduced", "exact")),
        (_row(numerator=2, denominator=4, value=50.0, unit="percent"), _r(25.0, 1, 4), ("mismatch", "")),
        (
            _row(numerator=3, denominator=7, value=42.9, unit="percent"),
            _r(300 / 7, 3, 7),
            ("reproduced", "after rounding"),
        ),
        (_row(numerator=3, denominator=7, value=42.8, unit="percent"), _r(300 / 7, 3, 7), ("mismatch", "")),
        (_row(numerator=2, denominator=3, value=66.7, unit="percent"), _r(200 / 3, 2, 4), ("mismatch", "")),
        (_row(value=6.0, value_qualifier="approx", unit="months"), _r(173 / 30.4375), ("reproduced", "after rounding")),
        (_row(value=14.0, value_qualifier="approx", unit="months"), _r(499 / 30.4375), ("mismatch", "")),
        (_row(value=10.0, value_qualifier="lower_bound", unit="count"), _r(12.0), ("reproduced", "within the bound")),
        (_row(value=10.0, value_qualifier="upper_bound", unit="count"), _r(12.0), ("mismatch", "")),
        (
            _row(numerator=1, denominator=8, value=13.0, unit="percent"),
            _r(12.5, 1, 8, comparison.OWN_NUMBERS),
            ("consistent", "after rounding"),
        ),  # a report rounds 1/8 half up to 13%
        (
            _row(value=68.57, value_qualifier="approx", unit="percent"),
            _r(100 * 24 / 35, evidence=comparison.CONFIGURATIONS),
            ("attainable", "after rounding"),
        ),
    ],
)
def test_status_and_agreement_at_published_precision(row, recomputed, expected):
    assert (comparison.status(row, recomputed), comparison.row_agreement(row, recomputed)) == expected


def test_not_checkable_contradicted_and_circular_statuses():
    row = _row(value=541.0, unit="days")
    assert comparison.status(row, _r(None)) == "not checkable"
    assert comparison.status(row, _r(541.0), contradicted=True) == "contradicted"
    assert comparison.status(row, _r(541.0), circular=True) == "not checkable"
    assert comparison.status(row, _r(540.0), circular=True) == "mismatch"  # a circular recount can still disagree
    # a count a finding disputes: reproduced under the report's reading only, and never when it disagrees
    assert comparison.status(row, _r(541.0), disputed=True) == comparison.UNDER_ITS_READING
    assert comparison.status(row, _r(540.0), disputed=True) == "mismatch"


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


def test_compare_demands_a_reason_for_every_unexplained_status_and_none_stale(data):
    ok = Recomputed("C-CR-all", 500 / 7, numerator=5, denominator=7, patients=("C-1",), cases=("C-1",))
    with pytest.raises(comparison.AuditError, match="C-CR-all: mismatch without a reason"):
        recount.compare(
            data,
            ["C-CR-all"],
            [Recomputed("C-CR-all", 50.0, numerator=1, denominator=2, patients=("C-1",), cases=("C-1",))],
        )
    stale = dataclasses.replace(
        data,
        tables={
            **data.tables,
            "audit_reasons": pd.concat(
                [
                    data["audit_reasons"],
                    pd.DataFrame(
                        [
                            {
                                "reason_id": "x",
                                "study_id": "C",
                                "stat_id": "C-CR-all",
                                "kind": "reason",
                                "text": "y",
                                "source_words": "z",
                            }
                        ]
                    ),
                ]
            ),
        },
    )
    with pytest.raises(
        comparison.AuditError, match="C-CR-all: reproduced under the report.s reading, but a curated reason"
    ):
        recount.compare(stale, ["C-CR-all"], [ok])
    with pytest.raises(comparison.AuditError, match="unknown statistics"):
        comparison.compare(data, [Recomputed("Z-unknown", 1.0)])
    frame = recount.compare(data, ["C-CR-all", "C-followup"], [ok, Recomputed("C-followup", None)])
    assert frame["status"].tolist() == ["reproduced under the report's reading", "not checkable"]  # C-F10
    assert frame["published"].tolist() == ["71.4% (5/7)", "median 541 days (range 186–3180)"]
    assert frame["recomputed"].tolist() == ["71.4% (5/7)", ""]
    assert frame["agreement"].tolist() == ["after rounding", ""]
    assert frame["counted"].tolist() == ["case 1", ""]
    assert "which starting point the median and range fit" in frame["basis or reason"].iloc[1]  # curated reason
    assert recount.summary(frame).to_dict() == {
        "reproduced": 0,
        "reproduced under the report's reading": 1,
        "consistent": 0,
        "attainable": 0,
        "mismatch": 0,
        "contradicted": 0,
        "not checkable": 1,
    }


def test_recomputed_from_a_count():
    count = outcomes.Count(2, 4, ("C-3", "C-4"))
    r = Recomputed.of("C-x", count, "percent", ["C-3", "C-4", "C-5", "C-6"])
    assert (r.value, r.numerator, r.denominator, r.cases) == (50.0, 2, 4, ("C-3", "C-4"))
    assert r.patients == ("C-3", "C-4", "C-5", "C-6") and r.evidence == comparison.PER_PATIENT
    assert Recomputed.of("C-x", count, "count", []).value == 2.0


# ------------------------------------------------------------------ follow-up


def test_feasible_finds_values_with_the_median_and_range():
    intervals = [(10, 10), (20, math.inf), (0, 100), (5, 5), (50, 60)]
    result = median_range.feasible(intervals, median=10, low=5, high=60)
    assert result.feasible
    values = sorted(result.witness)
    assert (values[0], values[2], values[-1]) == (5, 10, 60)
    assert all(lo <= v <= hi for v, (lo, hi) in zip(result.witness, intervals))


def test_feasible_names_intervals_outside_the_range_and_undefined_ones():
    result = median_range.feasible([(1, 2), (10, 20), (15, 30)], median=15, low=10, high=30)
    assert not result.feasible and result.outside == (0,)
    result = median_range.feasible([(math.nan, math.nan), (10, 20), (15, 30)], median=15, low=10, high=30)
    assert not result.feasible and result.undefined == (0,)


def test_feasible_fails_when_too_many_values_must_lie_above_the_median():
    # three of five values are at least 100, so the median cannot be 10
    result = median_range.feasible([(5, 5), (100, 200), (100, 200), (100, 200), (0, 1000)], median=10, low=5, high=200)
    assert not result.feasible and result.outside == () and result.undefined == ()


def test_feasible_needs_an_odd_number_of_values():
    with pytest.raises(ValueError):
        median_range.feasible([(1, 2), (3, 4)], 2, 1, 4)


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (37, "months", 1124),
        (9, "months", 273),
        (12, "months", 365),
        (4.8, "years", 1752),
        (2, "weeks", 14),
        (3, "days", 3),
    ],
)
def test_min_days_takes_the_shortest_calendar_span(value, unit, expected):
    assert followup.min_days(value, unit) == expected


def test_window_of_report_c(data):
    win = followup.window(data, "C")
    assert (win.first, win.last, win.closing) == (
        pd.Timestamp("2014-02-01"),
        pd.Timestamp("2022-04-30"),
        pd.Timestamp("2022-10-30"),
    )
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
    assert outcomes.count(data, ["C-1", "C-2", "C-7"], outcomes.infection("immunotherapy", "respiratory")).cases == (
        "C-7",
    )
    with pytest.raises(ValueError):
        outcomes.events(data, "C-1", clock="elsewhere")


def test_every_fact_word_has_a_meaning_and_bad_words_are_refused():
    assert set(facts.ARGUMENTS) == set(outcomes.MEANINGS)
    assert facts.terms("crs_grade(2, 2) and not icans") == [(False, "crs_grade", (2, 2)), (True, "icans", ())]
    for bad, said in (("crs_grade", "takes 1 to 2"), ("icanz", "unknown fact"), ("died(HSCT", "not a fact name")):
        with pytest.raises(ValueError, match=said):
            facts.terms(bad)


def test_a_recount_over_a_group_counts_its_patients_with_the_fact(data):
    found = {r.stat_id: r for r in case_recounts.recomputed(data)}
    cart = found["C-CRS2-cart-disc"]  # grade 2 CRS without ICANS, among the CAR-T arm
    assert (cart.numerator, cart.denominator, cart.cases) == (3, 3, ("C-1", "C-2", "C-7"))
    assert case_recounts.group(data, "C-relapse-TP53") == outcomes.group(data, "C", "relapsed")
    months = found["C-case2-relapse-months"]
    assert months.basis == "day of case 2's relapse after HSCT" and round(months.value, 1) == 16.4


def test_a_relapse_counts_under_the_methods_definition_only_after_a_remission(data):
    after = outcomes.fact("relapsed_after_remission")
    assert after(data, "C-7") and after(data, "C-2")  # relapse on day 177 after CR by day 88; after HSCT
    assert not after(data, "C-6") and outcomes.relapsed(data, "C-6")  # his only 'relapse' with no remission before it
    assert outcomes.relapse_orders(data, "C-6") == {"C-6/1-relapse": outcomes.WITHOUT_REMISSION}
    events = data["events"].copy()
    late = events["event_id"].isin(["C-7/1-CR", "C-7/1-MRDneg"])
    events.loc[late, ["text_day_min", "text_day_max"]] = [180, 200]  # the remission now after the relapse
    moved = dataclasses.replace(data, tables={**data.tables, "events": events})
    assert not after(moved, "C-7") and outcomes.relapsed(moved, "C-7")
    assert outcomes.count(data, outcomes.group(data, "C"), after).cases == ("C-2", "C-7")


def test_a_relapse_whose_order_to_the_remission_is_unknown_is_not_counted_silently(data):
    with pytest.raises(ValueError, match="order of relapse and remission is not known"):
        outcomes.relapsed_after_remission(data, "A-S002")  # CR and relapse both only 'after day 0'


def test_a_reading_recount_stands_beside_the_recount_under_the_reports_reading(data):
    r = {x.stat_id: x for x in case_recounts.recomputed(data)}["C-relapse"]
    assert (r.numerator, r.denominator) == (3, 7)
    assert [(x.finding, x.count.k, x.count.n, x.count.cases) for x in r.readings] == [("C-F7", 2, 7, ("C-2", "C-7"))]
