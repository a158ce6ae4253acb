"""Kinetics plot: measurements over days on a course clock, log scale, PB vs CSF, first vs later course.

Every value keeps its qualifier: an 'over' (lower bound) points up, a '<' (upper bound) points down,
a peak is a star. A ratio row ('CSF holds over 10 times what PB holds') gives no value of its own:
its quantity is derived here as the referenced measurement divided by the ratio, with the bound
turned around, and the hover says so.

A value whose day the text does not give (only 'before' or 'after' a day, or nothing) has no place
on the day axis: it is drawn as a dotted horizontal line at its value over the days it may fall on
(from its bound to the panel's edge, or across the panel), labelled "day not stated", its marker at
the bound. When the figure holds several patients, each patient's values form their own series
(coloured by patient if asked). A limit a definition states ('MRD-negative: <0.01%') is drawn as a
dashed horizontal line in the panels of its analyte. Values keep every digit the text prints.
"""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D
from plotly.subplots import make_subplots

from emcart.model.definitions import Limit
from emcart.presentation.figures import hover as hover_text
from emcart.presentation.figures.figure import Figure
from emcart.presentation.figures.kinetics_points import (
    day_spread,
    day_words,
    event_marks,
    limit_lines,
    points,
    position,
    single_day,
    single_day_range,
    split_undated,
    undated_extent,
)
from emcart.presentation.figures.style import MATPLOTLIB_RC, OKABE_ITO, PLOTLY_LAYOUT, legend_below, shown_entries

COMPARTMENT_COLOURS = {
    "PB": OKABE_ITO["blue"],
    "CSF": OKABE_ITO["vermillion"],
    "serum": OKABE_ITO["sky blue"],
    "BM": OKABE_ITO["bluish green"],
}
# qualifier -> (plotly symbol, matplotlib marker, words)
QUALIFIER_MARKS = {
    "exact": ("circle", "o", ""),
    "approx": ("circle-open", "o", "about "),
    "lower_bound": ("triangle-up", "^", "over "),
    "upper_bound": ("triangle-down", "v", "below "),
    "peak": ("star", "*", "peak "),
}
PATIENT_COLOURS = [
    OKABE_ITO[c] for c in ("blue", "vermillion", "bluish green", "reddish purple", "orange", "sky blue", "black")
]


def figure(
    dataset,
    measurement_ids: list[str],
    figure_id: str,
    title: str,
    log: bool = True,
    events: list[str] = (),
    connect: bool = True,
    colour_by: str = "compartment",
    limits: dict[str, Limit] | None = None,
) -> Figure:
    """One panel per analyte and unit, values over days; colour = compartment (or patient), line dash = course.

    Parameters
    ----------
    dataset : Dataset
    measurement_ids : list of str
        Rows of ``measurements`` drawn.
    figure_id, title : str
    log : bool, default True
        A log value axis.
    events : list of str, optional
        Event ids (e.g. 'CAR-T undetectable') drawn on their day at the foot of the first panel, without a value.
    connect : bool, default True
        False draws no line between points, for series whose course between the stated values is unknown.
    colour_by : {'compartment', 'patient'}
    limits : dict of str to Limit, optional
        Analyte → a definition's limit (:func:`emcart.model.definitions.stated_limit`), dashed in its panels.

    Returns
    -------
    Figure
        Interactive and static plots, alt text giving every value with its day and qualifier, and as data every
        drawn series point by point.
    """
    data = points(dataset, measurement_ids)
    data["colour"] = _colours(dataset, data, colour_by)
    lines = limit_lines(dataset, limits or {})
    marks = event_marks(dataset, list(events))
    panels = list(dict.fromkeys(zip(data["analyte"], data["unit"])))
    several = data["patient"].nunique() > 1
    alt = f"{title}. " + "; ".join(
        f"{p.patient + ': ' if several else ''}{p.analyte} {_where(p.compartment)} ({p.course}), {day_words(p)}: "
        f"{QUALIFIER_MARKS[p.qualifier][2]}{_number(p.value)} {p.unit}"
        for p in data.itertuples()
    )
    if len(marks):
        alt += "; " + "; ".join(f"{m.event_type} ({m.course}), {day_words(m)}" for m in marks.itertuples())
    if len(lines):
        alt += "; " + "; ".join(f"dashed line: {line.label}" for line in lines.itertuples())
    return Figure(
        figure_id,
        _limits_plotly(_plotly(data, panels, title, log, marks, connect), lines, panels, log),
        _limits_static(_static(data, panels, title, log, marks, connect), lines, panels),
        alt,
    )


