"""The built report A chapter and its workings page: their tables are HTML tables with captions, and the
chapter's three figures are drawn."""

from __future__ import annotations

import re

import pytest

import emcart
from emcart.datapackage.paths import REPO
from emcart.presentation import cohort_columns
from emcart.presentation.cohort import MISSING

PAGE = REPO / "_build" / "html" / "notebooks" / "report_a.html"
WORKINGS = REPO / "_build" / "html" / "notebooks" / "report_a_workings.html"
pytestmark = pytest.mark.browser


def _read(path):
    if not path.is_file():
        pytest.fail(f"no built page at {path}: run `make html` first")
    return path.read_text()


@pytest.fixture(scope="module")
def page():
    return _read(PAGE)


@pytest.fixture(scope="module")
def workings():
    return _read(WORKINGS)


def test_rebuilt_tables_are_html_tables(page, workings):
    for caption in ("Table 1 (report A), rebuilt", "Table 2 (report A), rebuilt"):
        assert f"<caption>{caption}" in page
    for caption in (
        "Report A: published statistics against the curated data",
        "Report A, Figure 2: series the text does not give",
        "Table 1 (report A): its cohort numbers checked against the per-patient cells",
        "Table 2 (report A): its cohort numbers checked against the per-patient cells",
    ):
        assert f"<caption>{caption}" in workings
    assert ">Peak IL-6 (pg/mL)</th>" in page


def test_every_cell_the_text_does_not_give_says_so(page):
    data = emcart.load("A", check_sources=False)
    rebuilt = [cohort_columns.shown(data, "a-table-1", ""), cohort_columns.shown(data, "a-table-2", "", "Table 2")]
    for table in rebuilt:
        html = re.search(rf'<table class="emcart-table" id="{table.table_id}".*?</table>', page, flags=re.S)[0]
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.S)]
        assert cells.count(MISSING) == (table.frame == MISSING).sum().sum() > 0, table.table_id
        assert "" not in cells, table.table_id  # no cell is left blank
    assert sum((t.frame == MISSING).sum().sum() for t in rebuilt) > 25
    # the columns in which no patient has a value are not shown, and the prose names them
    for lacking in (cohort_columns.lacks(data, "a-table-1"), cohort_columns.lacks(data, "a-table-2")):
        assert f'no patient’s <span class="pasted-text">{lacking}</span>' in page


def test_three_figures_and_the_double_entry_table(page, workings):
    for figure_id in ("a-fig1a", "a-fig1b", "a-fig2"):
        assert f'id="{figure_id}"' in page
    assert "Double entry" in workings and "<p>Resolution</p></th>" in workings


def test_every_moved_section_is_linked_from_the_chapter(page, workings):
    for label in ("efs", "consistency", "double-entry", "gaps", "fig2", "doses", "checks", "definitions"):
        assert f'id="a-workings-{label}"' in workings, label
        assert f'href="report_a_workings.html#a-workings-{label}"' in page, label
