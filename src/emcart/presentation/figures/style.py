"""One look for every figure: a colour-blind-safe palette (Okabe & Ito) and shared layout."""

from __future__ import annotations

import matplotlib
import plotly.graph_objects as go
import plotly.io as pio

from emcart.presentation.figures.plotlyjs import TRACE_TYPES

matplotlib.use("Agg")

OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}

PRODUCT_COLOURS = {
    "anti-CD19 CAR-T": OKABE_ITO["blue"],
    "anti-CD22 CAR-T": OKABE_ITO["orange"],
    "anti-CD19/anti-CD22 CAR-T cocktail": OKABE_ITO["reddish purple"],
    "blinatumomab": OKABE_ITO["bluish green"],
    "fludarabine": OKABE_ITO["grey"],
    "cyclophosphamide": OKABE_ITO["grey"],
}

FONT = "DejaVu Sans, Arial, sans-serif"

# plotly's simple_white look, with trace defaults only for the trace types the book can draw.
_WHITE = pio.templates["simple_white"]
TEMPLATE = go.layout.Template(layout=_WHITE.layout, data={t: _WHITE.data[t] for t in sorted(TRACE_TYPES)})

PLOTLY_LAYOUT = {
    "template": TEMPLATE,
    "font": {"family": FONT, "size": 13},
    "hoverlabel": {"align": "left"},
    "margin": {"l": 70, "r": 20, "t": 60, "b": 50},
}

MATPLOTLIB_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "emcart",
}

# The legend below the plot, at the bottom of the figure: the book's script (emcart.js) moves it just
# under the axis titles, in rows on a wide screen and one entry a line on a narrow one, and fits the
# figure's height to it; ``legend_below`` gives a first guess of the room it needs. plotly would cap the
# legend at half the figure's height and scroll the rest: the cap is set above what any legend needs, and
# the figure grows to the legend instead, its plot area unchanged.
LEGEND_BELOW = {
    "orientation": "h",
    "x": 0,
    "xanchor": "left",
    "xref": "container",
    "yref": "container",
    "y": 0,
    "yanchor": "bottom",
    "font": {"size": 12},
    "maxheight": 10000,
}
AXIS_ROOM = 70  # pixels under the plot for tick labels and the axis title


def legend_below(entries: int, per_row: int = 3, room: int = AXIS_ROOM) -> dict:
    """Layout of a legend of ``entries`` entries below the plot: the legend and the bottom margin."""
    rows = -(-entries // per_row)
    return {"legend": LEGEND_BELOW, "margin": {**PLOTLY_LAYOUT["margin"], "b": room + 24 * rows + 20}}


def shown_entries(fig: go.Figure) -> int:
    """How many entries a plotly figure's legend shows: its named traces not kept out of the legend."""
    return sum(bool(t.showlegend is not False and t.name) for t in fig.data)
