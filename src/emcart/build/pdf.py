"""The whole book as one PDF: Chromium (through Playwright) prints the single-page HTML build.

``python -m emcart.build.pdf [SINGLEHTML_PAGE] [PDF]`` (``make pdf``) prints the single-page build
(``_build/singlehtml/book/introduction.html``, named after the root of ``_toc.yml``) to ``_build/pdf/book.pdf`` with the book's print stylesheet: code and
navigation hidden, static figures in place of the interactive ones, folded tables opened, every table
column kept. It prints the number of pages written.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

from emcart.datapackage.paths import REPO

# The single-page build is written under the root document's name (its index.html only redirects).
ROOT = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))["root"]
SINGLEHTML = REPO / "_build" / "singlehtml" / f"{ROOT}.html"
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
        # The page is written in the root document's folder but links its assets (_static/) as if it
        # were at the top of the build: a copy there finds them.
        staged = SINGLEHTML.parents[ROOT.count("/")] / "print.html"
        staged.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        page.goto(staged.as_uri(), wait_until="load")
        page.evaluate("() => document.querySelectorAll('details.emcart-fold').forEach(d => d.open = true)")
        page.emulate_media(media="print")
        page.pdf(
            path=str(target),
            format="A4",
            print_background=True,
            margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
        )
        browser.close()
    return len(PAGE.findall(target.read_bytes()))


if __name__ == "__main__":
    arguments = [Path(a) for a in sys.argv[1:3]]
    pages = print_book(*arguments)
    print(f"{(arguments[1] if len(arguments) > 1 else PDF)}: {pages} pages")
