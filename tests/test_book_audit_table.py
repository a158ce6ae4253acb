"""The audit page's full comparison as a reader uses it, in headless Chromium with the network cut off:
sorted by a heading's button (by mouse and by keyboard), filtered by report and status with a live
count of the rows shown, every row linked to its evidence, every row printed."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

from emcart.presentation import tables

pytestmark = pytest.mark.browser

PAGE = "notebooks/audit"
TABLE = "#audit-all"
FACETS = re.compile(r'<tr data-facet-report="([^"]*)" data-facet-status="([^"]*)">')


@pytest.fixture(scope="module")
def facets(built) -> list[tuple[str, str]]:
    """(report, status) of each row, as the built page writes them."""
    return FACETS.findall((built / f"{PAGE}.html").read_text(encoding="utf-8"))


@pytest.fixture
def tab(built, browser):
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    tab.goto((built / f"{PAGE}.html").as_uri(), wait_until="load")
    yield tab
    context.close()
    assert not errors, errors


def _column(tab, index: int, table: str = TABLE) -> list[str]:
    """The texts of one column's visible cells, top to bottom."""
    return tab.evaluate(
        f"() => [...document.querySelectorAll('{table} tbody tr')]"
        f".filter(r => r.checkVisibility()).map(r => r.cells[{index}].textContent.trim())"
    )


def _status_column(tab) -> int:
    """The index of the column whose cells are tagged with their row's status (the report's are tagged too)."""
    return tab.evaluate(
        f"() => {{ const row = document.querySelector('{TABLE} tbody tr');"
        " return [...row.cells].findIndex(c => c.dataset.tag === row.dataset.facetStatus); }"
    )


def test_the_comparison_is_faceted_by_report_and_status(facets):
    assert len(facets) > 100
    assert {report for report, _ in facets} == {"A", "B", "C", "D"}


def test_sort_buttons_order_the_rows_and_say_how(tab, facets):
    column = _status_column(tab)
    heading = tab.locator(f"{TABLE} thead th").nth(column)
    assert heading.get_attribute("aria-sort") == "none"
    before = _column(tab, column)
    assert before != sorted(before), "the rows were already in status order: the sort would show nothing"
    heading.get_by_role("button").click()
    assert heading.get_attribute("aria-sort") == "ascending"
    assert _column(tab, column) == sorted(before)
    heading.get_by_role("button").click()
    assert heading.get_attribute("aria-sort") == "descending"
    assert _column(tab, column) == sorted(before, reverse=True)
    assert tab.locator(f'{TABLE} thead th[aria-sort="none"]').count() == tab.locator(f"{TABLE} thead th").count() - 1


def test_sort_works_from_the_keyboard(tab):
    heading = tab.locator(f"{TABLE} thead th").first
    # From the search box, the tab key reaches the table's region, then its first heading's button.
    tab.get_by_role("searchbox", name="Search").focus()
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")
    assert tab.evaluate(
        f"() => document.activeElement === document.querySelector('{TABLE} thead th button.emcart-sort')"
    ), "the first sort button is not the next stop of the tab key after the table's region"
    tab.keyboard.press("Enter")
    assert heading.get_attribute("aria-sort") == "ascending"
    tab.keyboard.press("Space")
    assert heading.get_attribute("aria-sort") == "descending"
    ids = _column(tab, 0)
    assert ids[0] > ids[-1]


def test_filters_show_one_report_and_status_and_count_them_aloud(tab, facets):
    report, status = Counter(facets).most_common(1)[0][0]
    expected = sum(1 for f in facets if f == (report, status))
    count = tab.locator(".emcart-explore-count")
    assert count.get_attribute("aria-live") == "polite"
    assert count.text_content() == f"{len(facets)} of {len(facets)} rows shown"
    tab.get_by_role("combobox", name="Report", exact=True).select_option(report)
    tab.get_by_role("combobox", name="Status", exact=True).select_option(status)
    shown = tab.evaluate(
        f"() => [...document.querySelectorAll('{TABLE} tbody tr')].filter(r => r.checkVisibility())"
        ".map(r => [r.dataset.facetReport, r.dataset.facetStatus])"
    )
    assert shown == [[report, status]] * expected
    assert count.text_content() == f"{expected} of {len(facets)} rows shown"
    tab.get_by_role("combobox", name="Report", exact=True).select_option("")
    assert count.text_content() == f"{sum(1 for f in facets if f[1] == status)} of {len(facets)} rows shown"


