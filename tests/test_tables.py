"""Tables for people: footnote markers link to their notes, and the notes link back."""

from __future__ import annotations

import pandas as pd

from emcart.presentation.html_table import row_name
from emcart.presentation.tables import Table


def test_footnote_markers_link_to_their_notes_and_back():
    frame = pd.DataFrame({"day": ["-2 [1]", "5 [1]", "7 [3]"], "what": ["dose [2]", "dose", "a [1] b"]})
    shown = Table(frame, "Doses", "t", footnotes=["[1] OCR: printed '- 2'", "[2] read as per day", "Plain note"])
    html = shown._repr_html_()
    assert html.count('href="#t-note-1"') == 3 and html.count('id="t-ref-1"') == 1
    assert '<li id="t-note-1">' in html and 'href="#t-ref-1"' in html
    assert '<li id="t-note-2">' in html and 'id="t-ref-2"' in html
    assert "7 [3]</td>" in html  # no note [3]: the marker stays text
    assert "<li>Plain note</li>" in html
    assert '<td class="num">-2 <sup' in html  # a marked number is still a number


def test_a_note_no_cell_marks_has_no_back_link():
    html = Table(pd.DataFrame({"x": ["1"]}), "c", "t", footnotes=["[1] unused"])._repr_html_()
    assert "<li>[1] unused</li>" in html and "t-ref-1" not in html


def test_the_column_naming_the_rows_is_marked_where_it_is_not_the_first():
    frame = pd.DataFrame({"report": ["A", "C", "C"], "patient": ["S001", "case 2", "case 3"], "site": ["CNS"] * 3})
    html = Table(frame, "Patients", "t")._repr_html_()
    assert '<th class="row-name">patient</th>' in html and '<td class="row-name">case 2</td>' in html
    assert html.count("row-name") == 4
    # The first column names the rows where it tells them apart, or where the second does not (a repeat, a gap).
    assert row_name([["A", "B", "C"], ["x", "y", "z"]]) == 0
    assert row_name([["A", "C", "C"], ["x", "x", "y"]]) == 0
    assert row_name([["A", "C", "C"], ["x", "", "y"]]) == 0
    assert row_name([["A", "C", "C"]]) == 0


def test_a_sortable_table_reads_its_long_last_column_beneath_each_row():
    frame = pd.DataFrame({"report": ["A", "B"], "what": ["x", "yyy"], "reason": ["a reason " * 5, "short"]})
    facets = pd.DataFrame({"report": ["A", "B"]})
    html = Table(frame, "Reasons", "t", facets=facets)._repr_html_()
    assert '<th class="long row-detail">reason</th>' in html and html.count("row-detail") == 3
    # The grid's tracks are those of the columns before it, each at least its longest word wide.
    assert 'style="--emcart-tracks: minmax(min-content, 1fr) minmax(min-content, 2fr)"' in html
    assert "row-detail" not in Table(frame, "Reasons", "t")._repr_html_()
    assert "row-detail" not in Table(frame.iloc[:, 1:], "Reasons", "t", facets=facets)._repr_html_()