def _colours(dataset, data: pd.DataFrame, colour_by: str) -> list[str]:
    """Each point's colour: its compartment's, or its patient's (by the patient's place in its study, so that
    every figure of a study gives a patient the same colour)."""
    if colour_by == "patient":
        patients = dataset["patients"]
        studies = set(patients.loc[patients["label"].isin(data["patient"]), "study_id"])
        order = patients.loc[patients["study_id"].isin(studies), "label"].tolist()
        return [PATIENT_COLOURS[order.index(p) % len(PATIENT_COLOURS)] for p in data["patient"]]
    if colour_by != "compartment":
        raise ValueError(f"colour_by must be 'compartment' or 'patient', not {colour_by!r}")
    return [COMPARTMENT_COLOURS.get(c, OKABE_ITO["black"]) for c in data["compartment"]]


def _limits_plotly(fig: go.Figure, lines: pd.DataFrame, panels, log: bool) -> go.Figure:
    for col, (analyte, unit) in enumerate(panels, start=1):
        axis = "" if col == 1 else col
        for line in lines[(lines["analyte"] == analyte) & (lines["unit"] == unit)].itertuples():
            fig.add_hline(y=line.value, line={"dash": "dash", "color": OKABE_ITO["black"], "width": 1}, row=1, col=col)
            fig.add_annotation(
                text=line.label,
                hovertext=line.source,
                showarrow=False,
                font={"size": 11},
                x=1,
                xref=f"x{axis} domain",
                xanchor="right",
                yref=f"y{axis}",
                yanchor="bottom",
                y=float(np.log10(line.value)) if log else line.value,
            )
    return fig


def _limits_static(fig: MplFigure, lines: pd.DataFrame, panels) -> MplFigure:
    for ax, (analyte, unit) in zip(fig.axes, panels):
        for line in lines[(lines["analyte"] == analyte) & (lines["unit"] == unit)].itertuples():
            ax.axhline(line.value, color=OKABE_ITO["black"], ls="--", lw=0.8)
            ax.annotate(
                line.label,
                (1, line.value),
                xycoords=("axes fraction", "data"),
                xytext=(-2, 2),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=7,
            )
    return fig


def _number(value: float) -> str:
    """A value with every digit the text prints (60618.45, not 60618.4)."""
    return f"{value:.10g}"


def _where(compartment: str) -> str:
    return "(compartment not stated)" if compartment == "not stated" else f"in {compartment}"


UNDATED = ", day not stated"  # what a series' legend entry adds for its values whose day is not stated


def _series_name(p, several: bool) -> str:
    compartment = "compartment not stated" if p.compartment == "not stated" else p.compartment
    return (f"{p.patient}, " if several else "") + f"{compartment}, {p.course}"


def _floor(data, log: bool) -> float:
    """Height at which value-less event marks sit: the axis foot."""
    return float(data["value"].min()) / 3 if log else 0.0


def _plotly(data, panels, title, log, marks=None, connect=True) -> go.Figure:
    fig = make_subplots(
        rows=1, cols=len(panels), subplot_titles=["<br>".join(textwrap.wrap(f"{a} ({u})", 22)) for a, u in panels]
    )
    seen = set()
    several = data["patient"].nunique() > 1
    for col, (analyte, unit) in enumerate(panels, start=1):
        panel, undated, (low, high) = split_undated(data[(data["analyte"] == analyte) & (data["unit"] == unit)])
        for p in undated.itertuples():
            series = _series_name(p, several)
            _plotly_undated(fig, p, analyte, series, undated_extent(p, low, high), col, series + UNDATED not in seen)
            seen.add(series + UNDATED)
        for (_, _, course), series in panel.groupby(["patient", "compartment", "course"], sort=False):
            name = _series_name(next(series.itertuples()), several)
            _plotly_series(fig, series, analyte, name, course, connect, name not in seen, col)
            seen.add(name)
        if undated.empty and len(panel) and single_day(panel):
            fig.update_xaxes(range=single_day_range(panel), row=1, col=col)
        fig.update_yaxes(type="log" if log else "linear", row=1, col=col)
        fig.update_xaxes(title_text="day on the course clock" if col == 1 else "day", row=1, col=col)
    if marks is not None and len(marks):
        _plotly_marks(fig, marks, _floor(data, log))
    _legend_below(fig, title)
    return fig


