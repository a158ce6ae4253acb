"""The symbols of the event kinds, shared by the swimmer and process timelines: a plotly symbol, a
matplotlib marker and a colour for each kind, and a character that looks like each plotly symbol (for
legends that name their symbols in words)."""

from __future__ import annotations

from emcart.presentation.figures.style import OKABE_ITO

# event type -> (plotly symbol, matplotlib marker, colour)
MARKERS = {
    "CR": ("circle", "o", OKABE_ITO["bluish green"]),
    "MRD-negative": ("diamond", "D", OKABE_ITO["bluish green"]),
    "partial response": ("circle-open", "o", OKABE_ITO["bluish green"]),
    "no response": ("circle-x-open", "X", OKABE_ITO["grey"]),
    "relapse": ("x", "X", OKABE_ITO["vermillion"]),
    "HSCT": ("square", "s", OKABE_ITO["blue"]),
    "CRS onset": ("triangle-up", "^", OKABE_ITO["orange"]),
    "ICANS onset": ("triangle-down", "v", OKABE_ITO["reddish purple"]),
    "CRES onset": ("triangle-down", "v", OKABE_ITO["reddish purple"]),
    "GVHD": ("star", "*", OKABE_ITO["sky blue"]),
    "PTLD": ("hexagon", "h", OKABE_ITO["yellow"]),
    "death": ("cross-thin-open", "+", OKABE_ITO["black"]),
    "lost to follow-up": ("asterisk-open", "1", OKABE_ITO["black"]),
}
LATER_COURSE = "later immunotherapy course"
MARKERS[LATER_COURSE] = ("line-ns-open", "|", OKABE_ITO["black"])

# Relapse markers split by antigen status (``relapse_antigen``): status -> (plotly symbol, matplotlib marker).
ANTIGEN_COLUMNS = {"cd19_status": "CD19", "cd22_status": "CD22"}
ANTIGEN_MARKS = {"negative": ("x", "X"), "reduced": ("x-open", "x"), "positive": ("x-thin-open", "1")}
for _antigen in ANTIGEN_COLUMNS.values():
    for _status, (_symbol, _marker) in ANTIGEN_MARKS.items():
        MARKERS[f"relapse, {_antigen} {_status}"] = (_symbol, _marker, OKABE_ITO["vermillion"])

GLYPHS = {
    "circle": "●",
    "circle-open": "○",
    "circle-x-open": "⊗",
    "diamond": "◆",
    "diamond-wide": "◆",
    "diamond-tall": "♦",
    "x": "✖",
    "x-open": "✕",
    "x-thin-open": "×",
    "square": "■",
    "square-open": "□",
    "triangle-up": "▲",
    "triangle-up-open": "△",
    "triangle-down": "▼",
    "triangle-down-open": "▽",
    "triangle-right": "▶",
    "triangle-right-open": "▷",
    "star": "★",
    "star-triangle-up": "▲",
    "star-triangle-down-open": "▽",
    "hexagon": "⬢",
    "hexagon-open": "⬡",
    "cross": "✚",
    "cross-open": "✛",
    "cross-thin-open": "+",
    "arrow-right": "➤",
    "line-ns": "|",
    "line-ns-open": "|",
    "asterisk-open": "✳",
}
