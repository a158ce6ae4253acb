"""Dot-and-interval ("forest") plot of percentages: one row per estimate, on a 0–100% axis.

Input is a tidy frame with one row per estimate, drawn top to bottom in the frame's order:

- ``label`` (text of the row), ``estimate``, ``low``, ``high`` (percent; ``low`` and ``high`` both empty when
  no interval is published);
- optional ``group``: colour and marker, with a legend;
- optional ``source``: text shown when hovering over the point (e.g. the sentence the value comes from);
- optional ``second_low``, ``second_high``: a second interval for the same estimate (e.g. another method),
  drawn as a grey bar under the point and named by ``second_interval``;
- optional ``other`` (percent) and ``other_text``: another value for the same row (e.g. a recount), drawn as
  a black cross where it is given and named by ``other_value``.

A point without an interval is drawn hollow, without whiskers, and labelled as such (``no_interval``), so
that a missing interval never reads as a precise value.
"""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter

from emcart.presentation.figures import hover as hover_text
from emcart.presentation.figures.figure import Figure
from emcart.presentation.figures.forest_extras import Names, extras, percent, plotly_extras, static_extras
from emcart.presentation.figures.style import MATPLOTLIB_RC, OKABE_ITO, PLOTLY_LAYOUT, legend_below

REQUIRED = ("label", "estimate", "low", "high")
NO_INTERVAL = "no interval published"
INTERVAL = "the published interval"
COLOURS = [OKABE_ITO[c] for c in ("blue", "vermillion", "bluish green", "orange", "reddish purple", "sky blue")]
PLOTLY_MARKERS = ["circle", "square", "diamond", "triangle-up", "triangle-down", "star"]
MPL_MARKERS = ["o", "s", "D", "^", "v", "*"]
AXIS_RANGE = (-3, 103)  # percent: a marker at 0% or 100% is drawn whole, not cut by the plot's edge
ROW_LABEL_GAP = 0.2  # rows: the y units between a point and a label written over its row on a narrow screen
TITLE_WIDTH = 45  # characters per line of the interactive figure's title


def check_frame(frame: pd.DataFrame) -> None:
    """Raise ValueError, naming the row and the column, unless the frame can be drawn on a percent axis."""
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ValueError(f"forest frame lacks column(s) {', '.join(missing)}")
    if frame.empty:
        raise ValueError("forest frame has no rows")
    for position, (_, row) in enumerate(frame.iterrows()):
        where = f"row {position} ({row['label']!r})"
        if pd.isna(row["label"]) or str(row["label"]).strip() == "":
            raise ValueError(f"row {position}: label is empty")
        if pd.isna(row["estimate"]):
            raise ValueError(f"{where}: estimate is empty")
        if pd.isna(row["low"]) != pd.isna(row["high"]):
            raise ValueError(f"{where}: an interval needs both low and high")
        values = [row["estimate"]] + ([] if pd.isna(row["low"]) else [row["low"], row["high"]])
        if not all(0 <= float(v) <= 100 for v in values):
            raise ValueError(f"{where}: values must lie on the percent axis, 0-100")
        if pd.notna(row["low"]) and not row["low"] <= row["estimate"] <= row["high"]:
            raise ValueError(
                f"{where}: estimate {row['estimate']} lies outside its interval {row['low']}-{row['high']}"
            )


def _groups(frame: pd.DataFrame) -> list:
    if "group" not in frame.columns:
        return [None]
    return list(dict.fromkeys(frame["group"].tolist()))


def _style(groups: list, colours: dict | None) -> dict:
    colours = colours or {}
    return {
        g: (
            colours.get(g, COLOURS[i % len(COLOURS)]),
            PLOTLY_MARKERS[i % len(PLOTLY_MARKERS)],
            MPL_MARKERS[i % len(MPL_MARKERS)],
        )
        for i, g in enumerate(groups)
    }


def _members(frame: pd.DataFrame, group) -> pd.DataFrame:
    return frame if group is None else frame[frame["group"] == group]


def _interval_text(row, no_interval: str, decimals: int | None = None) -> str:
    if pd.isna(row["low"]):
        return f"{percent(row['estimate'], decimals)}% ({no_interval})"
    return f"{percent(row['estimate'], decimals)}% ({percent(row['low'], decimals)}–{percent(row['high'], decimals)}%)"