def _hover(analyte: str, name: str, p) -> str:
    """A value's hover: analyte and series, its day, the value with its qualifier, and its source."""
    return (
        f"<b>{analyte}, {name}</b><br>{day_words(p)}: "
        f"{QUALIFIER_MARKS[p.qualifier][2]}{_number(p.value)} {p.unit}<br>{hover_text.words(p.source)}"
    )


def _plotly_undated(fig: go.Figure, p, analyte: str, series: str, extent: tuple, col: int, legend: bool) -> None:
    """A value of ``series`` whose day is not stated: a dotted line over the days it may fall on (``legend``: first)."""
    name = series + UNDATED
    start, end, marker = extent
    fig.add_trace(
        go.Scatter(
            x=[start, end],
            y=[p.value, p.value],
            mode="lines+markers",
            name=name,
            legendgroup=name,
            showlegend=legend,
            line={"color": p.colour, "dash": "dot"},
            marker={
                "size": [12 if x == marker else 0 for x in (start, end)],
                "symbol": QUALIFIER_MARKS[p.qualifier][0],
            },
            hovertext=[_hover(analyte, series, p)] * 2,
            hoverinfo="text",
        ),
        row=1,
        col=col,
    )


def _plotly_series(fig: go.Figure, series, analyte: str, name: str, course: str, connect: bool, legend: bool, col: int):
    """One series (patient, compartment, course) in day order, with whiskers over the days a value may fall on."""
    series = series.assign(_x=[position(p) for p in series.itertuples()]).sort_values("_x")
    spread = day_spread(series)
    fig.add_trace(
        go.Scatter(
            x=[position(p) for p in series.itertuples()],
            y=series["value"],
            name=name,
            legendgroup=name,
            showlegend=legend,
            mode="lines+markers" if connect else "markers",
            error_x=None
            if spread is None
            else {
                "type": "data",
                "symmetric": False,
                "array": spread[1],
                "arrayminus": spread[0],
                "thickness": 1.5,
                "width": 4,
            },
            line={"color": series["colour"].iloc[0], "dash": "solid" if course == "course 1" else "dash"},
            marker={"size": 12, "symbol": [QUALIFIER_MARKS[q][0] for q in series["qualifier"]]},
            hovertext=[_hover(analyte, name, p) for p in series.itertuples()],
            hoverinfo="text",
        ),
        row=1,
        col=col,
    )


def _plotly_marks(fig: go.Figure, marks: pd.DataFrame, floor: float) -> None:
    """Events without a value, one trace per kind, at the foot of the first panel."""
    for kind, group in marks.groupby("event_type", sort=False):
        fig.add_trace(
            go.Scatter(
                x=[position(m) for m in group.itertuples()],
                y=[floor] * len(group),
                name=f"{kind} (no value stated)",
                mode="markers",
                marker={"symbol": "x-thin-open", "size": 14, "color": OKABE_ITO["black"], "line": {"width": 2}},
                hovertext=[
                    f"<b>{kind} ({m.course})</b><br>{day_words(m)}; drawn at the axis foot, no value stated"
                    f"<br>{hover_text.words(m.source)}"
                    for m in group.itertuples()
                ],
                hoverinfo="text",
            ),
            row=1,
            col=1,
        )


def _legend_below(fig: go.Figure, title: str) -> None:
    """Title, and the legend below the panels (the book's script fits it to the screen), with room above the
    panels for wrapped panel titles."""
    below = legend_below(shown_entries(fig))
    wrapped = max([a.text.count("<br>") for a in fig.layout.annotations] or [0])
    margin = {**below["margin"], "t": below["margin"]["t"] + 16 * wrapped}
    fig.update_layout(
        **{**PLOTLY_LAYOUT, **below, "margin": margin}, title=title, height=370 + below["margin"]["b"] + 16 * wrapped
    )


