"""Event strip: a course's days as a row of cells, one line per event or measurement, annotated.

For a clinical course told day by day in words ("fever from Day +1 … tocilizumab on Day +8 …
normal on Day +12"): each event sits on its day, a measurement whose day the text only bounds is
drawn across all the days it may fall on (hatched), and a state between two events (e.g. the
febrile days between fever onset and normalisation) is derived here and labelled as derived.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure as MplFigure

from emcart.datapackage.days import event_days
from emcart.datapackage.provenance import cite
from emcart.presentation.figures import hover as hover_text
from emcart.presentation.figures.figure import Figure
from emcart.presentation.figures.style import MATPLOTLIB_RC, OKABE_ITO, PLOTLY_LAYOUT

COLOURS = {"event": OKABE_ITO["blue"], "measurement": OKABE_ITO["vermillion"], "derived": OKABE_ITO["orange"]}
BAR_WIDTH = 0.55  # rows: the height of a bar over a row's days
ROW_LABEL_GAP = 0.05  # rows: between a row's bar and its label written over the row on a narrow screen


def _describe_event(e) -> str:
    grade = f" grade {int(e['grade'])}" if pd.notna(e["grade"]) else ""
    detail = f": {e['detail']}" if pd.notna(e["detail"]) else ""
    return f"{e['event_type']}{grade}{detail}"


def items(dataset, course_id: str, event_ids: list[str], measurement_ids: list[str] = ()) -> pd.DataFrame:
    """The strip's lines: label, kind, first and last possible day on the course clock, text, source."""
    events = event_days(dataset).set_index("event_id")
    measures = event_days(dataset, "measurements").set_index("measurement_id")
    rows = []
    for eid in event_ids:
        e = events.loc[eid]
        if e["course_id"] != course_id:
            raise ValueError(f"{eid} is on the clock of {e['course_id']}, not {course_id}")
        grade = f" (grade {int(e['grade'])})" if pd.notna(e["grade"]) else ""
        rows.append(
            {
                "id": eid,
                "label": f"{e['event_type']}{grade}",
                "kind": "event",
                "first": float(e["day_min"]),
                "last": float(e["day_max"]),
                "text": _describe_event(e),
                "source": cite(dataset, "events", eid, "event_type"),
            }
        )
    for mid in measurement_ids:
        m = measures.loc[mid]
        if m["course_id"] != course_id:
            raise ValueError(f"{mid} is on the clock of {m['course_id']}, not {course_id}")
        words = {"peak": "maximum ", "lower_bound": "over ", "upper_bound": "below ", "approx": "about "}.get(
            m["value_qualifier"], ""
        )
        rows.append(
            {
                "id": mid,
                "label": f"{m['analyte']}",
                "kind": "measurement",
                "first": float(m["day_min"]),
                "last": float(m["day_max"]),
                "text": f"{m['analyte']} {words}{m['value']:g} {m['unit']}",
                "source": cite(dataset, "measurements", mid, "value"),
            }
        )
    return pd.DataFrame(rows)


def between(frame: pd.DataFrame, start_id: str, end_id: str, label: str) -> dict:
    """A derived state from one event's day up to the day before another's (e.g. febrile days)."""
    rows = frame.set_index("id")
    first, last = rows.at[start_id, "first"], rows.at[end_id, "first"] - 1
    if last < first:
        raise ValueError(f"{end_id} does not come after {start_id}")
    return {
        "id": f"{start_id}..{end_id}",
        "label": f"{label} (derived)",
        "kind": "derived",
        "first": first,
        "last": last,
        "text": f"{label}: day {first:g} to day {last:g}, derived from {rows.at[start_id, 'label']} (day {first:g}) "
        f"and {rows.at[end_id, 'label']} (day {last + 1:g})",
        "source": f"derived: {rows.at[start_id, 'source']} / {rows.at[end_id, 'source']}",
    }


def figure(
    dataset,
    course_id: str,
    figure_id: str,
    title: str,
    event_ids: list[str],
    measurement_ids: list[str] = (),
    spans: list[tuple[str, str, str]] = (),
    days: tuple[int, int] | None = None,
) -> Figure:
    """The strip: one line per item (in the given order, derived spans first), one column per day.

    Parameters
    ----------
    dataset : Dataset
    course_id : str
        The course whose clock the days are on; every event must be on it.
    figure_id, title : str
    event_ids : list of str
    measurement_ids : list of str, optional
    spans : list of (str, str, str), optional
        Derived states as (start event id, end event id, label), e.g. the febrile days.
    days : (int, int), optional
        First and last day shown (default: from day 0, or the first item if earlier, to one day past the last).

    Returns
    -------
    Figure
        Interactive and static strips, alt text giving each line and its days, and as data: ``line``, ``kind``,
        ``first possible day``, ``last possible day``, ``what`` and ``source``.
    """
    frame = items(dataset, course_id, event_ids, measurement_ids)
    derived = pd.DataFrame([between(frame, *s) for s in spans])
    frame = pd.concat([derived, frame], ignore_index=True) if len(derived) else frame
    low, high = days if days else (min(0, int(frame["first"].min())), int(frame["last"].max()) + 1)
    alt = (
        f"{title}. Day-by-day strip from day {low} to day {high}: "
        + "; ".join(f"{r.text} ({_when(r)})" for r in frame.itertuples())
        + "."
    )
    data = frame[["label", "kind", "first", "last", "text", "source"]].rename(
        columns={"label": "line", "first": "first possible day", "last": "last possible day", "text": "what"}
    )
    return Figure(figure_id, _plotly(frame, low, high, title), _static(frame, low, high, title), alt, data)


