"""Swimmer plot: one lane per patient on one clock, event markers, uncertainty drawn, not hidden.

A lane runs from day 0 of the patient's reference course to the end of follow-up (hatched up to a
caller-given horizon where the text does not state it; an arrow where it continues). An event whose
time is stated has a marker; one the text only bounds is drawn as a span over every time it may have
happened (to the end of the lane when only a lower bound is stated), without a marker that would
suggest a time. Optional layers: ``relapse_antigen`` splits relapses by the antigen status of the
relapsed blasts; ``treatments`` draws each immunotherapy course's dosing days in the product's colour.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from emcart.model.vocabulary import DAYS_PER_MONTH, END_OF_FOLLOW_UP
from emcart.presentation.figures import hover as hover_text
from emcart.presentation.figures.figure import Figure
from emcart.presentation.figures.markers import MARKERS
from emcart.presentation.figures.style import OKABE_ITO, PLOTLY_LAYOUT, PRODUCT_COLOURS, legend_below, shown_entries
from emcart.presentation.figures.swimmer_lanes import (
    COURSE_SYMBOL,
    POINT_SPAN,
    Lane,
    axis_title,
    finite_end,
    is_point,
    lanes,
    marker_day,
    offsets,
)
from emcart.presentation.figures.swimmer_static import static_figure


def figure(
    dataset,
    patient_ids: list[str],
    figure_id: str,
    title: str,
    horizon: float | None = None,
    unit: str = "days",
    relapse_antigen: str | None = None,
    treatments: bool = False,
    x_max: float | None = None,
    height: int | None = None,
    floor: float | None = None,
    dodge: bool = False,
) -> Figure:
    """The swimmer plot of the given patients (top to bottom), each lane on its first course's clock.

    Parameters
    ----------
    dataset : Dataset
    patient_ids : list of str
    figure_id, title : str
    horizon : float, optional
        Day ending the hatched part of a lane whose end of follow-up is not stated.
    unit : {'days', 'months'}
    relapse_antigen : str, optional
        'cd19_status' or 'cd22_status': relapses labelled by the antigen status the text states.
    treatments : bool, default False
        Draw each immunotherapy course's dosing days in the product's colour.
    x_max : float, optional
        End of the time axis, in ``unit`` (e.g. to see the first weeks).
    height : int, optional
        Height of the interactive figure in pixels (e.g. to make room for a long legend).
    floor : float, optional
        Shortest follow-up any patient can have, in days: a lane is drawn solid up to it.
    dodge : bool, default False
        Give each kind of event its own row within a lane, so that overlapping markers stay visible.

    Returns
    -------
    Figure
        Interactive and static plots, alt text describing every lane, and as data one row per follow-up, course and
        event with its span and source.
    """
    scale = DAYS_PER_MONTH if unit == "months" else 1.0
    drawn = lanes(dataset, patient_ids, horizon, relapse_antigen, treatments, floor)
    alt = f"{title}. Swimmer plot, one lane per patient, time in {unit} from the first infusion. " + " ".join(
        _describe(lane, scale, unit) for lane in drawn
    )
    interactive, static = _plotly(drawn, scale, unit, title, dodge), static_figure(drawn, scale, unit, title, dodge)
    if x_max is not None:
        interactive.update_xaxes(range=[0, x_max])
        static.axes[0].set_xlim(0, x_max)
        alt += f" The axis shows the first {x_max:g} {unit}."
    if height is not None:
        interactive.update_layout(height=height)
    return Figure(figure_id, interactive, static, alt, table(drawn, scale, unit))


def table(drawn: list[Lane], scale: float, unit: str) -> pd.DataFrame:
    """What the swimmer plot draws, one row per item: follow-up, each course and each event with its span
    (an empty 'to' where the text gives only a lower bound) and its source."""
    rows = [
        row
        for lane in drawn
        for row in [
            (
                lane.label,
                "follow-up" if lane.stated else "follow-up not stated: drawn",
                lane.follow_up[0],
                lane.follow_up[1],
                "",
            ),
            *[(lane.label, f"{c.product} course start", c.start, c.end, c.source) for c in _rows(lane.courses)],
            *[
                (lane.label, e.event_type, e.start, e.end, e.source)
                for e in _rows(lane.events.dropna(subset=["start"]))
                if e.event_type in MARKERS
            ],
        ]
    ]
    return pd.DataFrame(
        [
            (p, item, low / scale, None if math.isinf(high) else high / scale, source)
            for p, item, low, high, source in rows
        ],
        columns=["patient", "item", f"from ({unit})", f"to ({unit})", "source"],
    )


def _rows(frame: pd.DataFrame | None):
    return [] if frame is None else frame.itertuples()


def _num(value: float, digits: int = 3) -> str:
    """A number for the alt text: whole numbers from 1,000 up with a thousands separator (not '3.19e+03')."""
    if abs(value) >= 1000 and float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.{digits}g}"


def _span(start: float, end: float, scale: float) -> str:
    if math.isinf(end):
        return f"after {_num(start / scale)}"
    return f"{_num(start / scale)}" if start == end else f"{_num(start / scale)}–{_num(end / scale)}"


def _describe(lane: Lane, scale: float, unit: str) -> str:
    events = "; ".join(
        f"{e.event_type} {'' if math.isinf(e.end) else 'at '}{_span(e.start, e.end, scale)}"
        for e in lane.events.dropna(subset=["start"]).itertuples()
        if e.event_type not in END_OF_FOLLOW_UP
    )
    follow = _span(*lane.follow_up, scale) if lane.stated else f"not stated (at most {_num(lane.follow_up[1] / scale)})"
    if lane.floor is not None:
        follow = f"not stated (between {_num(lane.floor / scale, 4)} and {_num(lane.follow_up[1] / scale, 4)})"
    if lane.courses is not None and len(lane.courses):
        events = "; ".join(
            [f"{c.product} from {_span(c.start, c.end, scale)}" for c in lane.courses.itertuples()]
            + ([events] if events else [])
        )
    return f"{lane.label}: follow-up {follow} {unit}{'; ' + events if events else ''}."


def _plotly(drawn: list[Lane], scale: float, unit: str, title: str, dodge: bool = False) -> go.Figure:
    fig = go.Figure()
    labels = [lane.label for lane in drawn]
    row_of = {lane.label: len(drawn) - 1 - row for row, lane in enumerate(drawn)}

    def y(lane, offset=0.0):
        return row_of[lane.label] + offset if dodge else lane.label

    for lane in drawn:
        _plotly_follow_up(fig, lane, y(lane), 0.8 if dodge else 0.5, scale, unit)
    _plotly_courses(fig, drawn, scale, unit, y)
    _plotly_events(fig, drawn, scale, unit, y, dodge)
    arrows = [lane for lane in drawn if lane.ongoing]
    if arrows:
        fig.add_trace(
            go.Scatter(
                x=[lane.follow_up[1] / scale for lane in arrows],
                y=[y(lane) for lane in arrows],
                mode="markers",
                name="alive at last contact (follow-up continues)",
                hoverinfo="skip",
                marker={"symbol": "arrow-right", "size": 14, "color": OKABE_ITO["black"]},
            )
        )
    if dodge:
        fig.update_yaxes(
            tickvals=[row_of[label] for label in labels],
            ticktext=labels,
            title_text="",
            range=[-0.6, len(drawn) - 0.4],
            zeroline=False,
        )
    else:
        fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], title_text="")
    fig.update_xaxes(title_text=axis_title(unit), rangemode="tozero")
    below = legend_below(shown_entries(fig))
    fig.update_layout(
        **{**PLOTLY_LAYOUT, **below}, title=title, barmode="overlay", height=60 + 45 * len(drawn) + below["margin"]["b"]
    )
    return fig


def _plotly_follow_up(fig: go.Figure, lane: Lane, y, width: float, scale: float, unit: str) -> None:
    """A lane's follow-up: a grey bar up to its stated (or floor) end, hatched on to its latest possible end."""
    low, high = lane.follow_up
    fig.add_trace(
        go.Bar(
            y=[y],
            x=[low / scale],
            base=[0],
            orientation="h",
            showlegend=False,
            marker_color=OKABE_ITO["grey"],
            opacity=0.35,
            hoverinfo="skip",
            width=width,
        )
    )
    if high > low:
        name = "follow-up not stated" if not lane.stated else "end of follow-up uncertain"
        fig.add_trace(
            go.Bar(
                y=[y],
                x=[(high - low) / scale],
                base=[low / scale],
                orientation="h",
                name=name,
                legendgroup=name,
                showlegend=name not in {t.name for t in fig.data},
                marker={
                    "color": "rgba(0,0,0,0)",
                    "line": {"color": OKABE_ITO["grey"], "width": 1},
                    "pattern": {"shape": "/", "fgcolor": OKABE_ITO["grey"]},
                },
                width=width,
                hovertext=f"{lane.label}: {name} ({_span(low, high, scale)} {unit})",
                hoverinfo="text",
            )
        )