def describe(
    frame: pd.DataFrame,
    title: str,
    note: str | None = None,
    no_interval: str = NO_INTERVAL,
    interval: str = INTERVAL,
    decimals: int | None = None,
    second_interval: str = "",
    other_value: str = "",
) -> str:
    """Alt text: what the figure is, then every row's values.

    ``interval`` says what the whiskers show (default: the published interval); ``decimals`` rounds
    computed values (default: values as given, for published ones); ``second_interval`` and
    ``other_value`` name the optional second interval and other value.
    """
    parts = []
    for _, row in frame.iterrows():
        group = f" [{row['group']}]" if "group" in frame.columns and pd.notna(row["group"]) else ""
        beside = extras(row, second_interval, other_value, decimals)
        parts.append(f"{row['label']}{group}: " + "; ".join([_interval_text(row, no_interval, decimals)] + beside))
    shown = f"whiskers showing {interval}" + (f", grey bars showing {second_interval}" if second_interval else "")
    shown += f", crosses showing values {other_value}" if other_value else ""
    text = (
        f"{title}. Dot-and-interval plot on a percent axis (0–100%), one row per estimate, {shown}: "
        + " | ".join(parts)
        + "."
    )
    return text + (f" {note}" if note else "")


def figure(
    frame: pd.DataFrame,
    figure_id: str,
    title: str,
    *,
    axis_title: str = "percent",
    note: str | None = None,
    no_interval: str = NO_INTERVAL,
    colours: dict | None = None,
    label_width: int = 32,
    interval: str = INTERVAL,
    decimals: int | None = None,
    second_interval: str = "",
    other_value: str = "",
) -> Figure:
    """The forest plot of ``frame``: a point per row, whiskers for its interval, groups by colour and marker.

    Parameters
    ----------
    frame : pandas.DataFrame
        The tidy frame of the module docstring: ``label``, ``estimate``, ``low``, ``high`` and optional columns.
    figure_id, title : str
    axis_title : str, default 'percent'
    note : str, optional
        Printed under the plot and ending the alt text (e.g. a caution about the comparison).
    no_interval, interval : str, optional
        What the legend and alt text call a point without an interval, and the whiskers.
    colours : dict of str to str, optional
        Group → colour (default: Okabe–Ito in order of first appearance).
    label_width : int, default 32
        Characters per line of a wrapped row label.
    decimals : int, optional
        Rounding of the values in the alt and hover text (default: as given, for published values).
    second_interval, other_value : str, optional
        Legend names of the optional second interval and other value.

    Returns
    -------
    Figure
        The interactive and static plots, alt text naming every row, and the drawn columns of ``frame`` as data.
    """
    check_frame(frame)
    frame = frame.reset_index(drop=True)
    y = np.arange(len(frame))[::-1].astype(float)  # first row on top
    styles = _style(_groups(frame), colours)
    names = Names(no_interval, interval, second_interval, other_value)
    columns = (
        "label",
        "group",
        "estimate",
        "low",
        "high",
        "second_low",
        "second_high",
        "other",
        "other_text",
        "source",
    )
    return Figure(
        figure_id,
        _plotly(frame, y, styles, title, axis_title, names, label_width, decimals),
        _static(frame, y, styles, title, axis_title, names, label_width),
        describe(frame, title, note, no_interval, interval, decimals, second_interval, other_value),
        frame[[c for c in columns if c in frame.columns]],
        note,
    )


def _hover(row, group, names: Names, decimals: int | None = None) -> str:
    lines = [f"<b>{row['label']}</b>"]
    if group is not None:
        lines.append(str(group))
    lines.append(_interval_text(row, names.no_interval, decimals))
    lines += [hover_text.words(e) for e in extras(row, names.second_interval, names.other_value, decimals)]
    if "source" in row.index and pd.notna(row["source"]):
        lines.append(hover_text.words(row["source"]))
    return "<br>".join(lines)


def _plotly(frame, y, styles, title, axis_title, names: Names, label_width, decimals=None) -> go.Figure:
    fig = go.Figure()
    for group, (colour, marker, _) in styles.items():
        _plotly_group(fig, _members(frame, group), y, group, colour, marker, names, decimals)
    plotly_extras(fig, frame, y, names, decimals)
    labels = ["<br>".join(textwrap.wrap(str(t), label_width)) for t in frame["label"]]
    fig.update_yaxes(
        tickvals=y.tolist(),
        ticktext=labels,
        range=[-0.7, len(frame) - 0.3],
        showgrid=False,
        zeroline=False,
        automargin=True,
    )
    # On a narrow screen the book's script writes each label over its row (emcart.js): from just above the
    # point, with the room up to the next row's point.
    fig.update_layout(
        meta={"row_labels": {"at": (y + ROW_LABEL_GAP).tolist(), "room": [1 - 2 * ROW_LABEL_GAP] * len(y)}}
    )
    fig.update_xaxes(
        range=list(AXIS_RANGE),
        tickvals=list(range(0, 101, 20)),
        ticksuffix="%",
        title_text=axis_title,
        showgrid=True,
        gridcolor="#e5e5e5",
        zeroline=False,
    )
    _plotly_layout(fig, frame, styles, title, names, label_width)
    return fig