def _when(r) -> str:
    if r.first == r.last:
        return f"day {r.first:g}"
    stated = "" if r.kind == "derived" else ", day not stated more precisely"
    return f"days {r.first:g} to {r.last:g}{stated}"


def _plotly(frame: pd.DataFrame, low: int, high: int, title: str) -> go.Figure:
    """The interactive strip: rows top down at y = n - 1 … 0, each named on the y axis; on a narrow screen the
    names are written over their rows (``meta.row_labels``, emcart.js), just above the bar, up to the next."""
    fig = go.Figure()
    y = np.arange(len(frame))[::-1]
    for r, at in zip(frame.itertuples(), y):
        _plotly_row(fig, r, float(at), low, high)
    fig.update_yaxes(
        tickmode="array",
        tickvals=y.tolist(),
        ticktext=list(frame["label"]),
        range=[-0.5, len(frame) - 0.5],
        title_text="",
        showgrid=False,
        zeroline=False,
    )
    fig.update_xaxes(
        range=[low - 0.5, high + 0.5],
        dtick=1,
        showgrid=True,
        gridcolor="#e5e5e5",
        title_text="day on the course clock (day 0 = infusion)",
    )
    fig.update_layout(**PLOTLY_LAYOUT, title=title, barmode="overlay", height=140 + 42 * len(frame))
    start = BAR_WIDTH / 2 + ROW_LABEL_GAP
    fig.update_layout(meta={"row_labels": {"at": (y + start).tolist(), "room": [1 - 2 * start] * len(y)}})
    return fig


def _plotly_row(fig: go.Figure, r, y: float, low: int, high: int) -> None:
    """One row: a bar over its days where it spans several (filled when derived), and a labelled diamond
    at its day (or, with no marker, at the middle of its days when the day is not stated)."""
    colour = COLOURS[r.kind]
    hover = f"<b>{r.text}</b><br>{_when(r)}<br>{hover_text.words(r.source)}"
    if r.first != r.last or r.kind == "derived":
        fig.add_trace(
            go.Bar(
                y=[y],
                x=[r.last - r.first + 1],
                base=[r.first - 0.5],
                orientation="h",
                width=BAR_WIDTH,
                marker={
                    "color": colour if r.kind == "derived" else "rgba(0,0,0,0)",
                    "opacity": 0.5,
                    "line": {"color": colour, "width": 1.5},
                    "pattern": {"shape": "" if r.kind == "derived" else "/", "fgcolor": colour},
                },
                name=r.label,
                showlegend=False,
                hovertext=hover,
                hoverinfo="text",
            )
        )
    if r.kind != "derived":
        exact = r.first == r.last
        x = r.first if exact else (r.first + r.last) / 2
        left = exact and x > (low + high) / 2
        fig.add_trace(
            go.Scatter(
                x=[x],
                y=[y],
                mode="markers+text",
                text=[r.text if exact else f"{r.text} (day not stated)"],
                textposition=("middle left" if left else "middle right") if exact else "middle center",
                textfont={"size": 11},
                marker={"symbol": "diamond", "size": 12 if exact else 0, "color": colour},
                name=r.label,
                showlegend=False,
                hovertext=[hover],
                hoverinfo="text",
            )
        )


def _static(frame: pd.DataFrame, low: int, high: int, title: str) -> MplFigure:
    with mpl.rc_context(MATPLOTLIB_RC):
        fig = MplFigure(figsize=(8, 1.2 + 0.42 * len(frame)), layout="constrained")
        ax = fig.subplots()
        n = len(frame)
        for row, r in enumerate(frame.itertuples()):
            y = n - 1 - row
            colour = COLOURS[r.kind]
            if r.first != r.last or r.kind == "derived":
                ax.barh(
                    y,
                    r.last - r.first + 1,
                    left=r.first - 0.5,
                    height=BAR_WIDTH,
                    color=colour if r.kind == "derived" else "none",
                    alpha=0.5 if r.kind == "derived" else 1,
                    hatch=None if r.kind == "derived" else "///",
                    edgecolor=colour,
                    lw=1,
                )
            if r.kind != "derived":
                exact = r.first == r.last
                x = r.first if exact else (r.first + r.last) / 2
                left = exact and x > (low + high) / 2
                if exact:
                    ax.plot(x, y, marker="D", color=colour, ms=7, ls="none")
                ax.annotate(
                    r.text if exact else f"{r.text} (day not stated)",
                    (x, y),
                    xytext=((-8 if left else 8) if exact else 0, 0),
                    textcoords="offset points",
                    va="center",
                    ha=("right" if left else "left") if exact else "center",
                    fontsize=7,
                    bbox=None if exact else {"facecolor": "white", "edgecolor": "none", "pad": 1},
                )
        ax.set_yticks(range(n), list(frame["label"])[::-1])
        ax.set_xticks(np.arange(low, high + 1))
        ax.set_xlim(low - 0.5, high + 0.5)
        ax.grid(axis="x", color="#e5e5e5")
        ax.set_xlabel("day on the course clock (day 0 = infusion)")
        fig.suptitle(title, fontsize=10)
    return fig
