"""The chapter contract: the same generic calls open every report's chapter — the four reports of the book and a
fifth, made-up report built from the fixture rows of tests/fixtures/report_e with no change to the package."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import emcart
from emcart.audit import comparison
from emcart.datapackage import manifest
from emcart.presentation.chapter import chapter
from emcart.presentation.figures.figure import Figure
from emcart.presentation.recomputations import book_recomputations
from emcart.presentation.tables import Table, heading

FIXTURE = Path(__file__).parent / "fixtures" / "report_e"
DATA = manifest.DATA


def fifth_report(folder: Path) -> Path:
    """A data package holding only the fixture's rows, under the book's own descriptor with the new report's
    letter added to the report ids and id patterns it allows, its rows pinned in its manifest — the steps "Adding a report"
    lists, done by a test (with the fixture's source texts as ``EMCART_SOURCES``)."""
    # The report letters the ids may start with, and the report ids allowed: A to D, here A to E.
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8").replace("[A-D]", "[A-E]"))
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            if field["name"] == "study_id" and "enum" in field.get("constraints", {}):
                field["constraints"]["enum"].append("E")
        rows = FIXTURE / resource["path"]
        if rows.exists():
            shutil.copy(rows, folder / resource["path"])
        else:
            names = [f["name"] for f in resource["schema"]["fields"]]
            pd.DataFrame(columns=names).to_csv(folder / resource["path"], index=False)
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    manifest.update(folder)
    return folder


@pytest.fixture(scope="module")
def book_data():
    return emcart.load()


@pytest.fixture(scope="module")
def report_e(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EMCART_SOURCES", str(FIXTURE / "sources"))
        root = fifth_report(tmp_path_factory.mktemp("report_e"))
        loaded = emcart.load("E", root=root, check_sources=True)
    return loaded  # the book's own sources again for every other test


def _opened(dataset):
    opened = chapter(dataset)
    statistics = dataset["reported_statistics"]
    assert opened.key_findings.startswith(":::{admonition} Key findings")
    held = [heading(name) for name, rows in dataset.tables.items() if len(rows)]
    assert isinstance(opened.summary, Table) and opened.summary.frame["table"].tolist() == held
    assert opened.tables and all(isinstance(t, Table) and len(t.frame) for t in opened.tables)
    assert opened.figures and all(isinstance(f, Figure) for f in opened.figures)
    assert list(opened.audit["statistic"]) == list(statistics["stat_id"])
    assert opened.audit["status"].notna().all()
    return opened


@pytest.fixture(scope="module")
def book_audit(book_data):
    """The audit page's rows: every statistic of the book, by id."""
    return comparison.compare(book_data, book_recomputations(book_data)).set_index("statistic")


@pytest.mark.parametrize("study", ["A", "B", "C", "D"])
def test_every_report_opens_its_chapter_with_the_same_calls(book_data, book_audit, study):
    opened = _opened(book_data.scope([study]))
    # A chapter's audit rows are the audit page's rows of that report: scoping changes no status.
    pd.testing.assert_frame_equal(
        opened.audit.set_index("statistic"), book_audit.loc[opened.audit["statistic"]], check_dtype=False
    )


def test_a_fifth_report_goes_through_the_same_calls_with_data_rows_alone(report_e):
    opened = _opened(report_e)
    assert [f.figure_id for f in opened.figures] == ["e-courses", "e-proportions"]
    proportions = opened.figures[1].data
    assert list(proportions["estimate"]) == [100.0, 50.0]
    assert proportions["source"].str.contains("2 of 2 patients").any()
    assert "Both children reached CR, and one developed CRS." in opened.key_findings  # its own conclusion
    assert list(opened.audit["published"].str.contains("%")) == [True, True]


def test_a_chapter_is_one_reports(book_data):
    with pytest.raises(ValueError, match="one report's"):
        chapter(book_data)


def test_the_fixture_is_never_the_books(book_data):
    assert "E" not in set(book_data["studies"]["study_id"])
