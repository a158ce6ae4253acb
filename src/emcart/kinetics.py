"""Kinetics plot: measurements over days on a course clock, log scale, PB vs CSF, first vs later course.

Every value keeps its qualifier: an 'over' (lower bound) points up, a '<' (upper bound) points down,
a peak is a star. A ratio row ('CSF holds over 10 times what PB holds') gives no value of its own:
its quantity is derived here as the referenced measurement divided by the ratio, with the bound
turned around, and the hover says so.

A value whose day the text does not give (only 'after' a day, or nothing) has no place on the day
axis: it is drawn as a dotted horizontal line at its value across the panel's days, labelled "day
not stated". When the figure holds several patients, each patient's values form their own series.
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
    labels = dataset["patients"].set_index("patient_id")["label"]
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
                     "value": value, "qualifier": qualifier, "unit": unit, "source": source,
                     "patient": labels[m["patient_id"]]})
    return pd.DataFrame(rows)


def figure(dataset, measurement_ids: list[str], figure_id: str, title: str, log: bool = True) -> Figure:
    """One panel per analyte and unit; colour = compartment, line dash = course."""
    data = points(dataset, measurement_ids)
    panels = list(dict.fromkeys(zip(data["analyte"], data["unit"])))
    several = data["patient"].nunique() > 1
    alt = f"{title}. " + "; ".join(
        f"{p.patient + ': ' if several else ''}{p.analyte} {_where(p.compartment)} ({p.course}), {_day_words(p)}: "
        f"{QUALIFIER_MARKS[p.qualifier][2]}{_number(p.value)} {p.unit}"
        for p in data.itertuples())
    return Figure(figure_id, _plotly(data, panels, title, log), _static(data, panels, title, log), alt)


def _position(p) -> float:
    """The day to draw a point at: its day, or the middle of its interval (NaN when the day is not bounded)."""
    if not np.isnan(p.day):
        return p.day
    if pd.isna(p.day_min) or pd.isna(p.day_max):
        return np.nan
    return (float(p.day_min) + float(p.day_max)) / 2


def _number(value: float) -> str:
    """A value with every digit the text prints (60618.45, not 60618.4)."""
    return f"{value:.10g}"


def _where(compartment: str) -> str:
    return "(compartment not stated)" if compartment == "not stated" else f"in {compartment}"


def _day_words(p) -> str:
    """'day 6', or 'day not stated (after day 0)' for a value the day axis cannot place."""
    position = _position(p)
    if not np.isnan(position):
        return f"day {position:g}"
    return "day not stated" + (f" (after day {float(p.day_min):g})" if pd.notna(p.day_min) else "")


def _series_name(p, several: bool) -> str:
    compartment = "compartment not stated" if p.compartment == "not stated" else p.compartment
    return (f"{p.patient}, " if several else "") + f"{compartment}, {p.course}"


def _single_day(dated: pd.DataFrame) -> bool:
    """All of a panel's placed values fall on one day and nothing else widens the axis."""
    days = {_position(p) for p in dated.itertuples()}
    return len(days) == 1


def _split(panel: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, tuple[float, float]]:
    """Dated and undated rows of a panel, and the span of days an undated row's line covers."""
    placed = np.array([_position(p) for p in panel.itertuples()], dtype=float)
    dated, undated = panel[~np.isnan(placed)], panel[np.isnan(placed)]
    days = placed[~np.isnan(placed)]
    starts = [float(v) for v in undated["day_min"] if pd.notna(v)]
    low = min(list(days) + starts) if len(days) or starts else 0.0
    high = max(days) if len(days) else low + 10
    return dated, undated, (low, max(high, low + 1))


