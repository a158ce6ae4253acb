"""Evidence marks on table cells and the evidence entries (without a browser)."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

import emcart
from emcart.audit import comparison
from emcart.datapackage import marks
from emcart.presentation import evidence, passages, tables


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


def _items(page: str) -> list[str]:
    return re.findall(r"<li>(.*?)</li>", page, re.S)


def _groups(item: str) -> list[str]:
    return re.findall(rf'<span class="{passages.VALUES_CLASS}">(.*?)</span>(?=<span class="|$)', item, re.S)


def _said(data, cell: dict) -> str:
    value = evidence.value_of(data, cell["table"], cell["row_id"], cell["field"])
    return f"{html.escape(passages.field_title(data, cell['table'], cell['field']))}: <strong>{html.escape(value)}</strong>"


def test_a_field_is_named_by_its_short_title_and_a_row_by_its_key_and_id(data):
    assert passages.field_title(data, "reported_statistics", "ci_low") == "lower confidence limit"
    assert passages.field_title(data, "reported_statistics", "value") == "value"  # untitled: its name in words
    assert passages.row_name(data, "reported_statistics", "X-1") == "statistic X-1"


def _div(page: str, anchor: str) -> str:
    """The passage of ``anchor`` on an evidence page, to the end of its block."""
    start = page.index(f'id="{anchor}"')
    return page[start : page.index("</div>", start)]


def test_each_curated_row_of_a_passage_is_one_item_holding_every_value_once(data):
    for study, found in evidence.entries(data).items():
        page = passages.page(data, found, {})
        for entry in found:
            div = _div(page, entry.anchor)
            items, rows = _items(div), passages.rows(entry)
            assert len(items) == len(rows) == len({(c["table"], c["row_id"]) for c in entry.cells}), entry.anchor
            for item, cells in zip(items, rows):
                assert html.escape(passages.row_name(data, cells[0]["table"], cells[0]["row_id"])) in item
                assert all(item.count(_said(data, c)) == 1 for c in cells), item
                assert item.count(passages.NOT_SHOWN) == 1  # no value shown anywhere: marked once for the row
        assert page.count("<strong>") == sum(len(e.cells) for e in found), study


def test_a_note_shared_by_a_rows_values_is_said_once_and_different_notes_stay_with_their_values(data):
    assert passages.shared_note([{"note": "n"}, {"note": "n"}]) == "n"
    assert passages.shared_note([{"note": "n"}]) == passages.shared_note([{"note": "n"}, {"note": "m"}]) == ""
    rows = [(e, cells) for found in evidence.entries(data).values() for e in found for cells in passages.rows(e)]
    shared = next(
        (e, cells) for e, cells in rows if passages.shared_note(cells) and not any(c["ocr_raw"] for c in cells)
    )
    differing = next((e, c) for e, c in rows if len({x["note"] for x in c}) > 1 and all(x["note"] for x in c))
    for entry, cells in (shared, differing):
        item = _items(passages.passage(data, entry, {}))[passages.rows(entry).index(cells)]
        notes = {c["note"] for c in cells}
        assert (item.count(html.escape(passages.shared_note(cells))) == 1) == (len(notes) == 1), item
        if len(notes) == 1:
            assert all(f"{_said(data, c)} (" not in item for c in cells)  # no value repeats it
        else:
            assert all(f"{_said(data, c)} ({html.escape(c['note'])})" in item for c in cells), item


def test_every_place_a_value_is_shown_is_linked_from_its_value_and_the_unshown_are_marked_once(data):
    found = evidence.entries(data)["C"]
    keys = [c["key"] for e in found for c in e.cells]
    places = {
        k: [passages.Place(f"t{j}.html#x", f"Table {j}") for j in range(i % 3)] for i, k in enumerate(keys) if i % 4
    }
    page = passages.page(data, found, places)
    for entry in found:
        div = _div(page, entry.anchor)
        for item, cells in zip(_items(div), passages.rows(entry)):
            groups = _groups(item)
            assert sum(passages.NOT_SHOWN in g for g in groups) == (not all(places.get(c["key"]) for c in cells))
            for cell in cells:
                group = next(g for g in groups if _said(data, cell) in g)
                links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', group)
                assert links == [(p.href, p.caption) for p in places.get(cell["key"], [])], group
                assert (passages.NOT_SHOWN in group) == (not places.get(cell["key"]))


def test_the_source_file_is_named_before_its_first_passage_only(data):
    for found in evidence.entries(data).values():
        page = passages.page(data, found, {})
        files = [e.source_file for e in found]
        runs = [f for i, f in enumerate(files) if i == 0 or files[i - 1] != f]
        assert re.findall(rf'<p class="{passages.FILE_CLASS}">.*?<code>([^<]+)</code>', page) == runs
        assert all(page.count(f'id="{e.anchor}"') == 1 for e in found)


def test_a_true_or_false_value_is_said_in_words(data):
    assert evidence.value_of(data, "events", "A-S001/1-CRS", "history") == "no"
    assert evidence.value_of(data, "events", "C-2/1-dx", "history") == "yes"
