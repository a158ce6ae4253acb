"""Cell-level provenance: every transcribed cell has a locator and a snippet found in its source text."""
from __future__ import annotations

import os
import re
import warnings
from functools import cache
from pathlib import Path

import pandas as pd

from emcart.datapackage.paths import sources_dir
from emcart.datapackage.problems import Problem

# Curator-written or structural fields: everything else is transcribed and needs provenance.
UNTRANSCRIBED_ROLES = {"key", "annotation"}
SOURCES_README = "README.md"

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# Numbers in words, indexed by their value (as the reports write them, and as the book does).
CARDINALS = "zero one two three four five six seven eight nine ten eleven twelve".split()
ORDINALS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth".split()
_WORDS = {w: n for n, w in enumerate(CARDINALS)}
_ORDINALS = {w: n for n, w in enumerate(ORDINALS) if n}


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space, so that line breaks do not matter."""
    return " ".join(text.split())


def numbers_in(snippet: str) -> set[float]:
    """Numbers a snippet states, in digits (thousands separators allowed) or in words."""
    found = {float(m.replace(",", "")) for m in _NUMBER.findall(snippet)}
    for word in re.findall(r"[a-z]+", snippet.lower()):
        if word in _WORDS:
            found.add(float(_WORDS[word]))
        if word in _ORDINALS:
            found.add(float(_ORDINALS[word]))
    return found


@cache
def _source_text(path: Path) -> str:
    return normalise(path.read_text(encoding="utf-8"))


def transcribed_fields(dataset, table: str) -> list[dict]:
    return [f for f in dataset.fields(table) if f.get("role") not in UNTRANSCRIBED_ROLES]


def sources_available() -> bool:
    return sources_dir().is_dir()


def _cell_problems(dataset) -> list[Problem]:
    """Every non-empty transcribed cell has a provenance row; every provenance row has a cell."""
    problems = []
    prov = dataset["provenance"]
    covered = set(zip(prov["table"], prov["row_id"], prov["field"]))
    cells = {}
    for table in dataset.tables:
        if table == "provenance":
            continue
        frame = dataset[table]
        keys = frame[dataset.key(table)]
        for f in transcribed_fields(dataset, table):
            for i, row_id, value in zip(frame.index, keys, frame[f["name"]]):
                if pd.isna(value):
                    continue
                cells[(table, row_id, f["name"])] = (i, value, f)
                if (table, row_id, f["name"]) not in covered:
                    problems.append(Problem(dataset.file(table), dataset.row_number(table, i), f["name"],
                                            f"no provenance row for {table}/{row_id}/{f['name']}"))
    for i, row in _records(prov):
        if (row["table"], row["row_id"], row["field"]) not in cells:
            problems.append(Problem(dataset.file("provenance"), dataset.row_number("provenance", i), "field",
                                    f"refers to {row['table']}/{row['row_id']}/{row['field']}, which is not a non-empty transcribed cell"))
    return problems, cells


def _snippet_problems(dataset, cells, check_sources: bool) -> list[Problem]:
    problems = []
    prov = dataset["provenance"]
    studies = dataset["studies"].set_index("study_id")
    course_study = dict(zip(dataset["courses"]["course_id"], dataset["courses"]["study_id"]))
    folder = sources_dir()
    file = dataset.file("provenance")
    for i, row in _records(prov):
        line = dataset.row_number("provenance", i)
        snippet = normalise(row["snippet"])
        if pd.notna(row["ocr_raw"]) and normalise(row["ocr_raw"]) not in snippet:
            problems.append(Problem(file, line, "ocr_raw", f"{row['ocr_raw']!r} does not occur in its snippet"))
        cell = cells.get((row["table"], row["row_id"], row["field"]))
        if cell is not None:
            problems += _value_problems(dataset, row, line, cell, studies, course_study)
        if not check_sources:
            continue
        path = folder / row["source_file"]
        if not path.is_file():
            problems.append(Problem(file, line, "source_file", f"{row['source_file']} not found in {folder}"))
        elif snippet not in _source_text(path):
            problems.append(Problem(file, line, "snippet", f"snippet not found in {row['source_file']}: {snippet[:80]!r}"))
    return problems


def _value_problems(dataset, row, line, cell, studies, course_study) -> list[Problem]:
    """The source file belongs to the row's study, and a number is stated in its snippet."""
    problems = []
    file = dataset.file("provenance")
    index, value, field = cell
    study = _study_of(dataset, row["table"], index, course_study)
    allowed = str(studies.at[study, "source_files"]).split(";") + [SOURCES_README]
    if row["source_file"] not in allowed:
        problems.append(Problem(file, line, "source_file", f"{row['source_file']} is not a source of study {study}"))
    if field.get("type") in ("integer", "number") and pd.isna(row["ocr_raw"]) and pd.isna(row["note"]):
        if abs(float(value)) not in numbers_in(row["snippet"]):
            problems.append(Problem(file, line, "snippet",
                                    f"{row['table']}/{row['row_id']}/{row['field']} = {value} is not stated in the snippet; "
                                    "give the OCR raw text or a note explaining the conversion"))
    return problems


