"""The built HTML book: every table-of-contents page exists, and opens in headless Chromium with the
network cut off, without console errors, with every plotly figure drawn as SVG."""

from __future__ import annotations

import pytest
import yaml

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
AXE_OPTIONS = {"rules": {"region": {"enabled": False}}}


@pytest.mark.parametrize("page", toc_pages())
def test_page_has_no_accessibility_violations(opened, page):
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(opened(page, 1400).tab, options=AXE_OPTIONS)
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]]
    assert not violations, f"axe-core violations on {page}: {violations}"


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
    for figure_id in ("b-fig2c", "b-fig2b", "b-fig2a"):
        assert f'id="{figure_id}"' in page, figure_id
    assert page.count('<table class="emcart-table"') >= 10
    assert "<caption>Report B, Figure 1 in words: extramedullary lesions by PET/CT</caption>" in page