def _plotly(data, panels, title, log) -> go.Figure:
    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=[f"{a} ({u})" for a, u in panels])
    seen = set()
    several = data["patient"].nunique() > 1
    for col, (analyte, unit) in enumerate(panels, start=1):
        panel, undated, (low, high) = _split(data[(data["analyte"] == analyte) & (data["unit"] == unit)])
        for p in undated.itertuples():
            name = _series_name(p, several) + ", day not stated"
            fig.add_trace(go.Scatter(
                x=[low, high], y=[p.value, p.value], mode="lines+markers", name=name, legendgroup=name,
                line={"color": COMPARTMENT_COLOURS.get(p.compartment, OKABE_ITO["black"]), "dash": "dot"},
                marker={"size": [0, 12], "symbol": QUALIFIER_MARKS[p.qualifier][0]},
                hovertext=[f"<b>{analyte}, {_series_name(p, several)}</b><br>{_day_words(p)}: "
                           f"{QUALIFIER_MARKS[p.qualifier][2]}{_number(p.value)} {p.unit}<br><i>{p.source}</i>"] * 2,
                hoverinfo="text"), row=1, col=col)
        for (_, compartment, course), series in panel.groupby(["patient", "compartment", "course"], sort=False):
            name = _series_name(next(series.itertuples()), several)
            series = series.sort_values("day")
            fig.add_trace(go.Scatter(
                x=[_position(p) for p in series.itertuples()], y=series["value"], name=name, legendgroup=name,
                showlegend=name not in seen, mode="lines+markers",
                line={"color": COMPARTMENT_COLOURS.get(compartment, OKABE_ITO["black"]),
                      "dash": "solid" if course == "course 1" else "dash"},
                marker={"size": 12, "symbol": [QUALIFIER_MARKS[q][0] for q in series["qualifier"]]},
                hovertext=[f"<b>{analyte}, {name}</b><br>day {_position(p):g}: "
                           f"{QUALIFIER_MARKS[p.qualifier][2]}{_number(p.value)} {p.unit}<br><i>{p.source}</i>"
                           for p in series.itertuples()], hoverinfo="text"), row=1, col=col)
            seen.add(name)
        fig.update_yaxes(type="log" if log else "linear", row=1, col=col)
        fig.update_xaxes(title_text="day on the course clock", row=1, col=col)
        if undated.empty and _single_day(panel):
            day = _position(next(panel.itertuples()))
            fig.update_xaxes(range=[day - 2, day + 2], row=1, col=col)
    fig.update_layout(**PLOTLY_LAYOUT, title=title, height=420)
    return fig


def _static(data, panels, title, log) -> MplFigure:
    several = data["patient"].nunique() > 1
    with mpl.rc_context(MATPLOTLIB_RC):
        fig = MplFigure(figsize=(3.2 * len(panels) + 1, 3.2), layout="constrained")
        axes = np.atleast_1d(fig.subplots(1, len(panels)))
        handles = {}
        for ax, (analyte, unit) in zip(axes, panels):
            panel, undated, (low, high) = _split(data[(data["analyte"] == analyte) & (data["unit"] == unit)])
            for p in undated.itertuples():
                colour = COMPARTMENT_COLOURS.get(p.compartment, OKABE_ITO["black"])
                ax.plot([low, high], [p.value, p.value], color=colour, ls=":")
                ax.plot(high, p.value, marker=QUALIFIER_MARKS[p.qualifier][1], color=colour, ms=8, ls="none")
                name = _series_name(p, several) + ", day not stated"
                handles[name] = Line2D([], [], color=colour, ls=":", label=name)
            for (_, compartment, course), series in panel.groupby(["patient", "compartment", "course"], sort=False):
                colour = COMPARTMENT_COLOURS.get(compartment, OKABE_ITO["black"])
                name = _series_name(next(series.itertuples()), several)
                series = series.sort_values("day")
                xs = [_position(p) for p in series.itertuples()]
                ax.plot(xs, series["value"], color=colour, ls="-" if course == "course 1" else "--")
                for x, p in zip(xs, series.itertuples()):
                    ax.plot(x, p.value, marker=QUALIFIER_MARKS[p.qualifier][1], color=colour, ms=8, ls="none")
                handles[name] = Line2D([], [], color=colour, ls="-" if course == "course 1" else "--", label=name)
            if log:
                ax.set_yscale("log")
            if undated.empty and _single_day(panel):
                day = _position(next(panel.itertuples()))
                ax.set_xlim(day - 2, day + 2)
            ax.set_title(f"{analyte} ({unit})", fontsize=9)
            ax.set_xlabel("day on the course clock")
        for q, (_, marker, words) in QUALIFIER_MARKS.items():
            if q in set(data["qualifier"]):
                handles[q] = Line2D([], [], marker=marker, color="black", ls="none", label=(words.strip() or "value"))
        fig.legend(handles=list(handles.values()), loc="outside lower center", ncols=3, frameon=False, fontsize=8)
        fig.suptitle(title, fontsize=10)
    return fig
