"""Tables for people: footnote markers link to their notes, and the notes link back."""

from __future__ import annotations

import pandas as pd

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
