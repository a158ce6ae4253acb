"""Scoped loading and input-driven execution: a notebook re-executes when what it reads changed, only then."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import emcart
import test_mutations_meaning
from emcart.analysis import doubleentry
from emcart.build import execute
from emcart.datapackage.dataset import INPUTS_LOG

NOTEBOOKS = sorted(Path(__file__).resolve().parents[1].joinpath("notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


def _inputs(*studies, files=()):
    return {"studies": list(studies), "files": list(files)}


def _edited(data, table, row_id, column, suffix=" (edited)"):
    """A copy of the dataset with one cell changed: in the row whose key (provenance: row_id) is ``row_id``."""
    changed = copy.copy(data)
    changed.tables = dict(data.tables)
    frame = data[table].copy()
    rows = frame["row_id" if table == "provenance" else data.key(table)] == row_id
    assert rows.sum() >= 1
    frame.loc[rows, column] = frame.loc[rows, column].fillna("") + suffix
    changed.tables[table] = frame
    return changed


def test_every_row_belongs_to_exactly_one_study(data):
    scoped = [data.scope([study]) for study in data["studies"]["study_id"]]
    for name, frame in data.tables.items():
        assert data.study_of(name).notna().all(), name
        assert sum(len(rows[name]) for rows in scoped) == len(frame), name


def test_scope_keeps_the_rows_of_its_studies(data):
    c = data.scope(["C"])
    assert set(c["patients"]["study_id"]) == {"C"} and len(c["patients"]) == 7
    assert c["events"]["course_id"].str.startswith("C-").all()
    assert c["provenance"]["row_id"].str.match(r"^C(-|$)").all()
    assert c.studies == ("C",) and data.studies is None
    with pytest.raises(ValueError, match="unknown studies"):
        data.scope(["E"])


def test_load_takes_study_ids_not_a_folder(data):
    with pytest.raises(TypeError, match="root="):
        emcart.load(data.root, check_sources=False)


def test_loads_and_files_read_are_noted(tmp_path, monkeypatch):
    log = tmp_path / "inputs.log"
    monkeypatch.setenv(INPUTS_LOG, str(log))
    emcart.load("D", check_sources=False)
    emcart.load(check_sources=False)
    doubleentry.load("report_c_second")
    read = execute.inputs_read(log.read_text())
    assert read["studies"] == ["*"]
    assert "curation/double_entry/report_c_second_map.csv" in read["files"] and len(read["files"]) == 5
    assert execute.inputs_read("study D\nstudy B\n") == _inputs("B", "D")


def test_fingerprint_follows_what_the_notebook_reads(data):
    notebook = new_notebook(cells=[new_code_cell("data = emcart.load('B')"), new_markdown_cell("prose")])
    before = {s: execute.fingerprint(notebook, data, _inputs(s)) for s in ["A", "B", "*"]}
    b_edit = _edited(data, "gaps", "B-Fig1", "content")
    after = {s: execute.fingerprint(notebook, b_edit, _inputs(s)) for s in ["A", "B", "*"]}
    assert after["A"] == before["A"]
    assert after["B"] != before["B"] and after["*"] != before["*"]
    c_note = _edited(data, "provenance", "C-1", "note")
    assert execute.fingerprint(notebook, c_note, _inputs("B")) == before["B"]
    assert execute.fingerprint(notebook, c_note, _inputs("C")) != execute.fingerprint(notebook, data, _inputs("C"))
    prose = copy.deepcopy(notebook)
    prose.cells[1].source = "other prose"
    assert execute.fingerprint(prose, data, _inputs("B")) == before["B"]
    code = copy.deepcopy(notebook)
    code.cells[0].source += "\ndata.scope(['B'])"
    assert execute.fingerprint(code, data, _inputs("B")) != before["B"]
    with_file = execute.fingerprint(
        notebook, data, _inputs("B", files=["curation/double_entry/report_c_second_map.csv"])
    )
    assert with_file != before["B"]


def test_a_notebook_without_a_record_or_with_a_changed_input_is_stale(data):
    notebook = new_notebook(cells=[new_code_cell("1")])
    assert execute.stale(notebook, data)
    notebook.metadata["emcart"] = {**_inputs("D"), "inputs": execute.fingerprint(notebook, data, _inputs("D"))}
    assert not execute.stale(notebook, data)
    assert execute.stale(notebook, _edited(data, "reported_statistics", "D-CR", "statistic"))
    assert not execute.stale(notebook, _edited(data, "reported_statistics", "C-CR-all", "statistic"))
    notebook.metadata["emcart"]["files"] = ["curation/none.csv"]
    assert execute.stale(notebook, data)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebooks_are_current(path, data):
    notebook = nbformat.read(path, as_version=4)
    assert not execute.stale(notebook, data), (
        f"{path.name}: inputs changed since its outputs were made; run make notebooks"
    )


def test_report_chapters_read_their_own_report_only():
    studies = {p.stem: nbformat.read(p, as_version=4).metadata["emcart"]["studies"] for p in NOTEBOOKS}
    assert {studies[f"report_{r.lower()}"][0] for r in "ABCD"} == set("ABCD")
    assert all(len(studies[f"report_{r}"]) == 1 for r in "abcd")


def test_execute_runs_stale_notebooks_and_records_their_inputs(tmp_path, capsys):
    path = tmp_path / "scoped.ipynb"
    nbformat.write(
        new_notebook(
            cells=[new_code_cell("import emcart\nlen(emcart.load('D')['reported_statistics'])")],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        ),
        path,
    )
    assert execute.main([str(path)]) == 0
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata["emcart"]["studies"] == ["D"]
    assert notebook.cells[0].outputs[0]["data"]["text/plain"] == "15"
    assert f"executed {path} (reads D)" in capsys.readouterr().out
    assert execute.main([str(path)]) == 0
    assert f"current {path}" in capsys.readouterr().out


def test_a_notebook_depends_on_the_modules_it_imports_and_theirs():
    notebook = new_notebook(
        cells=[
            new_code_cell(
                "import pandas\nfrom emcart.presentation.figures import forest\nfrom emcart.presentation.tables import Table"
            )
        ]
    )
    modules = set(execute.package_modules(notebook))
    assert {
        "emcart",
        "emcart.presentation.figures.forest",
        "emcart.presentation.figures.figure",
        "emcart.presentation.figures.style",
        "emcart.presentation.tables",
        "emcart.datapackage.dataset",
    } <= modules
    assert "emcart.datapackage.rules" in modules  # through emcart/__init__ and the data package
    assert (
        not {
            "emcart.build.sphinx",
            "emcart.build.execute",
            "emcart.reports.report_a",
            "emcart.presentation.figures.swimmer",
        }
        & modules
    )
    assert execute.package_modules(new_notebook(cells=[new_code_cell("1 + 1")])) == []


def test_a_change_to_the_build_extension_leaves_notebooks_current(data, monkeypatch):
    notebook = new_notebook(cells=[new_code_cell("import emcart")])
    before = execute.fingerprint(notebook, data, _inputs("D"))
    real = Path.read_text
    monkeypatch.setattr(
        Path, "read_text", lambda self, **kw: real(self, **kw) + ("#" if self.name == "sphinx.py" else "")
    )
    assert execute.fingerprint(notebook, data, _inputs("D")) == before
    monkeypatch.setattr(
        Path, "read_text", lambda self, **kw: real(self, **kw) + ("#" if self.name == "dataset.py" else "")
    )
    assert execute.fingerprint(notebook, data, _inputs("D")) != before


def test_bad_data_stop_the_run_before_any_notebook(monkeypatch, capsys, tmp_path):
    problem = emcart.Problem("data/patients.csv", 3, "sex", "not in F, M")
    monkeypatch.setattr(execute, "load", lambda: (_ for _ in ()).throw(emcart.DataError([problem])))
    monkeypatch.setattr(execute, "execute", lambda path: pytest.fail("a notebook ran on bad data"))
    notebook = tmp_path / "any.ipynb"
    nbformat.write(new_notebook(), notebook)
    assert execute.main([str(notebook)]) == 1
    assert "data/patients.csv row 3 column sex: not in F, M" in capsys.readouterr().err


@pytest.mark.parametrize(
    "corruption",
    [
        "_ocr_corrected_value_changed",
        "_nan_string",
        "_february_30",
        "_event_deleted_with_its_provenance",
        "_number_field_retyped",
        "_sex_swapped",
    ],
)
def test_corrupted_data_stop_make_book_before_any_notebook(corruption, data_copy, monkeypatch, capsys, tmp_path):
    """The first step of `make book` on a corrupted copy of data/: it names the place and executes nothing."""
    file, row, column = getattr(test_mutations_meaning, corruption)(data_copy)
    monkeypatch.setattr(execute, "load", lambda: emcart.load(root=data_copy, check_sources=False))
    monkeypatch.setattr(execute, "execute", lambda path: pytest.fail("a notebook ran on bad data"))
    assert execute.main([str(NOTEBOOKS[0])]) == 1
    err = capsys.readouterr().err
    assert file in err and (row is None or f"row {row}" in err) and (column is None or f"column {column}" in err)


def test_an_unreadable_notebook_is_named(tmp_path, capsys):
    path = tmp_path / "half.ipynb"
    path.write_text('{"cells": [', encoding="utf-8")
    assert execute.main([str(path)]) == 1
    assert f"{path}: unreadable notebook" in capsys.readouterr().err


def test_missing_sources_are_one_line_and_fail_under_ci(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("EMCART_SOURCES", str(tmp_path / "nowhere"))
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(execute, "load", lambda: pytest.fail("validation ran without the source texts under CI"))
    assert execute.main([]) == 1
    assert capsys.readouterr().err.strip() == execute.sources_message()
    assert str(tmp_path / "nowhere") in execute.sources_message()


def test_notebooks_are_written_atomically(tmp_path):
    path = tmp_path / "n.ipynb"
    execute.write(new_notebook(cells=[new_markdown_cell("text")]), path)
    assert nbformat.read(path, as_version=4).cells[0].source == "text"
    assert [p.name for p in tmp_path.iterdir()] == ["n.ipynb"]


def test_check_warns_about_a_stale_notebook_and_fails_under_ci(tmp_path, monkeypatch, capsys):
    path = tmp_path / "never_run.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("1 + 1")]), path)
    monkeypatch.setattr(execute, "execute", lambda path: pytest.fail("--check executed a notebook"))
    monkeypatch.delenv("CI", raising=False)
    assert execute.main(["--check", str(path)]) == 0
    assert f"WARNING: {path} is stale" in capsys.readouterr().err
    monkeypatch.setenv("CI", "true")
    assert execute.main(["--check", str(path)]) == 1
