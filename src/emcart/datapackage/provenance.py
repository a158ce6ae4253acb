"""Cell-level provenance: every transcribed cell has a locator and a snippet found in its source text."""

from __future__ import annotations

import os
import warnings
from functools import cache
from pathlib import Path

import pandas as pd

from emcart.datapackage import conversions, manifest, printed_forms
from emcart.datapackage.derived import derived
from emcart.datapackage.paths import sources_dir
from emcart.datapackage.problems import Problem

# Curator-written or structural fields: everything else is transcribed and needs provenance.
UNTRANSCRIBED_ROLES = {"key", "annotation"}
QUOTATION = "quotation"  # a transcribed text field holding the source's words, which must equal its snippet
SOURCES_README = "README.md"  # documents the study-level fields only (table studies)
UNAMBIGUOUS_WORDS = 12  # a snippet found more than once in its source must be at least this long


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space, so that line breaks do not matter."""
    return " ".join(text.split())


@cache
def _source_text(path: Path) -> str:
    return normalise(path.read_text(encoding="utf-8"))


def transcribed_fields(dataset, table: str) -> list[dict]:
    return [f for f in dataset.fields(table) if f.get("role") not in UNTRANSCRIBED_ROLES]


def sources_available() -> bool:
    return sources_dir().is_dir()


def sources_key() -> tuple:
    """What of the source texts a check may read: the folder, whether CI demands it, and each file's
    name, size and modification time (a key for :func:`emcart.datapackage.reuse.run`)."""
    folder = sources_dir()
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    return str(folder), _strict(), tuple((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files)


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
                    problems.append(
                        Problem(
                            dataset.file(table),
                            dataset.row_number(table, i),
                            f["name"],
                            f"no provenance row for {table}/{row_id}/{f['name']}",
                        )
                    )
    for i, row in _records(prov):
        if (row["table"], row["row_id"], row["field"]) not in cells:
            problems.append(
                Problem(
                    dataset.file("provenance"),
                    dataset.row_number("provenance", i),
                    "field",
                    f"refers to {row['table']}/{row['row_id']}/{row['field']}, which is not a non-empty transcribed cell",
                )
            )
    return problems, cells


def _snippet_problems(dataset, cells, check_sources: bool, damaged: set[str] = frozenset()) -> list[Problem]:
    """Each provenance row's snippet: words, the subject, the value by its rule, and (``check_sources``) its
    presence in its source text, unless that text is ``damaged`` (named once by the manifest check)."""
    problems = []
    prov = dataset["provenance"]
    studies = dataset["studies"]
    sources = dict(zip(studies["study_id"], zip(studies["source_files"].astype(str), studies["n_patients"])))
    known = {}
    course_therapy = dict(zip(dataset["courses"]["course_id"], dataset["courses"]["therapy"]))
    folder = sources_dir()
    file = dataset.file("provenance")
    subjects = _subject_labels(dataset)
    for i, row in _records(prov):
        line = dataset.row_number("provenance", i)
        snippet = normalise(row["snippet"])
        label = subjects.get((row["table"], row["row_id"]))
        reason = label and printed_forms.other_subject(label, row["locator"], snippet)
        if reason:
            problems.append(Problem(file, line, "snippet", f"{row['table']}/{row['row_id']}: {reason}"))
        if not any(c.isalpha() for c in snippet):
            problems.append(Problem(file, line, "snippet", f"{snippet!r} has no words: a bare number locates nothing"))
        if pd.notna(row["ocr_raw"]) and normalise(row["ocr_raw"]) not in snippet:
            problems.append(Problem(file, line, "ocr_raw", f"{row['ocr_raw']!r} does not occur in its snippet"))
        cell = cells.get((row["table"], row["row_id"], row["field"]))
        if cell is not None:
            study = _study_of(dataset, row["table"], cell[0], known)
            problems += _value_problems(dataset, row, line, cell, study, sources[study])
            problems += _clock_problems(dataset, row, cell, course_therapy)
        if check_sources and row["source_file"] not in damaged:
            problems += _source_problems(file, line, folder / row["source_file"], snippet)
    return problems


def _source_problems(file: str, line: int, path: Path, snippet: str) -> list[Problem]:
    """The source file exists, is readable text, and holds the snippet verbatim: once, or in a passage of at
    least :data:`UNAMBIGUOUS_WORDS` words (a statement the report repeats, as abstracts do)."""
    if not path.is_file():
        return [Problem(file, line, "source_file", f"{path.name} not found in {path.parent}")]
    try:
        text = _source_text(path)
    except UnicodeDecodeError as exc:
        return [
            Problem(
                file,
                line,
                "source_file",
                f"source text {path} is damaged: not UTF-8 at byte {exc.start} (cut mid-character or corrupted?)",
            )
        ]
    found = text.count(snippet)
    if not found:
        return [Problem(file, line, "snippet", f"snippet not found in {path.name}: {snippet[:80]!r}")]
    if found > 1 and len(snippet.split()) < UNAMBIGUOUS_WORDS:
        return [
            Problem(
                file,
                line,
                "snippet",
                f"ambiguous: occurs {found} times in {path.name} in fewer than "
                f"{UNAMBIGUOUS_WORDS} words; extend it to a passage that occurs once",
            )
        ]
    return []


def _subject_labels(dataset) -> dict[tuple[str, str], str]:
    """(table, row id) → the label of the patient the row is about, for the tables of per-patient rows."""
    labels = dataset["patients"].set_index("patient_id")["label"]
    owners = dataset["courses"].set_index("course_id")["patient_id"]
    subjects = {}
    for table, frame in dataset.tables.items():
        if "patient_id" in frame:
            patients = frame["patient_id"]
        elif "course_id" in frame:
            patients = frame["course_id"].map(owners)
        else:
            continue
        subjects.update(
            {(table, key): labels.get(patient) for key, patient in zip(frame[dataset.key(table)], patients)}
        )
    return subjects


def _value_problems(dataset, row, line, cell, study: str, sources: tuple[str, int]) -> list[Problem]:
    """The source file belongs to the row's ``study`` (whose source files and cohort size are ``sources``), and
    the value follows from its snippet by its declared rule."""
    problems = []
    file = dataset.file("provenance")
    index, value, field = cell
    source_files, cohort_size = sources
    allowed = source_files.split(";") + ([SOURCES_README] if row["table"] == "studies" else [])
    if row["source_file"] not in allowed:
        problems.append(Problem(file, line, "source_file", f"{row['source_file']} is not a source of study {study}"))
    where = f"{row['table']}/{row['row_id']}/{row['field']} = {value}"
    if field.get("type") not in ("integer", "number"):
        is_date = "date" in row["field"] and not row["field"].endswith("precision")
        if pd.notna(row["conversion"]) and not is_date:
            problems.append(
                Problem(file, line, "conversion", f"{where}: a conversion applies to numbers and dates only")
            )
        snippet = normalise(row["snippet"])
        reason = printed_forms.unprinted(row["table"], row["field"], value, snippet)
        if is_date:
            reason = printed_forms.undated(value, snippet, None if pd.isna(row["conversion"]) else row["conversion"])
        if not reason and value == "exact" and row["field"].endswith("_qualifier"):
            reason = _exact_reason(dataset[row["table"]], index, row["field"], snippet)
        if not reason and field.get("role") == QUOTATION and normalise(str(value)) != snippet:
            reason = "a quotation must be its snippet, word for word"
        if reason:
            problems.append(Problem(file, line, "snippet", f"{where}: {reason}"))
        return problems
    reason = _number_reason(row, value, cohort_size)
    if reason:
        column = "snippet" if pd.isna(row["conversion"]) else "conversion"
        problems.append(Problem(file, line, column, f"{where}: {reason}"))
    return problems


def _exact_reason(frame: pd.DataFrame, index, field: str, snippet: str) -> str | None:
    """Why an 'exact' qualifier is wrong: its number ('value' for 'value_qualifier') is printed only as a bound."""
    number = field.removesuffix("_qualifier")
    if number not in frame or pd.isna(frame.at[index, number]):
        return None
    return printed_forms.unmarked_bound(frame.at[index, number], snippet)


DAY_FIELDS = ("text_day", "text_day_min", "text_day_max")


def _clock_problems(dataset, row, cell, course_therapy: dict) -> list[Problem]:
    """A day printed as counted from a therapy ('One year after HSCT') belongs to a course of that therapy."""
    index, value, _field = cell
    frame = dataset[row["table"]]
    if row["field"] not in DAY_FIELDS or "course_id" not in frame:
        return []
    words = next((row[c] for c in ("printed", "ocr_raw") if pd.notna(row[c])), None)  # the day as printed
    day = normalise(words) if words else f"{float(value):g}"
    named = printed_forms.clocks_named(day, normalise(row["snippet"]))
    course = frame.at[index, "course_id"]
    if not named or course_therapy.get(course) in named:
        return []
    return [
        Problem(
            dataset.file(row["table"]),
            dataset.row_number(row["table"], index),
            "course_id",
            f"{row['row_id']}/{row['field']}: the snippet counts {day!r} from {' or '.join(sorted(named))}, "
            f"but {course} is a {course_therapy.get(course)} course",
        )
    ]


def _number_reason(row, value, cohort_size) -> str | None:
    """Why a number does not follow from its snippet (None when it does)."""
    snippet = normalise(row["snippet"])
    if pd.isna(row["conversion"]):
        return (
            None
            if conversions.stated(value, snippet, row["field"])
            else "not stated in the snippet as a signed whole token; declare a conversion and the printed token"
        )
    rule, printed = row["conversion"], row["printed"]
    if rule == "inferred":
        return None if pd.notna(row["note"]) else "an inferred value needs a note explaining it"
    if rule != "cohort" and (pd.isna(printed) or normalise(printed) not in snippet):
        return f"the printed token {printed!r} does not occur in the snippet"
    return conversions.derive(rule, "" if pd.isna(printed) else printed, value, cohort_size)


def _study_of(dataset, table: str, index, known: dict[str, list]) -> str:
    """The study of a table's row, from ``known`` (each table's studies, filled on first use)."""
    if table not in known:
        known[table] = dataset.study_of(table).tolist()
    return known[table][index]


def _records(frame: pd.DataFrame):
    """(index, row as a dict) pairs: what ``iterrows`` gives, without building a Series per row."""
    columns = list(frame.columns)
    rows = zip(*(frame[column].astype(object).where(frame[column].notna(), None).tolist() for column in columns))
    return zip(frame.index, (dict(zip(columns, row)) for row in rows))


class SnippetsNotChecked(UserWarning):
    """The source texts are absent, so the snippets were not looked up in them."""


@cache
def _say_snippets_not_checked(folder: str) -> None:
    """Say once per folder and process why the snippet checks are skipped."""
    warnings.warn(
        SnippetsNotChecked(
            f"The source texts are not at {folder}, so this session does not check that each provenance snippet "
            "occurs in its report. The reports are not distributed with the book (on Binder only this repository is "
            "present); every other check of the data ran, and the tests check the snippets where the texts are."
        ),
        stacklevel=4,
    )


def _strict() -> bool:
    """Under CI=true the source texts must be present: snippets are always checked."""
    return os.environ.get("CI", "").lower() == "true"


def checks_sources(check_sources: bool | None) -> bool:
    """Whether snippets are checked against the source texts: as asked, else when the texts are present (always
    under CI=true)."""
    return sources_available() or _strict() if check_sources is None else check_sources


def say_if_unchecked(check_sources: bool | None) -> None:
    """Say once why snippets are not checked, when that was left to the source texts' presence and they are absent."""
    if check_sources is None and not checks_sources(None):
        _say_snippets_not_checked(str(sources_dir()))


