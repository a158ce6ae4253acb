"""Unit tests of the package: loading, course clocks, statistics, consistency checks, tables, figures."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

import emcart
from emcart.analysis import consistency, stats
from emcart.datapackage import days
from emcart.model.vocabulary import and_list
from emcart.presentation import dictionary, tables
from emcart.presentation.figures import schedule
from emcart.presentation.figures.figure import Figure


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


def test_load_types_the_columns(data):
    patients = data["patients"].set_index("patient_id")
    assert patients.loc["C-4", "age_years"] == pytest.approx(7.92)
    assert str(data["events"]["history"].dtype) == "boolean"
    assert str(data["treatments"]["text_day_start"].dtype) == "Int64"


def test_problem_names_file_row_and_column():
    problem = emcart.Problem("data/x.csv", 4, "age", "bad")
    assert str(problem) == "data/x.csv row 4 column age: bad"
    assert str(emcart.Problem("data/x.csv", None, None, "missing")) == "data/x.csv: missing"


def test_blinatumomab_day_1_is_day_0_of_the_course(data):
    placed = days.treatment_days(data).set_index("treatment_id")
    assert (placed.loc["C-3/1-d1", "day_start"], placed.loc["C-3/1-d3", "day_end"]) == (0, 13)
    assert placed.loc["C-1/2-d1-CD22", "day_start"] == 0  # donor course numbered from day 1 in the text
    assert placed.loc["C-1/1-d0-CD22", "day_start"] == 0
    assert (placed.loc["C-protocol-LD-flu-b", "day_start"], placed.loc["C-protocol-LD-flu-b", "day_end"]) == (-5, -3)


def test_event_days_follow_their_course_clock(data):
    events = days.event_days(data).set_index("event_id")
    assert events.loc["C-6/1-CRS", "day"] == 1  # "second day of treatment" with blinatumomab
    assert events.loc["C-7/1-CRS", "day"] == 7
    assert events.loc["C-7/1-relapse", "day_min"] == events.loc["C-7/1-relapse", "day_max"] == 177


@pytest.mark.parametrize(
    "k, n, method, expected",
    [
        (5, 7, "Clopper–Pearson", (29.04, 96.33)),
        (5, 7, "Wilson", (35.89, 91.78)),
        (34, 43, "Wald", (66.91, 91.23)),
        (0, 4, "Clopper–Pearson", (0.0, 60.24)),
    ],
)
def test_confidence_intervals_match_known_values(k, n, method, expected):
    low, high = stats.Proportion(k, n).ci(method)
    assert (round(low, 2), round(high, 2)) == expected


def test_percent_and_rounding_agreement():
    assert stats.Proportion(5, 7).percent == pytest.approx(71.4286, abs=1e-4)
    assert stats.agrees(71.4, 100 * 5 / 7)
    assert not stats.agrees(39.4, 100 * 5 / 8)
    assert stats.decimals(68.57) == 2 and stats.decimals(541.0) == 0


def test_age_check_flags_only_case_6(data):
    ages = consistency.age_check(data, "C").set_index("patient")
    assert ages["agrees"].to_dict() == {f"case {n}": ("no" if n == 6 else "yes") for n in range(1, 8)}
    assert math.isclose(ages.loc["case 6", "narrative age (years)"], 0.25)


def test_curated_table_marks_ocr_corrections(data):
    patients = data["patients"].query("study_id == 'C'")
    table = tables.curated(data, "patients", patients, {"Age": "age_years", "Sex": "sex"}, "Ages", "t-ages")
    ages = table.frame["Age"].tolist()
    assert ages[3] == "7.92 [1]" and ages[4] == "4.17 [2]" and ages[0] == "5.58"
    assert table.footnotes[0].startswith("[1] OCR: printed '792'")
    page = table._repr_html_()
    assert '<table class="emcart-table" id="t-ages">' in page
    assert "<caption>Ages</caption>" in page
    # Numbers (with their note markers) right-aligned, text left-aligned.
    assert '<th class="num">Age</th>' in page and "<th>Sex</th>" in page
    marker = r'<sup class="emcart-noteref"><a href="#t-ages-note-1" id="t-ages-ref-1">\[1\]</a></sup>'
    assert re.search(rf'<td data-cell="patients\|C-4\|age_years" class="num">7\.92 {marker}</td>', page)


def test_curated_table_fills_missing_cells(data):
    studies = data["studies"]
    table = tables.curated(data, "studies", studies, {"Year": "year"}, "Years", "t", missing="not reported in text")
    assert table.frame["Year"].tolist() == ["not reported in text", "2022", "2022", "2021"]


def test_schema_table_lists_every_field(data):
    table = dictionary.schema(data, "events")
    assert table.frame["field"].tolist() == [f["name"] for f in data.fields("events")]
    assert "Foreign key: course_id → courses." in table.footnotes


def test_schedule_bars_come_from_the_data(data):
    figure = schedule.figure(data, ["C-1/1", "C-5/1"], "t-fig", "Test")
    bars = [t for t in figure.interactive.data if t.type == "bar"]
    points = sorted((t.name, x, y) for t in bars for x, y in zip(t.x, t.y))
    assert ("anti-CD22 CAR-T", 0, 1.0) in points and ("anti-CD19 CAR-T", 2, 1.0) in points
    assert [p for p in points if p[0] == "blinatumomab"] == [
        ("blinatumomab", 0, 5.0),
        ("blinatumomab", 1, 10.0),
        ("blinatumomab", 2, 10.0),
        ("blinatumomab", 3, 15.0),
    ]
    assert "Case 5 narrative" in " ".join(t.hovertext[0] for t in bars if t.name == "blinatumomab")
    assert "case 5, course 1 (blinatumomab): blinatumomab 5 µg/m²/day on day 0" in figure.alt


def test_lymphodepletion_window_has_certain_and_possible_days(data):
    assert schedule.lymphodepletion_window(data, "C") == ((-4, -3), (-5, -2))
    assert schedule.lymphodepletion_window(data, "A") is None


def test_figure_output_is_deterministic_and_carries_both_forms(data):
    first = schedule.figure(data, ["C-2/1"], "t-det", "Test")._repr_mimebundle_()
    second = schedule.figure(data, ["C-2/1"], "t-det", "Test")._repr_mimebundle_()
    assert first == second
    assert first["image/png"].startswith(b"\x89PNG")
    assert 'id="t-det"' in first["text/html"] and "Plotly.newPlot" in first["text/html"]
    assert 'class="emcart-static"' in first["text/html"] and "plotly.js v" not in first["text/html"]
    assert isinstance(schedule.figure(data, ["C-2/1"], "t", "T"), Figure)


def test_static_png_is_a_palette_image_that_looks_like_the_full_colour_render(data):
    import io

    import numpy as np
    from PIL import Image

    figure = schedule.figure(data, ["C-1/1", "C-1/2"], "t-png", "Test")
    palette = Image.open(io.BytesIO(figure.png()))
    assert palette.mode == "P" and len(palette.getcolors()) <= 256
    rendered = io.BytesIO()
    figure.static.savefig(rendered, format="png", dpi=150, bbox_inches="tight")
    full = Image.open(rendered).convert("RGB")
    assert palette.size == full.size
    difference = np.abs(np.asarray(palette.convert("RGB"), dtype=int) - np.asarray(full, dtype=int))
    assert difference.mean() < 1.0 and (difference.max(axis=2) > 32).mean() < 0.001


def test_long_text_moves_to_numbered_footnotes():
    import pandas as pd

    frame = pd.DataFrame({"item": ["a", "b", "c"], "why": ["same reason", "", "same reason"]})
    table = tables.with_notes(frame, "why", "Caption", "t-notes", ["first note"], heading="reason")
    assert table.frame["reason"].tolist() == ["[1]", "", "[1]"]
    assert list(table.frame.columns) == ["item", "reason"]
    assert table.footnotes == ["first note", "[1] same reason"]


def test_and_list_joins_as_prose():
    assert [and_list(x) for x in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == ["", "a", "a and b", "a, b and c"]


def test_table_cells_read_as_words_and_numbers():
    frame = pd.DataFrame({"day_min": [1.0, 12.5], "stated": [True, False], "dose": ["2.99 10^6 cells/kg", ""]})
    page = tables.Table(frame, "Cells", "t-cells")._repr_html_()
    assert '<th class="num">day min</th>' in page and '<td class="num">1</td>' in page
    assert "<td>yes</td>" in page and "<td>no</td>" in page and "True" not in page
    assert "<td>2.99 × 10⁶ cells/kg</td>" in page


def test_folded_table_names_itself_and_counts_its_rows():
    page = tables.Table(pd.DataFrame({"a": ["x", "y"]}), "Bounds", "t-bounds", folded=True)._repr_html_()
    assert page.startswith('<details class="emcart-fold"><summary>Bounds (2 rows)</summary>')
    assert page.rstrip().endswith("</details>")


def test_a_faceted_table_carries_its_filters_on_each_row_and_keeps_its_csv(tmp_path):
    from emcart.build import csvlinks

    frame = pd.DataFrame({"name": ["x", "y"], "state": ["open", "not shut"]})
    facets = pd.DataFrame({"group": ["A", "B"], "state": ["open", "not shut"]})
    page = tables.Table(frame, "Faceted", "t-facets", facets=facets)._repr_html_()
    # On a wide screen its columns share the width by the mean length of their cells (1 and 6 characters).
    tracks = "minmax(min-content, 1fr) minmax(min-content, 6fr)"
    assert (
        f'<table class="emcart-table" id="t-facets" data-facets="group state" style="--emcart-tracks: {tracks}">'
        in page
    )
    assert (
        '<tr data-facet-group="B" data-facet-state="not shut"><td>y</td><td data-tag="not shut">not shut</td>' in page
    )
    linked = csvlinks.link_tables(page, "notebooks/x", tmp_path)
    assert (tmp_path / "_tables/notebooks/x/t-facets.csv").read_text() == "name,state\nx,open\ny,not shut\n"
    assert 'href="../_tables/notebooks/x/t-facets.csv"' in linked
    assert "data-facets=" not in tables.Table(frame, "Plain", "t-plain")._repr_html_()


@pytest.mark.parametrize(
    ("facets", "message"),
    [
        (pd.DataFrame({"group": ["A"]}), "1 rows of facets for 2 rows"),
        (pd.DataFrame({"Group name": ["A", "B"]}), "lower-case words"),
        (pd.DataFrame({"group": ["A", None]}), "no value for facet 'group'"),
    ],
)
def test_facets_must_fit_their_table(facets, message):
    with pytest.raises(ValueError, match=message):
        tables.Table(pd.DataFrame({"name": ["x", "y"]}), "Faceted", "t-facets", facets=facets)


def test_a_check_is_reused_only_while_every_table_it_read_is_unchanged(data_copy):
    from emcart.datapackage import reuse

    data = emcart.load(root=data_copy, check_sources=False)
    calls = []

    def check():
        calls.append(len(data["studies"]))
        return []

    current = reuse.digests(data_copy, data.descriptor)
    key = ("test", str(data_copy))
    reuse.run(key, data, current, check)
    reuse.run(key, data, current | {"events": "another"}, check)  # a table it did not read
    assert len(calls) == 1
    reuse.run(key, data, current | {"studies": "another"}, check)  # the table it read
    reuse.run(key, data, current | {"manifest.json": "another"}, check)  # a file every check may read
    assert len(calls) == 3
