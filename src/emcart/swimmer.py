"""Swimmer plot: one lane per patient on one clock, event markers, uncertainty drawn, not hidden.

A lane runs from day 0 of the patient's reference course to the end of follow-up (last contact,
death or loss to follow-up). Where the text only bounds a time, the bar or marker spans the whole
interval, hatched; where follow-up is not stated at all, the lane is hatched up to a caller-given
horizon (e.g. the longest follow-up a report states) and labelled so. An arrow marks follow-up
that continues beyond the last contact.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .figures import Figure
from .provenance import cite
from .style import MATPLOTLIB_RC, OKABE_ITO, PLOTLY_LAYOUT
from .timeline import course_offsets, placed_events

DAYS_PER_MONTH = 365.25 / 12
END_OF_FOLLOW_UP = ("last contact", "death", "lost to follow-up")

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


@dataclass(frozen=True)
class Lane:
    """One patient's lane: its label, the reference clock, and its placed events."""

    label: str
    events: pd.DataFrame
    follow_up: tuple[float, float]
    ongoing: bool
    stated: bool
    floor: float | None = None


def lanes(dataset, patient_ids: list[str], horizon: float | None = None, floor: float | None = None) -> list[Lane]:
    """Lanes for the patients, each on the clock of its first course.

    ``horizon`` (days) ends the hatched part of a lane whose follow-up is not stated; ``floor`` (days),
    where given, is the shortest follow-up any patient can have (e.g. the low end of a stated
    follow-up range): such a lane is drawn solid up to it.
    """
    courses = dataset["courses"]
    patients = dataset["patients"].set_index("patient_id")
    result = []
    for patient_id in patient_ids:
        own = courses[courses["patient_id"] == patient_id].sort_values("course_number")
        reference = own["course_id"].iloc[0]
        events = placed_events(dataset, patient_id, reference)
        events["source"] = [cite(dataset, "events", e, "event_type") for e in events["event_id"]]
        later = _later_courses(dataset, own, reference)
        if len(later):
            events = pd.concat([events, later], ignore_index=True)
        ends = events[events["event_type"].isin(END_OF_FOLLOW_UP)].dropna(subset=["start"])
        if len(ends):
            last = ends.loc[ends["start"].idxmax()]
            follow_up, stated = (last["start"], last["end"]), True
            ongoing = last["event_type"] == "last contact"
        else:
            known = events["end"].replace(math.inf, np.nan).dropna()
            latest = float(known.max()) if len(known) else 0.0
            if floor is not None:
                latest = max(latest, floor)
            follow_up, stated, ongoing = (latest, max(latest, horizon or latest)), False, False
        result.append(Lane(patients.loc[patient_id, "label"], events, follow_up, ongoing, stated,
                           None if stated else floor))
    return result


