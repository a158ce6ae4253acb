"""Report B (one patient, two CAR-T courses around a haploidentical HSCT): how the book's day-0 readings, GVHD
recounts and case summary were computed, in words, and the curated cells each rests on; and what each check of
the workings page found, in brief, for the chapter."""

from __future__ import annotations

import dataclasses

import pandas as pd

from emcart.analysis import consistency, doubleentry, restated
from emcart.analysis.consistency import counted_events, item_words
from emcart.audit import checks
from emcart.model import selection
from emcart.model.timeline import calendar_months
from emcart.presentation import case, evidence, tables, timeline_marks
from emcart.presentation.derivations import DAY_FIELDS, row_keys
from emcart.presentation.tables import Table

PATIENT = "B-1"
REFERENCE = "B-1/2"


def day0_marks(dataset, frame: pd.DataFrame, anchor_event: str, since: str) -> pd.DataFrame:
    """Marks of :func:`emcart.analysis.consistency.day0_readings`'s table of ``anchor_event`` (the dated
    event placing the undated day 0) counted ``since`` a day-dated event: every cell a derivation from the
    anchor's date and stated days and the event's date."""
    anchor = row_keys(dataset, "events", anchor_event, DAY_FIELDS + ("date_precision",))
    start = row_keys(dataset, "events", since, ("event_type", "date"))
    events = dataset["events"].set_index("event_id")
    dated = f"{events.at[anchor_event, 'event_type']} ({events.at[anchor_event, 'date']})"
    rows = []
    for _, row in frame.iterrows():
        since_column = frame.columns[4]
        words = [
            f"A reading of the words placing the {dated} on the first course's clock: {row['reading']}.",
            f"{row['days to the anchor']} days from day 0 to the {dated} under this reading (months by the calendar).",
            f"The first day of the {dated}'s stated period minus the most days ({row['days to the anchor']}).",
            f"The last day of the {dated}'s stated period minus the fewest days ({row['days to the anchor']}).",
            f"Days from the {since_column.removeprefix('days from the ')} ({events.at[since, 'date']}) to the "
            f"first and the last possible day 0 ({row['day 0 from']} to {row['day 0 to']}): {row[since_column]}.",
            f"{row['after it']}: the earliest possible day 0 ({row['day 0 from']}) "
            f"{'falls' if row['after it'] == 'yes' else 'does not fall'} after {events.at[since, 'date']}.",
        ]
        inputs = [anchor, anchor, anchor, anchor, anchor + start, anchor + start]
        rows.append([evidence.Derivation(w, k) for w, k in zip(words, inputs)])
    return pd.DataFrame(rows, dtype=object)


