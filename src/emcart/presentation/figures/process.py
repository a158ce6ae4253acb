"""The therapeutic process of one patient: one lane per course clock (and one for the history
before the first course), on a calendar-date axis, each event drawn over every date it may have
happened on."""

from __future__ import annotations

import re
import textwrap

import matplotlib as mpl
import matplotlib.dates as mdates
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D

from emcart.model.vocabulary import CRS_AND_TREATMENT, course_title
from emcart.presentation.figures import hover as hover_text
from emcart.presentation.figures.figure import Figure
from emcart.presentation.figures.markers import GLYPHS, MARKERS
from emcart.presentation.figures.process_items import DAY0, process_items, stack
from emcart.presentation.figures.style import MATPLOTLIB_RC, OKABE_ITO, PLOTLY_LAYOUT, legend_below

PROCESS_MARKERS = {
    **MARKERS,
    "referral": ("circle-open", "o", OKABE_ITO["grey"]),
    "diagnosis": ("diamond-wide", "d", OKABE_ITO["vermillion"]),
    "neutrophil engraftment": ("triangle-right", ">", OKABE_ITO["blue"]),
    "platelet engraftment": ("triangle-right-open", ">", OKABE_ITO["blue"]),
    "full donor chimerism": ("square-open", "s", OKABE_ITO["blue"]),
    "imaging": ("hexagon-open", "h", OKABE_ITO["grey"]),
    "surgery": ("diamond-tall", "d", OKABE_ITO["black"]),
    "fever onset": ("triangle-up-open", "^", OKABE_ITO["orange"]),
    "temperature normalised": ("triangle-down-open", "v", OKABE_ITO["orange"]),
    "tocilizumab": ("cross", "P", OKABE_ITO["orange"]),
    "glucocorticoids": ("cross-open", "P", OKABE_ITO["sky blue"]),
    "CAR-T peak": ("star-triangle-up", "^", OKABE_ITO["reddish purple"]),
    "CAR-T undetectable": ("star-triangle-down-open", "v", OKABE_ITO["reddish purple"]),
    "last contact": ("arrow-right", ">", OKABE_ITO["black"]),
}
PROCESS_MARKERS[DAY0] = ("line-ns", "|", OKABE_ITO["black"])
_LABELLED = ("relapse",)

# The legend names families of events, not twenty symbols: each family has one colour, and its entry
# spells out the symbols of the kinds it holds (those the figure draws), e.g. "response: ● CR ◆ MRD-negative".
FAMILIES = {
    "disease": (OKABE_ITO["vermillion"], ("diagnosis", "relapse", "no response")),
    "response": (OKABE_ITO["bluish green"], ("CR", "MRD-negative", "partial response")),
    "transplant": (
        OKABE_ITO["blue"],
        ("HSCT", "neutrophil engraftment", "platelet engraftment", "full donor chimerism", "GVHD", "PTLD"),
    ),
    "CRS and its treatment": (OKABE_ITO["orange"], CRS_AND_TREATMENT),
    "CAR-T cells in blood": (OKABE_ITO["reddish purple"], ("CAR-T peak", "CAR-T undetectable")),
}
OTHER_FAMILY = ("care and follow-up", OKABE_ITO["black"])
LEGEND_WIDTH, LANE_WIDTH = 48, 18  # characters per line of a legend entry and of a lane's label
LANE_LABEL_GAP = 0.5  # y units between a lane's top item and its label written over the lane on a narrow screen


def family(kind: str) -> tuple[str, str]:
    """The family of an event kind and its colour."""
    return next(((name, colour) for name, (colour, kinds) in FAMILIES.items() if kind in kinds), OTHER_FAMILY)