def _face(qualifier: str, colour: str) -> str:
    """A marker's fill: open (white) for an approximate value, as the interactive figure's open circle."""
    return "white" if qualifier == "approx" else colour


def _static(data, panels, title, log, marks=None, connect=True) -> MplFigure:
    with mpl.rc_context(MATPLOTLIB_RC):
        fig = MplFigure(figsize=(3.2 * len(panels) + 1, 3.2), layout="constrained")
        axes = np.atleast_1d(fig.subplots(1, len(panels)))
        handles = {}
        several = data["patient"].nunique() > 1
        for ax, (analyte, unit) in zip(axes, panels):
            panel, undated, (low, high) = split_undated(data[(data["analyte"] == analyte) & (data["unit"] == unit)])
            for p in undated.itertuples():
                start, end, marker = undated_extent(p, low, high)
                ax.plot([start, end], [p.value, p.value], color=p.colour, ls=":")
                _static_point(ax, marker, p, p.colour)
                name = _series_name(p, several) + UNDATED
                handles[name] = Line2D([], [], color=p.colour, ls=":", label=name)
            for (_, _, course), series in panel.groupby(["patient", "compartment", "course"], sort=False):
                name = _series_name(next(series.itertuples()), several)
                handles[name] = _static_series(ax, series, name, course, connect)
            if undated.empty and len(panel) and single_day(panel):
                ax.set_xlim(*single_day_range(panel))
            if log:
                ax.set_yscale("log")
            ax.set_title(f"{analyte} ({unit})", fontsize=9)
            ax.set_xlabel("day on the course clock")
        if marks is not None and len(marks):
            handles["events"] = _static_marks(axes[0], marks, _floor(data, log))
        handles.update(_qualifier_handles(set(data["qualifier"])))
        fig.legend(handles=list(handles.values()), loc="outside lower center", ncols=3, frameon=False, fontsize=8)
        fig.suptitle(title, fontsize=10)
    return fig


def _static_point(ax, x: float, p, colour: str) -> None:
    """One value's marker: its qualifier's shape, open where the value is approximate."""
    ax.plot(
        x,
        p.value,
        marker=QUALIFIER_MARKS[p.qualifier][1],
        color=colour,
        ms=8,
        ls="none",
        mfc=_face(p.qualifier, colour),
    )


def _static_series(ax, series, name: str, course: str, connect: bool) -> Line2D:
    """One series in day order (line, whiskers over interval days, markers), and its legend handle."""
    colour = series["colour"].iloc[0]
    series = series.assign(_x=[position(p) for p in series.itertuples()]).sort_values("_x")
    xs = [position(p) for p in series.itertuples()]
    if connect:
        ax.plot(xs, series["value"], color=colour, ls="-" if course == "course 1" else "--")
    spread = day_spread(series)
    if spread is not None:
        ax.errorbar(xs, series["value"], xerr=[spread[0], spread[1]], fmt="none", ecolor=colour, capsize=3, lw=1.2)
    for x, p in zip(xs, series.itertuples()):
        _static_point(ax, x, p, colour)
    return Line2D([], [], color=colour, ls="-" if course == "course 1" else "--", label=name)


def _static_marks(ax, marks: pd.DataFrame, floor: float) -> Line2D:
    """Events without a value, crossed and named at the foot of the panel, and their legend handle."""
    for m in marks.itertuples():
        ax.plot(position(m), floor, marker="x", color=OKABE_ITO["black"], ms=9, ls="none")
        ax.annotate(
            m.event_type, (position(m), floor), xytext=(0, 8), textcoords="offset points", ha="center", fontsize=7
        )
    return Line2D([], [], marker="x", color="black", ls="none", label="event, no value stated")


def _qualifier_handles(qualifiers: set) -> dict:
    """A legend handle for each qualifier the figure draws, in the order of :data:`QUALIFIER_MARKS`."""
    return {
        q: Line2D(
            [], [], marker=marker, color="black", ls="none", mfc=_face(q, "black"), label=(words.strip() or "value")
        )
        for q, (_, marker, words) in QUALIFIER_MARKS.items()
        if q in qualifiers
    }
