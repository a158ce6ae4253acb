"""The cross-study tables come from the data and say what a report does not give."""
from __future__ import annotations

import pytest

import emcart
from emcart import synthesis


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


def test_outcomes_come_from_published_counts(data):
    table = synthesis.side_by_side(data).set_index("outcome")
    assert table.loc["complete remission", "D"] == "34/43 (79%)"
    assert table.loc["complete remission", "C, blinatumomab"] == "2/4 (50%)"
    assert table.loc["CRS, grade ≥ 3", "A"] == "3/8 (38%)"
    assert table.loc["ICANS or CRES", "B"] == synthesis.NOT_REPORTED


def test_a_count_without_printed_denominator_is_marked(data):
    counts = synthesis.outcome_counts(data).set_index(["outcome", "cohort"])
    assert "no denominator printed" in counts.loc[("CRS, grade ≥ 3", "D"), "source"]


def test_forest_uses_exact_intervals(data):
    frame = synthesis.forest_frame(data, ["complete remission"]).set_index("label")
    row = frame.loc["C, blinatumomab: complete remission (2/4)"]
    assert (round(row["low"], 2), round(row["high"], 2)) == (6.76, 93.24)


def test_extramedullary_patients_are_listed(data):
    em = synthesis.extramedullary(data)
    assert {"the patient", "case 2", "case 6", "case 7"} <= set(em["patient"])
    assert em[em["report"] == "A"]["extramedullary site"].iloc[0].startswith("CNS: 4")