def day0_readings(dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Day 0 of the course an anchor event places (the HSCT "Three months later" than Day +30), under two readings.

    The stored reading takes the anchor's days; the other, three calendar months from day 0. Both are counted
    since the patient's first event dated to the day.

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding report B's rows.

    Returns
    -------
    frame : pandas.DataFrame
        One row per reading: ``reading``, ``days to the anchor``, ``day 0 from`` and ``day 0 to`` (dates), the days
        from the first day-dated event, and ``after it`` ('yes'/'no').
    marks : pandas.DataFrame
        The table's evidence marks (:func:`day0_marks`).
    """
    anchor = dataset["courses"]["anchor_event"].dropna().iloc[0]
    events = dataset["events"].set_index("event_id")
    since = events[events["date_precision"].eq("day")].index[0]
    stored = tuple(events.loc[anchor, ["text_day_min", "text_day_max"]])
    readings = {"three months after Day +30 (stored)": stored, "three months after the infusion": calendar_months(3)}
    frame = consistency.day0_readings(dataset, anchor, readings, since=since)
    return frame, day0_marks(dataset, frame, anchor, since)


def in_brief(dataset) -> dict[str, str]:
    """What each check of the workings page found, in words, for the chapter's prose.

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding report B's rows.

    Returns
    -------
    dict of str to str
        Glue name (``b_...``) → text: bounded times, the statistics and their statuses, the peak ratio, follow-up
        and relapse-to-infusion days, the day 0 range, the stated dates that agree, the GVHD count published and
        recounted, the restated absences and their differences, and the gaps.
    """
    last = selection.one(dataset, "events", patient_id=PATIENT, event_type="last contact")
    relapse = selection.ids(dataset, "events", patient_id=PATIENT, event_type="relapse", history=False)[-1]
    status = checks.statistics_check(dataset, "B")["status"].value_counts()
    gvhd = checks.count_checks(dataset, "B").set_index("agrees").loc["no"]  # the statement the events contradict
    stated = consistency.stated_vs_placed(dataset, PATIENT, REFERENCE, consistency.stated_and_placed(dataset, PATIENT))
    readings, _ = day0_readings(dataset)
    second = restated.load_facts("report_b_second", "absences", ["absent"], "phase")
    compared, alone = restated.compare_facts(dataset, second)
    counts = restated.counts(compared, alone, doubleentry.reconcile(compared, second.resolutions))
    count = counts.set_index("what")["count"]
    return {
        "b_bounded": str(len(tables.bounded_times(dataset, "B", "b-bounded").frame)),
        "b_statistics": str(int(status.sum())),
        "b_statuses": ", ".join(f"{n} {s}" for s, n in status.items()),
        "b_peak_ratio": f"{consistency.measure_ratio(dataset, 'B', 'peak'):.2f}",
        "b_followup": consistency.days_text(dataset, PATIENT, REFERENCE, REFERENCE, last),
        "b_relapse_to_infusion": consistency.days_text(dataset, PATIENT, REFERENCE, relapse, REFERENCE),
        "b_day0_first": readings["day 0 from"].min(),
        "b_day0_last": readings["day 0 to"].max(),
        "b_stated": f"{(stated['agrees'] == 'yes').sum()} of {len(stated)}",
        "b_gvhd_published": f"{gvhd['published']:g}",
        "b_gvhd_recount": f"{gvhd['recomputed']:g}",
        "b_absences": str(count["facts"]),
        "b_absence_differences": str(count["differences"]),
        "b_gaps": str(int((dataset["gaps"]["study_id"] == "B").sum())),
    }


def gvhd_marks(dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """Evidence marks of report B's recount table (:func:`emcart.audit.checks.count_checks`).

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding report B's rows.
    frame : pandas.DataFrame
        The recount table, one row per row of report B's ``recount_definitions``, in their order.

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: the statement and its published count their curated cells; the
        recount, the events it counts and the agreement derivations from the recount's definition and the
        counted events.
    """
    definitions = dataset["recount_definitions"].query("study_id == 'B'")
    rows = []
    for (_, d), (_, row) in zip(definitions.iterrows(), frame.iterrows()):
        options = {k: d[k] for k in ("after", "exclude") if pd.notna(d[k])}
        counted = counted_events(dataset, d["patient_id"], d["reference"], d["event_type"], **options)
        keys = row_keys(dataset, "recount_definitions", d["stat_id"], ("source_words",)) + tuple(
            k for e in counted.index for k in row_keys(dataset, "events", e, ("event_type", "detail"))
        )
        scope = f" after {item_words(dataset, d['after'])}" if pd.notna(d["after"]) else ""
        scope += f", leaving out those described as {d['exclude']}" if pd.notna(d["exclude"]) else ""
        counts = f"curated {d['event_type']} events{scope}: {row['events'] or 'none'}"
        rows.append(
            [
                evidence.cell_key(evidence.STATISTIC, d["stat_id"], "statistic"),
                evidence.cell_key(evidence.STATISTIC, d["stat_id"], "value"),
                evidence.Derivation(f"{row['recomputed']:g}, the number of {counts}.", keys),
                evidence.Derivation(f"The {counts}.", keys) if row["events"] else None,
                evidence.Derivation(
                    f"{row['agrees']}: the published {row['published']:g} "
                    f"{'equals' if row['agrees'] == 'yes' else 'differs from'} the recount {row['recomputed']:g}.",
                    keys,
                ),
            ]
        )
    return pd.DataFrame(rows, dtype=object)


EVENT_FIELDS = ("event_type", "grade", "site", "text_day", "text_day_min", "text_day_max", "date", "detail")
SUMMARY_WORDS = {
    "intervention": ("each treatment of the course but those of toxicity, and each surgery or HSCT, with its days",),
    "dose": ("each dose of the course's treatments with its days, and the graft's cell doses",),
    "response": ("each response, engraftment, CAR-T reading, imaging or end of follow-up, with its day or date",),
    "toxicity": ("each CRS, fever, GVHD or infection and its treatment, with its grade and day",),
}


def _event_keys(dataset, event_ids) -> tuple[str, ...]:
    return tuple(k for e in event_ids for k in row_keys(dataset, "events", e, EVENT_FIELDS))


def _course_keys(dataset, course_id: str) -> dict[str, tuple[str, ...]]:
    treatments = dataset["treatments"].query("course_id == @course_id")
    fields = ("product", "text_day_start", "text_day_end", "dose", "dose_unit")
    measured = dataset["measurements"].query("course_id == @course_id and analyte in @case.DOSE_ANALYTES")
    given = tuple(k for t in treatments["treatment_id"] for k in row_keys(dataset, "treatments", t, fields))
    doses = tuple(k for m in measured["measurement_id"] for k in row_keys(dataset, "measurements", m, ("value",)))
    return {"intervention": given, "dose": given + doses}


def _summary_row(dataset, key: str, members: pd.DataFrame, shown: pd.Series) -> list:
    kind, _, ident = key.partition(":")
    own = _course_keys(dataset, ident) if kind == "course" else {}
    kinds = {
        "intervention": case.INTERVENTIONS,
        "dose": (),
        "response": case.RESPONSES,
        "toxicity": case.TOXICITIES,
    }
    named = timeline_marks.name_mark(dataset, ident) if kind == "course" else None
    if kind in ("relapse", "end"):
        named = timeline_marks.first_key(dataset, "events", ident, ("site", "event_type"))
    anchors = dataset["courses"]["anchor_event"].dropna()
    timed, when = {
        "before": (_event_keys(dataset, members.dropna(subset=["date"])["event_id"]), "the dated events before it"),
        "course": (
            timeline_marks.timing_keys(dataset, ident)
            + timeline_marks.clock_keys(dataset, PATIENT)
            + _event_keys(dataset, anchors),
            "its day 0, as dated in the text, or where undated the dates the clocks allow (derived)",
        ),
    }.get(kind, (timeline_marks.timing_keys(dataset, ident), "the event's stated date and day on its course clock"))
    marks = [
        named or evidence.Derivation(f"{shown['phase']}: the events before the first course.", timed),
        evidence.Derivation(f"{shown['phase']}, date / day: {when}: {shown['date / day']}.", timed),
    ]
    for column, (how,) in SUMMARY_WORDS.items():
        chosen = members[
            members["event_type"].isin(kinds[column]) & ~((kind == "relapse") & (members["event_id"] == ident))
        ]
        keys = own.get(column, ()) + _event_keys(dataset, chosen["event_id"])
        text = f"{shown['phase']}, {column}: {how}."
        marks.append(evidence.Derivation(text, keys) if str(shown[column]) else None)
    return marks


def summary_table(dataset, table_id: str, caption: str) -> Table:
    """Report B's case summary, one row per phase and kind of item, with each cell's evidence.

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding report B's rows.
    table_id, caption : str
        The table's id and caption.

    Returns
    -------
    Table
        :func:`emcart.presentation.case.table`: ``phase``, ``kind`` (date / day, intervention, dose, response,
        toxicity) and ``items``. Each phase is marked with its course or event; every other cell is a derivation
        quoting the phase's curated events and treatments.
    """
    shown = case.table(dataset, PATIENT, REFERENCE, table_id, caption)
    wide = case.summary(dataset, PATIENT, REFERENCE)
    events, ranked = case.phases(dataset, PATIENT, REFERENCE)
    keys = [k for k in ranked if k != "before" or (events["phase"] == k).any()]
    rows = [
        _summary_row(dataset, key, events[events["phase"] == key], row) for key, (_, row) in zip(keys, wide.iterrows())
    ]
    marks = pd.DataFrame(rows, dtype=object, columns=wide.columns)
    long = [[marks.at[r, "phase"], marks.at[r, k], marks.at[r, k]] for r, k in shown.frame.index]
    return dataclasses.replace(shown, marks=pd.DataFrame(long, dtype=object))
