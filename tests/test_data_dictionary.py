"""The data dictionary offers every file of the data package for download."""

from __future__ import annotations

import json
import re

import nbformat

import emcart
from emcart.datapackage.paths import REPO
from emcart.presentation import dictionary

NOTEBOOK = REPO / "notebooks" / "data_dictionary.ipynb"
DATA = REPO / "data"


def package_files() -> list[str]:
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    return ["datapackage.json"] + [resource["path"] for resource in descriptor["resources"]]


def download_links(markdown: str) -> set[str]:
    """The files that ``{download}`` roles in ``markdown`` point at, relative to the data folder."""
    return {target for _, target in re.findall(r"\{download\}`([^<`]+)<\.\./data/([^>`]+)>`", markdown)}


def test_a_reports_summary_lists_only_the_tables_holding_its_rows_and_counts_the_others():
    data = emcart.load("D")
    empty = [name for name, rows in data.tables.items() if not len(rows)]
    assert len(empty) > 1  # report D fills few tables: the test can fail
    shown = dictionary.summary(data)
    assert len(shown.frame) == len(data.tables) - len(empty) and (shown.frame["rows"] > 0).all()
    assert shown.footnotes == [f"The {len(empty)} other tables of the data package hold no rows of report D."]


def test_downloads_list_the_descriptor_and_every_table():
    data = emcart.load()
    shown = dictionary.downloads(data)
    assert download_links(shown._repr_markdown_()) == set(package_files())
    assert len(shown.files) == len(data.tables) + 1
    assert all(name in repr(shown) for name in package_files())


def test_data_dictionary_page_links_every_file_of_the_package():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    text += "\n".join(
        output.get("data", {}).get("text/markdown", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    missing = set(package_files()) - download_links(text)
    assert not missing, f"no download link for {sorted(missing)}"
    assert all((DATA / name).is_file() for name in package_files())
