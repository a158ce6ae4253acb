"""Provenance at the point of reading, in the built book: table cells carry tips quoting their source words
(or their derivation) and linking to existing evidence anchors; every provenance row is on an evidence
page; figure hovers show words, not ids."""

from __future__ import annotations

import html
import json
import re

import pytest

import emcart
from emcart.datapackage.provenance import normalise
from emcart.presentation import evidence, passages
from emcart.presentation.figures import plotlyjs
from test_book import toc_pages

pytestmark = pytest.mark.browser

CHAPTERS = [p for p in toc_pages() if p.startswith("notebooks/")]
EVIDENCE_PAGES = [p for p in toc_pages() if p.startswith("book/evidence/")]
# The data dictionary's schema tables describe the fields, they show no curated or recomputed value.
NOT_DATA = "schema-"
COVERAGE = 0.999
# Titles of tips that say how a cell came to be rather than quote it: a recomputation, a value the text lacks,
# the book's own vocabulary (the audit's statuses), or a second entry's value (quoting its own words; linked, where
# the first entry holds the same cell, to that cell's evidence, whose words it then quotes too).
DERIVED = {"Recomputed", "Not in the text", "Defined by the book", "Entered again"}

CELLS_JS = """(notData) => {
  const {texts, tips} = JSON.parse(document.getElementById('emcart-tips')?.textContent || '{"tips": []}');
  return [...document.querySelectorAll('table.emcart-table')].filter(t => !t.id.startsWith(notData))
    .flatMap(t => [...t.querySelectorAll('tbody td')].map(td => {
      const link = td.querySelector('[data-tip]');
      const tip = link ? tips[Number(link.dataset.tip)] : null;
      return {table: t.id, text: td.textContent.trim(), anchor: link?.getAttribute('href')?.split('#')[1] ?? null,
              tip: tip && {title: texts[tip[0]], lead: texts[tip[1]],
                           text: [tip[1], ...tip[2], tip[3]].map(k => texts[k]).join('\\n')}};
    })).filter(c => c.text !== '');
}"""


@pytest.fixture(scope="module")
def snippets():
    """The words of each evidence anchor."""
    data = emcart.load()
    return {entry.anchor: entry.snippet for entries in evidence.entries(data).values() for entry in entries}


@pytest.fixture(scope="module")
def cells(built, browser):
    """Every value cell of the chapters' tables with its tip, as the pages are served: the cells, their marks and
    the tips' words are in the HTML (the book's script only opens a tip), so the pages' scripts are not run."""
    found = []
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    for page in CHAPTERS:
        tab.goto((built / f"{page}.html").as_uri(), wait_until="domcontentloaded")
        found += [{**c, "page": page} for c in tab.evaluate(CELLS_JS, NOT_DATA)]
    context.close()
    return found


def _quotes_its_source(cell, snippets) -> bool:
    """A curated cell's tip quotes the words of the snippet it links to; a recomputed cell's tip gives
    its derivation and quotes the words of the input it links to, if any."""
    tip = cell["tip"]
    if tip is None:
        return False
    quoted = cell["anchor"] is None or normalise(snippets[cell["anchor"]]) in normalise(tip["text"])
    if tip["title"] in DERIVED:
        return bool(tip["lead"]) and quoted
    return cell["anchor"] is not None and quoted


def test_every_marked_cell_quotes_its_source(cells, snippets):
    marked = [c for c in cells if c["tip"] is not None]
    wrong = [c for c in marked if not _quotes_its_source(c, snippets)]
    assert marked and not wrong, f"{len(wrong)} of {len(marked)} marked cells lack their tip: {wrong[:3]}"


def test_table_values_carry_tips(cells, snippets):
    tipped = sum(_quotes_its_source(c, snippets) for c in cells)
    untipped = {}
    for c in cells:
        if not _quotes_its_source(c, snippets):
            untipped[c["table"]] = untipped.get(c["table"], 0) + 1
    assert tipped >= COVERAGE * len(cells), (
        f"{tipped} of {len(cells)} value cells ({tipped / len(cells):.1%}) carry a tip; untipped by table: {untipped}"
    )