def family_legend(kinds) -> dict[str, tuple[str, str]]:
    """Each family drawn: its colour and legend text (the family, then each kind's symbol and name)."""
    entries: dict[str, list[str]] = {}
    for kind in PROCESS_MARKERS:
        if kind in set(kinds):
            entries.setdefault(family(kind)[0], []).append(f"{GLYPHS[PROCESS_MARKERS[kind][0]]}\u00a0{kind}")
    order = [*FAMILIES, OTHER_FAMILY[0]]
    return {
        name: (
            FAMILIES[name][0] if name in FAMILIES else OTHER_FAMILY[1],
            "<br>".join(textwrap.wrap(f"<b>{name}</b>: " + ",  ".join(entries[name]), LEGEND_WIDTH)),
        )
        for name in order
        if name in entries
    }


def _range_text(start, end) -> str:
    if pd.isna(end):
        return f"after {start:%Y-%m-%d}"
    return f"{start:%Y-%m-%d}" if start == end else f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"


def process_figure(
    dataset,
    patient_id: str,
    reference: str,
    figure_id: str,
    title: str,
    start_event: str | None = None,
    end_event: str | None = None,
) -> Figure:
    """One patient's therapeutic process on a calendar-date axis, one lane per course clock.

    A marker sits at the middle of the dates an event can fall on; a bar spans them where the text only bounds the
    time; an event known only to come 'after' a day has its marker at that day and a bar to the end of its lane.
    Each course's day 0 is drawn on its lane, with its own uncertainty. Items that would overlap are stacked.

    Parameters
    ----------
    dataset : Dataset
    patient_id : str
    reference : str
        The course whose clock places the events.
    figure_id, title : str
    start_event, end_event : str, optional
        The dates shown run from ``start_event``'s earliest to ``end_event``'s latest date; items are clipped
        to them (default: all of the patient's).

    Returns
    -------
    Figure
        Interactive and static plots, alt text, and as data one row per item: ``lane``, ``event``, ``earliest
        date``, ``latest date``, ``note``, ``detail``, ``site``, ``day on its own clock`` and ``source``.
    """
    items = stack(process_items(dataset, patient_id, reference, start_event, end_event))
    lanes_ = list(dict.fromkeys(items["lane"]))
    data = items[["lane", "kind", "first", "last", "open", "detail", "site", "own_day", "source"]].assign(
        open=items["open"].map({True: "only a lower bound stated", False: ""})
    )
    data.columns = [
        "lane",
        "event",
        "earliest date",
        "latest date",
        "note",
        "detail",
        "site",
        "day on its own clock",
        "source",
    ]
    return Figure(
        figure_id,
        _process_plotly(items, lanes_, title),
        _process_static(items, lanes_, title),
        process_alt(dataset, items, title),
        data,
    )


def process_alt(dataset, items: pd.DataFrame, title: str) -> str:
    """The process timeline in words: each lane's items with the dates drawn for them.

    An event that is day 0 of another course (an HSCT on the CAR-T clock) says so, with that
    course's own day 0. The dates drawn for an event on a lane whose day 0 is not dated add the
    event's days to every possible day 0, so they can be wider than a date the text gives for the
    same event on its own lane; the text then says so, once.
    """
    courses = dataset["courses"]
    anchored = courses.dropna(subset=["anchor_event"]).set_index("anchor_event")["course_id"]
    day0 = items[items["kind"] == DAY0].set_index("event_id")
    lanes_ = list(dict.fromkeys(items["lane"]))

    def said(i) -> str:
        text = f"{i.kind}{' (' + i.site + ')' if i.site else ''} {_range_text(i.first, None if i.open else i.last)}"
        if i.kind != DAY0 and i.event_id in anchored.index and anchored[i.event_id] in day0.index:
            other = day0.loc[anchored[i.event_id]]
            number, _, therapy = course_title(dataset, anchored[i.event_id]).partition(": ")
            text += (
                f" ({i.own_day}, drawn with every possible day 0 of this lane; it is day 0 of "
                f"{number} ({therapy}), drawn on that lane at {_range_text(other['first'], other['last'])})"
            )
        return text

    return (
        f"{title}. Timeline of {len(lanes_)} lanes (one per course clock), dates from "
        f"{items['first'].min():%Y-%m-%d} to {items['last'].max():%Y-%m-%d}. "
        + " ".join(
            f"{lane}: " + "; ".join(said(i) for i in items[items["lane"] == lane].itertuples()) + "." for lane in lanes_
        )
    )


