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
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from emcart.datapackage.days import treatment_days
from emcart.datapackage.provenance import cite
from emcart.model.timeline import course_offsets, placed_events
from emcart.model.vocabulary import DAYS_PER_MONTH, END_OF_FOLLOW_UP
from emcart.presentation.figures import hover as hover_text
from emcart.presentation.figures.figure import Figure
from emcart.presentation.figures.markers import ANTIGEN_COLUMNS, LATER_COURSE, MARKERS
from emcart.presentation.figures.style import MATPLOTLIB_RC, OKABE_ITO, PLOTLY_LAYOUT, PRODUCT_COLOURS, legend_below

# Course start markers (``treatments``): the product of the course, coloured as in the schedule charts.
COURSE_PRODUCT = {"anti-CD19": "anti-CD19 CAR-T", "anti-CD19/anti-CD22 cocktail": "anti-CD19/anti-CD22 CAR-T cocktail"}
COURSE_SYMBOL = ("triangle-right", ">")
POINT_SPAN = 0.02  # a span narrower than this share of the time axis is drawn as a point


@dataclass(frozen=True)
class Lane:
    """One patient's lane: its label, the reference clock, and its placed events."""

    label: str
    events: pd.DataFrame
    follow_up: tuple[float, float]
    ongoing: bool
    stated: bool
    courses: pd.DataFrame | None = None
    floor: float | None = None


def lanes(
    dataset,
    patient_ids: list[str],
    horizon: float | None = None,
    relapse_antigen: str | None = None,
    treatments: bool = False,
    floor: float | None = None,
) -> list[Lane]:
    """Lanes for the patients, each on the clock of its first course.

    An end of follow-up known only to come after a day (no latest day) is drawn uncertain up to the
    horizon. ``relapse_antigen`` ('cd19_status' or 'cd22_status') relabels relapses with a stated
    status; ``treatments`` adds the immunotherapy courses (``Lane.courses``) in place of the
    later-course markers. ``horizon`` (days) ends the hatched part of a lane whose follow-up is not
    stated; ``floor`` (days), where given, is the shortest follow-up any patient can have (e.g. the
    low end of a stated follow-up range): such a lane is drawn solid up to it.
    """
    courses = dataset["courses"]
    patients = dataset["patients"].set_index("patient_id")
    result = []
    for patient_id in patient_ids:
        own = courses[courses["patient_id"] == patient_id].sort_values("course_number")
        reference = own["course_id"].iloc[0]
        events = placed_events(dataset, patient_id, reference)
        events["source"] = [cite(dataset, "events", e, "event_type") for e in events["event_id"]]
        if relapse_antigen:
            events = _split_relapses(events, relapse_antigen)
        later = _later_courses(dataset, own, reference)
        if len(later) and not treatments:
            events = pd.concat([events, later], ignore_index=True)
        ends = events[events["event_type"].isin(END_OF_FOLLOW_UP)].dropna(subset=["start"])
        if len(ends):
            last = ends.loc[ends["start"].idxmax()]
            follow_up, stated = (last["start"], last["end"]), True
            ongoing = last["event_type"] == "last contact"
            if math.isinf(follow_up[1]):
                follow_up = (follow_up[0], max(follow_up[0], horizon or follow_up[0]))
        else:
            known = events["end"].replace(math.inf, np.nan).dropna()
            latest = float(known.max()) if len(known) else 0.0
            if floor is not None:
                latest = max(latest, floor)
            follow_up, stated, ongoing = (latest, max(latest, horizon or latest)), False, False
        spans = _course_spans(dataset, own, reference) if treatments else None
        result.append(
            Lane(
                patients.loc[patient_id, "label"], events, follow_up, ongoing, stated, spans, None if stated else floor
            )
        )
    return result


def _split_relapses(events: pd.DataFrame, column: str) -> pd.DataFrame:
    """Relabel relapses whose antigen status is stated ('relapse, CD19 negative')."""
    events = events.copy()
    stated = (events["event_type"] == "relapse") & events[column].notna()
    events.loc[stated, "event_type"] = [
        f"relapse, {ANTIGEN_COLUMNS[column]} {status}" for status in events.loc[stated, column]
    ]
    return events


