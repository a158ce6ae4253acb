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

from emcart.datapackage.days import event_days
from emcart.datapackage.provenance import cite, time_source
from emcart.model.definitions import Limit
from emcart.presentation.figures import hover as hover_text
from emcart.presentation.figures.figure import Figure
from emcart.presentation.figures.style import MATPLOTLIB_RC, OKABE_ITO, PLOTLY_LAYOUT, legend_below

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
FLIP = {"lower_bound": "upper_bound", "upper_bound": "lower_bound"}
PATIENT_COLOURS = [
    OKABE_ITO[c] for c in ("blue", "vermillion", "bluish green", "reddish purple", "orange", "sky blue", "black")
]


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
        source += _day_source(dataset, mid, source)
        if unit == "ratio":
            ref = frame.loc[m["ratio_to"]]
            value, unit = float(ref["value"]) / value, ref["unit"]
            qualifier = FLIP.get(qualifier, qualifier)
            source = (
                f"derived: the {ref['compartment']} value ({float(ref['value']):g} {ref['unit']}) divided by the "
                f"stated ratio ({m['value']:g}). {source}"
            )
        rows.append(
            {
                "measurement_id": mid,
                "analyte": m["analyte"],
                "compartment": m["compartment"],
                "course": f"course {courses.at[m['course_id'], 'course_number']}",
                "course_id": m["course_id"],
                "day": float(m["day"]) if pd.notna(m["day"]) else np.nan,
                "day_min": m["day_min"],
                "day_max": m["day_max"],
                "value": value,
                "qualifier": qualifier,
                "unit": unit,
                "source": source,
                "history": bool(m["history"]) if pd.notna(m["history"]) else False,
                "patient": labels[m["patient_id"]],
            }
        )
    return pd.DataFrame(rows)


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
    """One panel per analyte and unit; colour = compartment (or patient), line dash = course.

    ``events`` (event ids, e.g. 'CAR-T undetectable') are drawn at the foot of the first panel on
    their own day, without a value; ``connect=False`` draws no line between points, for series whose
    course between the stated values is unknown; ``colour_by='patient'`` colours each patient's
    series alike; ``limits`` maps an analyte to a definition's limit
    (:func:`emcart.model.definitions.stated_limit`), drawn in its panels of the same unit.
    """
    data = points(dataset, measurement_ids)
    data["colour"] = _colours(dataset, data, colour_by)
    lines = limit_lines(dataset, limits or {})
    marks = event_marks(dataset, list(events))
    panels = list(dict.fromkeys(zip(data["analyte"], data["unit"])))
    several = data["patient"].nunique() > 1
    alt = f"{title}. " + "; ".join(
        f"{p.patient + ': ' if several else ''}{p.analyte} {_where(p.compartment)} ({p.course}), {_day_words(p)}: "
        f"{QUALIFIER_MARKS[p.qualifier][2]}{_number(p.value)} {p.unit}"
        for p in data.itertuples()
    )
    if len(marks):
        alt += "; " + "; ".join(f"{m.event_type} ({m.course}), {_day_words(m)}" for m in marks.itertuples())
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


def limit_lines(dataset, limits: dict[str, Limit]) -> pd.DataFrame:
    """The limits to draw: analyte, unit, value, label ('MRD-negative: < 0.01%') and the definition's provenance."""
    rows = [
        {
            "analyte": analyte,
            "unit": limit.unit,
            "value": limit.value,
            "label": f"{limit.term}: {limit.words}",
            "source": cite(dataset, "definitions", limit.definition_id, "definition"),
        }
        for analyte, limit in limits.items()
    ]
    return pd.DataFrame(rows, columns=["analyte", "unit", "value", "label", "source"])


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


def _day_source(dataset, measurement_id: str, value_source: str) -> str:
    """The provenance of a measurement's day, where it differs from that of its value."""
    found = time_source(dataset, "measurements", measurement_id)
    if found is None:
        return ""
    text, note = found
    return ("" if text in value_source else f" Day: {text}") + (f" (day: {note})" if note else "")


