"""Double entry of restated facts: a second entry's free-standing facts paired with curated cells.

A second transcriber may write facts in no table of the curated shape (a dose, a date, a
count, a Methods rule, a statement that something did not happen). Its file is kept as written
(``<name>/<table>.csv``; by default ``facts.csv`` with the columns ``case``, ``item``, ``value``,
``unit``, ``qualifier``, ``printed``); a pairing file (``<name>_<table>_map.csv``: ``second_key``,
``cells``, ``note``) names for each fact the curated cells that restate it, as ``table:row_id:field`` separated by ``;``, or leaves ``cells`` empty
and says in ``note`` why the curated data hold no such cell. The numbers of the fact's value are
compared with the numbers of those cells (a difference is a number of the fact that the cells do not
hold: a cell may state more than the one fact), and its unit, bound and date precision (where the
file has such a column) with the listed cells of those fields; every difference needs a resolution in ``<name>_<table>_resolutions.csv``, checked by
:func:`emcart.analysis.doubleentry.reconcile`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from emcart.analysis.doubleentry import FOLDER, ReconciliationError, read_entry, with_words, words
from emcart.datapackage.marks import Derivation, carry

KEY = ["case", "item", "printed"]
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
_BOUNDS = {"<": "upper_bound", "≤": "upper_bound", ">": "lower_bound", "≥": "lower_bound"}
_FREE_TEXT = {"detail", "site", "pathogen", "label", "statistic", "group", "text", "definition", "content"}
_SUPERSCRIPTS = str.maketrans({s: f"^{d}" for d, s in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")})


@dataclass
class SecondFacts:
    """A second entry's facts, the pairing of each with curated cells, and the resolutions of differences."""

    facts: pd.DataFrame
    mapping: pd.DataFrame
    resolutions: pd.DataFrame
    key: tuple[str, ...] = tuple(KEY)
    value: str = "value"
    table: str = "facts"


def load_facts(
    name: str, table: str = "facts", key: list[str] = KEY, value: str = "value", folder: Path = FOLDER
) -> SecondFacts:
    """A second entry's facts with their pairing to curated cells and the resolutions of their differences.

    Parameters
    ----------
    name : str
        The second entry's folder, and the prefix of its pairing and resolution files.
    table : str
        The facts file in that folder (``<folder>/<name>/<table>.csv``).
    key : list of str
        The columns that identify a fact (joined by ' | ' into its key).
    value : str
        The column whose numbers are compared with the curated cells.
    folder : pathlib.Path
        Where the entry's folder and ``<name>_<table>_map.csv``, ``<name>_<table>_resolutions.csv`` lie.

    Returns
    -------
    SecondFacts
        The facts, the pairing and the resolutions as read, with ``key``, ``value`` and ``table``.
    """
    return SecondFacts(
        read_entry(folder / name / f"{table}.csv"),
        read_entry(folder / f"{name}_{table}_map.csv"),
        read_entry(folder / f"{name}_{table}_resolutions.csv"),
        tuple(key),
        value,
        table,
    )


def quantities(text: str) -> str:
    """The distinct signed numbers a text states, ascending, as words of a date or count are read.

    Month names (capitalised) count as their number, number words up to twelve as digits, '3,180' as 3180; a number
    fused to letters before it, or joined to them by a hyphen (a marker, gene, protocol or registry name: 'CD19',
    'TP53', 'PAX-5', 'CCCG-ALL-2015') is a name, not a number
    ('October 30, 2022', 'days -4 to -2', 'two of 4 CD19-negative' -> '-4; -2; 2; 4; 10; 30; 2022').
    """
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", str(text).translate(_SUPERSCRIPTS))
    for number, month in enumerate(_MONTHS, start=1):
        text = re.sub(rf"\b{month.capitalize()}\b", str(number), text)
    text = text.lower()
    for number, word in enumerate(_WORDS, start=1):
        text = re.sub(rf"\b{word}\b", str(number), text)
    values = set()
    for match in re.finditer(r"-?\d+(?:\.\d+)?", text):
        start, number = match.start(), match.group()
        if number.startswith("-") and start and text[start - 1] not in " ([":
            number, start = number[1:], start + 1  # a hyphen, not a sign
        if not re.search(r"[a-z]-?$", text[:start]):
            values.add(float(number))
    return "; ".join(f"{n:g}" for n in sorted(values))


