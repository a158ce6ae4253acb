"""Every transcribed cell has provenance, and every snippet stands verbatim in its source text."""
from __future__ import annotations

import pandas as pd
import pytest

import emcart
from emcart.datapackage import provenance


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


def test_snippets_occur_in_the_source_texts(sources):
    problems = provenance.check(emcart.load(check_sources=False), check_sources=True)
    assert problems == [], "\n".join(map(str, problems))


def test_every_non_empty_transcribed_cell_is_covered(data):
    prov = data["provenance"]
    covered = set(zip(prov["table"], prov["row_id"], prov["field"]))
    cells = 0
    for table in data.tables:
        if table == "provenance":
            continue
        key = data.key(table)
        for field in provenance.transcribed_fields(data, table):
            for _, row in data[table].dropna(subset=[field["name"]]).iterrows():
                cells += 1
                assert (table, row[key], field["name"]) in covered, f"{table}/{row[key]}/{field['name']}"
    assert cells == len(prov), "every provenance row belongs to exactly one transcribed cell"


def test_ocr_corrections_keep_the_printed_text_and_a_note(data):
    ocr = data["provenance"].dropna(subset=["ocr_raw"])
    assert len(ocr) >= 10
    assert ocr["note"].notna().all()
    age = ocr[(ocr["row_id"] == "C-4") & (ocr["field"] == "age_years")].iloc[0]
    assert age["ocr_raw"] == "792" and "4 792, F TCF3-ZNF384" in age["snippet"]


def test_missing_sources_are_a_problem_when_required(monkeypatch, tmp_path, data):
    monkeypatch.setenv("EMCART_SOURCES", str(tmp_path / "nowhere"))
    problems = provenance.check(data, check_sources=True)
    assert [p.message for p in problems if p.row is None] == [f"source texts not found at {tmp_path / 'nowhere'}"]
    monkeypatch.delenv("CI", raising=False)
    provenance._say_snippets_not_checked.cache_clear()
    with pytest.warns(provenance.SnippetsNotChecked):
        assert provenance.check(data, check_sources=None) == []


@pytest.mark.parametrize("text, expected", [
    ("range, 186- 3,180 days", {186.0, 3180.0}),
    ("Five patients achieved complete remission (71.4%)", {5.0, 71.4}),
    ("on the fourth day after infusion", {4.0}),
    ("no numbers here", set()),
])
def test_numbers_in_reads_digits_words_and_ordinals(text, expected):
    assert provenance.numbers_in(text) == expected


def test_normalise_collapses_line_breaks():
    assert provenance.normalise("a\n  b\tc ") == "a b c"


def test_cite_names_locator_snippet_and_correction(data):
    text = provenance.cite(data, "patients", "C-4", "age_years")
    assert text.startswith("Table 1, patient 4: “4 792, F") and "[OCR '792' corrected]" in text
    with pytest.raises(KeyError):
        provenance.cite(data, "patients", "C-4", "no_such_field")


def test_numeric_values_are_stated_or_explained(data):
    """The numeric check is live: a number neither in its snippet nor explained is reported."""
    bad = data["provenance"].copy()
    row = bad.index[(bad["table"] == "patients") & (bad["row_id"] == "C-1") & (bad["field"] == "age_years")][0]
    bad.loc[row, "snippet"] = "Case 1: A girl"
    data.tables["provenance"], original = bad, data.tables["provenance"]
    try:
        problems = provenance.check(data, check_sources=False)
    finally:
        data.tables["provenance"] = original
    assert any(p.column == "snippet" and "C-1/age_years = 5.58" in p.message for p in problems)
    assert isinstance(original, pd.DataFrame)


def test_without_the_source_texts_a_session_says_once_why_snippets_are_not_checked(monkeypatch, tmp_path, data):
    monkeypatch.setenv("EMCART_SOURCES", str(tmp_path / "absent"))
    monkeypatch.delenv("CI", raising=False)
    provenance._say_snippets_not_checked.cache_clear()
    with pytest.warns(provenance.SnippetsNotChecked, match="not distributed with the book") as said:
        assert provenance.check(data) == []
        assert provenance.check(data) == []
    assert len(said) == 1


def test_under_ci_missing_source_texts_fail(monkeypatch, tmp_path, data):
    monkeypatch.setenv("EMCART_SOURCES", str(tmp_path / "absent"))
    monkeypatch.setenv("CI", "true")
    problems = provenance.check(data)
    assert [(p.file, p.message) for p in problems] == [("data/provenance.csv", f"source texts not found at {tmp_path / 'absent'}")]
