"""A CSV download under every data table of the book: the table as the reader sees it (headings and
cells, note markers included), written beside the page at build time and linked below the table."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

TABLE = re.compile(r'(<table class="emcart-table" id="([^"]+)"[^>]*>.*?</table>)(</div>)?', re.S)
ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
TAG = re.compile(r"<[^>]+>")
FOLDER = "_tables"


def table_csv(table_html: str) -> str:
    """The rows of one rendered table as CSV text (header row first)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in ROW.findall(table_html):
        writer.writerow([html.unescape(TAG.sub("", cell)).strip() for cell in CELL.findall(row)])
    return out.getvalue()


def link_tables(body: str, pagename: str, outdir: Path) -> str:
    """Write each table of ``body`` to ``outdir/_tables/<page>/<table id>.csv`` and put a link to it
    below the table (after its scroll container)."""
    depth = "../" * pagename.count("/")

    def link(m: re.Match) -> str:
        target = outdir / FOLDER / pagename / f"{m[2]}.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(table_csv(m[1]), encoding="utf-8")
        href = f"{depth}{FOLDER}/{pagename}/{m[2]}.csv"
        return f'{m[1]}{m[3] or ""}<p class="emcart-csv"><a href="{href}" download>Download this table (CSV)</a></p>'

    return TABLE.sub(link, body)
