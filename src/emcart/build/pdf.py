"""The whole book as one PDF: Chromium (through Playwright) prints the single-page HTML build.

``python -m emcart.build.pdf [SINGLEHTML_INDEX] [PDF]`` (``make pdf``) prints
``_build/singlehtml/index.html`` to ``_build/pdf/book.pdf`` with the book's print stylesheet: code and
navigation hidden, static figures in place of the interactive ones, folded tables opened, every table
column kept. It prints the number of pages written.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from emcart.datapackage.paths import REPO

SINGLEHTML = REPO / "_build" / "singlehtml" / "index.html"
PDF = REPO / "_build" / "pdf" / "book.pdf"
PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def chromium() -> str:
    """Debian's Chromium, which ``make test`` installs (scripts/ensure-chromium.sh)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise SystemExit("chromium not found: run scripts/ensure-chromium.sh")
    return path


def print_book(source: Path = SINGLEHTML, target: Path = PDF) -> int:
    """Print ``source`` to ``target`` (A4) and return the number of pages."""
    if not source.is_file():
        raise SystemExit(f"no single-page build at {source}: run `jupyter-book build . --builder singlehtml`")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(source.as_uri(), wait_until="load")
        page.evaluate("() => document.querySelectorAll('details.emcart-fold').forEach(d => d.open = true)")
        page.emulate_media(media="print")
        page.pdf(path=str(target), format="A4", print_background=True,
                 margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        browser.close()
    return len(PAGE.findall(target.read_bytes()))


if __name__ == "__main__":
    arguments = [Path(a) for a in sys.argv[1:3]]
    pages = print_book(*arguments)
    print(f"{(arguments[1] if len(arguments) > 1 else PDF)}: {pages} pages")
