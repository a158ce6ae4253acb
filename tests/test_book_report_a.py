"""The built report A chapter: its tables are HTML tables with captions, and its three figures are drawn."""

from __future__ import annotations

import pytest

from emcart.datapackage.paths import REPO

PAGE = REPO / "_build" / "html" / "notebooks" / "report_a.html"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page():
    if not PAGE.is_file():
        pytest.fail(f"no built page at {PAGE}: run `make html` first")
    return PAGE.read_text()


def test_rebuilt_tables_are_html_tables(page):
    for caption in (
        "Table 1 (report A), rebuilt",
        "Table 2 (report A), rebuilt",
        "Report A: published statistics against the curated data",
        "Report A, Figure 2: series the text does not give",
    ):
        assert f"<caption>{caption}" in page
    assert ">Peak IL-6 (pg/mL)</th>" in page
    assert page.count("not reported in text") > 40


def test_three_figures_and_the_double_entry_table(page):
    for figure_id in ("a-fig1a", "a-fig1b", "a-fig2"):
        assert f'id="{figure_id}"' in page
    assert "Double entry" in page and "<p>Resolution</p></th>" in page
