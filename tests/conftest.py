"""Shared fixtures: a scratch copy of the curated data, the source texts' availability, and the built
book with a headless Chromium to open it in."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest
from xdist.scheduler import LoadScopeScheduling

from emcart.datapackage.paths import DATA, REPO, sources_dir

HTML = REPO / "_build" / "html"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_report_header(config):
    return f"source texts: {sources_dir()} ({'present' if sources_dir().is_dir() else 'MISSING'})"


@pytest.fixture
def sources():
    """The source-text folder. Missing: a failure under CI=true, a visible skip elsewhere."""
    folder = sources_dir()
    if not folder.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"source texts not found at {folder}: CI must run with ../shared beside the repository")
        pytest.skip(f"source texts not found at {folder}; set EMCART_SOURCES or put ../shared beside the repository")
    return folder


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ to corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def built():
    if not (HTML / "index.html").is_file():
        pytest.fail(f"no built book at {HTML}: run `make html` first")
    return HTML


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.fail("chromium not found: `make test` installs it (scripts/ensure-chromium.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@dataclass
class Opened:
    """A built page as a reader first meets it: loaded once per viewport width, offline, its figures drawn
    and fitted; with what went wrong while it loaded (console errors, network requests)."""

    tab: object
    errors: list[str]
    external: list[str]


WIDTHS = {1400: 900, 390: 844}  # viewport width → height: a desktop and a phone screen


@pytest.fixture(scope="session")
def opened(built, browser):
    """``opened(page, width)``: the page's :class:`Opened`, shared by every test that only reads it (each
    test process loads a page once per width; tests that click, hover or print open their own)."""
    pages = {}

    def load(page: str, width: int) -> Opened:
        if (page, width) not in pages:
            context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]}, offline=True)
            tab = context.new_page()
            found = Opened(tab, [], [])
            tab.on("console", lambda m: found.errors.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda e: found.errors.append(str(e)))

            def route(request):
                if request.request.url.startswith(("file://", "data:")):
                    request.continue_()
                else:
                    found.external.append(request.request.url)
                    request.abort()

            tab.route("**/*", route)
            tab.goto((built / f"{page}.html").as_uri(), wait_until="load")
            figures = tab.locator(".plotly-graph-div")
            for k in range(figures.count()):
                figures.nth(k).locator("svg.main-svg").first.wait_for(state="attached", timeout=15_000)
            # the book's script has fitted each figure to the screen (legend below, title size)
            tab.wait_for_function(
                "() => [...document.querySelectorAll('.plotly-graph-div')].every(d => d.dataset.emcartSettled)",
                timeout=15_000,
            )
            pages[page, width] = found
        return pages[page, width]

    yield load
    for found in pages.values():
        found.tab.context.close()


class PageScheduling(LoadScopeScheduling):
    """pytest-xdist scheduling whose unit of work is a built page: every test with a parameter naming a page
    (``notebooks/…``, ``book/…``) runs in the test process that has that page open; the other tests of a module
    run together, sharing what their module opens once."""

    def _split_scope(self, nodeid: str) -> str:
        params = nodeid[nodeid.find("[") + 1 : -1].split("-") if nodeid.endswith("]") else []
        return next((p for p in params if p.startswith(("notebooks/", "book/"))), nodeid.split("::")[0])


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadgroup`` groups the browser tests by page (:class:`PageScheduling`), so that each page is
    loaded once per width (:func:`opened`). pytest-xdist's own groups (``xdist_group`` marks, carried in the
    node id) are lost under pytest 9: pytest-dev/pytest-xdist#1386."""
    if config.getvalue("dist") == "loadgroup":
        return PageScheduling(config, log)
