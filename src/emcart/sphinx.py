"""Sphinx extension: ship plotly.js once, as a local static file, and the figure stylesheet.

Pages then draw plotly figures without a network connection, and no page embeds plotly.js.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import plotly

STATIC = Path(__file__).parent


def _copy_assets(app) -> None:
    if app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", target / "plotly.min.js")
    shutil.copyfile(STATIC / "emcart.css", target / "emcart.css")


def setup(app):
    app.connect("builder-inited", _copy_assets)
    app.add_js_file("plotly.min.js")
    app.add_css_file("emcart.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