def _course_spans(dataset, own: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Each immunotherapy course: its product, where its day 0 falls, and its dosing days if placed exactly."""
    offsets = course_offsets(dataset, own["patient_id"].iloc[0], reference)
    doses = treatment_days(dataset)
    rows = []
    for c in own[own["therapy"].isin(["CAR-T", "blinatumomab"])].itertuples():
        if c.course_id not in offsets:
            continue
        low, high = offsets[c.course_id]
        product = "blinatumomab" if c.therapy == "blinatumomab" else COURSE_PRODUCT.get(c.construct, c.construct)
        days = doses[doses["course_id"] == c.course_id]
        first = float(days["day_start"].min()) if len(days) else 0.0
        last = float(days["day_end"].fillna(days["day_start"]).max()) if len(days) else 0.0
        rows.append(
            {
                "course_id": c.course_id,
                "product": product,
                "start": low + first,
                "end": high + first,
                "dosing": (low + first, low + last + 1) if low == high else None,
                "source": cite(dataset, "courses", c.course_id, "therapy"),
            }
        )
    return pd.DataFrame(rows, columns=["course_id", "product", "start", "end", "dosing", "source"])


def _later_courses(dataset, own: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Day 0 of each later immunotherapy course, placed on the reference clock where a link allows."""
    offsets = course_offsets(dataset, own["patient_id"].iloc[0], reference)
    later = own[(own["course_id"] != reference) & own["therapy"].isin(["CAR-T", "blinatumomab"])]
    rows = [
        {
            "event_type": LATER_COURSE,
            "course_id": c.course_id,
            "start": offsets[c.course_id][0],
            "end": offsets[c.course_id][1],
            "source": cite(dataset, "courses", c.course_id, "therapy"),
        }
        for c in later.itertuples()
        if c.course_id in offsets
    ]
    return pd.DataFrame(rows, columns=["event_type", "course_id", "start", "end", "source"])


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
    """The swimmer plot of the given patients (top to bottom); ``unit`` is 'days' or 'months'.

    ``relapse_antigen`` and ``treatments`` switch on the optional layers (see :func:`lanes`);
    ``x_max`` (in ``unit``) shows only the start of the time axis, e.g. to see the first weeks;
    ``height`` (pixels) overrides the interactive figure's height, e.g. to make room for a long legend.
    ``horizon`` and ``floor`` are in days whatever the unit; ``dodge`` gives each kind of event its
    own row within a lane, so that markers whose times overlap (wide intervals) stay visible.
    """
    scale = DAYS_PER_MONTH if unit == "months" else 1.0
    drawn = lanes(dataset, patient_ids, horizon, relapse_antigen, treatments, floor)
    alt = f"{title}. Swimmer plot, one lane per patient, time in {unit} from the first infusion. " + " ".join(
        _describe(lane, scale, unit) for lane in drawn
    )
    interactive, static = _plotly(drawn, scale, unit, title, dodge), _static(drawn, scale, unit, title, dodge)
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


def offsets(lane: Lane, dodge: bool) -> dict[str, float]:
    """Vertical offset of each drawn event kind within its lane: 0 unless dodging (top to bottom)."""
    kinds = [k for k in MARKERS if k in set(lane.events.dropna(subset=["start"])["event_type"])]
    if not dodge or len(kinds) < 2:
        return {k: 0.0 for k in kinds}
    return {k: float(v) for k, v in zip(kinds, np.linspace(0.3, -0.3, len(kinds)))}


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


def _finite(end: float, lane: Lane) -> float:
    return lane.follow_up[1] if math.isinf(end) else end


def axis_title(unit: str) -> str:
    return f"{unit} from first infusion (day 0); coloured bars: when an event may have happened"


def _is_point(start: float, end: float, resolution: float) -> bool:
    """Whether an event is drawn as a point: its time is stated, or bounded more tightly than the axis
    can show (``resolution``, in days); any wider or open-ended span is drawn as a span alone, so that
    no marker suggests a time the text does not give."""
    return not math.isinf(end) and end - start <= resolution


def _marker_day(start: float, end: float) -> float:
    """Where a marker stands: the middle of a bounded span, the earliest day of one open to the right."""
    return start if math.isinf(end) else (start + end) / 2


def _plotly(drawn: list[Lane], scale: float, unit: str, title: str, dodge: bool = False) -> go.Figure:
    fig = go.Figure()
    labels = [lane.label for lane in drawn]
    row_of = {lane.label: len(drawn) - 1 - row for row, lane in enumerate(drawn)}

    def y(lane, offset=0.0):
        return row_of[lane.label] + offset if dodge else lane.label

    width = 0.8 if dodge else 0.5
    for lane in drawn:
        low, high = lane.follow_up
        fig.add_trace(
            go.Bar(
                y=[y(lane)],
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
                    y=[y(lane)],
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
    below = legend_below(sum(bool(t.showlegend is not False and t.name) for t in fig.data))
    fig.update_layout(
        **{**PLOTLY_LAYOUT, **below}, title=title, barmode="overlay", height=60 + 45 * len(drawn) + below["margin"]["b"]
    )
    return fig


def _plotly_events(fig: go.Figure, drawn: list[Lane], scale: float, unit: str, y, dodge: bool) -> None:
    """Each kind of event: markers (with whiskers) where its time is stated, spans alone where it is only
    bounded; ``y`` gives a lane's position on the vertical axis."""
    resolution = POINT_SPAN * max(lane.follow_up[1] for lane in drawn)
    for kind, (symbol, _, colour) in MARKERS.items():
        xs, ys, hover, lows, highs = [], [], [], [], []
        span_x, span_y, span_hover = [], [], []
        for lane in drawn:
            shift = offsets(lane, dodge).get(kind, 0.0)
            for e in lane.events[lane.events["event_type"] == kind].dropna(subset=["start"]).itertuples():
                end = _finite(e.end, lane)
                text = f"<b>{lane.label}: {kind}</b><br>{_span(e.start, e.end, scale)} {unit}<br>{hover_text.words(e.source)}"
                if not _is_point(e.start, e.end, resolution):
                    span_x += [e.start / scale, end / scale, None]
                    span_y += [y(lane, shift)] * 2 + [None]
                    span_hover += [text, text, None]
                    continue
                xs.append(_marker_day(e.start, e.end) / scale)
                ys.append(y(lane, shift))
                lows.append(xs[-1] - e.start / scale)
                highs.append(end / scale - xs[-1])
                hover.append(text)
        if span_x:
            fig.add_trace(
                go.Scatter(
                    x=span_x,
                    y=span_y,
                    mode="lines",
                    name=kind,
                    legendgroup=kind,
                    hovertext=span_hover,
                    hoverinfo="text",
                    opacity=0.75,
                    line={"color": colour, "width": 6 if dodge else 8},
                )
            )
        if xs:
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="markers",
                    name=kind,
                    legendgroup=kind,
                    hovertext=hover,
                    hoverinfo="text",
                    showlegend=not span_x,
                    marker={"symbol": symbol, "size": 12, "color": colour, "line": {"width": 1.5, "color": colour}},
                    error_x={
                        "type": "data",
                        "symmetric": False,
                        "array": highs,
                        "arrayminus": lows,
                        "color": colour,
                        "thickness": 1.5,
                        "width": 4,
                    },
                )
            )


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
        ends = [_finite(c.end, lane) for lane, c in mine]
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
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": [(e - c.start) / scale for e, (_, c) in zip(ends, mine)],
                    "arrayminus": [0] * len(mine),
                    "color": colour,
                    "thickness": 1.5,
                    "width": 4,
                },
            )
        )


