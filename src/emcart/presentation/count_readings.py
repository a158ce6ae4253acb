"""A published count beside its recount under each curated reading of its words (``count_readings``): per
statistic of a selection, the patients of its group with an event of a kind on the clocks a reading allows."""

from __future__ import annotations

import pandas as pd

from emcart.audit.case_recounts import group
from emcart.datapackage import provenance
from emcart.model import outcomes, statistic_selections
from emcart.presentation import evidence
from emcart.presentation.derivations import row_keys
from emcart.presentation.tables import Table


def _counted(dataset, members: list[str], reading) -> tuple[outcomes.Count, tuple[str, ...]]:
    """The members with the reading's event, and the keys of the events counted."""

    def has(data, patient_id: str) -> bool:
        return not outcomes.events(data, patient_id, reading["event_type"], clock=reading["clock"]).empty

    count = outcomes.count(dataset, members, has)
    found = [outcomes.events(dataset, p, reading["event_type"], clock=reading["clock"]) for p in count.cases]
    keys = tuple(k for e in found for i in e["event_id"] for k in row_keys(dataset, "events", i, ("event_type",)))
    return count, keys


def table(dataset, selection: str, caption: str) -> Table:
    """The selection's published counts beside their recounts under each reading, with each cell's evidence.

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding the selection's statistics and readings.
    selection : str
        The selection (of ``statistic_selections`` and ``count_readings``); also the table's id.
    caption : str
        The table's caption.

    Returns
    -------
    Table
        One row per statistic: ``group``, the published 'k of n' (headed by where it is printed, 'Table 3') and per reading 'k of n' with the cases counted. The group and the published count quote the
        statistic; each reading's count is a derivation quoting the events counted.
    """
    stats = dataset["reported_statistics"].set_index("stat_id")
    labels = dataset["patients"].set_index("patient_id")["label"]
    readings = dataset["count_readings"].query("selection == @selection")
    rows, marks = [], []
    for sid in statistic_selections.selected(dataset, selection):
        members = group(dataset, sid)
        printed = provenance.locator(dataset, evidence.STATISTIC, sid, "numerator")
        row = {
            "group": stats.at[sid, "group"],
            printed: f"{stats.at[sid, 'numerator']:g} of {stats.at[sid, 'denominator']:g}",
        }
        cells = [evidence.cell_key(evidence.STATISTIC, sid, f) for f in ("group", "numerator")]
        for _, reading in readings.iterrows():
            count, keys = _counted(dataset, members, reading)
            cases = f" ({', '.join(labels[c] for c in count.cases)})" if count.k else ""
            row[reading["reading"]] = f"{count.k} of {count.n}{cases}"
            words = f"{count.k} of {count.n}: the patients of the group with an {reading['event_type']} event {reading['reading']}."
            cells.append(evidence.Derivation(words, keys))
        rows.append(row)
        marks.append(cells)
    return Table(pd.DataFrame(rows), caption, selection, marks=pd.DataFrame(marks, dtype=object))
