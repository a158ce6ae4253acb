"""Shared fixtures: a scratch copy of the curated data, the source texts' availability, and the built
book with a headless Chromium to open it in."""

from __future__ import annotations

import os
import shutil

import pytest

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
