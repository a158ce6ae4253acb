"""Link check of the built HTML: every internal link and anchor resolves; external links are listed, not fetched.

Usage: ``python -m emcart.build.links _build/html`` (``make test`` runs it after the book build). Exits
non-zero naming page, link and reason for each broken internal link.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that point somewhere, by tag.
LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src", "source": "src"}
# Schemes that are neither a file of the book nor a web address to list.
IGNORED_SCHEMES = ("mailto", "data", "javascript", "tel")
# Folders of the theme's and extensions' own files, not pages of the book.
SKIPPED_FOLDERS = ("_static", "_sources", "_images")


@dataclass
class Page:
    """The links and the anchors (ids and names) of one HTML page."""

    links: list[str] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__()
        self.page = page

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.page.anchors.add(attrs[name])
        target = attrs.get(LINK_ATTRIBUTES.get(tag, ""))
        if target:
            self.page.links.append(target)


def parse(path: Path) -> Page:
    page = Page()
    _Parser(page).feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def check(html: Path) -> tuple[list[str], list[str]]:
    """(broken internal links as 'page: link: reason', external addresses) of the book built in ``html``."""
    html = html.resolve()
    parsed: dict[Path, Page] = {}

    def load(path: Path) -> Page:
        if path not in parsed:
            parsed[path] = parse(path)
        return parsed[path]

    broken, external = [], set()
    for page in sorted(html.rglob("*.html")):
        if set(page.relative_to(html).parts) & set(SKIPPED_FOLDERS):
            continue
        for link in load(page).links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https") or link.startswith("//"):
                external.add(link)
            elif parts.scheme not in IGNORED_SCHEMES:
                reason = _unresolved(html, page, parts, load)
                if reason:
                    broken.append(f"{page.relative_to(html)}: {link}: {reason}")
    return broken, sorted(external)


def _unresolved(html: Path, page: Path, parts, load) -> str | None:
    """Why an internal link does not resolve (None when it does)."""
    if parts.scheme:
        return f"unknown scheme {parts.scheme!r}"
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if target.is_dir():
        target = target / "index.html"
    if not target.is_relative_to(html):
        return f"points outside the book, to {target}"
    if not target.is_file():
        return f"no file {target.relative_to(html)}"
    anchor = unquote(parts.fragment)
    if anchor and target.suffix == ".html" and anchor not in load(target).anchors:
        return f"no anchor #{anchor} in {target.relative_to(html)}"
    return None


def main(argv: list[str]) -> int:
    html = Path(argv[0] if argv else "_build/html")
    if not (html / "index.html").is_file():
        print(f"no built book at {html}: build it first", file=sys.stderr)
        return 2
    broken, external = check(html)
    print(f"external links (listed, not fetched): {len(external)}")
    for link in external:
        print(f"  {link}")
    for problem in broken:
        print(f"broken: {problem}", file=sys.stderr)
    print(f"internal links: {'all resolve' if not broken else f'{len(broken)} broken'}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
