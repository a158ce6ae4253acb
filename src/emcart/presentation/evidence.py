"""Evidence: the source snippets behind the book's values, each with a stable anchor, and the marks that tie
a table cell to its snippet (a curated cell) or to its derivation (a recomputed cell).

A table cell is marked in its HTML with ``data-cell="table|row_id|field"`` (a curated cell) or with
``data-derivation="how it was computed"`` and ``data-inputs="table|row_id|field ..."`` (a recomputed cell);
the book's build turns each mark into a link to the snippet on the report's evidence page and a tip
that quotes it.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from emcart.datapackage.derived import remembered
from emcart.datapackage.marks import SEPARATOR as SEPARATOR  # re-exported: the key separator
from emcart.datapackage.marks import Derivation, cell_key
from emcart.datapackage.paths import sources_dir
from emcart.datapackage.provenance import normalise

CELL_ATTRIBUTE = "data-cell"
DERIVATION_ATTRIBUTE = "data-derivation"
INPUTS_ATTRIBUTE = "data-inputs"
TITLE_ATTRIBUTE = "data-title"
WORDS_ATTRIBUTE = "data-words"
WORDS_SEPARATOR = "\n"
_TD = re.compile(r"<td(?=[\s>])")


def _attributes(mark) -> str:
    if isinstance(mark, Derivation):
        text = f' {DERIVATION_ATTRIBUTE}="{html.escape(mark.text)}"'
        text += f' {TITLE_ATTRIBUTE}="{html.escape(mark.title)}"' if mark.title != Derivation.title else ""
        text += f' {WORDS_ATTRIBUTE}="{html.escape(WORDS_SEPARATOR.join(mark.words))}"' if mark.words else ""
        return text + (f' {INPUTS_ATTRIBUTE}="{html.escape(" ".join(mark.inputs))}"' if mark.inputs else "")
    return f' {CELL_ATTRIBUTE}="{html.escape(mark)}"'


VALUE_CLASS = "emcart-value"  # a value in prose that carries a mark like a table cell's


def value_span(text: str, mark) -> str:
    """A value in prose (HTML, or inline HTML in MyST) with its mark: the build links it to its evidence and gives
    it the tip a table cell with the same mark gets. Line breaks and backticks in the mark are written as character
    references, so that MyST keeps the span whole."""
    marked = _attributes(mark).replace("\n", "&#10;").replace("`", "&#96;")
    return f'<span class="{VALUE_CLASS}"{marked}>{html.escape(text)}</span>'


def mark_cells(body: str, marks: pd.DataFrame) -> str:
    """Put each cell's mark (a key, a :class:`Derivation` or None) on the body cells (``<td>``) of
    ``body``, an HTML table without index cells, in row-major order; ``marks`` has the table's shape."""
    flat = [m for row in marks.itertuples(index=False) for m in row]
    cells = iter(flat)
    count = 0

    def attach(match):
        nonlocal count
        count += 1
        mark = next(cells, None)
        return match.group(0) + (_attributes(mark) if mark is not None and not _empty(mark) else "")

    marked = _TD.sub(attach, body)
    if count != len(flat):
        raise ValueError(f"{count} table cells but {len(flat)} marks")
    return marked


def _empty(mark) -> bool:
    return isinstance(mark, float) and pd.isna(mark)


@dataclass
class Entry:
    """One snippet of one report's source text, with the curated cells it supports."""

    anchor: str
    study: str
    source_file: str
    locators: list[str]
    snippet: str
    position: int
    cells: list[dict] = field(default_factory=list)


def anchor(source_file: str, snippet: str) -> str:
    """A stable anchor for a snippet: a hash of its file and its whitespace-normalised words."""
    return "ev-" + hashlib.sha1(f"{source_file}\n{normalise(snippet)}".encode()).hexdigest()[:10]


def _position(source_file: str, snippet: str, texts: dict[str, str | None]) -> int:
    """Where the snippet starts in its source text (-1: not there, or no text); ``texts`` keeps each text read."""
    if source_file not in texts:
        path = sources_dir() / source_file
        texts[source_file] = normalise(path.read_text(encoding="utf-8")) if path.is_file() else None
    text = texts[source_file]
    return -1 if text is None else text.find(snippet)


