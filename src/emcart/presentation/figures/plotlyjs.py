"""The plotly.js bundle the book ships: plotly's "basic" distribution (bar, pie and scatter traces).

It is a quarter of the size of the full bundle that the plotly package carries, is vendored with
its licence in ``vendor/`` (``plotly-basic.json`` says where it came from and its SHA-256), and is
the same plotly.js version as the plotly package's. A figure with any other trace type is refused
when it is made (:class:`emcart.presentation.figures.figure.Figure`), so it cannot reach a page that cannot
draw it.
"""

from __future__ import annotations

import json
from pathlib import Path

VENDOR = Path(__file__).parent / "vendor"
META = json.loads((VENDOR / "plotly-basic.json").read_text(encoding="utf-8"))
FILE = VENDOR / META["file"]
TRACE_TYPES = frozenset(META["traces"])


def unsupported(figure) -> set[str]:
    """Trace types of a plotly figure that the shipped bundle cannot draw."""
    return {trace.type for trace in figure.data} - TRACE_TYPES
