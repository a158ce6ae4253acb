"""A package found valid is not validated again while nothing validation reads has changed; anything else is."""

from __future__ import annotations

import shutil

import pytest

import emcart
from emcart.datapackage import provenance, schema, validated
from test_mutations import set_cell


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The markers of valid packages, kept apart from the project's."""
    folder = tmp_path / "validated"
    monkeypatch.setattr(validated, "STORE", folder)
    return folder


def _unvalidated(monkeypatch):
    """From here on, validating the schema fails the test."""
    monkeypatch.setattr(schema, "validate", lambda root: pytest.fail(f"{root} was validated again"))


def test_a_valid_package_is_validated_once_and_then_read(data_copy, store, monkeypatch):
    emcart.load(root=data_copy, check_sources=False)
    assert [p.name for p in store.iterdir()] == [validated.digest(data_copy, False)]
    _unvalidated(monkeypatch)
    assert len(emcart.load("C", root=data_copy, check_sources=False)["patients"]) == 7


def test_a_changed_byte_is_validated_in_full_and_leaves_no_marker(data_copy, store, monkeypatch):
    emcart.load(root=data_copy, check_sources=False)
    valid = validated.digest(data_copy, False)
    set_cell(data_copy, "patients", "C-2", "age_years", "-3")
    assert validated.digest(data_copy, False) != valid
    with pytest.raises(emcart.DataError, match="patients.csv"):
        emcart.load(root=data_copy, check_sources=False)
    assert [p.name for p in store.iterdir()] == [valid]


def test_the_digest_covers_the_sources_whether_they_are_checked_and_the_validation_code(
    data_copy, sources, tmp_path, monkeypatch
):
    checked = validated.digest(data_copy, True)
    assert validated.digest(data_copy, False) != checked
    copy = tmp_path / "sources"
    shutil.copytree(sources, copy)
    monkeypatch.setenv("EMCART_SOURCES", str(copy))
    assert validated.digest(data_copy, True) == checked
    text = sorted(copy.glob("*.txt"))[0]
    text.write_text(text.read_text() + " ")
    assert validated.digest(data_copy, True) != checked
    code = tmp_path / "code"
    shutil.copytree(validated.CODE, code)
    monkeypatch.setattr(validated, "CODE", code)
    before = validated.digest(data_copy, False)
    (code / "rules.py").write_text((code / "rules.py").read_text() + "\n")
    assert validated.digest(data_copy, False) != before


def test_an_unreadable_descriptor_is_never_taken_as_known(data_copy, store):
    (data_copy / "datapackage.json").write_text("{", encoding="utf-8")
    assert validated.digest(data_copy, False) is None and not validated.known(None)
    with pytest.raises(emcart.DataError, match="datapackage.json"):
        emcart.load(root=data_copy, check_sources=False)
    assert not store.exists()


def test_a_package_read_without_validation_still_says_why_snippets_are_not_checked(
    data_copy, store, tmp_path, monkeypatch
):
    monkeypatch.setenv("EMCART_SOURCES", str(tmp_path / "absent"))
    monkeypatch.delenv("CI", raising=False)
    emcart.load(root=data_copy, check_sources=False)
    _unvalidated(monkeypatch)
    provenance._say_snippets_not_checked.cache_clear()
    with pytest.warns(provenance.SnippetsNotChecked, match="not distributed with the book") as said:
        emcart.load(root=data_copy)
        emcart.load(root=data_copy)
    assert len(said) == 1


def test_a_file_added_beside_the_package_is_validated(data_copy, store):
    emcart.load(root=data_copy, check_sources=False)
    (data_copy / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(emcart.DataError, match="notes.csv"):
        emcart.load(root=data_copy, check_sources=False)