def entries(dataset) -> dict[str, list[Entry]]:
    """Every distinct snippet of each report, in the order it occurs in its source file (files in the
    order the report lists them; a snippet not found keeps the order of data/provenance.csv)."""
    prov = dataset["provenance"]
    study = dataset.study_of("provenance")
    files = {s: str(f).split(";") for s, f in dataset["studies"].set_index("study_id")["source_files"].items()}
    found: dict[str, Entry] = {}
    texts: dict[str, str | None] = {}
    for i, row in prov.iterrows():
        snippet = normalise(row["snippet"])
        key = anchor(row["source_file"], snippet)
        entry = found.get(key)
        if entry is None:
            entry = found[key] = Entry(
                key, study[i], row["source_file"], [], snippet, _position(row["source_file"], snippet, texts)
            )
        if row["locator"] not in entry.locators:
            entry.locators.append(row["locator"])
        entry.cells.append(
            {
                "key": cell_key(row["table"], row["row_id"], row["field"]),
                "table": row["table"],
                "row_id": row["row_id"],
                "field": row["field"],
                "locator": row["locator"],
                "ocr_raw": _text(row["ocr_raw"]),
                "note": _text(row["note"]),
            }
        )
    by_study: dict[str, list[Entry]] = {}
    for order, entry in enumerate(found.values()):
        listed = files.get(entry.study, [])
        rank = listed.index(entry.source_file) if entry.source_file in listed else len(listed)
        by_study.setdefault(entry.study, []).append(
            (rank, entry.position if entry.position >= 0 else 10**9, order, entry)
        )
    return {s: [e for *_, e in sorted(items, key=lambda t: t[:3])] for s, items in sorted(by_study.items())}


def _text(value) -> str:
    return "" if pd.isna(value) else str(value)


