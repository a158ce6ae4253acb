"""A data frame as the book's HTML table: caption, header row and cells as a reader reads them (numbers
right-aligned, long texts given room, powers of ten printed), footnote markers linked to their notes and
back, and the facets a reader sorts and filters by."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd

from emcart.model.vocabulary import CATEGORY_WORDS


def footnote(table_id: str, note: str, marker: re.Match | None, body: str) -> str:
    """A footnote as a list item; one numbered '[n] …' whose marker a cell shows gets an anchor for the
    cells' links and a link back to the first cell that shows it."""
    ref = f"{table_id}-ref-{marker.group(1)}" if marker else ""
    if not marker or f'id="{ref}"' not in body:
        return f"<li>{_whole_ids(html.escape(note))}</li>"
    back = f'<a class="emcart-noteback" href="#{ref}" aria-label="Back to the table">↩</a>'
    return f'<li id="{table_id}-note-{marker.group(1)}">{_whole_ids(html.escape(note))} {back}</li>'


def _noted(text: str, table_id: str, markers: set[str], seen: set[str]) -> str:
    """A cell's escaped text with each footnote marker ' [n]' of ``markers`` a link to its note (the first
    cell to show a marker carries the anchor the note links back to), each finding's id kept whole."""

    def link(match: re.Match) -> str:
        n = match.group(1)
        if n not in markers:
            return match.group(0)
        anchor = "" if n in seen else f' id="{table_id}-ref-{n}"'
        seen.add(n)
        return f' <sup class="emcart-noteref"><a href="#{table_id}-note-{n}"{anchor}>[{n}]</a></sup>'

    return _whole_ids(_MARKER.sub(link, html.escape(text)))


def _whole_ids(escaped: str) -> str:
    """Escaped text with each finding's id ('F' and its number after the report's letter) in a span the stylesheet
    keeps on one line, so that it does not break at its hyphen."""
    return FINDING_ID.sub(r'<span class="emcart-id">\g<0></span>', escaped)