def _study_of(dataset, table: str, index, course_study: dict) -> str:
    frame = dataset[table]
    if "study_id" in frame:
        return frame.at[index, "study_id"]
    return course_study[frame.at[index, "course_id"]]


def _records(frame: pd.DataFrame):
    """(index, row as a dict) pairs: what ``iterrows`` gives, without building a Series per row."""
    return zip(frame.index, frame.to_dict("records"))


class SnippetsNotChecked(UserWarning):
    """The source texts are absent, so the snippets were not looked up in them."""


@cache
def _say_snippets_not_checked(folder: str) -> None:
    """Say once per folder and process why the snippet checks are skipped."""
    warnings.warn(SnippetsNotChecked(
        f"The source texts are not at {folder}, so this session does not check that each provenance snippet "
        "occurs in its report. The reports are not distributed with the book (on Binder only this repository is "
        "present); every other check of the data ran, and the tests check the snippets where the texts are."),
        stacklevel=4)


def _strict() -> bool:
    """Under CI=true the source texts must be present: snippets are always checked."""
    return os.environ.get("CI", "").lower() == "true"


def check(dataset, check_sources: bool | None = None) -> list[Problem]:
    """Provenance problems. ``check_sources=None`` checks snippets if the source texts are present (always
    under CI=true); otherwise it says once that they are not checked, and why."""
    problems, cells = _cell_problems(dataset)
    if check_sources is None:
        check_sources = sources_available() or _strict()
        if not check_sources:
            _say_snippets_not_checked(str(sources_dir()))
    if check_sources and not sources_available():
        problems.append(Problem("data/provenance.csv", None, None, f"source texts not found at {sources_dir()}"))
        check_sources = False
    return problems + _snippet_problems(dataset, cells, check_sources)


def cite(dataset, table: str, row_id: str, field: str) -> str:
    """'Locator: “snippet”' for one cell, with the OCR correction if any (for hover text and tables)."""
    prov = dataset["provenance"]
    hit = prov[(prov["table"] == table) & (prov["row_id"] == row_id) & (prov["field"] == field)]
    if hit.empty:
        raise KeyError(f"no provenance for {table}/{row_id}/{field}")
    row = hit.iloc[0]
    text = f"{row['locator']}: “{normalise(row['snippet'])}”"
    if pd.notna(row["ocr_raw"]):
        text += f" [OCR '{row['ocr_raw']}' corrected]"
    return text


def time_source(dataset, table: str, row_id: str) -> tuple[str, str | None] | None:
    """Where a row's time comes from: the citation of its day, its lower bound or its date (the
    first it has), and the curator's note on it; None for a row without a stated time."""
    prov = dataset["provenance"]
    hits = prov[(prov["table"] == table) & (prov["row_id"] == row_id)].set_index("field")
    for field in ("text_day", "text_day_min", "date"):
        if field in hits.index:
            note = hits.at[field, "note"]
            return cite(dataset, table, row_id, field), (None if pd.isna(note) else note)
    return None
