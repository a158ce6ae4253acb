"""A figure in two forms: interactive plotly for the HTML book, static matplotlib for print.

Displaying a :class:`Figure` in a notebook emits one output whose HTML holds the plotly
``<div>`` (plotly.js itself is shipped once by the book, see :mod:`emcart.build.sphinx`) and a
static PNG that print stylesheets show instead; the PNG is also the output's ``image/png``
for PDF builds and notebook viewers without JavaScript. The PNG is reduced to a palette of
256 colours (flat-coloured plots lose nothing visible; the page carries a third of the bytes).
The figure's data travel with it as CSV text in a ``<template>`` that the book turns into a download
(:mod:`emcart.build.figlinks`), beside one of the static image.

Plotly draws its strings (tick labels, hover text, legend names, categories) as a small HTML
dialect with live links; every string of the interactive figure is made inert on the way in:
only the figure code's own tags (``<b>``, ``<i>``, ``<br>``, ``<sup>``, ``<sub>``, ``<extra>``)
stay tags, any other ``<`` or ``>`` is shown as the character.
"""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure as MplFigure
from PIL import Image

from emcart.presentation.figures import plotlyjs

PALETTE_COLOURS = 256
MARKUP = re.compile(r"<[^<>]*>?|>")
FIGURE_TAGS = re.compile(r"</?(b|i|sup|sub|extra)>|<br ?/?>", re.IGNORECASE)


def inert(value):
    """``value`` (a string, or lists and dicts of them) with every tag but the figure code's own escaped."""
    if isinstance(value, str):
        return MARKUP.sub(lambda m: m[0] if FIGURE_TAGS.fullmatch(m[0]) else html.escape(m[0], quote=False), value)
    if isinstance(value, dict) and "bdata" in value and set(value) <= {"dtype", "bdata", "shape"}:
        return _decoded(value)
    if isinstance(value, dict):
        return {key: inert(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.dtype.kind in "OU"):
        return [inert(item) for item in value]
    return value


def _decoded(typed: dict) -> list:
    """A plotly typed array ({dtype, bdata, shape}, as ``to_dict`` writes numeric arrays) as a plain list."""
    array = np.frombuffer(base64.b64decode(typed["bdata"]), dtype=typed["dtype"])
    if "shape" in typed:
        array = array.reshape([int(n) for n in str(typed["shape"]).split(",")])
    return array.tolist()


@dataclass
class Figure:
    """An interactive and a static rendering of the same data, with alt text, the data as a table (default: every
    named series of the interactive figure, point by point, see :func:`drawn_points`) and a note read under the
    figure, on screen and on paper, in the page's own type."""

    figure_id: str
    interactive: go.Figure
    static: MplFigure
    alt: str
    data: pd.DataFrame | None = None
    note: str | None = None

    def __post_init__(self):
        self.interactive = go.Figure(inert(self.interactive.to_dict()))
        if plotlyjs.unsupported(self.interactive):
            raise ValueError(
                f"figure {self.figure_id}: trace types {sorted(plotlyjs.unsupported(self.interactive))} "
                f"are not in the book's plotly.js bundle ({', '.join(sorted(plotlyjs.TRACE_TYPES))})"
            )

    def png(self) -> bytes:
        rendered = io.BytesIO()
        self.static.savefig(rendered, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
        image = Image.open(rendered).convert("RGB")  # an opaque white background: alpha carries nothing
        palette = image.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        buffer = io.BytesIO()
        palette.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()

    def table(self) -> pd.DataFrame:
        """The figure's data, one row per drawn item, as offered for download."""
        return drawn_points(self.interactive) if self.data is None else self.data

    def csv(self) -> str:
        return self.table().to_csv(index=False, lineterminator="\n")

    def plotly_html(self) -> str:
        return self.interactive.to_html(
            include_plotlyjs=False,
            full_html=False,
            div_id=self.figure_id,
            config={"displaylogo": False, "responsive": True},
        )

    def html(self) -> str:
        png = base64.b64encode(self.png()).decode("ascii")
        alt = html.escape(self.alt, quote=True)
        return (
            f'<figure class="emcart-figure" aria-label="{alt}">'
            f'<div class="emcart-interactive">{self.plotly_html()}</div>'
            f'<img class="emcart-static" alt="{alt}" src="data:image/png;base64,{png}"/>'
            f'<template class="emcart-figure-data">{html.escape(self.csv(), quote=False)}</template>'
            + (f'<figcaption class="emcart-figure-note">{html.escape(self.note)}</figcaption>' if self.note else "")
            + "</figure>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/html": self.html(),
            "image/png": self.png(),
            "text/plain": f"Figure {self.figure_id}: {self.alt}",
        }


def _plain(text) -> str:
    """Hover text as plain text: line breaks as '; ', tags dropped."""
    return re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", "; ", str(text))) if text is not None else ""


def drawn_points(figure: go.Figure) -> pd.DataFrame:
    """Every point of every named series of a plotly figure: series, x, y and its hover text."""
    rows = []
    for trace in figure.data:
        if not trace.name or trace.x is None or trace.y is None:
            continue
        texts = trace.hovertext if isinstance(trace.hovertext, (list, tuple)) else [trace.hovertext] * len(trace.x)
        rows += [
            {"series": _plain(trace.name), "x": x, "y": y, "detail": _plain(t)}
            for x, y, t in zip(trace.x, trace.y, texts)
            if x is not None and y is not None
        ]
    return pd.DataFrame(rows, columns=["series", "x", "y", "detail"])