def cell_text(value) -> str:
    """A cell as a reader reads it: empty for missing, yes/no for booleans, whole numbers without '.0',
    categories spelled as codes in words (:data:`~emcart.model.vocabulary.CATEGORY_WORDS`)."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (float, np.floating)):
        return f"{value:g}"
    return CATEGORY_WORDS.get(str(value), str(value))


SUPERSCRIPT = str.maketrans("-−0123456789", "⁻⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
POWER = re.compile(r"(\d)? ?(×)? ?10\^([-−]?\d+)")


def readable(text: str) -> str:
    """Powers of ten as printed: '2.99 10^6 cells/kg' reads '2.99 × 10⁶ cells/kg'."""

    def power(m: re.Match) -> str:
        times = " × " if m[1] else ("×" if m[2] else "")
        return (m[1] or "") + times + "10" + m[3].translate(SUPERSCRIPT)

    return POWER.sub(power, text)


NUMBER = re.compile(r"[−+-]?\d[\d,]*(\.\d+)?%?( \[\d+\])?")
LONG = 40  # characters: a cell longer than this wraps in a column given room for it
NOTE = re.compile(r"\[(\w+)\] ")  # a numbered footnote: '[1] OCR: printed …'
_MARKER = re.compile(r" \[(\w+)\]")  # its marker in a cell: 'day −2 [1]'
FINDING_ID = re.compile(r"\b[A-Z]-F\d+\b")  # a finding's id (its report's letter, F, its number): kept whole
FIELD_NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+")


def heading(name) -> str:
    """A column heading in words: a field name such as 'day_min' reads 'day min'."""
    text = str(name)
    return text.replace("_", " ") if FIELD_NAME.fullmatch(text) else readable(text)


def _numeric(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(NUMBER.fullmatch(c) for c in filled)


FACET_NAME = re.compile(r"[a-z][a-z0-9]*")


def check_facets(facets: pd.DataFrame, rows: int, table_id: str) -> None:
    """Raise ``ValueError`` unless the facets are named in lower-case words and give a value for every row."""
    bad = [str(name) for name in facets.columns if not FACET_NAME.fullmatch(str(name))]
    if bad:
        raise ValueError(f"{table_id}: facet names must be lower-case words, not {bad}")
    if len(facets) != rows:
        raise ValueError(f"{table_id}: {len(facets)} rows of facets for {rows} rows of table")
    if facets.isna().any().any():
        raise ValueError(f"{table_id}: a row has no value for facet {facets.columns[facets.isna().any()][0]!r}")


def _facet_attributes(facets: pd.DataFrame | None, i: int) -> str:
    if facets is None:
        return ""
    return "".join(f' data-facet-{name}="{html.escape(str(facets.iloc[i][name]))}"' for name in facets.columns)


def row_name(columns: list[list[str]]) -> int:
    """The column whose cells name the rows, kept in view while a wide table scrolls sideways: the first, or the
    second where the first groups the rows (one of its values repeats) and the second's cells tell every row apart
    (a patient under the report that holds several)."""

    def distinct(cells: list[str]) -> bool:
        return all(cells) and len(set(cells)) == len(cells)

    return 1 if len(columns) > 1 and not distinct(columns[0]) and distinct(columns[1]) else 0


def _kinds(columns: list[list[str]], sortable: bool) -> list[list[str]]:
    """Each column's classes: ``num`` (numbers only) or ``long`` (a text longer than :data:`LONG`); ``row-name``
    on the column naming the rows where it is not the first (:func:`row_name`); in a sortable table of three
    columns or more, ``row-detail`` on a last column of long texts."""
    kinds = [
        ["num"] if _numeric(cells) else ["long"] if max(map(len, cells), default=0) > LONG else [] for cells in columns
    ]
    name = row_name(columns)
    if name:
        kinds[name].append("row-name")
    if sortable and len(columns) > 2 and "long" in kinds[-1]:
        kinds[-1].append("row-detail")
    return kinds


def _tracks(columns: list[list[str]]) -> str:
    """The grid tracks of a sortable table on a wide screen (the book's stylesheet): each column at least as wide
    as its longest word, the rest of the width shared in proportion to the mean length of its filled cells."""

    def share(cells: list[str]) -> int:
        filled = [len(c) for c in cells if c]
        return max(1, round(sum(filled) / len(filled))) if filled else 1

    return " ".join(f"minmax(min-content, {share(cells)}fr)" for cells in columns)


def _class(kind: list[str]) -> str:
    return f' class="{" ".join(kind)}"' if kind else ""


def html_table(
    frame: pd.DataFrame,
    caption: str,
    table_id: str,
    facets: pd.DataFrame | None = None,
    markers: set[str] = frozenset(),
) -> str:
    """An HTML table: caption, header row, body; columns holding only numbers are marked ``num``
    (right-aligned by the book's stylesheet), the others read left-aligned, and those with long texts
    are marked ``long`` (given room to wrap in lines a reader can follow). A column naming the rows other
    than the first is marked ``row-name`` (:func:`row_name`): it, not the first, stays in view when the
    table scrolls sideways.

    With ``facets``, the table is marked ``data-facets`` (their names) and each row carries its values
    (``data-facet-<name>``): the book's script (emcart.js) makes its headings sort buttons and adds a
    filter for each facet; a column named as a facet shows its cells tagged (``data-tag``, coloured by
    the stylesheet). On a wide screen such a table is a grid of every column (its tracks in the style
    property ``--emcart-tracks``), a last column of long texts marked ``row-detail`` and read beneath its
    row. Footnote markers ' [n]' of ``markers`` link to their notes."""
    columns = [[readable(cell_text(v)) for v in frame.iloc[:, k]] for k in range(frame.shape[1])]
    kinds = _kinds(columns, facets is not None)
    tagged = [facets is not None and name in facets.columns for name in frame.columns]
    seen: set[str] = set()

    def cell(i: int, k: int) -> str:
        tag = f' data-tag="{html.escape(str(facets.iloc[i][frame.columns[k]]))}"' if tagged[k] else ""
        return f"<td{_class(kinds[k])}{tag}>{_noted(columns[k][i], table_id, markers, seen)}</td>"

    head = "".join(f"<th{_class(kind)}>{html.escape(heading(name))}</th>" for name, kind in zip(frame.columns, kinds))
    rows = "".join(
        f"<tr{_facet_attributes(facets, i)}>" + "".join(cell(i, k) for k in range(len(columns))) + "</tr>\n"
        for i in range(len(frame))
    )
    marked = ""
    if facets is not None:
        laid = columns[:-1] if "row-detail" in kinds[-1] else columns
        marked = f' data-facets="{" ".join(map(str, facets.columns))}" style="--emcart-tracks: {_tracks(laid)}"'
    return (
        f'<table class="emcart-table" id="{html.escape(table_id)}"{marked}>\n<caption>{html.escape(caption)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>"
    )