def _later_courses(dataset, own: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Day 0 of each later immunotherapy course, placed on the reference clock where a link allows."""
    offsets = course_offsets(dataset, own["patient_id"].iloc[0], reference)
    later = own[(own["course_id"] != reference) & own["therapy"].isin(["CAR-T", "blinatumomab"])]
    rows = [{"event_type": LATER_COURSE, "course_id": c.course_id, "start": offsets[c.course_id][0],
             "end": offsets[c.course_id][1], "source": cite(dataset, "courses", c.course_id, "therapy")}
            for c in later.itertuples() if c.course_id in offsets]
    return pd.DataFrame(rows, columns=["event_type", "course_id", "start", "end", "source"])


def figure(dataset, patient_ids: list[str], figure_id: str, title: str, horizon: float | None = None,
           unit: str = "days", floor: float | None = None, dodge: bool = False) -> Figure:
    """The swimmer plot of the given patients (top to bottom); ``unit`` is 'days' or 'months'.

    ``horizon`` and ``floor`` are in days whatever the unit (see :func:`lanes`). ``dodge`` gives each
    kind of event its own row within a lane, so that markers whose times overlap (wide intervals)
    stay visible.
    """
    scale = DAYS_PER_MONTH if unit == "months" else 1.0
    drawn = lanes(dataset, patient_ids, horizon, floor)
    alt = f"{title}. Swimmer plot, one lane per patient, time in {unit} from the first infusion. " + " ".join(
        _describe(lane, scale, unit) for lane in drawn)
    return Figure(figure_id, _plotly(drawn, scale, unit, title, dodge), _static(drawn, scale, unit, title, dodge), alt)


def offsets(lane: Lane, dodge: bool) -> dict[str, float]:
    """Vertical offset of each drawn event kind within its lane: 0 unless dodging (top to bottom)."""
    kinds = [k for k in MARKERS if k in set(lane.events.dropna(subset=["start"])["event_type"])]
    if not dodge or len(kinds) < 2:
        return {k: 0.0 for k in kinds}
    return {k: float(v) for k, v in zip(kinds, np.linspace(0.3, -0.3, len(kinds)))}


def _span(start: float, end: float, scale: float) -> str:
    if math.isinf(end):
        return f"after {start / scale:.3g}"
    return f"{start / scale:.3g}" if start == end else f"{start / scale:.3g}–{end / scale:.3g}"


def _describe(lane: Lane, scale: float, unit: str) -> str:
    events = "; ".join(f"{e.event_type} {'' if math.isinf(e.end) else 'at '}{_span(e.start, e.end, scale)}"
                       for e in lane.events.dropna(subset=["start"]).itertuples()
                       if e.event_type not in END_OF_FOLLOW_UP)
    follow = _span(*lane.follow_up, scale) if lane.stated else f"not stated (at most {lane.follow_up[1] / scale:.3g})"
    if lane.floor is not None:
        follow = f"not stated (between {lane.floor / scale:.4g} and {lane.follow_up[1] / scale:.4g})"
    return f"{lane.label}: follow-up {follow} {unit}{'; ' + events if events else ''}."


def _finite(end: float, lane: Lane) -> float:
    return lane.follow_up[1] if math.isinf(end) else end


def _plotly(drawn: list[Lane], scale: float, unit: str, title: str, dodge: bool = False) -> go.Figure:
    fig = go.Figure()
    labels = [lane.label for lane in drawn]
    row_of = {lane.label: len(drawn) - 1 - row for row, lane in enumerate(drawn)}

    def y(lane, offset=0.0):
        return row_of[lane.label] + offset if dodge else lane.label

    width = 0.8 if dodge else 0.5
    for lane in drawn:
        low, high = lane.follow_up
        fig.add_trace(go.Bar(y=[y(lane)], x=[low / scale], base=[0], orientation="h", showlegend=False,
                             marker_color=OKABE_ITO["grey"], opacity=0.35, hoverinfo="skip", width=width))
        if high > low:
            name = "follow-up not stated" if not lane.stated else "end of follow-up uncertain"
            fig.add_trace(go.Bar(y=[y(lane)], x=[(high - low) / scale], base=[low / scale], orientation="h",
                                 name=name, legendgroup=name, showlegend=name not in {t.name for t in fig.data},
                                 marker={"color": "rgba(0,0,0,0)", "line": {"color": OKABE_ITO["grey"], "width": 1},
                                         "pattern": {"shape": "/", "fgcolor": OKABE_ITO["grey"]}},
                                 width=width, hovertext=f"{lane.label}: {name} ({_span(low, high, scale)} {unit})",
                                 hoverinfo="text"))
    for kind, (symbol, _, colour) in MARKERS.items():
        xs, ys, hover, lows, highs = [], [], [], [], []
        for lane in drawn:
            shift = offsets(lane, dodge).get(kind, 0.0)
            for e in lane.events[lane.events["event_type"] == kind].dropna(subset=["start"]).itertuples():
                end = _finite(e.end, lane)
                xs.append((e.start + end) / 2 / scale)
                ys.append(y(lane, shift))
                lows.append((xs[-1] - e.start / scale))
                highs.append((end / scale - xs[-1]))
                hover.append(f"<b>{lane.label}: {kind}</b><br>{_span(e.start, e.end, scale)} {unit}<br><i>{e.source}</i>")
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", name=kind, hovertext=hover, hoverinfo="text",
                                     marker={"symbol": symbol, "size": 12, "color": colour,
                                             "line": {"width": 1.5, "color": colour}},
                                     error_x={"type": "data", "symmetric": False, "array": highs, "arrayminus": lows,
                                              "color": colour, "thickness": 1.5, "width": 4}))
    arrows = [lane for lane in drawn if lane.ongoing]
    if arrows:
        fig.add_trace(go.Scatter(x=[lane.follow_up[1] / scale for lane in arrows], y=[y(lane) for lane in arrows],
                                 mode="markers", name="alive at last contact (follow-up continues)", hoverinfo="skip",
                                 marker={"symbol": "arrow-right", "size": 14, "color": OKABE_ITO["black"]}))
    if dodge:
        fig.update_yaxes(tickvals=[row_of[label] for label in labels], ticktext=labels, title_text="",
                         range=[-0.6, len(drawn) - 0.4], zeroline=False)
    else:
        fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], title_text="")
    fig.update_xaxes(title_text=f"{unit} from first infusion (day 0)", rangemode="tozero")
    fig.update_layout(**PLOTLY_LAYOUT, title=title, barmode="overlay", height=120 + 45 * len(drawn),
                      legend={"orientation": "h", "y": -0.25 - 0.6 / max(len(drawn), 3)})
    return fig


def _static(drawn: list[Lane], scale: float, unit: str, title: str, dodge: bool = False) -> MplFigure:
    with mpl.rc_context(MATPLOTLIB_RC):
        fig = MplFigure(figsize=(7, 1.2 + 0.4 * len(drawn)), layout="constrained")
        ax = fig.subplots()
        handles, seen = [], set()
        for row, lane in enumerate(drawn):
            y = len(drawn) - 1 - row
            low, high = lane.follow_up
            height = 0.8 if dodge else 0.5
            shifts = offsets(lane, dodge)
            ax.barh(y, low / scale, left=0, height=height, color=OKABE_ITO["grey"], alpha=0.35)
            if high > low:
                ax.barh(y, (high - low) / scale, left=low / scale, height=height, fill=False, hatch="///",
                        edgecolor=OKABE_ITO["grey"], lw=0.8)
            for e in lane.events.dropna(subset=["start"]).itertuples():
                if e.event_type not in MARKERS:
                    continue
                _, marker, colour = MARKERS[e.event_type]
                end = _finite(e.end, lane)
                ye = y + shifts[e.event_type]
                if end > e.start:
                    ax.plot([e.start / scale, end / scale], [ye, ye], color=colour, lw=1.5)
                ax.plot((e.start + end) / 2 / scale, ye, marker=marker, color=colour, ms=8 if not dodge else 6, ls="none")
                if e.event_type not in seen:
                    seen.add(e.event_type)
                    handles.append(Line2D([], [], marker=marker, color=colour, ls="none", label=e.event_type))
            if lane.ongoing:
                ax.annotate("", xy=(high / scale + 0.04 * ax.get_xlim()[1], y), xytext=(high / scale, y),
                            arrowprops={"arrowstyle": "->", "color": OKABE_ITO["black"]})
        ax.set_yticks(range(len(drawn)), [lane.label for lane in drawn][::-1])
        ax.set_xlabel(f"{unit} from first infusion (day 0)")
        ax.set_xlim(left=0)
        handles.append(Patch(fill=False, hatch="///", edgecolor=OKABE_ITO["grey"], label="time not stated (bounded)"))
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, fontsize=8)
        fig.suptitle(title, fontsize=10)
    return fig
