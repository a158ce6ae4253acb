"""The vendored plotly.js bundle: the recorded file, the plotly package's version, and only traces it can draw."""

from __future__ import annotations

import hashlib

import plotly.graph_objects as go
import pytest
from matplotlib.figure import Figure as MplFigure
from plotly.offline import get_plotlyjs_version

from emcart.presentation.figures import plotlyjs
from emcart.presentation.figures.figure import Figure
from emcart.presentation.figures.style import PLOTLY_LAYOUT


def test_the_vendored_file_is_the_recorded_one():
    assert hashlib.sha256(plotlyjs.FILE.read_bytes()).hexdigest() == plotlyjs.META["sha256"]
    assert (plotlyjs.VENDOR / "plotly-LICENSE").read_text().startswith("MIT License")


def test_the_bundle_is_the_plotly_packages_version_of_plotly_js():
    header = plotlyjs.FILE.read_text(encoding="utf-8")[:200]
    assert f"plotly.js (basic - minified) v{get_plotlyjs_version()}" in header
    assert plotlyjs.META["version"] == get_plotlyjs_version()


def test_a_figure_the_bundle_cannot_draw_is_refused():
    static = MplFigure()
    Figure("ok", go.Figure([go.Scatter(x=[1], y=[1]), go.Bar(x=[1], y=[1])]), static, "ok")
    with pytest.raises(ValueError, match=r"figure t-heat: trace types \['heatmap'\] are not in the book's plotly.js"):
        Figure("t-heat", go.Figure(go.Heatmap(z=[[1]])), static, "heat map")


def test_the_template_styles_only_the_traces_the_bundle_draws():
    template = PLOTLY_LAYOUT["template"].to_plotly_json()
    assert set(template["data"]) == plotlyjs.TRACE_TYPES
    assert template["layout"]["plot_bgcolor"] == "white"
