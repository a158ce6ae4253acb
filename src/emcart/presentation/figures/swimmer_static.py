"""The static (print) rendering of the swimmer plot (:mod:`emcart.presentation.figures.swimmer`): the same
lanes, courses, events and spans as the interactive figure, drawn with matplotlib."""

from __future__ import annotations

import math

import matplotlib as mpl
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from emcart.presentation.figures.markers import MARKERS
from emcart.presentation.figures.style import MATPLOTLIB_RC, OKABE_ITO, PRODUCT_COLOURS
from emcart.presentation.figures.swimmer_lanes import (
    COURSE_SYMBOL,
    POINT_SPAN,
    Lane,
    axis_title,
    finite_end,
    is_point,
    marker_day,
    offsets,
)


def _static_courses(ax, lane: Lane, y: float, scale: float, handles: list, seen: set) -> None:
    if lane.courses is None:
        return
    for c in lane.courses.itertuples():
        colour = PRODUCT_COLOURS.get(c.product, OKABE_ITO["black"])
        if c.dosing is not None:
            ax.barh(y, (c.dosing[1] - c.dosing[0]) / scale, left=c.dosing[0] / scale, height=0.22, color=colour)
        end = finite_end(c.end, lane)
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
    end = finite_end(e.end, lane)
    if is_point(e.start, e.end, resolution):
        if end > e.start:
            ax.plot([e.start / scale, end / scale], [y, y], color=colour, lw=1.5)
        ax.plot(marker_day(e.start, e.end) / scale, y, marker=marker, color=colour, ms=6 if dodge else 8, ls="none")
        handle = Line2D([], [], marker=marker, color=colour, ls="none", label=e.event_type)
    else:
        opened = math.isinf(e.end)  # known only from below: a dotted line to the end of the lane
        style = {"lw": 1.5, "ls": ":"} if opened else {"lw": 3 if dodge else 4, "solid_capstyle": "butt"}
        ax.plot([e.start / scale, end / scale], [y, y], color=colour, alpha=0.75, **style)
        handle = Line2D([], [], color=colour, lw=3, alpha=0.75, label=e.event_type)
    if e.event_type not in seen:
        seen.add(e.event_type)
        handles.append(handle)


def static_figure(drawn: list[Lane], scale: float, unit: str, title: str, dodge: bool = False) -> MplFigure:
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
