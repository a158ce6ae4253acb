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
    kind : str
        'events' (case narratives and statistics), 'tables' (laboratory values, absences, definitions) or
        'facts' (restated facts).
    name : str
        The second entry's folder under ``curation/double_entry``.
    patient_ids : list of str
        The patients compared (not used for 'facts').
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
    """For the prose: values compared, differences, differences kept from the first entry and adopted from the
    second, and the differences of each table and of each field compared ('{prefix}-table-table3',
    '{prefix}-field-day'; 0 where none differs)."""
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
    """Every difference and its resolution, folded, the resolutions as numbered notes."""
    frame = reconciliation.resolved(dataset, entry.reconciled)
    return tables.with_notes(frame, "resolution", caption, table_id, [NOTE], heading="resolution", folded=True)


def unpaired_table(dataset, entry: Entry, caption: str, table_id: str) -> Table:
    """The rows of one entry without a counterpart in the other, and why, folded."""
    frame = reconciliation.unpaired(dataset, entry.alone)
    return tables.with_notes(frame, "note", caption, table_id, heading="why", folded=True)
