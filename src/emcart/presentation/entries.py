"""A second, independent entry against the curated data, as a page shows it: the comparison, its counts for the
prose, every difference with its resolution, and the rows of one entry only (see :mod:`emcart.analysis.doubleentry`
and :mod:`emcart.analysis.restated`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emcart.analysis import doubleentry, restated, typed_entries
from emcart.presentation import reconciliation, tables
from emcart.presentation.tables import Table

NOTE = (
    "first, second: the two entries' values, normalised for comparison (days in the text's numbering on the "
    "clock named; empty = not stated). kept: the entry whose value the curated data hold."
)


@dataclass(frozen=True)
class Entry:
    """A second entry compared with the curated data: the values compared, the rows of one entry only, and the
    differences with their recorded resolutions."""

    compared: pd.DataFrame
    alone: pd.DataFrame
    reconciled: pd.DataFrame


def compared(dataset, kind: str, name: str, patient_ids: list[str] = ()) -> Entry:
    """Compare the second entry ``name`` with the curated data and reconcile its differences.

    Parameters
    ----------
    dataset : Dataset
        The loaded report (the first entry).
    kind : str
        'events' (case narratives and statistics), 'tables' (laboratory values, absences, definitions) or
        'facts' (restated facts).
    name : str
        The second entry's folder under ``curation/double_entry``.
    patient_ids : list of str
        The patients compared (not used for 'facts').

    Returns
    -------
    Entry
        The values compared (``differs`` marks a difference), the rows of one entry only, and each difference
        with its resolution and the entry ``kept``.
    """
    if kind == "facts":
        second = restated.load_facts(name)
        values, alone = restated.compare_facts(dataset, second)
    else:
        second = doubleentry.load(name) if kind == "events" else typed_entries.load_tables(name)
        compare = doubleentry.compare if kind == "events" else typed_entries.compare_tables
        values, alone = compare(dataset, second, patient_ids)
    return Entry(values, alone, doubleentry.reconcile(values, second.resolutions))


def counts(entry: Entry, prefix: str) -> dict[str, int]:
    """Counts of a comparison of two entries, named for the prose.

    Parameters
    ----------
    entry : Entry
        The comparison (:func:`compared`).
    prefix : str
        The glue names' prefix.

    Returns
    -------
    dict of str to int
        ``{prefix}-values`` (values compared), ``-differences``, ``-kept`` (kept from the first entry),
        ``-adopted`` (adopted from the second), and the differences of each table and field compared
        (``{prefix}-table-table3``, ``{prefix}-field-day``; 0 where none differs).
    """
    values, kept = entry.compared, entry.reconciled["kept"]
    differs = values["differs"].astype(bool)
    found = {
        f"{prefix}-values": len(values),
        f"{prefix}-differences": int(differs.sum()),
        f"{prefix}-kept": int((kept == "first").sum()),
        f"{prefix}-adopted": int((kept == "second").sum()),
    }
    for column in ("table", "field"):
        found |= {f"{prefix}-{column}-{k}": int(n) for k, n in differs.groupby(values[column]).sum().items()}
    return found


def resolved_table(dataset, entry: Entry, caption: str, table_id: str) -> Table:
    """Every difference of two entries and its resolution, folded.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    entry : Entry
        The comparison (:func:`compared`).
    caption, table_id : str
        The table's caption and id.

    Returns
    -------
    Table
        One row per difference: table, item, second entry row, field, first, second, kept; the resolutions as
        numbered notes.
    """
    frame = reconciliation.resolved(dataset, entry.reconciled)
    return tables.with_notes(frame, "resolution", caption, table_id, [NOTE], heading="resolution", folded=True)


def unpaired_table(dataset, entry: Entry, caption: str, table_id: str) -> Table:
    """The rows of one entry without a counterpart in the other, and why, folded.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    entry : Entry
        The comparison (:func:`compared`).
    caption, table_id : str
        The table's caption and id.

    Returns
    -------
    Table
        One row per unpaired row: table, only in ('first' or 'second'), item; the reasons as numbered notes.
    """
    frame = reconciliation.unpaired(dataset, entry.alone)
    return tables.with_notes(frame, "note", caption, table_id, heading="why", folded=True)