def unit(value: str) -> str:
    """A unit without spaces, multiplication signs or typographic forms ('x10^6 cells/kg' -> '10^6cells/kg')."""
    text = str(value).replace("²", "2").translate(_SUPERSCRIPTS).replace("µ", "u").lower()
    return re.sub(r"^[x×]|\s", "", text)


def bound(value: str) -> str:
    """A stated bound as the curated qualifier ('<' -> 'upper_bound'); other words unchanged."""
    return _BOUNDS.get(str(value).strip(), str(value).strip())


def cell(dataset, reference: str) -> str:
    """The curated cell ``table:row_id:field`` as text ('' when empty); an unknown cell raises."""
    try:
        table, row_id, field = reference.split(":")
        frame = dataset[table]
        row = frame[frame[frame.columns[0]] == row_id]
        value = row.iloc[0][field]
    except (ValueError, KeyError, IndexError) as error:
        raise ReconciliationError(f"map names unknown curated cell {reference!r}") from error
    return "" if pd.isna(value) else str(value)


def _fields(fact, value: str, cells: list[str], values: list[str]) -> dict[str, tuple[str, str]]:
    """(first, second) of each compared field: the numbers always; unit, bound and date precision where the
    fact has the column and a listed cell holds one."""
    pick = {"unit": unit, "qualifier": bound, "precision": str.strip}
    out = {"numbers": (quantities(" ; ".join(values)), quantities(fact[value]))}
    for field, normalise in pick.items():
        mine = [v for c, v in zip(cells, values) if c.rsplit(":", 1)[1].endswith(field)]
        if mine and field in fact.index:
            out[field] = ("; ".join(sorted({normalise(v) for v in mine})), normalise(fact[field]))
    return out


def _listed(numbers: str) -> set[str]:
    return set(filter(None, numbers.split("; ")))