def _plotly_group(fig: go.Figure, members, y, group, colour: str, marker: str, names: Names, decimals) -> None:
    """A group's points: with their whiskers where an interval is published, else hollow and labelled so."""
    name = str(group) if group is not None else "estimate"
    shown = False
    for with_interval in (True, False):
        part = members[members["low"].notna() == with_interval]
        if part.empty:
            continue
        common = dict(
            x=part["estimate"].astype(float).tolist(),
            y=y[part.index].tolist(),
            name=name,
            legendgroup=name,
            showlegend=group is not None and not shown,
            hovertext=[_hover(r, group, names, decimals) for _, r in part.iterrows()],
            hoverinfo="text",
        )
        if with_interval:
            fig.add_trace(
                go.Scatter(
                    **common,
                    mode="markers",
                    marker={"color": colour, "symbol": marker, "size": 11},
                    error_x={
                        "type": "data",
                        "symmetric": False,
                        "color": colour,
                        "thickness": 2,
                        "width": 6,
                        "array": (part["high"] - part["estimate"]).astype(float).tolist(),
                        "arrayminus": (part["estimate"] - part["low"]).astype(float).tolist(),
                    },
                )
            )
        else:
            fig.add_trace(
                go.Scatter(
                    **common,
                    mode="markers+text",
                    text=[names.no_interval] * len(part),
                    textposition="middle right",
                    textfont={"size": 11, "color": colour},
                    marker={"color": "white", "symbol": marker, "size": 11, "line": {"color": colour, "width": 2}},
                )
            )
        shown = True


def _plotly_layout(fig: go.Figure, frame, styles, title: str, names: Names, label_width: int) -> None:
    """The title above the plot, from the left edge of the figure, wrapped for a narrow page; the legend
    below the plot (fitted by the book's script); a height that gives every label line its room."""
    title_lines = textwrap.wrap(title, TITLE_WIDTH)
    top = 30 + 22 * len(title_lines)
    title_layout = {
        "text": "<br>".join(title_lines),
        "xref": "container",
        "x": 0.01,
        "xanchor": "left",
        "yref": "container",
        "y": 1,
        "yanchor": "top",
        "pad": {"t": 12},
    }
    entries = (len(styles) if None not in styles else 0) + len(names.extras(frame))
    below = legend_below(entries, per_row=2 if entries <= 2 else 1, room=60)
    layout = {**PLOTLY_LAYOUT, **below, "margin": {**below["margin"], "t": top}}
    label_lines = _label_lines(frame, label_width)
    fig.update_layout(
        **layout, height=top + below["margin"]["b"] + 20 * len(frame) + 20 * label_lines, title=title_layout
    )


def _label_lines(frame, label_width: int) -> int:
    """How many lines the wrapped row labels take."""
    return sum(max(len(textwrap.wrap(str(t), label_width)), 1) for t in frame["label"])


def _static(frame, y, styles, title, axis_title, names: Names, label_width) -> MplFigure:
    with mpl.rc_context(MATPLOTLIB_RC):
        height = 0.17 * _label_lines(frame, label_width) + 0.2 * len(frame) + 1.4
        fig = MplFigure(figsize=(7, height), layout="constrained")
        ax = fig.subplots()
        handles = [
            _static_group(ax, _members(frame, group), y, group, colour, marker, names.no_interval)
            for group, (colour, _, marker) in styles.items()
        ]
        handles = [h for h in handles if h is not None] + static_extras(ax, frame, y, names)
        ax.set_yticks(y, ["\n".join(textwrap.wrap(str(t), label_width)) for t in frame["label"]])
        ax.set_ylim(-0.7, len(frame) - 0.3)
        ax.set_xlim(*AXIS_RANGE)
        ax.set_xticks(range(0, 101, 20))
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_xlabel(axis_title)
        fig.suptitle(title, fontsize=10, x=0.01, ha="left")
        if handles:
            fig.legend(handles=handles, loc="outside lower left", ncols=min(len(handles), 2), frameon=False)
    return fig


def _static_group(ax, members, y, group, colour: str, marker: str, no_interval: str) -> Line2D | None:
    """A group's points on the static figure, and its legend handle (none for the single unnamed group)."""
    for position, row in members.iterrows():
        if pd.notna(row["low"]):
            ax.errorbar(
                row["estimate"],
                y[position],
                fmt=marker,
                color=colour,
                markersize=6,
                capsize=3,
                xerr=[[row["estimate"] - row["low"]], [row["high"] - row["estimate"]]],
            )
        else:
            ax.plot(
                row["estimate"],
                y[position],
                marker,
                color=colour,
                markerfacecolor="white",
                markersize=6,
                markeredgewidth=1.5,
            )
            ax.annotate(
                no_interval,
                (row["estimate"], y[position]),
                xytext=(7, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
                color=colour,
            )
    if group is None:
        return None
    hollow = bool(members["low"].isna().all())  # as drawn: hollow when no point of the group has an interval
    return Line2D(
        [],
        [],
        color=colour,
        marker=marker,
        linestyle="",
        label=str(group),
        markerfacecolor="white" if hollow else colour,
    )