VALUES_JS = """() => {
  const {texts, tips} = JSON.parse(document.getElementById('emcart-tips')?.textContent || '{"tips": []}');
  return [...document.querySelectorAll('.emcart-value')].map(v => {
    const link = v.querySelector('[data-tip]');
    const tip = link ? tips[Number(link.dataset.tip)] : null;
    return {table: 'bottom lines', text: v.textContent.trim(), anchor: link?.getAttribute('href')?.split('#')[1] ?? null,
            tip: tip && {title: texts[tip[0]], lead: texts[tip[1]],
                         text: [tip[1], ...tip[2], tip[3]].map(k => texts[k]).join('\\n')}};
  });
}"""


@pytest.mark.parametrize("page", ["book/introduction", "notebooks/synthesis"])
def test_every_count_of_the_bottom_lines_carries_its_tip(opened, snippets, page):
    """Each count in the bottom lines links to its evidence and opens the tip its cell of the synthesis's table of
    outcomes has, on the introduction and in the synthesis's key findings alike."""
    values = opened(page, 1400).tab.evaluate(VALUES_JS)
    untipped = [v for v in values if not _quotes_its_source(v, snippets)]
    assert len(values) > 30 and not untipped, untipped[:3]
    tab = opened(page, 1400).tab
    link = tab.locator(".emcart-value [data-tip]").nth(5)
    link.scroll_into_view_if_needed()
    link.hover()
    tip = tab.locator(".popover.emcart-tip")
    tip.wait_for(state="visible", timeout=3000)
    assert "=" in tip.inner_text() or "published" in tip.inner_text()
    tab.mouse.move(0, 0)
    tip.wait_for(state="detached", timeout=3000)


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("page", CHAPTERS)
def test_tips_open_inside_the_viewport(opened, page, width):
    tab = opened(page, width).tab
    height = tab.viewport_size["height"]
    tab.emulate_media(reduced_motion="reduce")
    links = tab.locator("table.emcart-table [data-tip]:visible")  # folded tables open on a click
    count = links.count()
    for k in sorted({0, count // 2, count - 1}) if count else []:
        link = links.nth(k)
        link.scroll_into_view_if_needed()
        (link.focus if k % 2 else link.hover)()
        tip = tab.locator(".popover.emcart-tip")
        tip.wait_for(state="visible", timeout=3000)
        box = tip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (k, box)
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (k, box)
        tab.keyboard.press("Escape") if k % 2 else tab.mouse.move(0, 0)
        tip.wait_for(state="detached", timeout=3000)
    tab.emulate_media(reduced_motion="null")
    tab.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")


# Counts the tips put on the page from now on (window.emcartTipsInserted).
INSERTIONS = """() => {
  window.emcartTipsInserted = 0;
  new MutationObserver((changes) => changes.forEach((c) => c.addedNodes.forEach((n) => {
    if (n.classList && n.classList.contains("popover")) window.emcartTipsInserted += 1;
  }))).observe(document.body, {childList: true});
}"""


def test_on_a_touch_screen_a_first_tap_shows_the_tip_and_a_second_follows_the_link(built, browser):
    """A finger cannot hover: the first tap on a value opens its tip (which says how to reach the passage) and
    leaves the reader on the page; a second tap on the same value opens its evidence."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.route(f"**/{plotlyjs.FILE.name}*", lambda route: route.abort())  # the tables alone are tapped
    page = (built / "notebooks/report_c.html").as_uri()
    tab.goto(page, wait_until="load")
    cell = tab.locator("table.emcart-table a[data-tip]").first
    cell.scroll_into_view_if_needed()
    tab.evaluate(INSERTIONS)
    cell.tap()
    tip = tab.locator(".popover.emcart-tip")
    tip.wait_for(state="visible", timeout=3000)
    tab.wait_for_timeout(400)  # past the delay of the show the tap's focus asks for
    hint = tip.locator(".popover-body").evaluate("b => getComputedStyle(b, '::after').content")
    inserted = tab.evaluate("window.emcartTipsInserted")
    first = tab.url
    cell.tap()
    tab.wait_for_url("**/book/evidence/report_c.html#ev-*", timeout=5000)
    context.close()
    assert first == page
    assert "Tap the value again" in hint, hint
    assert inserted == 1, f"the tip was put on the page {inserted} times: one shown was replaced"


# The cell of a table whose tip holds the most words (the index among the table's cells that carry a tip).
LONGEST_TIP = """(table) => {
  const {texts, tips} = JSON.parse(document.getElementById('emcart-tips').textContent);
  const size = (cell) => tips[Number(cell.dataset.tip)].flat().reduce((n, k) => n + texts[k].length, 0);
  const cells = [...document.querySelectorAll(`#${table} [data-tip]`)];
  return cells.indexOf(cells.reduce((a, b) => (size(b) > size(a) ? b : a)));
}"""


def test_on_a_phone_a_long_tip_leaves_most_of_the_screen_to_the_page(built, browser):
    """Report C's Table 3 quotes whole case narratives behind its values. On a 390 px phone the longest of its tips,
    opened by a tap on its value near the top of the screen (where most room lies below), takes at most half the
    screen's height: it scrolls inside, opens with the value's own words, and its value links to the passage."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.route(f"**/{plotlyjs.FILE.name}*", lambda route: route.abort())  # the tables alone are tapped
    tab.goto((built / "notebooks/report_c.html").as_uri(), wait_until="load")
    cell = tab.locator("#c-table-3 [data-tip]").nth(tab.evaluate(LONGEST_TIP, "c-table-3"))
    cell.evaluate("c => window.scrollBy(0, c.getBoundingClientRect().top - 100)")  # just under the header bar
    cell.tap()
    tip = tab.locator(".popover.emcart-tip")
    tip.wait_for(state="visible", timeout=3000)
    height, (scrolled, shown) = tip.bounding_box()["height"], tip.evaluate("t => [t.scrollHeight, t.clientHeight]")
    words = tip.locator(".popover-body").text_content()
    first = cell.evaluate(
        "c => { const {texts, tips} = JSON.parse(document.getElementById('emcart-tips').textContent);"
        " const [, lead, quotes] = tips[Number(c.dataset.tip)]; return texts[lead] || texts[quotes[0]]; }"
    )
    href = cell.get_attribute("href")
    context.close()
    assert height <= 844 / 2, f"the tip is {height:.0f} px tall on an 844 px screen"
    assert scrolled > shown, "the tip holds nothing beyond what it shows: not the tip of a long quotation"
    assert words.startswith(first), words[:200]
    assert re.search(r"book/evidence/report_c\.html#ev-[0-9a-f]{10}$", href or ""), href


def test_tip_links_reach_existing_anchors(built):
    targets = set()
    for page in CHAPTERS:
        text = (built / f"{page}.html").read_text(encoding="utf-8")
        for href in re.findall(r'<a href="([^"]+)" data-tip=', text):
            targets.add((built / page).parent.joinpath(html.unescape(href)).as_posix())
    assert targets, "no cell links to its evidence"
    pages = {}
    for target in targets:
        path, anchor = target.split("#")
        pages.setdefault(path, set()).add(anchor)
    for path, anchors in pages.items():
        text = open(path, encoding="utf-8").read()
        missing = [a for a in anchors if f'id="{a}"' not in text]
        assert not missing, f"{path} lacks anchors {missing[:5]}"


def test_every_provenance_row_is_on_an_evidence_page(built):
    data = emcart.load()
    listed = 0
    for page in EVIDENCE_PAGES:
        text = (built / f"{page}.html").read_text(encoding="utf-8")
        groups = re.findall(rf'<span class="{passages.VALUES_CLASS}">(.*?)</span>(?=<span class="|</li>)', text, re.S)
        assert groups and all(
            re.search(rf"</strong>(?: \([^<]*\))? (— shown in <a |<span [^>]*>— {passages.NOT_SHOWN})", g)
            for g in groups
        ), page
        listed += sum(g.count("<strong>") for g in groups)
    assert listed == len(data["provenance"])


def _hovertexts(page_text: str) -> list[str]:
    decoder, texts = json.JSONDecoder(), []
    for match in re.finditer(r'"hovertext":', page_text):
        value, _ = decoder.raw_decode(page_text, match.end())
        texts += value if isinstance(value, list) else [value]
    return [str(t) for t in texts]


def test_figure_hovers_show_words_not_ids(built):
    data = emcart.load()
    ids = {
        str(i)
        for name in ("reported_statistics", "events", "measurements", "treatments")
        for i in data[name][data.key(name)]
    }
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")(?![\w-])")
    shown = {}
    for page in CHAPTERS:
        for text in _hovertexts((built / f"{page}.html").read_text(encoding="utf-8")):
            for found in pattern.findall(text):
                shown.setdefault(page, set()).add(found)
    assert not shown, f"figure hovers show ids: {shown}"
