"""The double entry's tables in words: no field name (no underscore) or row id reaches a reader, and no value changes."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import emcart
from emcart.analysis import doubleentry, restated, typed_entries
from emcart.datapackage.marks import carried
from emcart.presentation import evidence, reconciliation, tables

ROW_ID = re.compile(r"\b[A-D]-(\d+/\d+|[A-Za-z0-9]+-[A-Za-z0-9-]+)\b")
# Columns that name what was compared; the others hold the entries' values and are kept as they are.
NAMING = ["table", "item", "field"]
PATIENTS = [f"C-{n}" for n in range(1, 8)]


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


def _entries(data):
    """(rows in one entry only, reconciled differences) of every double entry the book shows."""
    second = doubleentry.load("report_c_second")
    compared, alone = doubleentry.compare(data, second, PATIENTS)
    yield alone, doubleentry.reconcile(compared, second.resolutions)
    labs = typed_entries.load_tables("report_c_labs_second")
    compared, alone = typed_entries.compare_tables(data, labs, PATIENTS)
    yield alone, doubleentry.reconcile(compared, labs.resolutions)
    for facts in (
        restated.load_facts("report_c_labs_second"),
        restated.load_facts("report_b_second", "absences", ["absent"], "phase"),
    ):
        compared, alone = restated.compare_facts(data, facts)
        yield alone, doubleentry.reconcile(compared, facts.resolutions)


def _raw(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    cells = frame[columns].astype(str).to_numpy().ravel()
    return [c for c in cells if "_" in c or ROW_ID.search(c)]


def test_every_field_name_with_an_underscore_has_a_title(data):
    untitled = [
        f"{r['name']}.{f['name']}"
        for r in data.descriptor["resources"]
        for f in r["schema"]["fields"]
        if "_" in f["name"] and not f.get("title")
    ]
    assert not untitled


def test_a_field_reads_as_its_title_else_in_words(data):
    assert reconciliation.field_title(data, "treatments", "dose_unit") == "dose unit"
    assert reconciliation.field_title(data, "events", "text_day_min") == "earliest day"
    # a name of another table's field, the end of a field's name, then a name the package does not hold
    assert reconciliation.field_title(data, "table3", "cd19_status") == "CD19 status"
    assert reconciliation.field_title(data, "events", "day_min") == "earliest day"
    assert reconciliation.field_title(data, "measurements", "unit") == "unit"
    assert reconciliation.field_title(data, "case_outcomes", "relapse_CD19_status") == "relapse CD19 status"


def test_cells_read_grouped_by_row(data):
    named = reconciliation.cells_named(data, "events:C-1/1-CR:text_day_min;events:C-1/1-CR:text_day_max")
    assert named == "case 1: CR, course 1: earliest day, latest day"


def test_double_entry_tables_name_no_field_or_row_id_and_keep_every_value(data):
    for alone, reconciled in _entries(data):
        shown = reconciliation.resolved(data, reconciled)
        assert not _raw(shown, NAMING)
        kept = [c for c in reconciled.columns if c not in NAMING]
        pd.testing.assert_frame_equal(shown[kept], reconciled[kept])
        shown_alone = reconciliation.unpaired(data, alone)
        assert not _raw(shown_alone, ["table", "item"])
        pd.testing.assert_frame_equal(shown_alone[["only in", "note"]], alone[["only in", "note"]])


def test_an_id_no_table_holds_is_shown_as_it_is(data):
    assert reconciliation.row_named(data, "no such row") == "no such row"


def test_double_entry_tables_carry_the_marks_of_their_cells(data):
    known = evidence.provenance_keys(data)
    for alone, reconciled in _entries(data):
        shown = reconciliation.resolved(data, reconciled)
        marks = carried(shown)
        assert marks.shape == shown.shape
        second = marks.iloc[:, list(shown.columns).index("second")]
        # a second value quotes the second entry's own words and links, if at all, to a curated cell
        assert all(m.title == "Entered again" and m.words[0].startswith("Second entry, its row") for m in second)
        assert all(set(m.inputs) <= known for m in second)
        shown_alone = reconciliation.unpaired(data, alone)
        first = alone["only in"].eq("first").to_numpy()
        assert all(m in known for m in carried(shown_alone).iloc[first, 2])
        table = tables.with_notes(shown, "resolution", "caption", "id", heading="resolution")
        assert table.marks.shape == table.frame.shape


def test_a_double_entry_count_says_what_it_counts(data):
    facts = restated.load_facts("report_c_labs_second")
    compared, alone = restated.compare_facts(data, facts)
    counts = restated.counts(compared, alone, doubleentry.reconcile(compared, facts.resolutions))
    marks = carried(counts)
    assert [m.title for m in marks.iloc[0]] == ["Defined by the book", "Recomputed", "Defined by the book"]
    assert marks.iloc[0, 1].text.startswith(f"{counts.iloc[0]['count']} rows of the second entry")
