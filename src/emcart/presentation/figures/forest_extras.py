"""What a forest plot may draw beside each point: a second interval (another method) and another value
(e.g. a recount), with the words of their legend entries, hovers and alt text (see
:mod:`emcart.presentation.figures.forest`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from matplotlib.lines import Line2D

from emcart.presentation.figures import hover as hover_text

SECOND_OFFSET, SECOND_COLOUR, OTHER_COLOUR = 0.28, "#6b6b6b", "#000000"  # the second interval sits under the point


def percent(value, decimals: int | None = None) -> str:
    """A percentage as given (published values keep their digits), or to ``decimals`` places (63.0583 -> 63.1)."""
    return f"{float(value):g}" if decimals is None else f"{float(value):.{decimals}f}"


def extras(row, second_interval: str, other_value: str, decimals: int | None) -> list[str]:
    """The row's second interval and other value, in words (empty where the frame has none)."""
    parts = []
    if pd.notna(row.get("second_low")):
        low, high = percent(row["second_low"], decimals), percent(row["second_high"], decimals)
        parts.append(f"{second_interval}: {low}–{high}%")
    if pd.notna(row.get("other")):
        parts.append(f"{other_value}: {percent(row['other'], decimals)}%" + _text(row.get("other_text")))
    return parts


def _text(value) -> str:
    return f" ({value})" if isinstance(value, str) and value else ""


@dataclass(frozen=True)
class Names:
    """The words of a forest plot's legend and hovers: a point without an interval, what the whiskers show,
    and the names of the optional second interval and other value ('' when the frame has none)."""

    no_interval: str
    interval: str
    second_interval: str
    other_value: str

    def extras(self, frame: pd.DataFrame) -> list[str]:
        """Legend entries beyond the groups: the whiskers, then the second interval and the other value."""
        entries = [f"whiskers: {self.interval}"] if self.second_interval or self.other_value else []
        if "second_low" in frame.columns and frame["second_low"].notna().any():
            entries.append(f"grey bar: {self.second_interval}")
        if "other" in frame.columns and frame["other"].notna().any():
            entries.append(f"×: {self.other_value}")
        return entries


def plotly_extras(fig: go.Figure, frame: pd.DataFrame, y, names: Names, decimals: int | None) -> None:
    """The legend entry of the whiskers, the second intervals as grey bars and the other values as crosses."""
    legend = names.extras(frame)
    if not legend:
        return
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line={"color": "#333333", "width": 2}, name=legend[0]))
    if "second_low" in frame.columns and frame["second_low"].notna().any():
        part = frame[frame["second_low"].notna()]
        xs, ys = [], []
        for position, r in part.iterrows():
            xs += [float(r["second_low"]), float(r["second_high"]), None]
            ys += [y[position] - SECOND_OFFSET] * 2 + [None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": SECOND_COLOUR, "width": 5},
                opacity=0.6,
                name=legend[1],
                hoverinfo="skip",
            )
        )
    if "other" in frame.columns and frame["other"].notna().any():
        part = frame[frame["other"].notna()]
        fig.add_trace(
            go.Scatter(
                x=part["other"].astype(float).tolist(),
                y=y[part.index].tolist(),
                mode="markers",
                marker={
                    "color": OTHER_COLOUR,
                    "symbol": "x-thin",
                    "size": 12,
                    "line": {"width": 2, "color": OTHER_COLOUR},
                },
                name=legend[-1],
                hovertext=[
                    f"<b>{r['label']}</b><br>"
                    + hover_text.words(
                        f"{names.other_value}: {percent(r['other'], decimals)}%" + _text(r.get("other_text"))
                    )
                    for _, r in part.iterrows()
                ],
                hoverinfo="text",
            )
        )


def static_extras(ax, frame: pd.DataFrame, y, names: Names) -> list:
    """The second intervals and other values on the static figure, and their legend handles."""
    legend, handles = names.extras(frame), []
    if not legend:
        return handles
    handles.append(Line2D([], [], color="#333333", label=legend[0]))
    if "second_low" in frame.columns and frame["second_low"].notna().any():
        for position, r in frame[frame["second_low"].notna()].iterrows():
            ax.hlines(
                y[position] - SECOND_OFFSET,
                r["second_low"],
                r["second_high"],
                colors=SECOND_COLOUR,
                linewidth=3,
                alpha=0.6,
            )
        handles.append(Line2D([], [], color=SECOND_COLOUR, linewidth=3, alpha=0.6, label=legend[1]))
    if "other" in frame.columns and frame["other"].notna().any():
        part = frame[frame["other"].notna()]
        ax.plot(part["other"].astype(float), y[part.index], "x", color=OTHER_COLOUR, markersize=7, markeredgewidth=1.5)
        handles.append(Line2D([], [], color=OTHER_COLOUR, marker="x", linestyle="", label=legend[-1]))
    return handles