def check(dataset, check_sources: bool | None = None) -> list[Problem]:
    """Provenance problems. ``check_sources=None`` checks snippets if the source texts are present (always
    under CI=true); otherwise it says once that they are not checked, and why."""
    problems, cells = _cell_problems(dataset)
    say_if_unchecked(check_sources)
    check_sources = checks_sources(check_sources)
    if check_sources and not sources_available():
        problems.append(Problem("data/provenance.csv", None, None, f"source texts not found at {sources_dir()}"))
        check_sources = False
    damaged = set()
    if check_sources:
        found, damaged = manifest.source_problems(dataset.root, sources_dir())
        problems += found
    return problems + _snippet_problems(dataset, cells, check_sources, damaged)


def _row(dataset, table: str, row_id: str, field: str) -> pd.Series:
    prov = dataset["provenance"]
    first = derived(prov, _first_row_of_cell).get((table, row_id, field))
    if first is None:
        raise KeyError(f"no provenance for {table}/{row_id}/{field}")
    return prov.iloc[first]


def locator(dataset, table: str, row_id: str, field: str) -> str:
    """Where in its source one cell is printed ('Table 3')."""
    return _row(dataset, table, row_id, field)["locator"]


def cite(dataset, table: str, row_id: str, field: str) -> str:
    """'Locator: “snippet”' for one cell, with the OCR correction if any (for hover text and tables)."""
    row = _row(dataset, table, row_id, field)
    text = f"{row['locator']}: “{normalise(row['snippet'])}”"
    if pd.notna(row["ocr_raw"]):
        text += f" [OCR '{row['ocr_raw']}' corrected]"
    return text


def _first_row_of_cell(prov: pd.DataFrame) -> dict[tuple[str, str, str], int]:
    """The position of each cell's first provenance row."""
    cells = zip(prov["table"], prov["row_id"], prov["field"])
    return {cell: k for k, cell in reversed(list(enumerate(cells)))}


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