def _middle(item):
    """Where the marker sits: the middle of the possible dates, or the earliest for an open-ended time."""
    return item.first if item.open else item.first + (item.last - item.first) / 2


def _site_label(site: str, newline: str) -> str:
    return newline.join(part.strip() for part in site.split(";"))


def _lane_band(items: pd.DataFrame, lane: str) -> tuple:
    own = items[items["lane"] == lane]
    return own["first"].min(), own["last"].max(), own["y"].min() - 0.4, own["y"].max() + 0.4


def _process_plotly(items: pd.DataFrame, lanes_: list[str], title: str) -> go.Figure:
    fig = go.Figure()
    for lane in lanes_:
        x0, x1, y0, y1 = _lane_band(items, lane)
        fig.add_trace(
            go.Scatter(
                x=[x0, x1, x1, x0, x0],
                y=[y0, y0, y1, y1, y0],
                mode="lines",
                fill="toself",
                fillcolor="rgba(153,153,153,0.15)",
                line={"width": 0},
                showlegend=False,
                hoverinfo="skip",
            )
        )
    for name, (colour, text) in family_legend(items["kind"]).items():
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=text,
                legendgroup=name,
                hoverinfo="skip",
                marker={"symbol": "square", "size": 12, "color": colour},
            )
        )
    for kind, (symbol, _, _) in PROCESS_MARKERS.items():
        chosen = items[items["kind"] == kind]
        if not chosen.empty:
            _plotly_kind(fig, kind, symbol, chosen)
    _plotly_axes(fig, items, title)
    return fig


def _plotly_kind(fig: go.Figure, kind: str, symbol: str, chosen: pd.DataFrame) -> None:
    """One kind of item: bars over the possible dates where there are several, and a marker at the middle."""
    group, colour = family(kind)
    xs, ys = [], []
    for i in chosen.itertuples():
        if i.last > i.first:
            xs += [i.first, i.last, None]
            ys += [i.y, i.y, None]
    if xs:
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                legendgroup=group,
                showlegend=False,
                hoverinfo="skip",
                line={"color": colour, "width": 5, "dash": "dot" if kind == DAY0 else "solid"},
                opacity=0.45,
            )
        )
    labelled = kind in _LABELLED
    fig.add_trace(
        go.Scatter(
            x=[_middle(i) for i in chosen.itertuples()],
            y=list(chosen["y"]),
            name=kind,
            legendgroup=group,
            showlegend=False,
            mode="markers+text" if labelled else "markers",
            text=[_site_label(site, "<br>") for site in chosen["site"]] if labelled else None,
            textposition="middle right",
            textfont={"size": 10, "color": colour},
            marker={"symbol": symbol, "size": 11, "color": colour, "line": {"width": 1.5, "color": colour}},
            hovertext=[_hover(i) for i in chosen.itertuples()],
            hoverinfo="text",
        )
    )


def _hover(i) -> str:
    """An item's hover: kind, detail, site, dates drawn, how it was drawn, and its sources."""
    return (
        f"<b>{i.kind}</b>{': ' + i.detail if i.detail else ''}{'<br>site: ' + i.site if i.site else ''}"
        f"<br>{_range_text(i.first, None if i.open else i.last)} ({i.own_day})"
        f"{'<br>drawn inside the window of the figure' if i.clipped else ''}"
        f"{'<br>only a lower bound is stated; drawn to the end of its lane' if i.open else ''}"
        f"<br>{hover_text.words(i.source)}{'<br>' + hover_text.words(i.time_source) if i.time_source and i.time_source != i.source else ''}"
    )


