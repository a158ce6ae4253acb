"""Provenance at the point of reading: evidence pages and cell tips.

- The ``evidence`` directive (``{evidence} C`` on a page of its own) lists every snippet of one report in
  source order, each under a stable anchor, with the values it supports by curated row and links back to
  the tables that show them (:mod:`emcart.presentation.passages`).
- Each page's marked table cells and marked values in prose (:mod:`emcart.presentation.evidence`) become links (``data-tip``: the
  tip's number) to their snippet's anchor (a recomputed cell: its first input's), with a tip (the theme's Bootstrap popover, opened on hover and on keyboard focus) that quotes
  the source words, the locator and any OCR or conversion note; a recomputed cell's tip gives its
  derivation. The tips' texts are written once per page as JSON, each text once.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

import emcart
from emcart.presentation import evidence, passages

EVIDENCE_DOC = "book/evidence/report_{study}"
TIPS_ID = "emcart-tips"
_TABLE = re.compile(r'<table\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</table>', re.S)
_CAPTION = re.compile(r"<caption>(.*?)</caption>", re.S)
_MARKED = re.compile(r'(?:data-cell|data-inputs)="([^"]+)"')
_CELL = re.compile(r'<td(\s[^>]*\b(?:data-cell|data-derivation)="[^"]*"[^>]*)>(.*?)</td>', re.S)
# A value in prose marked like a cell (:func:`emcart.presentation.evidence.value_span`).
_VALUE = re.compile(
    rf'<span class="{evidence.VALUE_CLASS}"(\s[^>]*\b(?:data-cell|data-derivation)="[^"]*"[^>]*)>(.*?)</span>', re.S
)
_MARKS = re.compile(r'\s*data-(?:cell|derivation|inputs|title|words)="[^"]*"')
_ATTRIBUTE = re.compile(r'(data-cell|data-derivation|data-inputs|data-title|data-words)="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_NOTEREF = ' <sup class="emcart-noteref">'


@dataclass
class Shown:
    """Where the book shows a value: a page and the table on it."""

    docname: str
    table_id: str
    caption: str


@dataclass
class Evidence:
    """The snippets of every report and the places the book shows their values."""

    dataset: object
    entries: dict[str, list[evidence.Entry]]
    cells: dict[str, tuple[evidence.Entry, dict]] = field(default_factory=dict)
    shown: dict[str, list[Shown]] = field(default_factory=dict)

    @classmethod
    def load(cls, srcdir: Path) -> Evidence:
        dataset = emcart.load()
        found = cls(dataset, evidence.entries(dataset))
        for entry in (e for entries in found.entries.values() for e in entries):
            for cell in entry.cells:
                found.cells[cell["key"]] = (entry, cell)
        for notebook in sorted(srcdir.glob("**/*.ipynb")):
            parts = notebook.relative_to(srcdir).parts
            if not any(p.startswith((".", "_")) for p in parts[:-1]):
                found._scan(notebook.relative_to(srcdir).with_suffix("").as_posix(), notebook)
        return found

    def _scan(self, docname: str, notebook: Path) -> None:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
        for output in (o for c in cells for o in c.get("outputs", [])):
            markup = output.get("data", {}).get("text/html", "")
            for table_id, table in _TABLE.findall("".join(markup) if isinstance(markup, list) else markup):
                caption = _CAPTION.search(table)
                place = Shown(docname, table_id, html.unescape(caption.group(1)) if caption else table_id)
                for keys in _MARKED.findall(table):
                    for key in html.unescape(keys).split():
                        places = self.shown.setdefault(key, [])
                        if place not in places:
                            places.append(place)

    def value(self, key: str) -> str:
        table, row_id, field_name = key.split(evidence.SEPARATOR)
        return evidence.value_of(self.dataset, table, row_id, field_name)


def _href(from_doc: str, to_doc: str, anchor: str) -> str:
    return posixpath.relpath(to_doc, posixpath.dirname(from_doc) or ".") + ".html#" + anchor


def evidence_page(found: Evidence, docname: str, study: str) -> str:
    """The HTML list of one report's passages (:func:`emcart.presentation.passages.page`), linked from the
    evidence page ``docname`` to the tables that show their values."""
    places = {
        key: [passages.Place(_href(docname, p.docname, p.table_id), p.caption) for p in shown]
        for key, shown in found.shown.items()
    }
    return passages.page(found.dataset, found.entries.get(study, []), places)


class EvidenceDirective(SphinxDirective):
    """``{evidence} C``: the evidence list of report C."""

    required_arguments = 1

    def run(self):
        found = _evidence(self.env.app)
        study = self.arguments[0]
        if study not in found.entries:
            raise self.error(f"no provenance rows for report {study!r}")
        return [nodes.raw("", evidence_page(found, self.env.docname, study), format="html")]


def _evidence(app) -> Evidence:
    if getattr(app, "emcart_evidence", None) is None:
        app.emcart_evidence = Evidence.load(Path(app.srcdir))
    return app.emcart_evidence


def _tip(found: Evidence, docname: str, attributes: dict) -> tuple[str | None, tuple | None]:
    """The link target (None for a derivation without curated inputs) and the tip of one marked cell:
    (title, text before the quotes, quotes, text after them)."""
    if "data-cell" in attributes:
        key = attributes["data-cell"]
        if key not in found.cells:
            raise ExtensionError(f"{docname}: a table cell is marked {key!r}, which has no row in data/provenance.csv")
        entry, cell = found.cells[key]
        title, quote, note = evidence.tip(entry, cell, found.value(key), entry.study)
        return _href(docname, EVIDENCE_DOC.format(study=entry.study.lower()), entry.anchor), (title, "", (quote,), note)
    inputs = [found.cells[k] for k in attributes.get("data-inputs", "").split() if k in found.cells]
    distinct = {e.anchor: (e, c) for e, c in reversed(inputs)}
    words = attributes.get(evidence.WORDS_ATTRIBUTE)
    quotes = tuple(words.split(evidence.WORDS_SEPARATOR)) if words else ()  # quoted from outside the curated data
    # Each quotation under its locator: the quotation's text is the one a curated cell's tip shows (written once).
    quotes += tuple(
        q for e, c in reversed(distinct.values()) for q in (f"Report {e.study}, {c['locator']}:", f"“{e.snippet}”")
    )
    target = (
        _href(docname, EVIDENCE_DOC.format(study=inputs[0][0].study.lower()), inputs[0][0].anchor) if inputs else None
    )
    return target, (attributes.get("data-title", "Recomputed"), attributes["data-derivation"], quotes, "")


class _Tips:
    """A page's tips as JSON: each text (title, derivation, quotation, note) written once, each tip once as the
    numbers of its texts."""

    def __init__(self):
        self.texts: dict[str, int] = {}
        self.tips: dict[tuple, int] = {}

    def _number(self, text: str) -> int:
        return self.texts.setdefault(text, len(self.texts))

    def number(self, tip: tuple) -> int:
        title, lead, quotes, tail = tip
        shown = (self._number(title), self._number(lead), tuple(map(self._number, quotes)), self._number(tail))
        return self.tips.setdefault(shown, len(self.tips))

    def script(self) -> str:
        data = json.dumps(
            {"texts": list(self.texts), "tips": [[t, a, list(q), b] for t, a, q, b in self.tips]},
            ensure_ascii=False,
            separators=(",", ":"),
        ).replace("</", "<\\/")
        return f'\n<script type="application/json" id="{TIPS_ID}">{data}</script>\n'


def _link_cells(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    if "data-cell=" not in body and "data-derivation=" not in body:
        return
    found = _evidence(app)
    tips = _Tips()

    def linker(start: str, end: str):
        def link(match):
            # The marks are in the tip and the link now: the page does not carry them twice.
            kept = _MARKS.sub("", match.group(1))
            if not _TAG.sub("", match.group(2)).strip():
                return f"{start}{kept}>{match.group(2)}{end}"  # an empty cell shows no value: no tip, no link
            attributes = {k: html.unescape(v) for k, v in _ATTRIBUTE.findall(match.group(1))}
            target, tip = _tip(found, pagename, attributes)
            opening = f'<a href="{html.escape(target)}"' if target else '<span tabindex="0"'
            closing = "</a>" if target else "</span>"
            value, note, refs = match.group(2).partition(_NOTEREF)  # a footnote's link stays outside the tip's
            return f'{start}{kept}>{opening} data-tip="{tips.number(tip)}">{value}{closing}{note}{refs}{end}'

        return link

    body = _CELL.sub(linker("<td", "</td>"), body)
    body = _VALUE.sub(linker(f'<span class="{evidence.VALUE_CLASS}"', "</span>"), body)
    context["body"] = body + tips.script()


def _always_reread(app, env, added, changed, removed) -> list[str]:
    """Evidence pages list back-links from every notebook: read them again on each build."""
    return [d for d in env.found_docs if d.startswith(EVIDENCE_DOC.split("{")[0])]


def setup(app) -> None:
    """Register the directive and the handlers (called by :mod:`emcart.build.sphinx`)."""
    app.add_directive("evidence", EvidenceDirective)
    app.connect("html-page-context", _link_cells, priority=110)
    app.connect("env-get-outdated", _always_reread)