def test_every_row_links_to_its_evidence_and_the_table_to_its_csv(tab):
    targets = tab.evaluate(
        f"() => [...document.querySelectorAll('{TABLE} tbody tr')].map(r => r.cells[0].querySelector('a')?.href)"
    )
    assert targets and all(re.search(r"/book/evidence/report_[a-d]\.html#ev-[0-9a-f]{10}$", t or "") for t in targets)
    assert tab.locator("p.emcart-csv a[href$='_tables/notebooks/audit/audit-all.csv']").count() == 1


def test_print_shows_every_row_without_the_controls(tab, facets):
    tab.get_by_role("combobox", name="Report", exact=True).select_option(facets[0][0])
    tab.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    tab.emulate_media(media="print")
    assert not tab.locator(".emcart-explore").is_visible()
    assert len(_column(tab, 0)) == len(facets)
    # Nothing of the table is cut off by the box around it (which scrolls on screen).
    overflow = tab.evaluate(
        f"() => {{ const t = document.querySelector('{TABLE}'); let box = t.parentElement;"
        " while (getComputedStyle(box).overflowX === 'visible') box = box.parentElement;"
        " return t.getBoundingClientRect().right - box.getBoundingClientRect().right; }"
    )
    assert overflow <= 1, f"the printed table reaches {overflow:.0f} px past its box"


def test_numeric_columns_sort_by_value_and_empty_cells_last(built, browser, tmp_path):
    frame = pd.DataFrame({"name": ["b", "a10", "a9", "c"], "days": [10, 9, None, 100]})
    facets = pd.DataFrame({"group": ["x", "y", "x", "y"]})
    page = tmp_path / "t.html"
    page.write_text(
        f'<html><head><link rel="stylesheet" href="{(built / "_static" / "emcart.css").as_uri()}">'
        f'<script src="{(built / "_static" / "emcart.js").as_uri()}"></script></head><body>'
        + tables.Table(frame, "Numbers", "t-num", facets=facets)._repr_html_()
        + "</body></html>",
        encoding="utf-8",
    )
    tab = browser.new_page()
    tab.goto(page.as_uri(), wait_until="load")
    tab.locator("#t-num th").nth(1).get_by_role("button").click()
    assert _column(tab, 1, "#t-num") == ["9", "10", "100", ""]
    tab.locator("#t-num th").nth(1).get_by_role("button").click()
    assert _column(tab, 1, "#t-num") == ["100", "10", "9", ""]
    tab.locator("#t-num th").nth(0).get_by_role("button").click()
    assert _column(tab, 0, "#t-num") == ["a9", "a10", "b", "c"]
    tab.get_by_role("combobox", name="Group", exact=True).select_option("y")
    assert _column(tab, 0, "#t-num") == ["a10", "c"]
    tab.close()


# Each heading of the table, and whether it is what the reader sees at its centre (not hidden beside the box, nor
# behind anything else on the page), the table's box at the top of the screen under the header bar.
HEADINGS_IN_VIEW = """(selector) => {
  const table = document.querySelector(selector), box = table.closest('.emcart-table-scroll');
  window.scrollBy(0, box.getBoundingClientRect().top - 80);
  const edge = box.getBoundingClientRect();
  return [...table.tHead.rows[0].cells].map((th) => {
    const r = th.getBoundingClientRect(), x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
    return [th.textContent.trim(), r.left >= edge.left - 1 && r.right <= edge.right + 1
            && th.contains(document.elementFromPoint(x, y))];
  });
}"""


