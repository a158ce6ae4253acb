"""What a curated fact expression (:mod:`emcart.datapackage.facts`) reads of a patient's curated rows: the
events it rests on, and the cells a count of patients with the fact could not do without.

A count is independent of a published sentence only if none of the cells it reads was transcribed from that
sentence; a cell of the same row that the count does not read (the antigen status of a relapse, for a count
of relapses) does not make it depend on the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emcart.datapackage.facts import terms
from emcart.model.outcomes import RESPONSE, events

# The events each fact name reads, given its arguments: (their kinds, their clock); a fact read off other rows
# (the arm, the cytogenetics) is absent.
READS = {
    "responded": lambda: (RESPONSE, "first"),
    "mrd_negative": lambda: (("MRD-negative",), "first"),
    "icans": lambda: (("ICANS onset",), "first"),
    "hsct": lambda: (("HSCT",), "any"),
    "relapsed": lambda: (("relapse",), "any"),
    "relapsed_after_remission": lambda: (("relapse", *RESPONSE), "any"),
    "lost": lambda: (("lost to follow-up",), "any"),
    "crs_grade": lambda *_: (("CRS onset",), "first"),
    "icans_grade": lambda *_: (("ICANS onset",), "first"),
    "infection": lambda clock="any", site=None: (("infection",), clock),
    "relapse_status": lambda *_: (("relapse",), "any"),
    "died": lambda *_: (("death",), "any"),
}
# The cells of an event every fact reads: whether the row is the kind, on the course and after day 0 it asks for.
EVENT_CELLS = ("event_type", "course_id", "history")
# The cells that place an event on its clock, read by a fact that orders events in time.
PLACING_CELLS = ("text_day", "text_day_min", "text_day_max", "day_qualifier", "date", "date_precision")
# The cells each fact name reads beyond :data:`EVENT_CELLS`, by table, given its arguments.
CELLS = {
    "relapsed_after_remission": lambda: {"events": PLACING_CELLS},
    "crs_grade": lambda *_: {"events": ("grade",)},
    "icans_grade": lambda *_: {"events": ("grade",)},
    "infection": lambda clock="any", site=None: {"events": ("site",) if site else ()},
    "relapse_status": lambda column, _status: {"events": (column,)},
    "died": lambda *causes: {"events": ("attributed_to",) if causes else ()},
    "cytogenetics": lambda _text: {"patients": ("cytogenetics",)},
}


@dataclass(frozen=True)
class Reads:
    """The curated cells a count of patients reads: events and absences of ``kinds`` (an absence whole, an
    event's :data:`EVENT_CELLS` and the ``cells`` named for ``events``), on the courses numbered
    ``course_numbers`` when given, and the named ``cells`` of other tables (table, fields)."""

    kinds: tuple[str, ...]
    cells: tuple[tuple[str, tuple[str, ...]], ...]
    course_numbers: tuple[int, ...] = ()

    def fields(self, table: str) -> tuple[str, ...] | None:
        """The fields read of a table's rows; None: every field (an absence)."""
        if table == "absences":
            return None
        named = tuple(f for t, fields in self.cells if t == table for f in fields)
        return (*EVENT_CELLS, *named) if table == "events" else named


def _reads(expression: str) -> list[tuple[tuple[str, ...], str]]:
    return [READS[name](*args) for no, name, args in terms(expression) if not no and name in READS]


def read_kinds(expression: str) -> tuple[str, ...]:
    """The kinds of event the terms of a fact expression read, its negated terms aside."""
    return tuple(dict.fromkeys(kind for kinds, _ in _reads(expression) for kind in kinds))


def reads(*expressions) -> Reads:
    """The cells counts under the fact expressions read (a group's and a fact's), negated terms included: a
    count of patients without an event rests on their stated absences of it.

    Parameters
    ----------
    *expressions : str or None
        Fact expressions; an empty or missing one reads nothing.

    Returns
    -------
    Reads
    """
    kinds: dict[str, None] = {}
    cells: dict[str, dict[str, None]] = {}
    for expression in expressions:
        if pd.isna(expression) or not expression:
            continue
        for _, name, args in terms(expression):
            if name in READS:
                kinds.update(dict.fromkeys(READS[name](*args)[0]))
            for table, fields in CELLS.get(name, lambda *_: {})(*args).items():
                cells.setdefault(table, {}).update(dict.fromkeys(fields))
    return Reads(tuple(kinds), tuple((t, tuple(f)) for t, f in cells.items()))


def placing(kind: str) -> Reads:
    """The cells an event's day on its clock reads: the events of its kind, placed on their course's clock."""
    return Reads((kind,), (("events", PLACING_CELLS),))


def read_events(dataset, patient_id: str, expression: str) -> pd.DataFrame:
    """The patient's events the terms of a fact expression read, its negated terms aside (after day 0, on each
    term's clock): the events a count of patients with the fact rests on.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    patient_id : str
        The patient.
    expression : str
        A fact expression (:mod:`emcart.datapackage.facts`).

    Returns
    -------
    pandas.DataFrame
        Rows of ``events``, each once, in their table's order.
    """
    found = [events(dataset, patient_id, kinds, clock=clock) for kinds, clock in _reads(expression)]
    if not found:
        return dataset["events"].iloc[:0]
    return pd.concat(found).drop_duplicates("event_id").sort_index()
