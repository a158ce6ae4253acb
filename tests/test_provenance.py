"""Every transcribed cell has provenance, and every snippet stands verbatim in its source text."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import emcart
from emcart.datapackage import conversions, manifest, printed_forms, provenance
from emcart.datapackage.paths import DATA


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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("range, 186- 3,180 days", {186.0, 3180.0}),
        ("Five patients achieved complete remission (71.4%)", {5.0, 71.4}),
        ("on the fourth day after infusion", {4.0}),
        ("from Days -4 to -2 (day-3, day0)", {-4.0, -2.0, -3.0, 0.0}),
        ("patient S003, no numbers, grade I", set()),
    ],
)
def test_stated_numbers_are_signed_whole_tokens_or_spelled(text, expected):
    assert conversions.signed_numbers(text) | conversions.word_numbers(text) == expected


@pytest.mark.parametrize(
    "rule, printed, value, ok",
    [
        ("ocr-decimal", "792", 7.92, True),
        ("ocr-decimal", "792", 7.29, False),
        ("ocr-minus", "—4", -4, True),
        ("ocr-minus", "—4", 4, False),
        ("superscript", "1.2107", 1.2, True),
        ("superscript", "1.2107", 12, False),
        ("words", "no", 0, True),
        ("words", "I", 1, True),
        ("words", "three", 2, False),
        ("unit:12", "1-year", 12, True),
        ("unit:12", "1-year", 24, False),
        ("months-to-days", "two months", 59, True),
        ("months-to-days", "two months", 58, False),
        ("percent-of:7", "5", 71.4, True),
        ("percent-of:7", "5", 0.714, False),
        ("cohort", "", 8, True),
        ("cohort", "", 9, False),
        ("sideways", "1", 1, False),
    ],
)
def test_each_conversion_recomputes_the_value_from_the_printed_token(rule, printed, value, ok):
    assert (conversions.derive(rule, printed, value, cohort_size=8) is None) == ok


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


def test_a_note_never_switches_the_number_check_off(data):
    bad = data["provenance"].copy()
    row = bad.index[(bad["table"] == "patients") & (bad["row_id"] == "C-1") & (bad["field"] == "age_years")][0]
    bad.loc[row, "snippet"], bad.loc[row, "note"] = "Case 1: A girl", "any explanation at all"
    data.tables["provenance"], original = bad, data.tables["provenance"]
    try:
        problems = provenance.check(data, check_sources=False)
    finally:
        data.tables["provenance"] = original
    assert any(p.column == "snippet" and "C-1/age_years" in p.message for p in problems)
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
    assert [(p.file, p.message) for p in problems] == [
        ("data/provenance.csv", f"source texts not found at {tmp_path / 'absent'}")
    ]


def _cut_at_a_line(raw: bytes) -> bytes:
    return b"".join(raw.splitlines(keepends=True)[: len(raw.splitlines()) // 2])


def _cut_mid_character(raw: bytes) -> bytes:
    return raw[: next(i for i, b in enumerate(raw) if b >= 0xC0) + 1]  # inside the first multi-byte character


@pytest.mark.parametrize(
    "damage, says",
    [(_cut_at_a_line, "shorter (truncated?)"), (_cut_mid_character, "not UTF-8 at byte")],
    ids=["line", "character"],
)
def test_a_damaged_source_is_named_once_not_as_every_snippet_it_lacks(
    damage, says, sources, tmp_path, monkeypatch, data
):
    copy = tmp_path / "sources"
    shutil.copytree(sources, copy)
    name = "003_b98ce3abb191c710.txt"  # report C: hundreds of snippets
    damaged = copy / name
    damaged.write_bytes(damage(damaged.read_bytes()))
    monkeypatch.setenv("EMCART_SOURCES", str(copy))
    problems = provenance.check(data, check_sources=True)
    assert [p.file for p in problems] == [str(damaged)], [str(p) for p in problems][:5]
    assert "source text damaged or replaced" in problems[0].message and says in problems[0].message
    assert (data["provenance"]["source_file"] == name).sum() > 100


def test_every_source_text_is_pinned_by_size_and_hash(sources):
    pinned = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))["sources"]
    assert set(pinned) == {p.name for p in sources.iterdir() if p.is_file()}
    assert all(manifest.fingerprint(sources / name) == value for name, value in pinned.items())


def test_unpinned_source_texts_are_a_problem(sources, data_copy):
    path = data_copy / "manifest.json"
    path.write_text(json.dumps({k: v for k, v in json.loads(path.read_text()).items() if k != "sources"}))
    problems, damaged = manifest.source_problems(data_copy, sources)
    assert [(p.file, p.column) for p in problems] == [("data/manifest.json", "sources")] and not damaged


def test_a_date_may_be_declared_days_after_the_printed_date():
    snippet = "On Sept. 29, 2021, the patient received a lymphodepletion regimen"
    assert printed_forms.undated("2021-09-30", snippet, "days-after:1") is None
    assert printed_forms.undated("2021-10-01", snippet, "days-after:1") is not None
    assert printed_forms.undated("2021-09-30", snippet) is not None
    assert printed_forms.undated("2021-09-30", snippet, "weeks-after:1") is not None