def _day_words(p) -> str:
    """'day 6', 'day 0 to 39 (not stated more precisely)', 'day not stated (after day 0)' or '(before day 0)'."""
    if getattr(p, "history", False):
        return "before the course, day not stated"
    if not np.isnan(p.day):
        return f"day {p.day:g}"
    if pd.notna(p.day_min) and pd.notna(p.day_max):
        return f"day {float(p.day_min):g} to {float(p.day_max):g} (not stated more precisely)"
    if pd.notna(p.day_max):
        return f"day not stated (before day {float(p.day_max):g})"
    return "day not stated" + (f" (after day {float(p.day_min):g})" if pd.notna(p.day_min) else "")


def _number(value: float) -> str:
    """A value with every digit the text prints (60618.45, not 60618.4)."""
    return f"{value:.10g}"


def _where(compartment: str) -> str:
    return "(compartment not stated)" if compartment == "not stated" else f"in {compartment}"


def _series_name(p, several: bool) -> str:
    compartment = "compartment not stated" if p.compartment == "not stated" else p.compartment
    return (f"{p.patient}, " if several else "") + f"{compartment}, {p.course}"


def _single_day(dated: pd.DataFrame) -> bool:
    """All of a panel's placed values fall on one day."""
    return len({_position(p) for p in dated.itertuples()}) == 1


def _single_day_range(panel: pd.DataFrame) -> list[float]:
    """Two days either side of a panel's one placed day, or of the interval it stands for."""
    lows = [float(p.day_min) if np.isnan(p.day) else p.day for p in panel.itertuples()]
    highs = [float(p.day_max) if np.isnan(p.day) else p.day for p in panel.itertuples()]
    return [min(lows) - 2, max(highs) + 2]


def _split(panel: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, tuple[float, float]]:
    """Dated and undated rows of a panel, and the span of days an undated row's line may cover.

    The span runs over the panel's days and the undated rows' bounds; where an undated row is bounded
    on one side only, it reaches a tenth of the span (at least 5 days) beyond the outermost day.
    """
    placed = np.array([_position(p) for p in panel.itertuples()], dtype=float)
    dated, undated = panel[~np.isnan(placed)], panel[np.isnan(placed)]
    days = list(placed[~np.isnan(placed)])
    bounds = [float(v) for v in pd.concat([undated["day_min"], undated["day_max"]]) if pd.notna(v)]
    low = min(days + bounds) if days or bounds else 0.0
    high = max(days + bounds) if days or bounds else low + 10
    if not bounds:
        return dated, undated, (low, max(high, low + 10) if not days else max(high, low + 1))
    margin = max((high - low) / 10, 5.0)
    return dated, undated, (low - margin, high + margin)


def _extent(p, low: float, high: float) -> tuple[float, float, float]:
    """Start, end and marker day of an undated row's line: its bound where it has one, else the span's edge."""
    start = float(p.day_min) if pd.notna(p.day_min) else low
    end = float(p.day_max) if pd.notna(p.day_max) else high
    marker = start if pd.notna(p.day_min) else end
    return start, end, marker


def event_marks(dataset, event_ids: list[str]) -> pd.DataFrame:
    """Events to mark on a kinetics plot (no value), on their course clocks, with their provenance."""
    frame = event_days(dataset).set_index("event_id")
    courses = dataset["courses"].set_index("course_id")
    rows = []
    for eid in event_ids:
        e = frame.loc[eid]
        rows.append(
            {
                "event_id": eid,
                "event_type": e["event_type"],
                "course": f"course {courses.at[e['course_id'], 'course_number']}",
                "day": float(e["day"]) if pd.notna(e["day"]) else np.nan,
                "day_min": e["day_min"],
                "day_max": e["day_max"],
                "source": cite(dataset, "events", eid, "event_type"),
            }
        )
    return pd.DataFrame(rows, columns=["event_id", "event_type", "course", "day", "day_min", "day_max", "source"])


