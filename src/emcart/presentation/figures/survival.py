"""Kaplan–Meier curves of reconstructed configurations (:mod:`emcart.analysis.km`), drawn with
lifelines: one panel per group of configurations, the numbers at risk at the published times, and
the published estimates."""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from lifelines import KaplanMeierFitter
from lifelines.plotting import add_at_risk_counts
from matplotlib.figure import Figure as MplFigure
from plotly.subplots import make_subplots

from emcart.analysis.km import Configuration, Estimate, display_times
from emcart.presentation.figures import hover as hover_text
from emcart.presentation.figures.figure import Figure
from emcart.presentation.figures.style import MATPLOTLIB_RC, OKABE_ITO, PLOTLY_LAYOUT, legend_below

CURVE_COLOURS = [
    OKABE_ITO[c]
    for c in ("blue", "vermillion", "bluish green", "reddish purple", "orange", "sky blue", "yellow", "black", "grey")
]


def fitter(times: list[float], observed: list[bool], label: str) -> KaplanMeierFitter:
    """A lifelines Kaplan–Meier fit of one configuration."""
    return KaplanMeierFitter(label=label).fit(np.asarray(times, dtype=float), np.asarray(observed, dtype=bool))


def figure(
    groups: dict[str, list[Configuration]],
    estimates: list[Estimate],
    figure_id: str,
    title: str,
    unit: str = "months",
    min_follow_up: float = 0.0,
    max_follow_up: float | None = None,
    ylabel: str = "event-free survival",
) -> Figure:
    """One panel per group of reconstructed configurations: Kaplan–Meier curves and the published estimates.

    Each panel draws the lifelines curves with censor ticks and the numbers at risk at the published times. The
    times within an interval are for drawing only (:func:`emcart.analysis.km.display_times`).

    Parameters
    ----------
    groups : dict of str to list of Configuration
        Panel title (e.g. a reading of an event definition) → its configurations.
    estimates : list of Estimate
        The published estimates, marked on every panel.
    figure_id, title : str
    unit : str, default 'months'
        The time unit of the estimates.
    min_follow_up, max_follow_up : float, optional
        Shortest and longest follow-up the text states, in ``unit``: no censoring is drawn before the shortest, and
        the axis ends at the longest (default: 1.5 × the last published time).
    ylabel : str, default 'event-free survival'

    Returns
    -------
    Figure
        Interactive and static plots, alt text listing each configuration, and as data the curves' steps and the
        published estimates.
    """
    every = [c for group in groups.values() for c in group]
    times = display_times(every, min_follow_up, max_follow_up)
    panels = {
        name: [
            (c, fitter(*times[c], label=_curve_label(p, k)), _curve_label(p, k)) for k, c in enumerate(group, start=1)
        ]
        for p, (name, group) in enumerate(groups.items())
    }
    alt = (
        f"{title}. Kaplan–Meier curves reconstructed from the published estimates, one panel per reading, "
        f"time in {unit}. "
        + " ".join(
            f"{name}: {len(group)} configuration(s): " + "; ".join(c.label() for c in group) + "."
            for name, group in groups.items()
        )
        + " Published: "
        + "; ".join(f"{e.percent:g}% at {e.time:g} {unit}" for e in estimates)
        + "."
    )
    return Figure(
        figure_id,
        _plotly(panels, estimates, title, unit, ylabel),
        _static(panels, estimates, title, unit, ylabel),
        alt,
        table(panels, estimates, unit, ylabel),
    )


def table(panels, estimates: list[Estimate], unit: str, ylabel: str) -> pd.DataFrame:
    """The curves' steps (reading, curve, configuration, time, estimate) and the published estimates."""
    rows = [
        (name, label, config.label(), t, float(v))
        for name, fitted in panels.items()
        for config, kmf, label in fitted
        for t, v in kmf.survival_function_.iloc[:, 0].items()
    ]
    rows += [("published", e.label or "", "", e.time, e.percent / 100) for e in estimates]
    return pd.DataFrame(rows, columns=["reading", "curve", "configuration", f"time ({unit})", ylabel])


