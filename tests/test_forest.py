"""Unit tests of the forest (dot-and-interval) plot: input checks, both renderings, alt text, determinism."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from matplotlib.ticker import PercentFormatter

from emcart.presentation.figures import forest
from emcart.presentation.figures.figure import Figure
from emcart.presentation.figures.style import OKABE_ITO


def frame(**extra) -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "label": ["cohort A: response", "cohort B: response", "cited study: survival"],
            "estimate": [79.0, 43.0, 20.74],
            "low": [66.0, 25.0, math.nan],
            "high": [92.0, 62.0, math.nan],
        }
    )
    for name, values in extra.items():
        rows[name] = values
    return rows


GROUPED = dict(
    group=["this report", "this report", "other study"],
    source=["Results: “34 subjects (79%)”", "Results: “43% (25, 62%)”", "Introduction: “20.74%”"],
)


def traces(fig: Figure):
    return list(fig.interactive.data)


def test_returns_a_figure_with_both_renderings_and_alt_text():
    fig = forest.figure(frame(**GROUPED), "f-test", "Test outcomes")
    assert isinstance(fig, Figure) and fig.figure_id == "f-test"
    bundle = fig._repr_mimebundle_()
    assert bundle["image/png"].startswith(b"\x89PNG")
    assert 'id="f-test"' in bundle["text/html"] and 'class="emcart-static"' in bundle["text/html"]


def test_intervals_become_asymmetric_whiskers():
    fig = forest.figure(frame(**GROUPED), "f", "T")
    with_interval = [t for t in traces(fig) if t.error_x.array is not None]
    assert len(with_interval) == 1
    t = with_interval[0]
    assert list(t.x) == [79.0, 43.0]
    assert list(t.error_x.array) == [13.0, 19.0] and list(t.error_x.arrayminus) == [13.0, 18.0]
    assert t.error_x.symmetric is False


def test_point_without_interval_has_no_whiskers_and_is_labelled():
    fig = forest.figure(frame(**GROUPED), "f", "T")
    bare = [t for t in traces(fig) if t.error_x.array is None]
    assert len(bare) == 1
    t = bare[0]
    assert list(t.x) == [20.74] and list(t.text) == [forest.NO_INTERVAL] and "text" in t.mode
    assert t.marker.color == "white"  # hollow
    assert "20.74% (no interval published)" in fig.alt
    static_texts = [a.get_text() for a in fig.static.axes[0].texts]
    assert static_texts.count(forest.NO_INTERVAL) == 1


def test_custom_label_for_missing_interval():
    fig = forest.figure(frame(), "f", "T", no_interval="interval not reported")
    assert "20.74% (interval not reported)" in fig.alt
    assert any(list(t.text or []) == ["interval not reported"] for t in traces(fig))


def test_rows_run_top_to_bottom_in_frame_order():
    fig = forest.figure(frame(), "f", "T")
    axis = fig.interactive.layout.yaxis
    order = [text for _, text in sorted(zip(axis.tickvals, axis.ticktext), reverse=True)]
    assert order == ["cohort A: response", "cohort B: response", "cited study: survival"]
    static = [t.get_text() for t in fig.static.axes[0].get_yticklabels()]
    assert static == ["cohort A: response", "cohort B: response", "cited study: survival"]  # ticks at y = 2, 1, 0
    assert list(fig.static.axes[0].get_yticks()) == [2.0, 1.0, 0.0]


def test_percent_axis_in_both_renderings():
    fig = forest.figure(frame(), "f", "T", axis_title="1-year estimate")
    x = fig.interactive.layout.xaxis
    # the axis runs a little past 0% and 100%, so that a marker there is drawn whole; ticks stay 0-100%
    assert tuple(x.range) == forest.AXIS_RANGE and x.ticksuffix == "%" and x.title.text == "1-year estimate"
    assert list(x.tickvals) == [0, 20, 40, 60, 80, 100]
    ax = fig.static.axes[0]
    assert ax.get_xlim() == forest.AXIS_RANGE and isinstance(ax.xaxis.get_major_formatter(), PercentFormatter)
    assert list(ax.get_xticks()) == [0, 20, 40, 60, 80, 100]
    assert ax.get_xlabel() == "1-year estimate"


def test_groups_get_their_own_colour_marker_and_one_legend_entry():
    fig = forest.figure(frame(**GROUPED), "f", "T")
    by_group = {}
    for t in traces(fig):
        by_group.setdefault(t.legendgroup, []).append(t)
    assert set(by_group) == {"this report", "other study"}
    ours, theirs = by_group["this report"][0], by_group["other study"][0]
    assert ours.marker.color == OKABE_ITO["blue"] and theirs.marker.line.color == OKABE_ITO["vermillion"]
    assert ours.marker.symbol != theirs.marker.symbol
    assert sum(bool(t.showlegend) for t in traces(fig)) == 2
    legend = fig.static.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["this report", "other study"]


def test_colours_can_be_chosen_per_group():
    fig = forest.figure(frame(**GROUPED), "f", "T", colours={"other study": OKABE_ITO["grey"]})
    theirs = [t for t in traces(fig) if t.legendgroup == "other study"][0]
    assert theirs.marker.line.color == OKABE_ITO["grey"]


def test_without_group_there_is_no_legend():
    fig = forest.figure(frame(), "f", "T")
    assert not any(t.showlegend for t in traces(fig))
    assert not fig.static.legends


def test_hover_carries_label_values_and_source():
    fig = forest.figure(frame(**GROUPED), "f", "T")
    hover = " ".join(h for t in traces(fig) for h in t.hovertext)
    assert "<b>cohort B: response</b>" in hover and "43% (25–62%)" in hover
    assert "Results: “43% (25, 62%)”" in hover and "Introduction: “20.74%”" in hover


def test_alt_text_lists_every_row_and_the_note():
    note = "Cross-study comparison, not randomised."
    fig = forest.figure(frame(**GROUPED), "f", "Test outcomes", note=note)
    assert fig.alt.startswith("Test outcomes. Dot-and-interval plot on a percent axis")
    assert "cohort A: response [this report]: 79% (66–92%)" in fig.alt
    assert fig.alt.endswith(note)
    # read under the figure as text, on screen and on paper, not drawn into either rendering
    assert f'<figcaption class="emcart-figure-note">{note}</figcaption></figure>' in fig.html()
    assert not fig.interactive.layout.title.subtitle.text
    assert not any(note in t.get_text() for t in fig.static.axes[0].texts)


def test_any_index_is_accepted():
    rows = frame(**GROUPED)
    rows.index = [7, 3, 11]
    fig = forest.figure(rows, "f", "T")
    assert [t for t in traces(fig) if t.error_x.array is not None][0].x == (79.0, 43.0)


def test_output_is_deterministic():
    first = forest.figure(frame(**GROUPED), "f-det", "T", note="n")._repr_mimebundle_()
    second = forest.figure(frame(**GROUPED), "f-det", "T", note="n")._repr_mimebundle_()
    assert first == second


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f: f.drop(columns="high"), "lacks column(s) high"),
        (lambda f: f.iloc[0:0], "no rows"),
        (
            lambda f: f.assign(low=[66.0, math.nan, math.nan]),
            "row 1 ('cohort B: response'): an interval needs both low and high",
        ),
        (
            lambda f: f.assign(estimate=[95.0, 43.0, 20.74]),
            "row 0 ('cohort A: response'): estimate 95.0 lies outside its interval",
        ),
        (
            lambda f: f.assign(estimate=[79.0, 43.0, 120.0]),
            "row 2 ('cited study: survival'): values must lie on the percent axis",
        ),
        (lambda f: f.assign(estimate=[79.0, math.nan, 20.74]), "row 1 ('cohort B: response'): estimate is empty"),
        (lambda f: f.assign(label=["a", "", "c"]), "row 1: label is empty"),
    ],
)
def test_bad_frames_are_refused_with_the_row(change, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        forest.figure(change(frame()), "f", "T")


def test_legend_marker_is_hollow_for_a_group_without_intervals():
    fig = forest.figure(frame(**GROUPED), "f", "T")
    ours, theirs = fig.static.legends[0].legend_handles
    assert ours.get_markerfacecolor() != "white" and theirs.get_markerfacecolor() == "white"


def test_alt_text_says_what_the_whiskers_show_and_rounds_computed_values():
    rows = pd.DataFrame({"label": ["a (8/8)"], "estimate": [100.0], "low": [63.058335], "high": [100.0]})
    default = forest.describe(rows, "T")
    assert "whiskers showing the published interval" in default and "63.0583" in default
    fig = forest.figure(rows, "f", "T", decimals=1, interval="the exact 95% interval recomputed from the count")
    assert "whiskers showing the exact 95% interval recomputed from the count" in fig.alt
    assert "100.0% (63.1–100.0%)" in fig.alt and "63.058" not in fig.alt
    assert "63.1–100.0%" in traces(fig)[0].hovertext[0]


def test_a_second_interval_and_a_recount_are_drawn_named_and_described():
    rows = pd.DataFrame(
        {
            "label": ["arm 1 (2/4)", "arm 2 (8/8)"],
            "estimate": [50.0, 100.0],
            "low": [6.8, 63.1],
            "high": [93.2, 100.0],
            "second_low": [15.0, 67.6],
            "second_high": [85.0, 100.0],
            "other": [25.0, None],
            "other_text": ["1/4 (case 6)", ""],
            "group": ["CRS", "CRS"],
        }
    )
    fig = forest.figure(
        rows,
        "f",
        "T",
        decimals=1,
        interval="the exact interval",
        second_interval="the Wilson interval",
        other_value="recounted",
    )
    names = [t.name for t in traces(fig)]
    assert names[-3:] == ["whiskers: the exact interval", "grey bar: the Wilson interval", "×: recounted"]
    bars, cross = traces(fig)[-2], traces(fig)[-1]
    assert [x for x in bars.x if x is not None] == [15.0, 85.0, 67.6, 100.0]
    assert all(b < 1 for b in bars.y if b is not None)  # under the points (rows at 1 and 0)
    assert list(cross.x) == [25.0] and list(cross.y) == [1.0]
    assert "recounted: 25.0% (1/4 (case 6))" in cross.hovertext[0] and "<b>arm 1 (2/4)</b>" in cross.hovertext[0]
    assert "the Wilson interval: 15.0–85.0%" in traces(fig)[0].hovertext[0]
    assert (
        "grey bars showing the Wilson interval, crosses showing values recounted" in fig.alt
        and "recounted: 25.0%" in fig.alt
    )
    labels = [t.get_text() for t in fig.static.legends[0].get_texts()]
    assert labels[-3:] == ["whiskers: the exact interval", "grey bar: the Wilson interval", "×: recounted"]
    assert {"second_low", "second_high", "other", "other_text"} <= set(fig.data.columns)
