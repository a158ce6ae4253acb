"""Is a per-patient recomputation independent of the number it checks?

A statistic is reproduced only from curated rows that were not transcribed from the sentence that
states it: a count of patients 'stated alive' read from 'all patients are still alive' restates the
published number and cannot disagree with it. Nor is it reproduced when every event and absence it reads
restates what another published sentence says of a whole group without naming the patient: 'no CAR-T
related death' recounted from 'all patients are still alive' checks the report against its own words, not
against what it says of each patient.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emcart.datapackage.derived import derived, remembered
from emcart.datapackage.provenance import normalise
from emcart.model.fact_reads import Reads

PER_PATIENT_TABLES = ("events", "absences", "measurements", "treatments", "patients")
FACT_TABLES = ("events", "absences")


def patient_rows(dataset, patients, event_types=(), course_numbers=()) -> set[tuple[str, str]]:
    """(table, row id) of every curated row of the given patients in :data:`PER_PATIENT_TABLES` (of events and
    absences, only those of ``event_types`` when given, and on the courses numbered ``course_numbers``)."""
    rows: set[tuple[str, str]] = set()
    courses = dataset["courses"]
    own_courses = courses[courses["patient_id"].isin(list(patients))]
    numbered = set(own_courses["course_id"][own_courses["course_number"].isin(list(course_numbers))])
    for table in PER_PATIENT_TABLES:
        frame = dataset[table]
        mine = (
            frame["course_id"].isin(set(own_courses["course_id"]))
            if "patient_id" not in frame
            else frame["patient_id"].isin(list(patients))
        )
        if "event_type" in frame:
            if event_types:
                mine &= frame["event_type"].isin(list(event_types))
            if course_numbers:
                mine &= frame["course_id"].isin(numbered)
        rows |= {(table, str(k)) for k in frame.loc[mine, dataset.key(table)]}
    return rows


def own_snippets(dataset, stat_id: str) -> set[str]:
    """The source sentences a published statistic is transcribed from."""
    return {c.snippet for c in _cells(dataset).get(("reported_statistics", stat_id), ())}


@dataclass(frozen=True)
class Cell:
    """Where one curated cell was transcribed from: its field, source file, locator and normalised snippet."""

    field: str
    source: str
    locator: str
    snippet: str

    def within(self, sentence: Cell) -> bool:
        """Transcribed from ``sentence``: its very words, or words of it at the same place of the same source."""
        return self.snippet == sentence.snippet or (
            (self.source, self.locator) == (sentence.source, sentence.locator) and self.snippet in sentence.snippet
        )


def _cells(dataset) -> dict[tuple[str, str], tuple[Cell, ...]]:
    return derived(dataset["provenance"], _cells_by_row)


def _cells_by_row(prov: pd.DataFrame) -> dict[tuple[str, str], tuple[Cell, ...]]:
    """The provenance of each curated row's cells, by (table, row id)."""
    found: dict[tuple[str, str], list[Cell]] = {}
    for row in zip(prov["table"], prov["row_id"], prov["field"], prov["source_file"], prov["locator"], prov["snippet"]):
        found.setdefault(row[:2], []).append(Cell(row[2], row[3], row[4], normalise(row[5])))
    return {key: tuple(cells) for key, cells in found.items()}


def read_cells(
    dataset, patients, event_types=(), reads: Reads | None = None
) -> dict[tuple[str, str], tuple[Cell, ...]]:
    """The provenance of the cells a recount reads of the patients' rows (:func:`patient_rows`): every cell, or
    those ``reads`` names (a row of a table it reads nothing of is left out)."""
    cells = _cells(dataset)
    found = {}
    for table, row_id in patient_rows(dataset, patients, event_types, reads.course_numbers if reads else ()):
        fields = None if reads is None else reads.fields(table)
        if fields == ():
            continue
        kept = tuple(c for c in cells.get((table, row_id), ()) if fields is None or c.field in fields)
        found[(table, row_id)] = kept
    return found


def restates(dataset, table: str, row_id: str, stat_id: str) -> bool:
    """Whether a curated row has a cell transcribed from the sentence that states a published statistic
    (:meth:`Cell.within`)."""
    return _from_sentence(dataset, stat_id, _cells(dataset).get((table, row_id), ()))


def _from_sentence(dataset, stat_id: str, cells) -> bool:
    """Whether any of ``cells`` is transcribed from the sentence that states the statistic."""
    own = _cells(dataset).get(("reported_statistics", stat_id), ())
    return any(c.within(o) for c in cells for o in own)


def circular_rows(dataset, stat_id: str, patients, event_types=(), reads: Reads | None = None) -> list[str]:
    """The patients' curated rows whose cells read (:func:`read_cells`) are transcribed from the statistic's own
    sentence ('table/row'; :meth:`Cell.within`); empty when the recomputation is independent of the published
    number. No patients read: the statistic itself."""
    if not patients:
        return [f"reported_statistics/{stat_id}"]
    read = read_cells(dataset, patients, event_types, reads)
    return sorted(f"{t}/{r}" for (t, r), cells in read.items() if _from_sentence(dataset, stat_id, cells))


def _statistics_by_snippet(prov: pd.DataFrame) -> dict[str, set[str]]:
    """The published statistics each normalised source sentence states."""
    found: dict[str, set[str]] = {}
    stated = prov[prov["table"] == "reported_statistics"]
    for stat_id, snippet in zip(stated["row_id"], stated["snippet"]):
        found.setdefault(normalise(snippet), set()).add(stat_id)
    return found


def restated_counts(dataset, stat_id: str, patients, event_types=(), reads: Reads | None = None) -> list[str]:
    """The other published statistics whose sentences every event and absence of the patients the recount reads
    (of ``event_types`` when given) restates: each row is transcribed from a sentence that states a published
    count of a group and does not name the row's patient. Empty when no such row is read, or when any row read
    says something of its patient that no published count of a group states."""
    read = read_cells(dataset, patients, event_types, reads)
    rows = sorted(key for key in read if key[0] in FACT_TABLES)
    stating = derived(dataset["provenance"], _statistics_by_snippet)
    labels = derived(dataset["patients"], _labels)
    owner = {t: _owners(dataset[t], dataset.key(t)) for t in FACT_TABLES}
    found: set[str] = set()
    for table, row_id in rows:
        label = labels[owner[table][row_id]]
        groups = {c.snippet for c in read[(table, row_id)] if stating.get(c.snippet) and label not in c.snippet}
        if not groups:
            return []
        found |= {sid for s in groups for sid in stating[s]}
    return sorted(found - {stat_id})


def _labels(patients: pd.DataFrame) -> dict[str, str]:
    return dict(zip(patients["patient_id"], patients["label"].astype(str)))


def _owners(frame: pd.DataFrame, key: str) -> dict[str, str]:
    """The patient of each row of a table of per-patient facts, by the row's id (column ``key``)."""
    return remembered(frame, ("owners", key), lambda: dict(zip(frame[key], frame["patient_id"])))
