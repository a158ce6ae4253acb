"""Evidence marks on table cells and the evidence entries (without a browser)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import emcart
from emcart.audit import comparison
from emcart.datapackage import marks
from emcart.presentation import evidence, tables


@pytest.fixture(scope="module")
def data():
    return emcart.load()


def test_curated_cells_carry_their_keys_and_annotations_none(data):
    rows = data["patients"].query("study_id == 'C'")
    page = tables.curated(
        data, "patients", rows, {"Patient": "patient_id", "Age": "age_years"}, "cap", "t"
    )._repr_html_()
    marker = r'<sup class="emcart-noteref"><a href="#t-note-1"[^>]*>\[1\]</a></sup>'
    assert re.search(rf'<td data-cell="patients\|C-4\|age_years"[^>]*>7.92 {marker}</td>', page)
    assert "patients|C-4|patient_id" not in page  # a key is not a transcribed value


def test_a_table_of_several_reports_opens_each_row_with_its_report_linked_to_the_report(data):
    stats = data["reported_statistics"].groupby("study_id").head(1)
    compared = comparison.compare(data, [], stats["stat_id"].tolist())
    shown = tables.statistics(data, compared, "cap", "t", reports=True)
    assert shown.frame.columns[0] == "report" and shown.frame["report"].tolist() == stats["study_id"].tolist()
    assert [f"studies|{s}|title" for s in stats["study_id"]] == shown.marks.iloc[:, 0].tolist()
    assert "report" not in tables.statistics(data, compared, "cap", "t").frame.columns


def test_a_derivation_and_its_inputs_are_attributes():
    frame = pd.DataFrame({"x": ["5/7"]})
    marks = pd.DataFrame([[evidence.Derivation("5/7 = 71.4% <of> cases", ("events|C-E1|event_type",))]], dtype=object)
    page = tables.Table(frame, "cap", "t", marks=marks)._repr_html_()
    assert re.search(
        r'data-derivation="5/7 = 71.4% &lt;of&gt; cases" data-inputs="events\|C-E1\|event_type"[^>]*>5/7</td>', page
    )


def test_marks_of_another_shape_fail_loudly():
    with pytest.raises(ValueError, match="2 table cells but 1 marks"):
        tables.Table(pd.DataFrame({"x": [1, 2]}), "cap", "t", marks=pd.DataFrame([["k"]]))._repr_html_()


def test_every_provenance_row_is_in_one_entry_with_a_stable_anchor(data):
    entries = evidence.entries(data)
    keys = [c["key"] for found in entries.values() for e in found for c in e.cells]
    assert len(keys) == len(set(keys)) == len(data["provenance"])
    first = entries["C"][0]
    assert first.anchor == evidence.anchor(first.source_file, f"  {first.snippet}\n")


def test_entries_follow_the_source_text(data, sources):
    for found in evidence.entries(data).values():
        by_file = {}
        for e in found:
            by_file.setdefault(e.source_file, []).append(e.position)
        for positions in by_file.values():
            assert positions == sorted(positions) and min(positions) >= 0


def test_a_table_shows_the_marks_its_frame_carries_and_refuses_those_of_another_shape():
    frame = marks.carry(pd.DataFrame({"a": [1, 2], "b": [3, 4]}), pd.DataFrame([["t|r|a", None], [None, None]]))
    assert tables.Table(frame, "caption", "id").marks.iloc[0, 0] == "t|r|a"
    with pytest.raises(ValueError, match="a selection of a marked frame must be given its own marks"):
        tables.Table(frame[["a"]], "caption", "id")


def test_a_gap_annotation_quotes_the_words_naming_its_item(data):
    table = tables.gaps(data, "C", "c-gaps")
    content, reason = table.marks.iloc[0, 1], table.marks.iloc[0, 2]
    assert content.title == reason.title == "Curators' annotation"
    assert content.inputs == reason.inputs == (table.marks.iloc[0, 0],)
