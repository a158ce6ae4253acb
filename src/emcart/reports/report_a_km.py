"""Report A's Figure 1B, reconstructed by :mod:`emcart.presentation.km_readings` under the figure's curated
readings: what the text says of EFS events and follow-up."""

from __future__ import annotations

import pandas as pd

from emcart.audit.patient_recounts import counted
from emcart.model.patient_rows import absences_of, events_of, labels, patient_ids
from emcart.presentation import evidence, km_readings
from emcart.presentation.cohort import rests_on
from emcart.presentation.tables import Table
from emcart.reports.report_a import FIGURE_1B as FIGURE
from emcart.reports.report_a import STUDY


def km_facts_table(data) -> Table:
    """What the text says of EFS events and follow-up, as a table.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        One row per fact (patients, relapses and bridging to HSCT after the first CAR-T, deaths, patients stated
        alive, follow-up): ``fact`` and ``from the curated data``, each with its derivation.
    """
    ids = patient_ids(data, STUDY)
    low, high, mean, unit = km_readings.follow_up(data, FIGURE)
    relapsed, bridged, dead, alive = (
        counted(data, s) for s in ("A-relapse", "A-HSCT-bridge", "A-CAR-death", "A-alive")
    )
    rows = [
        ("patients", str(len(ids))),
        ("relapsed after the first CAR-T", labels(data, relapsed)),
        ("bridged to HSCT", labels(data, bridged)),
        ("deaths", str(len(dead))),
        ("stated alive", str(len(alive))),
        (f"follow-up ({unit})", f"{low:g} to {high:g}, mean {mean:g}"),
    ]
    marks = [evidence.Derivation(f"{value}: {how}.", keys) for (_, value), (how, keys) in zip(rows, _how(data, ids))]
    return Table(
        pd.DataFrame(rows, columns=["fact", "from the curated data"]),
        "Report A: what the text says of EFS events and follow-up",
        "a-km-facts",
        marks=pd.DataFrame([[m, m] for m in marks], dtype=object),
    )


def _how(data, ids: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """How each of :func:`km_facts_table`'s rows is derived, and from which curated cells."""

    def of(table: str, found: list) -> tuple[str, ...]:
        return tuple(evidence.cell_key(*c) for rows in found for c in rests_on(table, rows, "event_type"))

    def events(kind: str, **where) -> tuple[str, ...]:
        return of("events", [events_of(data, p, kind, **where) for p in ids])

    return [
        ("the report's patients, counted", tuple(evidence.cell_key("patients", p, "label") for p in ids)),
        ("the patients with a relapse after the first CAR-T", events("relapse", course_number=1, history=False)),
        ("the patients with an HSCT after the first CAR-T", events("HSCT", course_number=1, history=False)),
        ("the patients with a death, counted", events("death")),
        ("the patients the text states alive, counted", of("absences", [absences_of(data, p, "death") for p in ids])),
        ("the published range and mean of the follow-up", km_readings.inputs(data, FIGURE)[-3:]),
    ]
