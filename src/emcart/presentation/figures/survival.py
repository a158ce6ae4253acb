"""Kaplan–Meier curves of reconstructed configurations (:mod:`emcart.analysis.km`), drawn with
lifelines: one panel per group of configurations, the numbers at risk at the published times, and
the published estimates."""
from __future__ import annotations

import textwrap

import matplotlib as mpl
import numpy as np
import plotly.graph_objects as go
from lifelines import KaplanMeierFitter
from lifelines.plotting import add_at_risk_counts
from matplotlib.figure import Figure as MplFigure
from plotly.subplots import make_subplots

from emcart.analysis.km import Configuration, Estimate, display_times
from emcart.presentation.figures import hover as hover_text
from emcart.presentation.figures.figure import Figure
from emcart.presentation.figures.style import MATPLOTLIB_RC, OKABE_ITO, PLOTLY_LAYOUT

CURVE_COLOURS = [OKABE_ITO[c] for c in ("blue", "vermillion", "bluish green", "reddish purple", "orange", "sky blue",
                                          "yellow", "black", "grey")]


def fitter(times: list[float], observed: list[bool], label: str) -> KaplanMeierFitter:
    """A lifelines Kaplan–Meier fit of one configuration."""
    return KaplanMeierFitter(label=label).fit(np.asarray(times, dtype=float), np.asarray(observed, dtype=bool))


def figure(groups: dict[str, list[Configuration]], estimates: list[Estimate], figure_id: str, title: str,
           unit: str = "months", min_follow_up: float = 0.0, max_follow_up: float | None = None,
           ylabel: str = "event-free survival") -> Figure:
    """One panel per group of configurations (e.g. per reading of an event definition): the lifelines
    curves with censor ticks, the numbers at risk at the published times, and the published estimates."""
    every = [c for group in groups.values() for c in group]
    times = display_times(every, min_follow_up, max_follow_up)
    panels = {name: [(c, fitter(*times[c], label=_curve_label(p, k)), _curve_label(p, k))
                     for k, c in enumerate(group, start=1)]
              for p, (name, group) in enumerate(groups.items())}
    alt = (f"{title}. Kaplan–Meier curves reconstructed from the published estimates, one panel per reading, "
           f"time in {unit}. " + " ".join(
               f"{name}: {len(group)} configuration(s): " + "; ".join(c.label() for c in group) + "."
               for name, group in groups.items())
           + " Published: " + "; ".join(f"{e.percent:g}% at {e.time:g} {unit}" for e in estimates) + ".")
    return Figure(figure_id, _plotly(panels, estimates, title, unit, ylabel), _static(panels, estimates, title, unit, ylabel), alt)


def curve_labels(groups: dict[str, list[Configuration]]) -> dict[Configuration, str]:
    """The label :func:`figure` gives each configuration's curve: 'A1', 'A2', … in the first panel."""
    return {c: _curve_label(p, k) for p, group in enumerate(groups.values()) for k, c in enumerate(group, start=1)}


def _curve_label(panel: int, k: int) -> str:
    """'A1', 'A2', … for the first panel's curves, 'B1', … for the next."""
    return f"{chr(ord('A') + panel)}{k}"


def _published_points(estimates: list[Estimate]):
    return [e.time for e in estimates], [e.percent / 100 for e in estimates], [
        f"published: {e.percent:g}% at {e.time:g}" + (f"<br>{hover_text.words(e.source)}" if e.source else "")
        for e in estimates]


def _plotly(panels, estimates, title, unit, ylabel) -> go.Figure:
    names = list(panels)
    fig = make_subplots(rows=1, cols=len(names), shared_yaxes=True, horizontal_spacing=0.08,
                        subplot_titles=["<br>".join(textwrap.wrap(n, 28)) for n in names])
    cuts = sorted({e.time for e in estimates})
    xs, ys, hover = _published_points(estimates)
    for col, name in enumerate(names, start=1):
        for k, (config, kmf, label) in enumerate(panels[name]):
            colour = CURVE_COLOURS[k % len(CURVE_COLOURS)]
            sf = kmf.survival_function_
            fig.add_trace(go.Scatter(x=sf.index.tolist(), y=sf.iloc[:, 0].tolist(), mode="lines", line_shape="hv",
                                     line={"color": colour, "width": 2}, name=f"{label}: {config.label()}",
                                     legendgroup=label, hovertext=f"{label}: {config.label()}", hoverinfo="text"),
                          row=1, col=col)
            censored = kmf.durations[~kmf.event_observed.astype(bool)]
            fig.add_trace(go.Scatter(x=list(censored), y=[float(kmf.predict(t)) for t in censored], mode="markers",
                                     marker={"symbol": "line-ns-open", "size": 12, "color": colour},
                                     showlegend=False, legendgroup=label, hoverinfo="text",
                                     hovertext=[f"{label}: censoring (drawn at an illustrative time)"] * len(censored)),
                          row=1, col=col)
            risk = [int((kmf.durations >= t).sum()) for t in [0.0] + cuts]
            for t, r in zip([0.0] + cuts, risk):
                fig.add_annotation(x=t, y=-0.3 - 0.07 * k, text=str(r), showarrow=False, font={"size": 11, "color": colour},
                                   xref=f"x{col if col > 1 else ''}", yref="y domain" if col == 1 else f"y{col} domain")
            fig.add_annotation(x=0, y=-0.3 - 0.07 * k, xanchor="right", xshift=-14, text=f"at risk {label}", showarrow=False,
                               font={"size": 10, "color": colour}, xref=f"x{col if col > 1 else ''}",
                               yref="y domain" if col == 1 else f"y{col} domain")
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", name="published estimate", legendgroup="published",
                                 showlegend=col == 1, marker={"symbol": "diamond", "size": 11, "color": OKABE_ITO["black"]},
                                 hovertext=hover, hoverinfo="text"), row=1, col=col)
        fig.update_xaxes(title_text=f"{unit} from first infusion", tickvals=[0.0] + cuts, row=1, col=col)
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%", title_text=ylabel, row=1, col=1)
    rows = max(len(v) for v in panels.values())
    fig.update_layout(**{**PLOTLY_LAYOUT, "margin": {"l": 110, "r": 20, "t": 100, "b": 150 + 30 * rows}},
                      title={"text": "<br>".join(textwrap.wrap(title, 60))}, height=560 + 30 * rows,
                      legend={"orientation": "h", "y": -0.45 - 0.1 * rows})
    return fig


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
                kmf.plot_survival_function(ax=ax, ci_show=False, show_censors=True, color=colour, lw=1.5,
                                           censor_styles={"marker": "|", "ms": 9, "mew": 1.5})
            ax.plot(xs, ys, "D", color=OKABE_ITO["black"], ms=6, label="published estimate")
            ax.set_xticks([0.0] + cuts)
            ax.set_ylim(0, 1.05)
            ax.set_title(name, fontsize=9)
            ax.set_xlabel(f"{unit} from first infusion")
            ax.legend(fontsize=7, loc="lower left", frameon=False)
            add_at_risk_counts(*[kmf for _, kmf, _ in fitted], ax=ax, rows_to_show=["At risk"], xticks=[0.0] + cuts,
                               fontsize=7)
        axes[0].set_ylabel(ylabel)
        axes[0].yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
        fig.suptitle(title, fontsize=10)
    return fig
