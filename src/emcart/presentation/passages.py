"""A report's evidence page: its passages in source order, each under its anchor, with the curated values it
supports and where the book shows them.

Per passage: its locator (a heading carrying the anchor), the quoted words, then one item per curated row,
named by its key field, its id and its table. The row's
values follow as "field: value" (the field's short title), grouped by the tables of the book that show them
(linked); the values the book does not show come last, marked once. A note shared by every value of the row is
said once for the row; an OCR reading, or a note of one value, stays with its value. The source file is named
before the first passage and again wherever the file changes.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from emcart.presentation import evidence

NOT_SHOWN = "not shown in the book"
FILE_CLASS = "emcart-evidence-file"
ROW_CLASS = "emcart-evidence-row"
VALUES_CLASS = "emcart-evidence-values"
NOTE_CLASS = "emcart-evidence-note"


@dataclass(frozen=True)
class Place:
    """A table of the book that shows a value: the link to it (from the evidence page) and its caption."""

    href: str
    caption: str


def field_title(dataset, table: str, field_name: str) -> str:
    """A field's short title: its ``title`` in the schema, else its name in words (underscores as spaces)."""
    found = next((f for f in dataset.fields(table) if f["name"] == field_name), {})
    return found.get("title") or field_name.replace("_", " ")


def row_name(dataset, table: str, row_id: str) -> str:
    """A curated row in words: its key field's short title and its id (``statistic X-1``)."""
    return f"{field_title(dataset, table, dataset.key(table))} {row_id}"


def shared_note(cells: Sequence[dict]) -> str:
    """The conversion note that every one of several cells carries ('' if they differ, lack one or are one)."""
    notes = {cell["note"] for cell in cells}
    return notes.pop() if len(cells) > 1 and len(notes) == 1 else ""


def rows(entry: evidence.Entry) -> list[list[dict]]:
    """The cells of a passage by curated row (table and row id), rows and cells in the order of provenance."""
    found: dict[tuple[str, str], list[dict]] = {}
    for cell in entry.cells:
        found.setdefault((cell["table"], cell["row_id"]), []).append(cell)
    return list(found.values())


def _value(dataset, cell: dict, note_said: bool) -> str:
    value = evidence.value_of(dataset, cell["table"], cell["row_id"], cell["field"])
    note = evidence.conversion({**cell, "note": ""} if note_said else cell, value)
    return (
        f"{html.escape(field_title(dataset, cell['table'], cell['field']))}: <strong>{html.escape(value)}</strong>"
        + (f" ({html.escape(note)})" if note else "")
    )


def _where(places: Sequence[Place]) -> str:
    if not places:
        return f' <span class="emcart-muted">— {NOT_SHOWN}</span>'
    links = ", ".join(f'<a href="{html.escape(p.href)}">{html.escape(p.caption)}</a>' for p in places)
    return f" — shown in {links}"


def _row_item(dataset, cells: Sequence[dict], places: Mapping[str, Sequence[Place]]) -> str:
    table, row_id = cells[0]["table"], cells[0]["row_id"]
    note = shared_note(cells)
    groups: dict[tuple[Place, ...], list[dict]] = {}
    for cell in sorted(cells, key=lambda c: not places.get(c["key"])):  # shown first, each in its order
        groups.setdefault(tuple(places.get(cell["key"], ())), []).append(cell)
    lines = [
        f'<span class="{VALUES_CLASS}">'
        + "; ".join(_value(dataset, c, bool(note)) for c in group)
        + _where(where)
        + "</span>"
        for where, group in groups.items()
    ]
    lines += [f'<span class="{NOTE_CLASS}">Note on every value of this row: {html.escape(note)}</span>'] if note else []
    name = f"{row_name(dataset, table, row_id)} ({dataset.resource(table).get('title', table)})"
    return f'<li><span class="{ROW_CLASS}">{html.escape(name)}</span>{"".join(lines)}</li>'


def passage(dataset, entry: evidence.Entry, places: Mapping[str, Sequence[Place]]) -> str:
    """One passage: its locator heading with its anchor, its words quoted, and its curated rows (module docstring).

    Parameters
    ----------
    dataset : Dataset
    entry : Entry
        The passage (:func:`emcart.presentation.evidence.entries`).
    places : mapping of str to sequence of Place
        Where the book shows each cell (by key); a cell not in it is not shown in the book.

    Returns
    -------
    str
        The passage's HTML.
    """
    items = "".join(_row_item(dataset, cells, places) for cells in rows(entry))
    return (
        f'<div class="emcart-evidence" id="{entry.anchor}">'
        f'<h2 class="emcart-evidence-locator">{html.escape("; ".join(entry.locators))} '
        f'<a class="headerlink" href="#{entry.anchor}" title="Link to this passage">#</a></h2>'
        f"<blockquote><p>{html.escape(entry.snippet)}</p></blockquote><ul>{items}</ul></div>"
    )


def page(dataset, entries: Sequence[evidence.Entry], places: Mapping[str, Sequence[Place]]) -> str:
    """The passages of one report (:func:`passage`), the source file named before the first passage it holds.

    Parameters
    ----------
    dataset : Dataset
    entries : sequence of Entry
        The report's passages in source order.
    places : mapping of str to sequence of Place
        As for :func:`passage`.

    Returns
    -------
    str
        The page's HTML.
    """
    parts, source = [], None
    for entry in entries:
        if entry.source_file != source:
            source = entry.source_file
            parts.append(f'<p class="{FILE_CLASS}">Passages of the source file <code>{html.escape(source)}</code>:</p>')
        parts.append(passage(dataset, entry, places))
    return "\n".join(parts)