def _plotly_axes(fig: go.Figure, items: pd.DataFrame, title: str) -> None:
    """Lane labels, the date axis with room for labels on the right, the title and the legend below."""
    centres = items.drop_duplicates("lane")
    fig.update_yaxes(
        tickvals=list(centres["lane_y"]),
        ticktext=["<br>".join(textwrap.wrap(lane, LANE_WIDTH)) for lane in centres["lane"]],
        title_text="",
        range=[items["y"].min() - 0.8, items["y"].max() + 0.8],
        showgrid=False,
        zeroline=False,
    )
    span = items["last"].max() - items["first"].min()
    fig.update_xaxes(
        type="date",
        title_text="calendar date (bars: possible dates)",
        tickformat="%b %Y",
        range=[items["first"].min() - span * 0.02, items["last"].max() + span * 0.2],
    )
    rows = int(items["y"].max() - items["y"].min()) + 1
    below = legend_below(len(family_legend(items["kind"])), per_row=1)
    fig.update_layout(**{**PLOTLY_LAYOUT, **below}, title=title, height=140 + 22 * rows + below["margin"]["b"])
    fig.update_layout(meta={"row_labels": _lane_label_room(items, centres["lane"])})


def _lane_label_room(items: pd.DataFrame, lanes: pd.Series) -> dict:
    """Where a lane's label may start when written over its lane on a narrow screen (emcart.js): just above the
    lane's top item, with the room up to the lowest item of the lane above (one row above the top lane)."""
    top, bottom = items.groupby("lane")["y"].max(), items.groupby("lane")["y"].min()
    at = [float(top[lane]) + LANE_LABEL_GAP for lane in lanes]
    above = [bottom[bottom > top[lane]].min() for lane in lanes]
    room = [1.0 if pd.isna(b) else float(b) - LANE_LABEL_GAP - a for a, b in zip(at, above)]
    return {"at": at, "room": room}


def _process_static(items: pd.DataFrame, lanes_: list[str], title: str) -> MplFigure:
    rows = int(items["y"].max() - items["y"].min()) + 1
    with mpl.rc_context(MATPLOTLIB_RC):
        fig = MplFigure(figsize=(8.5, 2.4 + 0.22 * rows), layout="constrained")
        ax = fig.subplots()
        for lane in lanes_:
            x0, x1, y0, y1 = _lane_band(items, lane)
            ax.fill_between([x0, x1], y0, y1, color=OKABE_ITO["grey"], alpha=0.15, lw=0)
        for i in items.itertuples():
            marker, colour = PROCESS_MARKERS.get(i.kind, ("", "o", ""))[1], family(i.kind)[1]
            if i.last > i.first:
                ax.plot(
                    [i.first, i.last],
                    [i.y, i.y],
                    color=colour,
                    lw=4,
                    alpha=0.45,
                    ls=":" if i.kind == DAY0 else "-",
                    solid_capstyle="butt",
                )
            ax.plot(_middle(i), i.y, marker=marker, color=colour, ms=7 if i.kind != DAY0 else 12, ls="none")
            if i.kind in _LABELLED and i.site:
                ax.annotate(
                    _site_label(i.site, "\n"),
                    (_middle(i), i.y),
                    xytext=(7, 0),
                    textcoords="offset points",
                    ha="left",
                    va="center",
                    fontsize=6.5,
                    color=colour,
                )

        centres = items.drop_duplicates("lane")
        ax.set_yticks(list(centres["lane_y"]), list(centres["lane"]))
        ax.set_ylim(items["y"].min() - 0.8, items["y"].max() + 0.8)
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
        ax.set_xlabel("calendar date (bars: possible dates)")
        handles = [
            Line2D([], [], marker="s", color=colour, ls="none", label=re.sub("<[^>]+>", "", text.replace("<br>", "\n")))
            for colour, text in family_legend(items["kind"]).values()
        ]
        fig.legend(handles=handles, loc="outside lower left", ncols=1, frameon=False, fontsize=7)
        fig.suptitle(title, fontsize=10)
    return fig