def _plotly_events(fig: go.Figure, drawn: list[Lane], scale: float, unit: str, y, dodge: bool) -> None:
    """Each kind of event: markers (with whiskers) where its time is stated, spans alone where it is only
    bounded (a bar between two bounds, a dotted line from a lower bound to the end of the lane); ``y`` gives a
    lane's position on the vertical axis. The legend names a kind once, by its marker where it has one."""
    resolution = POINT_SPAN * max(lane.follow_up[1] for lane in drawn)
    placed = [(lane, offsets(lane, dodge), _by_kind(lane)) for lane in drawn]
    for kind, (symbol, _, colour) in MARKERS.items():
        points, spans, open_spans = _event_places(kind, placed, scale, unit, y, resolution)
        lines = ((spans, {"width": 6 if dodge else 8}), (open_spans, {"width": 3, "dash": "dot"}))
        for places, line in lines:
            legend = not points["x"] and not (line.get("dash") and spans["x"])
            style = {"mode": "lines", "showlegend": legend, "opacity": 0.75, "line": {"color": colour, **line}}
            _add_places(fig, kind, places, style)
        marker = {"symbol": symbol, "size": 12, "color": colour, "line": {"width": 1.5, "color": colour}}
        whiskers = _whiskers(points.get("high", []), points.get("low", []), colour)
        _add_places(fig, kind, points, {"mode": "markers", "marker": marker, "error_x": whiskers})


