"""Double entry: the comparison with an independent second transcription, and its reconciliation."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import emcart
from emcart.analysis import doubleentry, entry_cells, restated, typed_entries

PATIENTS = [f"C-{n}" for n in range(1, 8)]


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


@pytest.mark.parametrize(
    "function, value, expected",
    [
        (entry_cells.grade, "IV", "4"),
        (entry_cells.grade, "I", "1"),
        (entry_cells.grade, "3 (grade from text)", "3"),
        (entry_cells.grade, "0", ""),
        (entry_cells.grade, "not high-grade", ""),
        (entry_cells.grade, 2, "2"),
        (entry_cells.status, "reduced (partial CD19 expression)", "reduced"),
        (entry_cells.status, "not stated in narrative (CD19-negative only by elimination)", ""),
        (entry_cells.answer, "yes (by elimination only)", "yes"),
        (entry_cells.answer, "unclear", ""),
        (entry_cells.answer, "no*", "no"),
        (entry_cells.day, "", ""),
        (entry_cells.day, math.inf, ""),
        (entry_cells.day, 173.0, "173"),
    ],
)
def test_double_entry_normalises_cells(function, value, expected):
    assert function(value) == expected


def _values(rows):
    frame = pd.DataFrame(rows, columns=["table", "key", "second_key", "field", "first", "second"])
    frame["differs"] = frame["first"] != frame["second"]
    return frame


def _resolutions(rows):
    return pd.DataFrame(rows, columns=["table", "key", "second_key", "field", "first", "second", "kept", "resolution"])


def test_reconcile_needs_a_current_resolution_for_every_difference():
    values = _values([("events", "E1", "1 | x", "day_min", "4", "3"), ("events", "E2", "1 | y", "day_min", "7", "7")])
    ok = _resolutions(
        [
            ("events", "E1", "1 | x", "day_min", "4", "3", "first", "kept 4"),
            ("events", "E2", "1 | y", "day_min", "5", "7", "second", "adopted 7"),
        ]
    )
    out = doubleentry.reconcile(values, ok)
    assert out[["item", "first", "second", "kept"]].values.tolist() == [
        ["E1", "4", "3", "first"],
        ["E2", "5", "7", "second"],
    ]
    with pytest.raises(doubleentry.ReconciliationError, match="no resolution for events/E1"):
        doubleentry.reconcile(values, ok.iloc[1:])
    stale = ok.copy()
    stale.loc[0, "second"] = "2"
    with pytest.raises(doubleentry.ReconciliationError, match="stale resolution"):
        doubleentry.reconcile(values, stale)
    not_in_effect = ok.copy()
    not_in_effect.loc[1, "second"] = "8"
    with pytest.raises(doubleentry.ReconciliationError, match="adopted value"):
        doubleentry.reconcile(values, not_in_effect)
    extra = pd.concat([ok, _resolutions([("events", "E3", "1 | z", "grade", "1", "2", "first", "x")])])
    with pytest.raises(doubleentry.ReconciliationError, match="matches no difference"):
        doubleentry.reconcile(values, extra)


def test_double_entry_is_fully_reconciled(data):
    second = doubleentry.load("report_c_second")
    values, presence = doubleentry.compare(data, second, PATIENTS)
    table3 = values[values["table"] == "table3"]
    assert len(table3) == 72 and not table3["differs"].any()
    reconciled = doubleentry.reconcile(values, second.resolutions)
    assert set(reconciled.loc[reconciled["kept"] == "second", "item"]) == {
        "C-1/3-PTLD",
        "C-2/1-CR",
        "C-2/1-MRDneg",
        "C-2/1-HSCT",
        "C-2/2-relapse",
    }
    assert presence["note"].str.len().gt(0).all()


@pytest.mark.parametrize(
    "function, args, expected",
    [
        (entry_cells.numbers, ("target dose 2.5 × 10⁶/kg", "<0.01%, 2.5"), "0.01; 2.5; 6; 10"),
        (entry_cells.numbers, ("not applicable",), ""),
        (entry_cells.day_span, (4, None, None), "4"),
        (entry_cells.day_span, (None, 365, 366), "365–366"),
        (entry_cells.day_span, (None, 28, None, "after"), "after 28"),
        (entry_cells.day_span, (None, None, 0, "before"), "before 0"),
        (entry_cells.day_span, (None, 5, 5), "5"),
        (entry_cells.day_span, (pd.NA, pd.NA, pd.NA, pd.NA), ""),
    ],
)
def test_typed_tables_normalise_cells(function, args, expected):
    assert function(*args) == expected


def test_typed_second_entry_is_fully_reconciled(data):
    second = typed_entries.load_tables("report_c_labs_second")
    assert set(second.tables) == {"measurements", "absences", "definitions"}
    values, presence = typed_entries.compare_tables(data, second, PATIENTS)
    measured = values[values["table"] == "measurements"]
    assert measured["key"].nunique() == 23 and not measured.loc[measured["field"] == "value", "differs"].any()
    reconciled = doubleentry.reconcile(values, second.resolutions)
    assert set(reconciled.loc[reconciled["kept"] == "second", "item"]) == {"C-6/1-MRD-pre"}
    assert presence["note"].str.len().gt(0).all()


def test_typed_second_entry_fails_on_a_difference_without_resolution_or_an_unmapped_row(data):
    second = typed_entries.load_tables("report_c_labs_second")
    values, _ = typed_entries.compare_tables(data, second, PATIENTS)
    unresolved = second.resolutions[second.resolutions["key"] != "C-7/1-MRD-relapse"]
    with pytest.raises(doubleentry.ReconciliationError, match="no resolution for measurements/C-7/1-MRD-relapse"):
        doubleentry.reconcile(values, unresolved)
    changed = values.copy()
    row = (changed["key"] == "C-4/1-MRD-refractory") & (changed["field"] == "qualifier")
    changed.loc[row, ["second", "differs"]] = ["upper_bound", True]
    with pytest.raises(doubleentry.ReconciliationError, match="no resolution for measurements/C-4/1-MRD-refractory"):
        doubleentry.reconcile(changed, second.resolutions)
    unmapped = typed_entries.SecondTables(
        second.tables, second.mapping[second.mapping["first_key"] != "C-6/1-MRD-post"], second.resolutions
    )
    with pytest.raises(doubleentry.ReconciliationError, match="first-entry row C-6/1-MRD-post is not in the mapping"):
        typed_entries.compare_tables(data, unmapped, PATIENTS)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("October 30, 2022", "10; 30; 2022"),
        ("February 2014 to April 2022", "2; 4; 2014; 2022"),
        ("days -4 to -2 or days -5 to -3", "-5; -4; -3; -2"),
        ("two of three relapsed CD19 negative, one TP53 mutation", "1; 2; 3"),
        ("186- 3,180 days", "186; 3180"),
        ("which may develop", ""),
        ("2.5 × 10⁶/kg", "2.5; 6; 10"),
    ],
)
def test_restated_facts_read_numbers(text, expected):
    assert restated.quantities(text) == expected


def test_restated_facts_normalise_units_and_bounds():
    assert restated.unit("x10^6 cells/kg") == restated.unit("10^6 cells/kg")
    assert restated.unit("mg/m²/day") == restated.unit("mg/m2/day") != restated.unit("mg/m2")
    assert (restated.bound("<"), restated.bound(">"), restated.bound("approx")) == (
        "upper_bound",
        "lower_bound",
        "approx",
    )


@pytest.fixture(scope="module")
def facts():
    return restated.load_facts("report_c_labs_second")


def test_restated_facts_are_each_paired_or_explained_and_fully_reconciled(data, facts):
    values, presence = restated.compare_facts(data, facts)
    reconciled = doubleentry.reconcile(values, facts.resolutions)
    row = restated.counts(values, presence, reconciled).set_index("what")["count"]
    assert row["facts"] == len(facts.facts) == 287
    assert row["paired"] + row["unpaired"] == row["facts"]
    assert row["differences"] == row["resolved"] > 0
    assert set(values["field"]) == {"numbers", "unit", "qualifier"}


def test_restated_facts_fail_on_a_difference_without_resolution(data, facts):
    values, _ = restated.compare_facts(data, facts)
    key = "3 | HSCT timing | 41 days later"
    with pytest.raises(doubleentry.ReconciliationError, match="no resolution for facts/.*41 days later/numbers"):
        doubleentry.reconcile(values, facts.resolutions[facts.resolutions["second_key"] != key])
    changed = facts.facts.copy()
    changed.loc[changed["printed"] == "173 days", "value"] = "175"
    values, _ = restated.compare_facts(data, restated.SecondFacts(changed, facts.mapping, facts.resolutions))
    with pytest.raises(doubleentry.ReconciliationError, match="no resolution for facts/events:C-1/1-HSCT:text_day"):
        doubleentry.reconcile(values, facts.resolutions)


def test_restated_facts_fail_on_an_unpaired_row_without_reason_or_an_unknown_cell(data, facts):
    mapping = facts.mapping.copy()
    mapping.loc[mapping["cells"] == "", "note"] = ""
    with pytest.raises(doubleentry.ReconciliationError, match="paired with no curated cell and gives no reason"):
        restated.compare_facts(data, restated.SecondFacts(facts.facts, mapping, facts.resolutions))
    with pytest.raises(doubleentry.ReconciliationError, match="is not in the mapping"):
        restated.compare_facts(data, restated.SecondFacts(facts.facts, facts.mapping.iloc[1:], facts.resolutions))
    mapping = facts.mapping.copy()
    mapping.loc[0, "cells"] = "events:C-1/1-nowhere:text_day"
    with pytest.raises(doubleentry.ReconciliationError, match="unknown curated cell 'events:C-1/1-nowhere:text_day'"):
        restated.compare_facts(data, restated.SecondFacts(facts.facts, mapping, facts.resolutions))


SECOND_FACTS = {
    "report_a": ("report_a_second", "study_dates", ["item"], "value"),
    "report_b": ("report_b_second", "absences", ["absent"], "phase"),
}


@pytest.mark.parametrize("report", sorted(SECOND_FACTS))
def test_second_entries_of_dates_and_absences_are_paired_and_reconciled(data, report):
    second = restated.load_facts(*SECOND_FACTS[report])
    values, presence = restated.compare_facts(data, second)
    reconciled = doubleentry.reconcile(values, second.resolutions)
    row = restated.counts(values, presence, reconciled).set_index("what")["count"]
    assert row["paired"] + row["unpaired"] == len(second.facts) and row["differences"] == row["resolved"]
    if report == "report_a":
        assert row["paired"] == 2 and row["differences"] == 0 and set(values["field"]) == {"numbers", "precision"}
    else:
        paired = ";".join(second.mapping["cells"])
        assert "absences:B-1/2-no-relapse" in paired and "absences:B-1/3-no-aGVHD" in paired


def test_second_entry_of_study_dates_fails_on_a_changed_date(data):
    second = restated.load_facts(*SECOND_FACTS["report_a"])
    changed = second.facts.copy()
    changed.loc[0, ["value", "precision"]] = ["2017-08", "day"]
    values, _ = restated.compare_facts(
        data,
        restated.SecondFacts(changed, second.mapping, second.resolutions, *SECOND_FACTS["report_a"][2:], "study_dates"),
    )
    assert values["differs"].sum() == 2
    with pytest.raises(
        doubleentry.ReconciliationError, match="no resolution for study_dates/.*enrolment_period_start/precision"
    ):
        doubleentry.reconcile(values, second.resolutions)


@pytest.mark.parametrize("table", ["events", "absences"])
def test_every_number_in_a_free_text_detail_is_held_in_a_typed_cell(data, table):
    """A number written into a detail (a duration, a percentage, a count) is held by a typed cell about the same
    patient or transcribed from the same sentence; names ('CCCG-ALL-2015', 'PAX-5') are not numbers."""
    loose = restated.loose_numbers(data, table)
    assert loose.empty, loose.to_string()


def test_a_number_only_in_a_detail_is_listed(data):
    tables = dict(data.tables)
    events = tables["events"].copy()
    events.loc[events["event_id"] == "C-7/1-CR", "detail"] = (
        "with MRD-negativity; maintained for 13 weeks (CCCG-ALL-2015)"
    )
    tables["events"] = events
    loose = restated.loose_numbers(tables, "events")
    assert loose[["row_id", "number"]].values.tolist() == [["C-7/1-CR", "13"]]
