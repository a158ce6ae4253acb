"""Markup in a text cell never reaches a reader as markup.

Two defences, each tested on the same payloads (a script, an event handler, a link): validation
rejects a payload in any text cell, naming file, row and column; and every rendering channel (HTML
tables, captions, footnotes, alt text, plotly hover text, tick labels and categories) shows the
text literally even when handed the markup directly. The rendered page is opened in headless
Chromium: no script runs, no link is created, and the text reads as written.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import emcart
from emcart.presentation import tables
from emcart.presentation.figures import forest, plotlyjs, swimmer
from emcart.presentation.figures.figure import Figure
from test_mutations import _assert_caught, set_cell

SCRIPT = "<script>window.injected = 1; alert(1)</script>"
HANDLER = 'left eye<img src=x onerror="window.injected = 1; alert(1)">'
LINK = '<a href="https://example.org/injected">case 2</a>'
PAYLOADS = {"script": SCRIPT, "handler": HANDLER, "link": LINK}
TEXT_CELLS = [
    ("events", "C-1/1-HSCT", "detail"),
    ("patients", "C-2", "label"),
    ("events", "B-1/3-relapse-eye", "site"),
    ("gaps", "C-Fig2", "content"),
]


@pytest.mark.parametrize("cell", TEXT_CELLS, ids=lambda c: "/".join(c))
@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_validation_rejects_markup_in_a_text_cell(payload, cell, data_copy):
    _assert_caught(data_copy, set_cell(data_copy, *cell, payload), check_sources=False)


def _figures(payload: str) -> list[Figure]:
    """A swimmer plot whose patient label is the payload (tick labels, hover, alt text), and a forest plot
    whose row label, group and source are (tick labels, legend, hover, alt text)."""
    data = emcart.load("C", check_sources=False)
    data["patients"].loc[data["patients"]["patient_id"] == "C-2", "label"] = payload
    frame = pd.DataFrame(
        {
            "label": [payload, "other"],
            "estimate": [50.0, 40.0],
            "low": [30.0, 20.0],
            "high": [70.0, 60.0],
            "group": [payload, "plain"],
            "source": [payload, "plain"],
        }
    )
    return [
        swimmer.figure(data, ["C-2"], "swimmer", payload),
        forest.figure(frame, "forest", payload, label_width=200, note=payload),
    ]


def _page(folder, payload: str) -> str:
    frame = pd.DataFrame({"case": [payload, "plain"], "detail": [payload, "x"]})
    table = tables.Table(frame, payload, "table", footnotes=[payload])
    noted = tables.with_notes(frame, "detail", payload, "noted")
    shutil.copy(plotlyjs.FILE, folder / plotlyjs.FILE.name)
    body = "\n".join([table._repr_html_(), noted._repr_html_()] + [f.html() for f in _figures(payload)])
    page = folder / "page.html"
    page.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><script src="{plotlyjs.FILE.name}"></script>'
        f"</head><body>{body}</body></html>",
        encoding="utf-8",
    )
    return page.as_uri()


READ_PAGE = """() => {
    const texts = sel => [...document.querySelectorAll(sel)].map(e => e.textContent);
    return {
        injected: window.injected === 1,
        links: [...document.querySelectorAll('a')].map(a => a.getAttribute('href') || a.getAttribute('xlink:href')),
        scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.trim().startsWith('window.injected')).length,
        images: document.querySelectorAll('img:not(.emcart-static)').length,
        body: document.body.innerText,
        ticks: texts('.ytick text'),
        legend: texts('.legendtext'),
        alt: [...document.querySelectorAll('img.emcart-static')].map(i => i.getAttribute('alt')),
        labels: [...document.querySelectorAll('figure, .emcart-table-scroll')].map(e => e.getAttribute('aria-label')),
    };
}"""

HOVER = """(id) => {
    const gd = document.getElementById(id);
    Plotly.Fx.hover(gd, gd.data.flatMap((t, i) => (t.x || []).map((_, k) => ({curveNumber: i, pointNumber: k}))));
    return [...gd.querySelectorAll('.hoverlayer text')].map(t => t.textContent).join(' ');
}"""


@pytest.mark.browser
@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payloads_render_as_text(payload, browser, tmp_path):
    tab = browser.new_page()
    dialogs = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.goto(_page(tmp_path, payload), wait_until="load")
    for figure_id in ("swimmer", "forest"):
        tab.locator(f"#{figure_id} svg.main-svg").first.wait_for(state="attached", timeout=15_000)
    seen = tab.evaluate(READ_PAGE)
    hovers = {figure_id: tab.evaluate(HOVER, figure_id) for figure_id in ("swimmer", "forest")}
    tab.close()
    assert not dialogs and not seen["injected"] and not seen["scripts"], "a script from the data ran or was inserted"
    assert not [link for link in seen["links"] if link and "injected" in link], f"a link was created: {seen['links']}"
    assert not seen["images"], "an image element was created from the data"
    assert seen["body"].count(payload) >= 4, "table cell, caption, footnote, note: the payload reads as written"
    assert payload in seen["ticks"], f"tick labels: {seen['ticks']}"
    assert payload in seen["legend"], f"legend: {seen['legend']}"
    assert all(payload in hover for hover in hovers.values()), f"hover text: {hovers}"
    assert all(payload in alt for alt in seen["alt"]) and len(seen["alt"]) == 2, f"alt text: {seen['alt']}"
    assert all(payload in label for label in seen["labels"]), f"aria labels: {seen['labels']}"
