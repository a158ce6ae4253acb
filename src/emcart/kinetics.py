"""Kinetics plot: measurements over days on a course clock, log scale, PB vs CSF, first vs later course.

Every value keeps its qualifier: an 'over' (lower bound) points up, a '<' (upper bound) points down,
a peak is a star. A ratio row ('CSF holds over 10 times what PB holds') gives no value of its own:
its quantity is derived here as the referenced measurement divided by the ratio, with the bound
turned around, and the hover says so.
"""
from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D
from plotly.subplots import make_subplots

from .figures import Figure
from .provenance import cite
from .style import MATPLOTLIB_RC, OKABE_ITO, PLOTLY_LAYOUT
from .timeline import event_days

COMPARTMENT_COLOURS = {"PB": OKABE_ITO["blue"], "CSF": OKABE_ITO["vermillion"], "serum": OKABE_ITO["sky blue"],
                       "BM": OKABE_ITO["bluish green"]}
# qualifier -> (plotly symbol, matplotlib marker, words)
QUALIFIER_MARKS = {
    "exact": ("circle", "o", ""),
    "approx": ("circle-open", "o", "about "),
    "lower_bound": ("triangle-up", "^", "over "),
    "upper_bound": ("triangle-down", "v", "below "),
    "peak": ("star", "*", "peak "),
}
FLIP = {"lower_bound": "upper_bound", "upper_bound": "lower_bound"}


def points(dataset, measurement_ids: list[str]) -> pd.DataFrame:
    """The measurements to plot, on their course clocks, with derived values for ratio rows."""
    frame = event_days(dataset, "measurements").set_index("measurement_id")
    courses = dataset["courses"].set_index("course_id")
    rows = []
    for mid in measurement_ids:
        m = frame.loc[mid]
        value, qualifier, unit = float(m["value"]), m["value_qualifier"], m["unit"]
        source = cite(dataset, "measurements", mid, "value")
        if unit == "ratio":
            ref = frame.loc[m["ratio_to"]]
            value, unit = float(ref["value"]) / value, ref["unit"]
            qualifier = FLIP.get(qualifier, qualifier)
            source = f"derived: {m['ratio_to']} divided by the stated ratio ({m['value']:g}). {source}"
        rows.append({"measurement_id": mid, "analyte": m["analyte"], "compartment": m["compartment"],
                     "course": f"course {courses.at[m['course_id'], 'course_number']}", "course_id": m["course_id"],
                     "day": float(m["day"]) if pd.notna(m["day"]) else np.nan,
                     "day_min": m["day_min"], "day_max": m["day_max"],
                     "value": value, "qualifier": qualifier, "unit": unit, "source": source})
    return pd.DataFrame(rows)


def figure(dataset, measurement_ids: list[str], figure_id: str, title: str, log: bool = True) -> Figure:
    """One panel per analyte and unit; colour = compartment, line dash = course."""
    data = points(dataset, measurement_ids)
    panels = list(dict.fromkeys(zip(data["analyte"], data["unit"])))
    alt = f"{title}. " + "; ".join(
        f"{p.analyte} in {p.compartment} ({p.course}), day {p.day:g}: {QUALIFIER_MARKS[p.qualifier][2]}{p.value:g} {p.unit}"
        for p in data.itertuples())
    return Figure(figure_id, _plotly(data, panels, title, log), _static(data, panels, title, log), alt)


def _position(p) -> float:
    """The day to draw a point at: its day, or the middle of its interval."""
    if not np.isnan(p.day):
        return p.day
    return (float(p.day_min) + float(p.day_max)) / 2


def _plotly(data, panels, title, log) -> go.Figure:
    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=[f"{a} ({u})" for a, u in panels])
    seen = set()
    for col, (analyte, unit) in enumerate(panels, start=1):
        panel = data[(data["analyte"] == analyte) & (data["unit"] == unit)]
        for (compartment, course), series in panel.groupby(["compartment", "course"], sort=False):
            name = f"{compartment}, {course}"
            series = series.sort_values("day")
            fig.add_trace(go.Scatter(
                x=[_position(p) for p in series.itertuples()], y=series["value"], name=name, legendgroup=name,
                showlegend=name not in seen, mode="lines+markers",
                line={"color": COMPARTMENT_COLOURS.get(compartment, OKABE_ITO["black"]),
                      "dash": "solid" if course == "course 1" else "dash"},
                marker={"size": 12, "symbol": [QUALIFIER_MARKS[q][0] for q in series["qualifier"]]},
                hovertext=[f"<b>{analyte}, {compartment}, {course}</b><br>day {_position(p):g}: "
                           f"{QUALIFIER_MARKS[p.qualifier][2]}{p.value:g} {p.unit}<br><i>{p.source}</i>"
                           for p in series.itertuples()], hoverinfo="text"), row=1, col=col)
            seen.add(name)
        fig.update_yaxes(type="log" if log else "linear", row=1, col=col)
        fig.update_xaxes(title_text="day on the course clock", row=1, col=col)
    fig.update_layout(**PLOTLY_LAYOUT, title=title, height=420)
    return fig


def _static(data, panels, title, log) -> MplFigure:
    with mpl.rc_context(MATPLOTLIB_RC):
        fig = MplFigure(figsize=(3.2 * len(panels) + 1, 3.2), layout="constrained")
        axes = np.atleast_1d(fig.subplots(1, len(panels)))
        handles = {}
        for ax, (analyte, unit) in zip(axes, panels):
            panel = data[(data["analyte"] == analyte) & (data["unit"] == unit)]
            for (compartment, course), series in panel.groupby(["compartment", "course"], sort=False):
                colour = COMPARTMENT_COLOURS.get(compartment, OKABE_ITO["black"])
                series = series.sort_values("day")
                xs = [_position(p) for p in series.itertuples()]
                ax.plot(xs, series["value"], color=colour, ls="-" if course == "course 1" else "--")
                for x, p in zip(xs, series.itertuples()):
                    ax.plot(x, p.value, marker=QUALIFIER_MARKS[p.qualifier][1], color=colour, ms=8, ls="none")
                handles[f"{compartment}, {course}"] = Line2D([], [], color=colour, ls="-" if course == "course 1" else "--",
                                                             label=f"{compartment}, {course}")
            if log:
                ax.set_yscale("log")
            ax.set_title(f"{analyte} ({unit})", fontsize=9)
            ax.set_xlabel("day on the course clock")
        for q, (_, marker, words) in QUALIFIER_MARKS.items():
            if q in set(data["qualifier"]):
                handles[q] = Line2D([], [], marker=marker, color="black", ls="none", label=(words.strip() or "value"))
        fig.legend(handles=list(handles.values()), loc="outside lower center", ncols=3, frameon=False, fontsize=8)
        fig.suptitle(title, fontsize=10)
    return fig