def curve_labels(groups: dict[str, list[Configuration]]) -> dict[Configuration, str]:
    """The label :func:`figure` gives each configuration's curve: 'A1', 'A2', … in the first panel."""
    return {c: _curve_label(p, k) for p, group in enumerate(groups.values()) for k, c in enumerate(group, start=1)}


def _curve_label(panel: int, k: int) -> str:
    """'A1', 'A2', … for the first panel's curves, 'B1', … for the next."""
    return f"{chr(ord('A') + panel)}{k}"


def _published_points(estimates: list[Estimate]):
    return (
        [e.time for e in estimates],
        [e.percent / 100 for e in estimates],
        [
            f"published: {e.percent:g}% at {e.time:g}" + (f"<br>{hover_text.words(e.source)}" if e.source else "")
            for e in estimates
        ],
    )


# Curves of one panel that coincide stay visible: each is drawn narrower and with its own dash on top
# of the ones before it (plotly dash, matplotlib linestyle, width in pixels / points).
STROKES = [("solid", "-", 6.0), ("dash", "--", 4.0), ("dot", ":", 2.5), ("dashdot", "-.", 1.5)]
PANEL_HEIGHT, TITLE_ROOM, RISK_ROW = 240, 44, 16  # pixels: a panel, its title, a row of counts at risk
AXIS_ROOM = 58  # pixels under a panel for its tick labels and axis title


def _stroke(k: int) -> tuple[str, str, float]:
    return STROKES[k % len(STROKES)]


def _plotly(panels, estimates, title, unit, ylabel) -> go.Figure:
    """The panels one above the other (a phone has no room beside), each with its counts at risk."""
    names = list(panels)
    rows = max(len(v) for v in panels.values())
    gap = AXIS_ROOM + RISK_ROW * rows + TITLE_ROOM
    area = PANEL_HEIGHT * len(names) + gap * (len(names) - 1)
    fig = make_subplots(
        rows=len(names),
        cols=1,
        shared_yaxes=True,
        vertical_spacing=gap / area,
        subplot_titles=["<br>".join(textwrap.wrap(n, 30)) for n in names],
    )
    cuts = sorted({e.time for e in estimates})
    longest = max(float(kmf.durations.max()) for fitted in panels.values() for _, kmf, _ in fitted)
    for row, name in enumerate(names, start=1):
        for k, (config, kmf, label) in enumerate(panels[name]):
            _plotly_curve(fig, kmf, label, config, name, k, row)
            _risk_row(
                fig, kmf, [0.0] + cuts, label, CURVE_COLOURS[k % len(CURVE_COLOURS)], "" if row == 1 else str(row), k
            )
        _plotly_published(fig, estimates, row)
        fig.update_xaxes(
            title_text=f"{unit} from first infusion",
            tickvals=[0.0] + cuts,
            range=[-0.03 * longest, 1.03 * longest],
            showticklabels=True,
            row=row,
            col=1,
        )
        fig.update_yaxes(range=[0, 1.05], tickformat=".0%", title_text=ylabel, row=row, col=1)
    entries = sum(len(v) for v in panels.values()) + 1
    below = legend_below(entries + len(names), per_row=2, room=AXIS_ROOM + RISK_ROW * rows + 10)
    fig.update_layout(
        **{**PLOTLY_LAYOUT, "margin": {**below["margin"], "l": 110, "t": 100}},
        legend={**below["legend"], "groupclick": "toggleitem"},
        title={"text": "<br>".join(textwrap.wrap(title, 60))},
        height=100 + area + below["margin"]["b"],
    )
    return fig