def _spread(series) -> tuple[list, list] | None:
    """Left and right error lengths of points whose day is an interval (None when every day is exact)."""
    if series["day"].notna().all():
        return None
    xs = [_position(p) for p in series.itertuples()]
    lows = [0.0 if not np.isnan(p.day) else x - float(p.day_min) for x, p in zip(xs, series.itertuples())]
    highs = [0.0 if not np.isnan(p.day) else float(p.day_max) - x for x, p in zip(xs, series.itertuples())]
    return lows, highs


def _floor(data, log: bool) -> float:
    """Height at which value-less event marks sit: the axis foot."""
    return float(data["value"].min()) / 3 if log else 0.0


def _position(p) -> float:
    """The day to draw a point at: its day, or the middle of its interval (NaN when the day is not bounded)."""
    if not np.isnan(p.day):
        return p.day
    if pd.isna(p.day_min) or pd.isna(p.day_max):
        return np.nan
    return (float(p.day_min) + float(p.day_max)) / 2


def _plotly(data, panels, title, log, marks=None, connect=True) -> go.Figure:
    fig = make_subplots(
        rows=1, cols=len(panels), subplot_titles=["<br>".join(textwrap.wrap(f"{a} ({u})", 22)) for a, u in panels]
    )
    seen = set()
    several = data["patient"].nunique() > 1
    for col, (analyte, unit) in enumerate(panels, start=1):
        panel, undated, (low, high) = _split(data[(data["analyte"] == analyte) & (data["unit"] == unit)])
        for p in undated.itertuples():
            name = _series_name(p, several) + ", day not stated"
            start, end, marker = _extent(p, low, high)
            fig.add_trace(
                go.Scatter(
                    x=[start, end],
                    y=[p.value, p.value],
                    mode="lines+markers",
                    name=name,
                    legendgroup=name,
                    line={"color": p.colour, "dash": "dot"},
                    marker={
                        "size": [12 if x == marker else 0 for x in (start, end)],
                        "symbol": QUALIFIER_MARKS[p.qualifier][0],
                    },
                    hovertext=[
                        f"<b>{analyte}, {_series_name(p, several)}</b><br>{_day_words(p)}: "
                        f"{QUALIFIER_MARKS[p.qualifier][2]}{_number(p.value)} {p.unit}<br>{hover_text.words(p.source)}"
                    ]
                    * 2,
                    hoverinfo="text",
                ),
                row=1,
                col=col,
            )
        for (_, _, course), series in panel.groupby(["patient", "compartment", "course"], sort=False):
            name = _series_name(next(series.itertuples()), several)
            series = series.assign(_x=[_position(p) for p in series.itertuples()]).sort_values("_x")
            spread = _spread(series)
            fig.add_trace(
                go.Scatter(
                    x=[_position(p) for p in series.itertuples()],
                    y=series["value"],
                    name=name,
                    legendgroup=name,
                    showlegend=name not in seen,
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
                    hovertext=[
                        f"<b>{analyte}, {name}</b><br>{_day_words(p)}: "
                        f"{QUALIFIER_MARKS[p.qualifier][2]}{_number(p.value)} {p.unit}<br>{hover_text.words(p.source)}"
                        for p in series.itertuples()
                    ],
                    hoverinfo="text",
                ),
                row=1,
                col=col,
            )
            seen.add(name)
        if undated.empty and len(panel) and _single_day(panel):
            fig.update_xaxes(range=_single_day_range(panel), row=1, col=col)
        fig.update_yaxes(type="log" if log else "linear", row=1, col=col)
        fig.update_xaxes(title_text="day on the course clock" if col == 1 else "day", row=1, col=col)
    if marks is not None and len(marks):
        for kind, group in marks.groupby("event_type", sort=False):
            fig.add_trace(
                go.Scatter(
                    x=[_position(m) for m in group.itertuples()],
                    y=[_floor(data, log)] * len(group),
                    name=f"{kind} (no value stated)",
                    mode="markers",
                    marker={"symbol": "x-thin-open", "size": 14, "color": OKABE_ITO["black"], "line": {"width": 2}},
                    hovertext=[
                        f"<b>{kind} ({m.course})</b><br>{_day_words(m)}; drawn at the axis foot, no value stated"
                        f"<br>{hover_text.words(m.source)}"
                        for m in group.itertuples()
                    ],
                    hoverinfo="text",
                ),
                row=1,
                col=1,
            )
    _legend_below(fig, title)
    return fig


