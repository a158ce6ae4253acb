"""Every figure of the book offers its data (CSV) and its static image (PNG) for download."""

from __future__ import annotations

import base64

import pytest

import emcart
from emcart.build.figlinks import link_figures
from emcart.presentation.figures import process
from emcart.presentation.figures.figure import drawn_points


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


@pytest.fixture(scope="module")
def figure_2c(data):
    return process.process_figure(
        data, "B-1", "B-1/2", "t-p", "Test", start_event="B-1/1-referral", end_event="B-1/2-last"
    )


def test_downloads_are_written_beside_the_page_and_linked(tmp_path, figure_2c):
    output = figure_2c.html()
    linked = link_figures(f"<p>before</p>{output}<p>after</p>", "notebooks/report_b", tmp_path)
    folder = tmp_path / "_figures" / "notebooks" / "report_b"
    assert (folder / "t-p.csv").read_text() == figure_2c.csv()
    png = (folder / "t-p.png").read_bytes()
    assert png.startswith(b"\x89PNG") and base64.b64encode(png).decode() in output
    assert "emcart-figure-data" not in linked and "data:image/png" not in linked
    assert 'src="../_figures/notebooks/report_b/t-p.png"' in linked
    assert (
        '<a href="../_figures/notebooks/report_b/t-p.csv" download>data (CSV)</a> · '
        '<a href="../_figures/notebooks/report_b/t-p.png" download>image (PNG)</a>'
    ) in linked
    assert linked.endswith("</p><p>after</p>")


def test_process_figure_legend_names_families_not_twenty_symbols(figure_2c):
    shown = [t.name for t in figure_2c.interactive.data if t.showlegend is not False and t.name]
    assert len(shown) == len(process.FAMILIES) + 1
    assert any(name.startswith("<b>response</b>: ●\u00a0CR") for name in shown)
    assert figure_2c.table()["event"].str.contains("relapse").sum() == 3


def test_drawn_points_is_the_default_table(figure_2c):
    points = drawn_points(figure_2c.interactive)
    assert list(points.columns) == ["series", "x", "y", "detail"]
    assert "relapse" in set(points["series"]) and not points["detail"].str.contains("<br>").any()
    assert base64.b64encode(figure_2c.png())  # the static twin renders