def test_on_a_desktop_every_column_is_in_view(tab):
    """At 1400 px every column of the full comparison is in its box, none behind the page's contents at the top right,
    without scrolling sideways; a basis or reason reads beneath its row, across the columns after the report's."""
    headings = tab.evaluate(HEADINGS_IN_VIEW, TABLE)
    hidden = [heading for heading, seen in headings if not seen]
    assert len(headings) == 9 and not hidden, f"{len(hidden)} of {len(headings)} columns out of view: {hidden}"
    box = tab.locator(f".emcart-table-scroll:has(> {TABLE})")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth"), "the table scrolls sideways"
    report, *cells, reason = tab.evaluate(
        "(selector) => [...[...document.querySelector(selector).tBodies[0].rows]"
        ".find((r) => r.lastElementChild.textContent.trim()).cells].map((c) => c.getBoundingClientRect().toJSON())",
        TABLE,
    )
    assert reason["top"] >= max(c["bottom"] for c in cells) - 1, "the basis or reason is not beneath its row"
    assert abs(reason["left"] - cells[0]["left"]) <= 1 and abs(reason["right"] - cells[-1]["right"]) <= 1
    assert report["bottom"] >= reason["bottom"] - 1, "the report's cell does not stand beside the basis or reason"


# Scrolled sideways as far as it goes: whether the table overflows its box, and, for its heading row and first rows,
# whether the first cell is what the reader sees at its centre.
FIRST_IN_FRONT = """(selector) => {
  const table = document.querySelector(selector), box = table.closest('.emcart-table-scroll');
  window.scrollBy(0, box.getBoundingClientRect().top - 80);  // under the header bar
  box.scrollLeft = box.scrollWidth;
  const seen = [...table.rows].slice(0, 6).map((row) => {
    const r = row.cells[0].getBoundingClientRect();
    return document.elementFromPoint((r.left + r.right) / 2, r.top + 10)?.closest('th, td') === row.cells[0];
  });
  return [box.scrollWidth > box.clientWidth, seen];
}"""


def test_on_a_narrower_screen_the_first_column_stays_in_front_when_scrolled_sideways(tab):
    tab.set_viewport_size({"width": 800, "height": 900})
    scrolls, seen = tab.evaluate(FIRST_IN_FRONT, TABLE)
    assert scrolls, "the table fits at 800 px: nothing scrolls under its first column"
    assert all(seen), f"the first cell of the heading row and of the first rows, in front: {seen}"


CARDS = """(selector) => {
  const table = document.querySelector(selector);
  const headings = [...table.tHead.rows[0].cells].map((th) => th.textContent.trim());
  const row = table.tBodies[0].rows[0];
  const label = (td) => getComputedStyle(td, '::before').content;
  return {
    tableWidth: table.getBoundingClientRect().width,
    rowDisplay: getComputedStyle(row).display,
    labels: [...row.cells].filter((td) => td.textContent.trim()).map((td) => [headings[td.cellIndex], label(td)]),
    hidden: [...row.cells].filter((td) => !td.textContent.trim()).map((td) => getComputedStyle(td).display),
    roles: [table.getAttribute('role'), row.getAttribute('role'), row.cells[0].getAttribute('role')],
  };
}"""


@pytest.mark.parametrize("page", [PAGE])  # run where the page is open at 390 px (conftest.PageScheduling)
def test_on_a_phone_each_row_is_a_card_of_headed_lines(opened, page):
    """On a 390 px phone the table does not scroll sideways: each row is a card, each non-empty cell a line led by its
    column's heading, empty cells left out, and the roles keep it a table for a screen reader."""
    found = opened(page, 390).tab.evaluate(CARDS, TABLE)
    assert found["tableWidth"] <= 390 and found["rowDisplay"] == "block", found
    assert found["labels"] and all(label == f'"{heading}: "' for heading, label in found["labels"]), found["labels"]
    assert set(found["hidden"]) <= {"none"}, found["hidden"]
    assert found["roles"] == ["table", "row", "cell"], found["roles"]