def value_of(dataset, table: str, row_id: str, field_name: str) -> str:
    """The curated value of one cell, as stored (a true or false one as 'yes' or 'no')."""
    frame = dataset[table]
    key = dataset.key(table)
    index = remembered(frame, ("index by", key), lambda: dict(zip(frame[key], frame.index))).get(row_id)
    value = None if index is None else frame.at[index, field_name]
    if value is None or pd.isna(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    return f"{value:g}" if isinstance(value, float) else str(value)


def conversion(cell: dict, value: str) -> str:
    """The OCR correction or the conversion note of a cell, in words ('' if none)."""
    parts = []
    if cell["ocr_raw"]:
        parts.append(f"OCR: printed '{cell['ocr_raw']}', read as {value}")
    if cell["note"]:
        parts.append(cell["note"])
    return "; ".join(parts)


def tip(entry: Entry, cell: dict, value: str, report: str) -> tuple[str, str, str]:
    """A cell's tip: its title (report and locator), the quoted source words and any OCR or conversion note."""
    return f"Report {report}, {cell['locator']}", f"“{entry.snippet}”", conversion(cell, value)


STATISTIC = "reported_statistics"
# Columns of a table of published statistics that show a curated field of the statistic's row.
PUBLISHED_FIELDS = {
    "statistic": "statistic",
    "what": "statistic",
    "item": "statistic",
    "Outcome": "statistic",
    "Statistic": "statistic",
    "group": "group",
    "published": "value",
    "Published": "value",
    "Published %": "value",
    "k/N": "numerator",
    "where printed": "value",
    "printed interval": "ci_low",
}
# Columns of curators' words (reasons, remarks, notes); every other column shows what the book computed.
WORDS = {"basis or reason", "reason or remark", "note", "why", "from"}
# The column giving a status's basis or reason: the book's words on its recomputation and the curated judgments.
REASON = "basis or reason"
REASONS = "audit_reasons"
# The column naming the report a statistic belongs to: the report's curated row.
REPORT = "report"
CONTEXT = (("counted", "counting"), ("from", "from"), ("basis or reason", "basis"))


def provenance_keys(dataset) -> set[str]:
    """The keys of every cell that has provenance (a non-empty transcribed value)."""
    prov = dataset["provenance"]
    return {cell_key(t, r, f) for t, r, f in zip(prov["table"], prov["row_id"], prov["field"])}


# The cell that names a curated row: a label, row header or reference naming the row carries its tip.
MAIN_FIELDS = {
    "studies": "title",
    "courses": "therapy",
    "events": "event_type",
    "measurements": "analyte",
    "patients": "label",
}


def main_key(dataset, table: str, row_id: str, known: set[str] | None = None) -> str | None:
    """The key of the cell that names a curated row (:data:`MAIN_FIELDS`), if it has provenance."""
    key = cell_key(table, row_id, MAIN_FIELDS[table]) if table in MAIN_FIELDS else None
    return key if key in (provenance_keys(dataset) if known is None else known) else None


def _derivation(row: pd.Series, column: str, published: str | None) -> Derivation | None:
    def shown(c):
        return str(row[c]) if c in row.index and pd.notna(row[c]) and str(row[c]) else ""

    if not shown(column):
        return None
    parts = [f"{column}: {shown(column)}, computed by the book"]
    parts += [f"{label}: {shown(c)}" for c, label in CONTEXT if c != column and shown(c)]
    given = next((c for c in ("published", "Published", "Published %") if shown(c)), None)
    parts += [f"published: {shown(given)}"] if given else []
    return Derivation("; ".join(parts) + ".", (published,) if published else ())


def statistic_marks(dataset, frame: pd.DataFrame, stat_ids) -> pd.DataFrame:
    """Marks for a table of published statistics against their recomputation, one statistic per row.

    Published columns (:data:`PUBLISHED_FIELDS`) and the ``report`` column (the report's title) show curated
    cells; the ``basis or reason`` column a derivation from the recomputation and the curated judgments; other
    curators' words (:data:`WORDS`) no mark; every other column a derivation linked to the published value's words.

    Parameters
    ----------
    dataset : Dataset
    frame : pandas.DataFrame
        The table shown.
    stat_ids : iterable of str
        The statistic of each row, in the frame's order.

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: a curated cell's key (``table|row_id|field``), a
        :class:`~emcart.presentation.evidence.Derivation`, or None.
    """
    known = provenance_keys(dataset)

    def curated(sid: str, field_name: str) -> str | None:
        key = cell_key(STATISTIC, sid, field_name)
        return key if key in known else None

    rows = []
    for sid, (_, row) in zip(stat_ids, frame.iterrows()):
        value = curated(sid, "value") or curated(sid, "numerator")
        rows.append(
            [
                (value if column == "published" else curated(sid, PUBLISHED_FIELDS[column]))
                if column in PUBLISHED_FIELDS
                else main_key(dataset, "studies", row[column], known)
                if column == REPORT
                else _reason(dataset, sid, row[column], value, known)
                if column == REASON
                else None
                if column in WORDS
                else _derivation(row, column, value)
                for column in frame.columns
            ]
        )
    return pd.DataFrame(rows, dtype=object)


def _reason(dataset, stat_id: str, text, published: str | None, known: set[str]) -> Derivation | None:
    """The mark of a statistic's basis or reason: the words, from the book's recomputation and the curated
    judgments of the statistic (whose source words it quotes), then the published value's words."""
    if pd.isna(text) or not str(text):
        return None
    said = dataset[REASONS] if REASONS in dataset.tables else pd.DataFrame(columns=["reason_id", "stat_id"])
    judged = [cell_key(REASONS, r, "source_words") for r in said.loc[said["stat_id"] == stat_id, "reason_id"]]
    inputs = tuple(k for k in [*judged, published] if k in known)
    whose = (
        "the book's recomputation and the curators' judgments quoted below" if judged else "the book's recomputation"
    )
    return Derivation(f"{str(text).rstrip('.')}. From {whose}.", inputs, title="Basis or reason")