def _add_places(fig: go.Figure, kind: str, places: dict, style: dict) -> None:
    """One trace of a kind's places (none when it has none), hovering the sentence behind each."""
    if places["x"]:
        fig.add_trace(
            go.Scatter(
                x=places["x"],
                y=places["y"],
                name=kind,
                legendgroup=kind,
                hovertext=places["hover"],
                hoverinfo="text",
                **style,
            )
        )


def _by_kind(lane: Lane) -> dict[str, pd.DataFrame]:
    """The lane's events with a time, by kind."""
    placed = lane.events[lane.events["start"].notna()]
    return {kind: events for kind, events in placed.groupby("event_type", sort=False)}


def _event_places(kind: str, placed: list, scale: float, unit: str, y, resolution: float):
    """Where the events of one kind are drawn: points (x, y, hover, whisker lengths), spans between two bounds and
    spans open to the right (x, y, hover, each span ended by a gap); ``placed`` holds each lane with its
    kinds' vertical offsets and its events by kind."""
    points = {"x": [], "y": [], "hover": [], "low": [], "high": []}
    spans, open_spans = {"x": [], "y": [], "hover": []}, {"x": [], "y": [], "hover": []}
    for lane, shifts, by_kind in placed:
        shift = shifts.get(kind, 0.0)
        for e in by_kind[kind].itertuples() if kind in by_kind else []:
            end = finite_end(e.end, lane)
            text = (
                f"<b>{lane.label}: {kind}</b><br>{_span(e.start, e.end, scale)} {unit}<br>{hover_text.words(e.source)}"
            )
            if not is_point(e.start, e.end, resolution):
                into = open_spans if math.isinf(e.end) else spans
                into["x"] += [e.start / scale, end / scale, None]
                into["y"] += [y(lane, shift)] * 2 + [None]
                into["hover"] += [text, text, None]
                continue
            x = marker_day(e.start, e.end) / scale
            points["x"].append(x)
            points["y"].append(y(lane, shift))
            points["low"].append(x - e.start / scale)
            points["high"].append(end / scale - x)
            points["hover"].append(text)
    return points, spans, open_spans


def _whiskers(high: list, low: list, colour: str) -> dict:
    """Horizontal error bars of the given lengths to the right (``high``) and left (``low``) of each marker."""
    return {
        "type": "data",
        "symmetric": False,
        "array": high,
        "arrayminus": low,
        "color": colour,
        "thickness": 1.5,
        "width": 4,
    }


def _plotly_courses(fig: go.Figure, drawn: list[Lane], scale: float, unit: str, y=lambda lane: lane.label) -> None:
    """Dosing days as bars in the product's colour, and a start marker per course (with its bounded span);
    ``y`` gives a lane's position on the vertical axis."""
    spans = [(lane, c) for lane in drawn if lane.courses is not None for c in lane.courses.itertuples()]
    for product in PRODUCT_COLOURS:
        mine = [(lane, c) for lane, c in spans if c.product == product]
        if not mine:
            continue
        colour = PRODUCT_COLOURS[product]
        exact = [(lane, c) for lane, c in mine if c.dosing is not None]
        if exact:
            _plotly_dosing(fig, product, colour, exact, scale, y)
        ends = [finite_end(c.end, lane) for lane, c in mine]
        fig.add_trace(
            go.Scatter(
                x=[c.start / scale for _, c in mine],
                y=[y(lane) for lane, _ in mine],
                mode="markers",
                name=f"{product} (course start)",
                legendgroup=product,
                hoverinfo="text",
                hovertext=[
                    f"<b>{lane.label}: {product}</b><br>course starts {_span(c.start, c.end, scale)} {unit}"
                    f"<br>{hover_text.words(c.source)}"
                    for lane, c in mine
                ],
                marker={"symbol": COURSE_SYMBOL[0], "size": 12, "color": colour},
                error_x=_whiskers([(e - c.start) / scale for e, (_, c) in zip(ends, mine)], [0] * len(mine), colour),
            )
        )


def _plotly_dosing(fig: go.Figure, product: str, colour: str, exact: list, scale: float, y) -> None:
    """The dosing days of the courses of one product whose day 0 is placed exactly, as bars."""
    fig.add_trace(
        go.Bar(
            y=[y(lane) for lane, _ in exact],
            x=[(c.dosing[1] - c.dosing[0]) / scale for _, c in exact],
            base=[c.dosing[0] / scale for _, c in exact],
            orientation="h",
            width=0.22,
            marker_color=colour,
            name=f"{product}: dosing days",
            legendgroup=product,
            showlegend=False,
            hoverinfo="text",
            hovertext=[
                f"<b>{lane.label}: {product}</b><br>dosing days "
                f"{_span(c.dosing[0], c.dosing[1] - 1, 1.0)}<br>{hover_text.words(c.source)}"
                for lane, c in exact
            ],
        )
    )
