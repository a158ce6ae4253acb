"""Hover text of the interactive figures: source words wrapped so that a hover label stays inside the
figure on a phone (390 px wide) as on a desktop."""

from __future__ import annotations

import textwrap

# Characters per line: about 290 px in plotly's 13 px hover font, so a label fits beside a point on a phone.
WIDTH = 44


def words(text) -> str:
    """``text`` in italics, broken into lines of at most :data:`WIDTH` characters for a hover label."""
    return "<i>" + "<br>".join(textwrap.wrap(str(text), WIDTH)) + "</i>"