def compare_facts(dataset, second: SecondFacts) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The second entry's facts compared with the curated cells they are paired with.

    Parameters
    ----------
    dataset : Dataset
        The loaded report holding the curated cells.
    second : SecondFacts
        The second entry (:func:`load_facts`).

    Returns
    -------
    values : pandas.DataFrame
        One row per compared value: ``table``, ``key`` (the curated cells), ``second_key``, ``field`` (numbers,
        unit, bound, date precision), ``first``, ``second`` and ``differs``.
    presence : pandas.DataFrame
        The facts paired with no curated cell: ``table``, ``only in``, ``item`` and ``note`` (the reason).
        Both frames carry the words each fact quotes.

    Raises
    ------
    ReconciliationError
        On a fact not in the pairing file, a pairing row naming no fact, an unpaired fact without a reason, or an
        unknown curated cell.
    """
    facts = second.facts.assign(second_key=second.facts[list(second.key)].agg(" | ".join, axis=1)).set_index(
        "second_key"
    )
    mapping = second.mapping.set_index("second_key")
    problems = [
        f"{second.table}: second-entry row {k!r} is not in the mapping" for k in facts.index.difference(mapping.index)
    ]
    problems += [
        f"{second.table}: mapping names unknown second-entry row {k!r}" for k in mapping.index.difference(facts.index)
    ]
    problems += [f"{second.table}: duplicate mapping of {k!r}" for k in mapping.index[mapping.index.duplicated()]]
    problems += [
        f"{second.table}: second-entry row {k!r} is paired with no curated cell and gives no reason"
        for k, m in mapping.iterrows()
        if not m["cells"] and not m["note"].strip()
    ]
    if problems:
        raise ReconciliationError("; ".join(problems))
    rows, presence = [], []
    for key, m in mapping.iterrows():
        if not m["cells"]:
            presence.append({"table": second.table, "only in": "second", "item": key, "note": m["note"]})
            continue
        cells = m["cells"].split(";")
        for field, (first, other) in _fields(
            facts.loc[key], second.value, cells, [cell(dataset, c) for c in cells]
        ).items():
            differs = not _listed(other) <= _listed(first) if field == "numbers" else first != other
            rows.append(
                {
                    "table": second.table,
                    "key": m["cells"],
                    "second_key": key,
                    "field": field,
                    "first": first,
                    "second": other,
                    "differs": differs,
                }
            )
    values = pd.DataFrame(rows, columns=["table", "key", "second_key", "field", "first", "second", "differs"])
    presence = pd.DataFrame(presence, columns=["table", "only in", "item", "note"])
    return with_words((values, presence), words(second.table, facts, facts.index))


def counts(values: pd.DataFrame, presence: pd.DataFrame, reconciled: pd.DataFrame) -> pd.DataFrame:
    """What the comparison of the two entries did, counted.

    Parameters
    ----------
    values, presence : pandas.DataFrame
        The compared values and the unpaired facts (:func:`compare_facts`).
    reconciled : pandas.DataFrame
        The differences with their resolutions (:func:`~emcart.analysis.doubleentry.reconcile`).

    Returns
    -------
    pandas.DataFrame
        One row per count (facts, paired, with numbers, values compared, differences, resolved, unpaired):
        ``what``, ``count`` and ``meaning``, each cell carrying its derivation.
    """
    paired = values["second_key"].nunique()
    numbered = values[(values["field"] == "numbers") & values["second"].ne("")]
    rows = [
        ("facts", paired + len(presence), "rows of the second entry"),
        ("paired", paired, "facts paired with the curated cells that restate them"),
        ("with numbers", len(numbered), "paired facts that state a number, each checked against the cells' numbers"),
        (
            "values compared",
            len(values),
            "numbers of every paired fact; unit, bound and date precision where a paired cell holds one",
        ),
        ("differences", int(values["differs"].sum()), "compared values that differ"),
        ("resolved", len(reconciled), "differences with a resolution judged against the text"),
        (
            "unpaired",
            int(presence["note"].str.strip().ne("").sum()),
            "facts the curated data hold in no cell, each with the reason",
        ),
    ]
    frame = pd.DataFrame(rows, columns=["what", "count", "meaning"])
    named = Derivation("A count of the comparison of the two entries, named by the book.", title="Defined by the book")
    meant = Derivation("What the count counts, in the book's words.", title="Defined by the book")
    counted = [Derivation(f"{n} {meaning}: counted by the comparison of the two entries.") for _, n, meaning in rows]
    return carry(frame, pd.DataFrame([[named, c, meant] for c in counted], dtype=object))


def _typed_numbers(dataset, patient_id: str, label: str) -> set[str]:
    """Every number a typed (non free-text) cell holds about one patient: its events, measurements, absences and
    patients row, the treatments of its courses, and the statistics whose group is the patient."""
    courses = dataset["courses"].loc[lambda c: c["patient_id"] == patient_id, "course_id"]
    statistics = dataset["reported_statistics"]
    parts = [dataset[t].loc[lambda f: f["patient_id"] == patient_id] for t in ("events", "measurements", "patients")]
    parts += [dataset["treatments"][dataset["treatments"]["course_id"].isin(courses)]]
    parts += [statistics[statistics["group"] == label]]
    cells = [str(v) for part in parts for c in part.columns if c not in _FREE_TEXT for v in part[c].dropna()]
    return _listed(quantities(" ; ".join(cells)))


def _same_sentence_numbers(dataset, table: str, row_id: str, column: str) -> set[str]:
    """The numbers of the typed cells transcribed from the same snippet as one free-text cell (the sentence
    that states a group's count, held as a statistic)."""
    provenance = dataset["provenance"]
    own = (provenance["table"] == table) & (provenance["row_id"] == row_id)
    snippets = provenance.loc[own & (provenance["field"] == column), "snippet"]
    others = provenance[provenance["snippet"].isin(snippets) & ~own & ~provenance["field"].isin(_FREE_TEXT)]
    return _listed(
        quantities(" ; ".join(cell(dataset, f"{t}:{r}:{f}") for t, r, f in others[["table", "row_id", "field"]].values))
    )


def loose_numbers(dataset, table: str, column: str = "detail") -> pd.DataFrame:
    """The numbers a free-text ``column`` of a per-patient table states that no typed cell holds, neither about the
    same patient nor transcribed from the same sentence (:func:`quantities`: names such as 'CD19' or
    'CCCG-ALL-2015' are not numbers): row id, number, text."""
    frame, labels = dataset[table], dataset["patients"].set_index("patient_id")["label"]
    held = {p: _typed_numbers(dataset, p, labels[p]) for p in frame["patient_id"].unique()}
    rows = []
    for _, row in frame[frame[column].notna()].iterrows():
        row_id = row[frame.columns[0]]
        loose = _listed(quantities(row[column])) - held[row["patient_id"]]
        loose -= _same_sentence_numbers(dataset, table, row_id, column) if loose else set()
        rows += [(row_id, number, row[column]) for number in sorted(loose, key=float)]
    return pd.DataFrame(rows, columns=["row_id", "number", "text"])