def _plotly_curve(
    fig: go.Figure, kmf: KaplanMeierFitter, label: str, config: Configuration, panel: str, k: int, row: int
):
    """The ``k``-th curve of a panel, in its colour and stroke, with its censor ticks."""
    curve = f"{label}: {config.label()}"
    colour = CURVE_COLOURS[k % len(CURVE_COLOURS)]
    dash, _, width = _stroke(k)
    sf = kmf.survival_function_
    fig.add_trace(
        go.Scatter(
            x=sf.index.tolist(),
            y=sf.iloc[:, 0].tolist(),
            mode="lines",
            line_shape="hv",
            line={"color": colour, "width": width, "dash": dash},
            name=curve,
            legendgroup=panel,
            legendgrouptitle_text="<br>".join(textwrap.wrap(panel, 36)) if k == 0 else None,
            hovertext=curve,
            hoverinfo="text",
        ),
        row=row,
        col=1,
    )
    censored = kmf.durations[~kmf.event_observed.astype(bool)]
    fig.add_trace(
        go.Scatter(
            x=list(censored),
            y=[float(kmf.predict(t)) for t in censored],
            mode="markers",
            marker={"symbol": "line-ns-open", "size": 12, "color": colour},
            showlegend=False,
            legendgroup=panel,
            hoverinfo="text",
            hovertext=[f"{label}: censoring (drawn at an illustrative time)"] * len(censored),
        ),
        row=row,
        col=1,
    )


def _plotly_published(fig: go.Figure, estimates: list[Estimate], row: int) -> None:
    """The published estimates as diamonds in a panel (named in the legend once)."""
    xs, ys, hover = _published_points(estimates)
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            name="published estimate",
            legendgroup="published",
            showlegend=row == 1,
            marker={"symbol": "diamond", "size": 11, "color": OKABE_ITO["black"]},
            hovertext=hover,
            hoverinfo="text",
        ),
        row=row,
        col=1,
    )


def _risk_row(
    fig: go.Figure, kmf: KaplanMeierFitter, times: list[float], label: str, colour: str, axis: str, k: int
) -> None:
    """One curve's numbers at risk under its panel's axis title, a row per curve."""
    place = {
        "xref": f"x{axis}",
        "yref": f"y{axis} domain",
        "y": 0,
        "yanchor": "top",
        "yshift": -AXIS_ROOM - RISK_ROW * k,
        "showarrow": False,
    }
    for t in times:
        fig.add_annotation(x=t, text=str(int((kmf.durations >= t).sum())), font={"size": 11, "color": colour}, **place)
    fig.add_annotation(
        x=0, xanchor="right", xshift=-14, text=f"at risk {label}", font={"size": 10, "color": colour}, **place
    )


def _static(panels, estimates, title, unit, ylabel) -> MplFigure:
    cuts = sorted({e.time for e in estimates})
    xs, ys, _ = _published_points(estimates)
    with mpl.rc_context(MATPLOTLIB_RC):
        rows = max(len(v) for v in panels.values())
        fig = MplFigure(figsize=(4.2 * len(panels), 3.6 + 0.25 * rows), layout="constrained")
        axes = np.atleast_1d(fig.subplots(1, len(panels), sharey=True))
        for ax, (name, fitted) in zip(axes, panels.items()):
            for k, (_config, kmf, _label) in enumerate(fitted):
                colour = CURVE_COLOURS[k % len(CURVE_COLOURS)]
                _, style, width = _stroke(k)
                kmf.plot_survival_function(
                    ax=ax,
                    ci_show=False,
                    show_censors=True,
                    color=colour,
                    lw=width / 2,
                    ls=style,
                    censor_styles={"marker": "|", "ms": 9, "mew": 1.5},
                )
            ax.plot(xs, ys, "D", color=OKABE_ITO["black"], ms=6, label="published estimate")
            ax.set_xticks([0.0] + cuts)
            ax.set_ylim(0, 1.05)
            ax.set_title(name, fontsize=9)
            ax.set_xlabel(f"{unit} from first infusion")
            ax.legend(fontsize=7, loc="lower left", frameon=False)
            add_at_risk_counts(
                *[kmf for _, kmf, _ in fitted], ax=ax, rows_to_show=["At risk"], xticks=[0.0] + cuts, fontsize=7
            )
        axes[0].set_ylabel(ylabel)
        axes[0].yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
        fig.suptitle(title, fontsize=10)
    return fig