def _static_courses(ax, lane: Lane, y: float, scale: float, handles: list, seen: set) -> None:
    if lane.courses is None:
        return
    for c in lane.courses.itertuples():
        colour = PRODUCT_COLOURS.get(c.product, OKABE_ITO["black"])
        if c.dosing is not None:
            ax.barh(y, (c.dosing[1] - c.dosing[0]) / scale, left=c.dosing[0] / scale, height=0.22, color=colour)
        end = _finite(c.end, lane)
        if end > c.start:
            ax.plot([c.start / scale, end / scale], [y, y], color=colour, lw=1.5)
        ax.plot(c.start / scale, y, marker=COURSE_SYMBOL[1], color=colour, ms=7, ls="none")
        label = f"{c.product} (course start)"
        if label not in seen:
            seen.add(label)
            handles.append(Line2D([], [], marker=COURSE_SYMBOL[1], color=colour, ls="none", label=label))


def _static_event(
    ax, e, lane: Lane, y: float, scale: float, resolution: float, dodge: bool, handles: list, seen: set
) -> None:
    """One event: a point with its whisker where its time is (nearly) stated, else a span alone."""
    _, marker, colour = MARKERS[e.event_type]
    end = _finite(e.end, lane)
    if _is_point(e.start, e.end, resolution):
        if end > e.start:
            ax.plot([e.start / scale, end / scale], [y, y], color=colour, lw=1.5)
        ax.plot(_marker_day(e.start, e.end) / scale, y, marker=marker, color=colour, ms=6 if dodge else 8, ls="none")
        handle = Line2D([], [], marker=marker, color=colour, ls="none", label=e.event_type)
    else:
        ax.plot(
            [e.start / scale, end / scale],
            [y, y],
            color=colour,
            lw=3 if dodge else 4,
            alpha=0.75,
            solid_capstyle="butt",
        )
        handle = Line2D([], [], color=colour, lw=3, alpha=0.75, label=e.event_type)
    if e.event_type not in seen:
        seen.add(e.event_type)
        handles.append(handle)


