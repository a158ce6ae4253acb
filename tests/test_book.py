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
AXE_OPTIONS = {"rules": {"region": {"enabled": False}}, "resultTypes": ["violations"]}
# Colour contrast, and whether a link stands out from the text around it, depend on how the text and the link are
# styled and what lies behind them, not on their words: axe checks them on one element per distinct style, which is
# a few dozen elements where an evidence page has thousands of passages and links set alike; every other rule checks
# the whole page. A text's style: its colour, size, weight and shadow, and the colour, image, opacity, blend and
# filter of the element and each of its ancestors. A link's (among the links axe finds in a block of text, the only
# ones its rule applies to): every property by which axe tells a link from its text, on the link, its ::before and
# ::after, and each of its ancestors, with the backgrounds as for a text.
STYLE_SAMPLES = """() => {
  const BACKDROP = ['background-color', 'background-image', 'opacity', 'mix-blend-mode', 'filter'];
  const LINK = ['color', 'display', 'background-image', 'border-bottom-style', 'border-bottom-width',
    'border-bottom-color', 'border-top-style', 'border-top-width', 'border-top-color', 'outline-style',
    'outline-width', 'outline-color', 'font-family', 'text-decoration', 'text-decoration-line',
    'text-decoration-style', 'font-weight', 'font-style', 'font-size', ...BACKDROP];
  const style = (el, names, pseudo) => { const s = getComputedStyle(el, pseudo); return names.map(n => s.getPropertyValue(n)).join('|'); };
  const chain = (names) => {  // an element's style and its ancestors', each element's computed once
    const known = new Map();
    const of = (el) => {
      if (!el) return '';
      if (!known.has(el)) known.set(el, style(el, names) + '/' + of(el.parentElement));
      return known.get(el);
    };
    return of;
  };
  const sample = (elements, key, attribute) => {
    const seen = new Set();
    elements.forEach(el => { const k = key(el); if (!seen.has(k)) { seen.add(k); el.setAttribute(attribute, ''); } });
    return seen.size;
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (text.parentElement && text.textContent.trim()) texts.push(text.parentElement);
  }
  const backdrop = chain(BACKDROP);
  const textCount = sample(texts, el => style(el, ['color', 'font-size', 'font-weight', 'text-shadow']) + backdrop(el),
    'data-contrast-sample');
  window.axe.setup();  // the page as axe sees it, which its test of a link's text block reads
  let links;
  try {
    links = [...document.querySelectorAll('a[href], [role=link]')]
      .filter(link => link.innerText.trim() && window.axe.commons.dom.isInTextBlock(link));
  } finally {
    window.axe.teardown();
  }
  const linkStyle = chain(LINK);
  const linkCount = sample(links, link => style(link, ['content'], '::before') + style(link, ['content'], '::after') +
    linkStyle(link), 'data-link-sample');
  return [textCount, linkCount];
}"""


# The style rules check only the elements STYLE_SAMPLES marks.
SAMPLED = """() => axe.configure({rules: [
  {id: 'color-contrast', selector: '[data-contrast-sample]'},
  {id: 'link-in-text-block', selector: '[data-link-sample]'},
]})"""


# A long page may leave what is off screen unrendered (content-visibility: auto) until it is scrolled to; axe judges
# only what is rendered (a link of a skipped passage has no box, so no rule on its style applies): the whole page is
# rendered for the check.
LAID_OUT = "* { content-visibility: visible !important; }"


def accessibility_violations(tab) -> list[tuple]:
    """axe-core's violations on the page in ``tab``, in one run: every rule on the whole page, the style rules on the
    elements :data:`STYLE_SAMPLES` marks (with axe, which says which links are in a block of text)."""
    tab.evaluate(Axe().axe_script)
    tab.add_style_tag(content=LAID_OUT)
    texts, _links = tab.evaluate(STYLE_SAMPLES)
    assert texts > 0
    tab.evaluate(SAMPLED)
    violations = tab.evaluate("(options) => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


@pytest.mark.parametrize("page", toc_pages())
def test_page_has_no_accessibility_violations(opened, page):
    violations = accessibility_violations(opened(page, 1400).tab)
    assert not violations, f"axe-core violations on {page}: {violations}"


def test_the_accessibility_check_reports_a_violation(browser, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="en"><title>t</title><main><p>A figure:</p><img src="x.png"></main></html>'
    )
    tab = browser.new_page()
    tab.goto(page.as_uri(), wait_until="load")
    found = [v[0] for v in accessibility_violations(tab)]
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


def test_sampling_finds_one_pale_passage_and_one_link_set_like_its_text_among_thousands(built, browser):
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    tab.goto((built / "book/evidence/report_c.html").as_uri(), wait_until="load")
    tab.evaluate("() => { const p = [...document.querySelectorAll('blockquote p')].at(-1); p.style.color = '#ccc'; }")
    tab.evaluate(Axe().axe_script)  # the last link that axe finds in a block of text, set like its text
    tab.evaluate(
        "() => { axe.setup(); const a = [...document.querySelectorAll('a[href]:not(.headerlink)')]"
        ".filter(l => axe.commons.dom.isInTextBlock(l)).at(-1); axe.teardown();"
        " a.style.textDecoration = 'none'; a.style.color = '#505050'; a.parentElement.style.color = '#222'; }"
    )
    found = accessibility_violations(tab)
    tab.close()
    assert sorted(v[0] for v in found) == ["color-contrast", "link-in-text-block"], found