def _legend_below(fig: go.Figure, title: str) -> None:
    """Title, and the legend below the panels (the book's script fits it to the screen), with room above the
    panels for wrapped panel titles."""
    below = legend_below(sum(bool(t.showlegend is not False and t.name) for t in fig.data))
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
            panel, undated, (low, high) = _split(data[(data["analyte"] == analyte) & (data["unit"] == unit)])
            for p in undated.itertuples():
                colour = p.colour
                start, end, marker = _extent(p, low, high)
                ax.plot([start, end], [p.value, p.value], color=colour, ls=":")
                ax.plot(
                    marker,
                    p.value,
                    marker=QUALIFIER_MARKS[p.qualifier][1],
                    color=colour,
                    ms=8,
                    ls="none",
                    mfc=_face(p.qualifier, colour),
                )
                name = _series_name(p, several) + ", day not stated"
                handles[name] = Line2D([], [], color=colour, ls=":", label=name)
            for (_, _, course), series in panel.groupby(["patient", "compartment", "course"], sort=False):
                name = _series_name(next(series.itertuples()), several)
                colour = series["colour"].iloc[0]
                series = series.assign(_x=[_position(p) for p in series.itertuples()]).sort_values("_x")
                xs = [_position(p) for p in series.itertuples()]
                if connect:
                    ax.plot(xs, series["value"], color=colour, ls="-" if course == "course 1" else "--")
                spread = _spread(series)
                if spread is not None:
                    ax.errorbar(
                        xs, series["value"], xerr=[spread[0], spread[1]], fmt="none", ecolor=colour, capsize=3, lw=1.2
                    )
                for x, p in zip(xs, series.itertuples()):
                    ax.plot(
                        x,
                        p.value,
                        marker=QUALIFIER_MARKS[p.qualifier][1],
                        color=colour,
                        ms=8,
                        ls="none",
                        mfc=_face(p.qualifier, colour),
                    )
                handles[name] = Line2D([], [], color=colour, ls="-" if course == "course 1" else "--", label=name)
            if undated.empty and len(panel) and _single_day(panel):
                ax.set_xlim(*_single_day_range(panel))
            if log:
                ax.set_yscale("log")
            ax.set_title(f"{analyte} ({unit})", fontsize=9)
            ax.set_xlabel("day on the course clock")
        if marks is not None and len(marks):
            for m in marks.itertuples():
                axes[0].plot(_position(m), _floor(data, log), marker="x", color=OKABE_ITO["black"], ms=9, ls="none")
                axes[0].annotate(
                    m.event_type,
                    (_position(m), _floor(data, log)),
                    xytext=(0, 8),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7,
                )
            handles["events"] = Line2D([], [], marker="x", color="black", ls="none", label="event, no value stated")
        for q, (_, marker, words) in QUALIFIER_MARKS.items():
            if q in set(data["qualifier"]):
                handles[q] = Line2D(
                    [],
                    [],
                    marker=marker,
                    color="black",
                    ls="none",
                    mfc=_face(q, "black"),
                    label=(words.strip() or "value"),
                )
        fig.legend(handles=list(handles.values()), loc="outside lower center", ncols=3, frameon=False, fontsize=8)
        fig.suptitle(title, fontsize=10)
    return fig
