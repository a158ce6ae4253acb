"""Published statistics recounted from the per-patient data, as the curated table ``case_recounts`` reads
them: the number of a group's patients who have a fact, or one patient's event day in the statistic's unit."""

from __future__ import annotations

import pandas as pd

from emcart.audit import readings
from emcart.audit.comparison import Recomputed
from emcart.datapackage.days import event_days
from emcart.model import fact_reads, outcomes
from emcart.model.vocabulary import DAYS_PER_MONTH

UNIT_DAYS = {"days": 1.0, "months": DAYS_PER_MONTH}


def group(dataset, stat_id: str) -> list[str]:
    """The patients a recounted statistic counts over (its ``case_recounts`` group), in patient order."""
    row = dataset["case_recounts"].set_index("stat_id").loc[stat_id]
    return outcomes.group(dataset, row["study_id"], row["group"])


def _event_time(dataset, row, unit: str) -> Recomputed:
    event = event_days(dataset).set_index("event_id").loc[row["event_id"]]
    course = dataset["courses"].set_index("course_id").loc[event["course_id"]]
    label = dataset["patients"].set_index("patient_id").at[event["patient_id"], "label"]
    clock = f" after {course['therapy']}" if course["course_number"] != 1 else ""
    words = f"day of {label}'s {event['event_type']}{clock}"
    patient = (event["patient_id"],)
    reads = fact_reads.placing(event["event_type"])
    day = float(event["day"]) / UNIT_DAYS[unit]
    return Recomputed(row["stat_id"], day, words, patients=patient, cases=patient, event_types=reads.kinds, reads=reads)


def recomputed(dataset) -> list[Recomputed]:
    """One recomputation per row of ``case_recounts``.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports (all of them, or one).

    Returns
    -------
    list of Recomputed
        For a fact, the count of the group's patients who have it (a percentage where the statistic is one);
        with its recounts under the readings findings argue for (``reading_recounts``);
        for an event, its day on its course clock in the statistic's unit.
    """
    units = dataset["reported_statistics"].set_index("stat_id")["unit"]
    found = []
    for _, row in dataset["case_recounts"].iterrows():
        unit = units[row["stat_id"]]
        if pd.notna(row["event_id"]):
            found.append(_event_time(dataset, row, unit))
            continue
        members = group(dataset, row["stat_id"])
        counted = outcomes.count(dataset, members, outcomes.fact(row["fact"]))
        found.append(
            Recomputed.of(
                row["stat_id"],
                counted,
                unit,
                members,
                readings.counted(dataset, row["stat_id"], members),
                fact_reads.reads(row["group"], row["fact"]),
            )
        )
    return found