def _static(drawn: list[Lane], scale: float, unit: str, title: str, dodge: bool = False) -> MplFigure:
    with mpl.rc_context(MATPLOTLIB_RC):
        fig = MplFigure(figsize=(7, 1.2 + 0.4 * len(drawn)), layout="constrained")
        ax = fig.subplots()
        handles, seen = [], set()
        resolution = POINT_SPAN * max(lane.follow_up[1] for lane in drawn)
        for row, lane in enumerate(drawn):
            y = len(drawn) - 1 - row
            low, high = lane.follow_up
            height = 0.8 if dodge else 0.5
            shifts = offsets(lane, dodge)
            ax.barh(y, low / scale, left=0, height=height, color=OKABE_ITO["grey"], alpha=0.35)
            if high > low:
                ax.barh(
                    y,
                    (high - low) / scale,
                    left=low / scale,
                    height=height,
                    fill=False,
                    hatch="///",
                    edgecolor=OKABE_ITO["grey"],
                    lw=0.8,
                )
            _static_courses(ax, lane, y, scale, handles, seen)
            for e in lane.events.dropna(subset=["start"]).itertuples():
                if e.event_type in MARKERS:
                    _static_event(ax, e, lane, y + shifts[e.event_type], scale, resolution, dodge, handles, seen)
            if lane.ongoing:
                ax.annotate(
                    "",
                    xy=(high / scale + 0.04 * ax.get_xlim()[1], y),
                    xytext=(high / scale, y),
                    arrowprops={"arrowstyle": "->", "color": OKABE_ITO["black"]},
                )
        ax.set_yticks(range(len(drawn)), [lane.label for lane in drawn][::-1])
        ax.set_xlabel(axis_title(unit))
        ax.set_xlim(left=0)
        handles.append(Patch(fill=False, hatch="///", edgecolor=OKABE_ITO["grey"], label="time not stated (bounded)"))
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, fontsize=8)
        fig.suptitle(title, fontsize=10)
    return fig
