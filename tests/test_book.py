"""The built HTML book: every table-of-contents page exists, and opens in headless Chromium with the
network cut off, without console errors, with every plotly figure drawn as SVG."""

from __future__ import annotations

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from emcart.datapackage.paths import REPO
from emcart.presentation.figures import plotlyjs

pytestmark = pytest.mark.browser


def toc_pages() -> list[str]:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part["chapters"]]
    return pages


@pytest.mark.parametrize("page", toc_pages())
def test_every_toc_entry_has_a_built_page(built, page):
    assert (built / f"{page}.html").is_file(), f"{page} is in _toc.yml but was not built"


@pytest.mark.parametrize("page", toc_pages())
def test_page_renders_offline_without_errors(opened, page):
    found = opened(page, 1400)
    drawn = found.tab.evaluate(
        "() => [...document.querySelectorAll('.plotly-graph-div')]"
        ".map(d => d.querySelectorAll('svg.main-svg .bars .point, svg.main-svg .trace').length)"
    )
    assert not found.errors, f"console errors on {page}: {found.errors}"
    assert not found.external, f"{page} requested the network: {found.external}"
    assert all(n > 0 for n in drawn), f"a plotly figure on {page} drew no traces: {drawn}"


# The theme's sidebar logo sits outside any landmark ("region"); everything else axe reports fails.
# Only violations are collected: a passing element's details are never read.
AXE_OPTIONS = {
    "rules": {"region": {"enabled": False}, "color-contrast": {"enabled": False}},
    "resultTypes": ["violations"],
}
CONTRAST_OPTIONS = {"runOnly": {"type": "rule", "values": ["color-contrast"]}, "resultTypes": ["violations"]}
# Colour contrast depends on how a text is styled and what lies behind it, not on its words: axe checks it on
# one element per distinct style — text colour, size, weight, shadow, and the colour, image, opacity, blend and
# filter of the element and each of its ancestors — which is a few dozen elements where an evidence page has
# thousands of passages set alike; every other rule checks the whole page.
STYLE_SAMPLES = """() => {
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const el = text.parentElement;
    if (!el || !text.textContent.trim()) continue;
    const s = getComputedStyle(el);
    const key = [s.color, s.fontSize, s.fontWeight, s.textShadow];
    for (let a = el; a; a = a.parentElement) {
      const c = getComputedStyle(a);
      key.push(c.backgroundColor, c.backgroundImage, c.opacity, c.mixBlendMode, c.filter);
    }
    const style = key.join('|');
    if (!seen.has(style)) { seen.add(style); el.setAttribute('data-contrast-sample', ''); }
  }
  return seen.size;
}"""


@pytest.mark.parametrize("page", toc_pages())
def test_page_has_no_accessibility_violations(opened, page):
    tab = opened(page, 1400).tab
    result = Axe().run(tab, options=AXE_OPTIONS)
    assert tab.evaluate(STYLE_SAMPLES) > 0
    contrast = Axe().run(tab, context={"include": [["[data-contrast-sample]"]]}, options=CONTRAST_OPTIONS)
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result.response["violations"] + contrast.response["violations"]
    ]
    assert not violations, f"axe-core violations on {page}: {violations}"


def test_the_accessibility_check_reports_a_violation(browser, tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<!doctype html><html lang="en"><title>t</title><main><img src="x.png"></main></html>')
    tab = browser.new_page()
    tab.goto(page.as_uri(), wait_until="load")
    found = [v["id"] for v in Axe().run(tab, options=AXE_OPTIONS).response["violations"]]
    tab.close()
    assert "image-alt" in found, found


def test_plotly_is_shipped_once_and_not_embedded(built):
    copies = [p for p in built.rglob("*.js") if p.read_text(errors="ignore").startswith("/**\n* plotly.js")]
    assert [p.relative_to(built).as_posix() for p in copies] == [f"_static/{plotlyjs.FILE.name}"]
    for page in built.rglob("*.html"):
        assert "plotly.js v" not in page.read_text(errors="ignore"), f"{page} embeds plotly.js"


def test_plotly_js_is_loaded_only_where_a_figure_is(built):
    for page in toc_pages():
        html = (built / f"{page}.html").read_text()
        assert (plotlyjs.FILE.name in html) == ('class="plotly-graph-div' in html), page


def test_the_book_shows_at_least_one_plotly_figure(built):
    pages = [(built / f"{p}.html").read_text() for p in toc_pages()]
    assert sum(page.count('class="plotly-graph-div') for page in pages) >= 1


def test_tables_are_html_tables_with_header_rows(built):
    page = (built / "notebooks" / "report_c.html").read_text()
    assert page.count('<table class="emcart-table"') >= 3
    assert "<caption>Table 1 (report C), rebuilt" in page
    assert ">Patient number</th>" in page


def test_report_d_page_has_its_tables_and_comparison_figure(built):
    page = (built / "notebooks" / "report_d.html").read_text()
    workings = (built / "notebooks" / "report_d_workings.html").read_text()  # the chapter's appendix
    assert (page + workings).count('<table class="emcart-table"') >= 8
    assert (
        "<caption>Report D: published outcomes against recomputed percentages and 95% intervals (percent)</caption>"
        in page
    )
    assert 'id="d-fig-comparison"' in page and "non-randomised comparison" in page
    assert "2.026 and 2.072" in page  # a value glued into the prose from the notebook


def test_report_b_shows_its_figures_and_tables(built):
    page = (built / "notebooks" / "report_b.html").read_text()
    workings = (built / "notebooks" / "report_b_workings.html").read_text()
    for figure_id in ("b-fig2c", "b-fig2b", "b-fig2a"):
        assert f'id="{figure_id}"' in page, figure_id
    # the chapter keeps the case summary and Figure 1 in words; its checks, bounds and registers are on its workings
    assert page.count('<table class="emcart-table"') >= 3
    assert workings.count('<table class="emcart-table"') >= 10
    assert "<caption>Report B, Figure 1 in words: extramedullary lesions by PET/CT</caption>" in page


def test_contrast_sampling_finds_one_pale_passage_among_thousands(built, browser):
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    tab.goto((built / "book/evidence/report_c.html").as_uri(), wait_until="load")
    tab.evaluate("() => { const p = [...document.querySelectorAll('blockquote p')].at(-1); p.style.color = '#ccc'; }")
    tab.evaluate(STYLE_SAMPLES)
    contrast = Axe().run(tab, context={"include": [["[data-contrast-sample]"]]}, options=CONTRAST_OPTIONS)
    tab.close()
    assert [v["id"] for v in contrast.response["violations"]] == ["color-contrast"]
