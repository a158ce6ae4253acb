"""The book's tables on a 390 px phone, in headless Chromium: a table that would not fit its box is a list of cards,
one per row, each cell a line led by its column's heading and the cell naming the row at the card's head, so that no
table makes the reader scroll sideways; a table that fits stays a table, and on a desktop every table is a table."""

from __future__ import annotations

import pytest

from test_book import toc_pages

pytestmark = pytest.mark.browser

PHONE = 390
DESKTOP = 1400

# Every book table, its folded ones opened (and folded again after): whether its box scrolls sideways, whether its rows
# are laid out as a table's, and for its first row the cell at the top (and the cell expected there: the one marked
# row-name, else the first) and each shown cell's heading with the words drawn before its value.
TABLES = """async () => {
  const folded = [...document.querySelectorAll('details.emcart-fold:not([open])')];
  const settle = () => new Promise((done) => setTimeout(done, 100));
  folded.forEach((d) => { d.open = true; });
  await settle();
  const found = [...document.querySelectorAll('table.emcart-table')].map((t) => {
    const box = t.closest('.emcart-table-scroll'), row = t.tBodies[0].rows[0];
    const headings = [...t.tHead.rows[0].cells].map((th) => th.textContent.trim());
    const shown = [...row.cells].filter((td) => td.checkVisibility() && td.textContent.trim());
    const top = [...shown].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0];
    return {
      id: t.id, faceted: t.hasAttribute('data-facets'), scrolls: box.scrollWidth > box.clientWidth + 1, rows: getComputedStyle(row).display,
      top: top && headings[top.cellIndex], naming: headings[(row.querySelector('.row-name') || row.cells[0]).cellIndex],
      lines: shown.map((td) => [headings[td.cellIndex], getComputedStyle(td, '::before').content]),
    };
  });
  folded.forEach((d) => { d.open = false; });
  await settle();
  return found;
}"""


@pytest.mark.parametrize("page", toc_pages())
def test_on_a_phone_no_table_scrolls_sideways_and_a_card_names_its_columns(opened, page):
    tables = opened(page, PHONE).tab.evaluate(TABLES)
    scrolling = [t["id"] for t in tables if t["scrolls"]]
    assert not scrolling, f"{page}: tables a {PHONE} px phone scrolls sideways: {scrolling}"
    for t in [t for t in tables if t["rows"] != "table-row"]:
        assert t["top"] == t["naming"], f"{t['id']}: the card is headed by {t['top']!r}, not {t['naming']!r}"
        unnamed = [(heading, words) for heading, words in t["lines"] if words != f'"{heading}: "']
        assert not unnamed, f"{t['id']}: cells not led by their column's heading: {unnamed}"


@pytest.mark.parametrize("page", toc_pages())
def test_on_a_desktop_every_table_is_a_table(opened, page):
    tables = opened(page, DESKTOP).tab.evaluate(TABLES)
    cards = [t["id"] for t in tables if t["rows"] != "table-row" and not t["faceted"]]
    assert not cards, f"{page}: tables shown as cards at {DESKTOP} px: {cards}"


# Tables wider than a phone, each shown as cards there; and tables that fit a phone, each kept a table.
WIDE = {
    "book/introduction": ["introduction-reports"],
    "notebooks/report_a": ["a-table-2"],
    "notebooks/report_c": ["c-table-3"],
    "notebooks/report_d": ["d-outcomes"],
    "notebooks/audit": ["audit-summary"],
    "notebooks/synthesis": ["synthesis-em"],
}
NARROW = {"notebooks/report_a": ["a-table-1"], "notebooks/audit": ["audit-statuses"]}


@pytest.mark.parametrize("page", sorted(WIDE.keys() | NARROW.keys()))
def test_on_a_phone_a_wide_table_is_cards_and_one_that_fits_a_table(opened, page):
    rows = {t["id"]: t["rows"] for t in opened(page, PHONE).tab.evaluate(TABLES)}
    assert [rows[table] for table in WIDE.get(page, [])] == ["flex"] * len(WIDE.get(page, [])), rows
    assert [rows[table] for table in NARROW.get(page, [])] == ["table-row"] * len(NARROW.get(page, [])), rows


def test_a_table_is_measured_again_when_the_screen_widens_or_narrows(built, browser):
    """Report C's immune reconstitution table is a little wider than a 390 px phone: cards there, a table on a phone
    of 560 px, cards again back at 390 px; its Table 3, wider than either, stays cards."""
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, offline=True)
    tab = context.new_page()
    tab.goto((built / "notebooks/report_c.html").as_uri(), wait_until="load")
    rows = "(table) => getComputedStyle(document.querySelector(`#${table} tbody tr`)).display"
    seen = []
    for width in (PHONE, 560, PHONE):
        tab.set_viewport_size({"width": width, "height": 844})
        tab.wait_for_timeout(200)
        seen.append([tab.evaluate(rows, table) for table in ("c-immune-reconstitution", "c-table-3")])
    context.close()
    assert seen == [["flex", "flex"], ["table-row", "flex"], ["flex", "flex"]], seen


GROUPED = """<div class="emcart-table-scroll"><table class="emcart-table" id="t-grouped"><caption>Grouped</caption>
<thead><tr><th rowspan="2">patient</th><th colspan="2">first course</th><th colspan="2">second course</th></tr>
<tr><th>response</th><th>relapse</th><th>response</th><th>relapse</th></tr></thead>
<tbody><tr><td>S1</td><td>remission</td><td>extramedullary</td><td>remission</td><td>extramedullary</td></tr></tbody></table></div>"""


def test_a_cell_under_grouped_headings_is_led_by_each_of_them(built, browser, tmp_path):
    """A table whose headings group its columns (a heading over two, one beside them spanning both heading rows): on a
    phone each card's cell is led by its group's heading and its own."""
    page = tmp_path / "grouped.html"
    page.write_text(
        f'<html><head><meta charset="utf-8"><link rel="stylesheet" href="{(built / "_static" / "emcart.css").as_uri()}">'
        f'<script src="{(built / "_static" / "emcart.js").as_uri()}"></script></head><body>{GROUPED}</body></html>',
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, offline=True)
    tab = context.new_page()
    tab.goto(page.as_uri(), wait_until="load")
    cards = tab.evaluate("() => document.querySelector('#t-grouped').classList.contains('emcart-cards')")
    lines = tab.evaluate(
        "() => [...document.querySelectorAll('#t-grouped td')].map((td) => getComputedStyle(td, '::before').content)"
    )
    context.close()
    assert cards, "the table fits the phone: no cards to read"
    assert lines == [
        '"patient: "',
        '"first course – response: "',
        '"first course – relapse: "',
        '"second course – response: "',
        '"second course – relapse: "',
    ], lines
