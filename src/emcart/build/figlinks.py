"""Downloads under every figure of the book: its data (CSV) and its static image (PNG), written beside
the page at build time from what the figure's output carries (:class:`emcart.presentation.figures.figure.Figure`)."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

FIGURE = re.compile(r'<figure class="emcart-figure".*?</figure>', re.S)
ID = re.compile(r'<div id="([^"]+)" class="plotly-graph-div"')
PNG = re.compile(r'(<img class="emcart-static" [^>]*src=")data:image/png;base64,([^"]+)(")')
DATA = re.compile(r'<template class="emcart-figure-data">(.*?)</template>', re.S)
FOLDER = "_figures"


def link_figures(body: str, pagename: str, outdir: Path) -> str:
    """Write each figure's data to ``outdir/_figures/<page>/<figure id>.csv`` and its static image to
    ``….png``; the image is then loaded from that file, and links to both follow the figure."""
    depth = "../" * pagename.count("/")

    def link(m: re.Match) -> str:
        figure = m[0]
        figure_id = ID.search(figure)[1]
        folder = outdir / FOLDER / pagename
        folder.mkdir(parents=True, exist_ok=True)
        href = f"{depth}{FOLDER}/{pagename}/{figure_id}"
        links = []
        data = DATA.search(figure)
        if data:
            (folder / f"{figure_id}.csv").write_text(html.unescape(data[1]), encoding="utf-8")
            figure = DATA.sub("", figure)
            links.append(f'<a href="{href}.csv" download>data (CSV)</a>')
        png = PNG.search(figure)
        if png:
            (folder / f"{figure_id}.png").write_bytes(base64.b64decode(png[2]))
            figure = PNG.sub(lambda p: f"{p[1]}{href}.png{p[3]}", figure)
            links.append(f'<a href="{href}.png" download>image (PNG)</a>')
        if not links:
            return figure
        return f'{figure}<p class="emcart-downloads">Download this figure: {" · ".join(links)}</p>'

    return FIGURE.sub(link, body)
