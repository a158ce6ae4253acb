"""Cross-table rules that a Frictionless schema cannot express."""

from __future__ import annotations

import pandas as pd

from emcart.datapackage.days import event_days
from emcart.datapackage.problems import Problem
from emcart.datapackage.selection_rules import check_finding_links, check_recounts, check_selections

# Event types that end a patient's follow-up on a clock: nothing may come after them.
TERMINAL = ("death", "lost to follow-up")
# Event types that carry a toxicity grade.
GRADED = ("CRS onset", "ICANS onset", "GVHD")
# Measures stated at a time point (e.g. "1-year EFS"): they need timepoint_months, and only they have it.
TIME_TO_EVENT = ("km_estimate", "survival_estimate", "cumulative_incidence")


def _present(value) -> bool:
    return value is not pd.NA and not pd.isna(value)


class _Collector:
    def __init__(self, dataset):
        self.dataset = dataset
        self.problems: list[Problem] = []

    def add(self, table: str, index, column: str | None, message: str) -> None:
        ds = self.dataset
        self.problems.append(Problem(ds.file(table), ds.row_number(table, index), column, message))


def _check_ids(c: _Collector) -> None:
    ds = c.dataset
    for table in ("patients", "courses", "gaps", "reported_statistics", "definitions", "study_dates"):
        frame = ds[table]
        key = ds.key(table)
        for i, row in frame.iterrows():
            if not str(row[key]).startswith(f"{row['study_id']}-"):
                c.add(table, i, key, f"{row[key]!r} does not start with its study_id {row['study_id']!r}-")
    patients = ds["patients"].set_index("patient_id")
    for i, row in ds["courses"].iterrows():
        if _present(row["patient_id"]):
            if patients.loc[row["patient_id"], "study_id"] != row["study_id"]:
                c.add("courses", i, "study_id", f"patient {row['patient_id']} belongs to another study")
            if not row["course_id"].startswith(f"{row['patient_id']}/"):
                c.add("courses", i, "course_id", f"{row['course_id']!r} does not start with {row['patient_id']}/")


def _check_courses(c: _Collector) -> None:
    courses = c.dataset["courses"]
    for i, row in courses.iterrows():
        _check_date(c, "courses", i, row, "day0_date", "day0_date_precision")
        _check_day0_interval(c, i, row)
        protocol = not _present(row["patient_id"])
        if protocol == _present(row["course_number"]):
            c.add(
                "courses",
                i,
                "course_number",
                "a protocol schedule has no course number" if protocol else "a patient's course needs a course number",
            )
        if row["therapy"] == "CAR-T" and not _present(row["construct"]):
            c.add("courses", i, "construct", "a CAR-T course needs its construct")
        if _present(row["anchor_event"]) and protocol:
            c.add("courses", i, "anchor_event", "a protocol schedule has no place on a patient's timeline")
        if row["therapy"] != "CAR-T":
            for column in ("construct", "cell_source"):
                if _present(row[column]):
                    c.add("courses", i, column, f"only a CAR-T course has a {column}")
        if row["therapy"] != "HSCT":
            for column in ("donor_type", "conditioning"):
                if _present(row[column]):
                    c.add("courses", i, column, f"only an HSCT course has a {column}")
    numbered = courses.dropna(subset=["patient_id"])
    for patient, group in numbered.groupby("patient_id"):
        numbers = sorted(int(n) for n in group["course_number"])
        if numbers != list(range(1, len(numbers) + 1)):
            for i in group.index:
                c.add(
                    "courses", i, "course_number", f"courses of {patient} are numbered {numbers}, not 1..{len(numbers)}"
                )
        therapy = group.set_index("course_number")["therapy"]
        last_immunotherapy = max((n for n, t in therapy.items() if t != "HSCT"), default=0)
        for i, _row in group[(group["therapy"] == "HSCT") & (group["course_number"] < last_immunotherapy)].iterrows():
            c.add(
                "courses",
                i,
                "course_number",
                f"an HSCT is numbered after the immunotherapy courses of {patient} (last: {last_immunotherapy})",
            )


def _check_treatments(c: _Collector) -> None:
    ds = c.dataset
    protocol = ds["courses"].set_index("course_id")["patient_id"].isna()
    for i, row in ds["treatments"].iterrows():
        start, end = row["text_day_start"], row["text_day_end"]
        if _present(start) and _present(end) and end < start:
            c.add("treatments", i, "text_day_end", f"ends on day {end}, before it starts (day {start})")
        if _present(end) and not _present(start):
            c.add("treatments", i, "text_day_start", "an end day needs a start day")
        dose_cells = [_present(row[col]) for col in ("dose", "dose_qualifier", "dose_unit")]
        if any(dose_cells) and not all(dose_cells):
            missing = [col for col, ok in zip(("dose", "dose_qualifier", "dose_unit"), dose_cells) if not ok][0]
            c.add("treatments", i, missing, "dose, dose_qualifier and dose_unit go together")
        if _present(row["schedule_variant"]) and not protocol[row["course_id"]]:
            c.add("treatments", i, "schedule_variant", "alternative schedules belong to protocol courses")
        ranged = row["dose_qualifier"] == "range" if _present(row["dose_qualifier"]) else False
        if _present(row["dose_max"]) != ranged:
            c.add(
                "treatments",
                i,
                "dose_max",
                "a dose range gives dose_max with dose_qualifier 'range', and only a range does",
            )
        elif ranged and _present(row["dose"]) and row["dose_max"] < row["dose"]:
            c.add("treatments", i, "dose_max", f"range ends at {row['dose_max']}, below its start {row['dose']}")


def _check_clock(c: _Collector, table: str) -> None:
    """Day and date cells of events or measurements, on their course's clock."""
    ds = c.dataset
    rows = event_days(ds, table)
    course_patient = ds["courses"].set_index("course_id")["patient_id"]
    for i, row in rows.iterrows():
        if course_patient[row["course_id"]] != row["patient_id"]:
            c.add(table, i, "course_id", f"course {row['course_id']} is not a course of {row['patient_id']}")
        if _check_stated_day(c, table, i, row):
            _check_history(c, table, i, row)
            _check_date(c, table, i, row, "date", "date_precision")


def _check_stated_day(c: _Collector, table: str, i, row) -> bool:
    """The day cells a row's day qualifier asks for; False where the row's days cannot be placed at all."""
    qualifier = row["day_qualifier"]
    has_day, has_min, has_max = (_present(row[k]) for k in ("text_day", "text_day_min", "text_day_max"))
    if qualifier == "interval":
        if not (has_min and has_max and not has_day):
            c.add(table, i, "text_day_min", "an interval needs text_day_min and text_day_max and no text_day")
            return False
        if row["text_day_min"] > row["text_day_max"]:
            c.add(table, i, "text_day_max", "interval ends before it starts")
            return False
    elif qualifier == "after":
        if not has_min or has_day or has_max:
            c.add(table, i, "text_day_min", "a day stated as after needs text_day_min only")
            return False
    elif qualifier == "before":
        if not has_max or has_day or has_min:
            c.add(table, i, "text_day_max", "a day stated as before needs text_day_max only")
            return False
    elif qualifier == "none":
        if has_day or has_min or has_max:
            c.add(table, i, "day_qualifier", "a row without a stated day has no text_day or bounds")
        if not _present(row["date"]):
            c.add(table, i, "date", "a row without a stated day needs a date")
    elif qualifier == "unstated":
        if has_day or has_min or has_max:
            c.add(table, i, "day_qualifier", "a row whose day is unstated has no text_day or bounds")
    else:
        if not has_day:
            c.add(table, i, "text_day", f"a day stated as {qualifier} needs text_day")
        if has_min or has_max:
            c.add(
                table,
                i,
                "text_day_min" if has_min else "text_day_max",
                f"bounds belong to an interval, not to a day stated as {qualifier}",
            )
    return True


def _check_history(c: _Collector, table: str, i, row) -> None:
    """A row before day 0 of its course is marked as history, and a row marked as history is before it."""
    if _present(row["day_min"]):
        before_day0 = _present(row["day_max"]) and row["day_max"] < 0
        if before_day0 and not row["history"]:
            c.add(
                table,
                i,
                "text_day",
                f"day {row['day_min']} precedes day 0 of its course but is not marked as history",
            )
        if row["history"] and row["day_min"] >= 0:
            c.add(table, i, "history", "marked as history but falls on or after day 0 of its course")
    elif _present(row["day_max"]):
        if row["day_max"] < 0 and not row["history"]:
            c.add(
                table,
                i,
                "text_day_max",
                f"only known to precede day {row['day_max'] + 1} of its course but is not marked as history",
            )
        if row["history"] and row["day_max"] >= 0:
            c.add(table, i, "history", "marked as history but may fall on or after day 0 of its course")


def _check_day0_interval(c: _Collector, i, row) -> None:
    """A day 0 known only as an interval: day0_date is its earliest day, day0_date_latest its latest."""
    if not _present(row["day0_date_latest"]):
        return
    if not _present(row["day0_date"]) or row["day0_date_precision"] != "day" or len(row["day0_date_latest"]) != 10:
        c.add(
            "courses", i, "day0_date_latest", "an interval of day 0 needs day0_date and its latest day, both to the day"
        )
    elif row["day0_date_latest"] < row["day0_date"]:
        c.add("courses", i, "day0_date_latest", f"{row['day0_date_latest']} is before day0_date {row['day0_date']}")


def _check_date(c: _Collector, table: str, i, row, column: str, precision: str) -> None:
    if _present(row[column]) != _present(row[precision]):
        c.add(table, i, precision, f"{column} and {precision} go together")
    elif _present(row[column]):
        expected = {"year": 4, "month": 7, "day": 10}[row[precision]]
        if len(row[column]) != expected:
            c.add(table, i, column, f"{row[column]!r} does not have {row[precision]} precision")


def _check_events(c: _Collector) -> None:
    events = event_days(c.dataset)
    for i, row in events.iterrows():
        if row["event_type"] not in GRADED and _present(row["grade"]):
            c.add("events", i, "grade", f"a {row['event_type']} event has no grade")
        if row["event_type"] != "relapse":
            for column in ("cd19_status", "cd22_status"):
                if _present(row[column]):
                    c.add("events", i, column, "antigen status belongs to a relapse")
        if row["event_type"] != "infection" and _present(row["pathogen"]):
            c.add("events", i, "pathogen", f"a {row['event_type']} event has no pathogen")
        if _present(row["since_diagnosis"]) != _present(row["since_diagnosis_unit"]):
            c.add("events", i, "since_diagnosis_unit", "since_diagnosis and since_diagnosis_unit go together")
    for _, group in events.dropna(subset=["day_min"]).groupby("course_id"):
        # A terminal event known only to come 'after' a day has no latest day: nothing is provably after it.
        for _i, row in group[group["event_type"].isin(TERMINAL) & group["day_max"].notna()].iterrows():
            for j, after in group[group["day_min"] > row["day_max"]].iterrows():
                c.add(
                    "events",
                    j,
                    "text_day",
                    f"{after['event_type']} on day {after['day_min']} comes after {row['event_type']} on day {row['day_max']}",
                )
        crs = group[group["event_type"] == "CR"]
        for j, relapse in group[group["event_type"] == "relapse"].iterrows():
            if not _present(relapse["day_max"]):
                continue  # known only to come after a day: cannot precede anything
            if len(crs) and (crs["day_min"] > relapse["day_max"]).all():
                c.add("events", j, "text_day", "relapse precedes every complete remission of its course")


def _check_measurements(c: _Collector) -> None:
    frame = c.dataset["measurements"]
    for i, row in frame.iterrows():
        if _present(row["ratio_to"]) != (row["unit"] == "ratio"):
            c.add(
                "measurements", i, "ratio_to", "a ratio names the measurement it is relative to, and only a ratio does"
            )


def _check_statistics(c: _Collector) -> None:
    for i, row in c.dataset["reported_statistics"].iterrows():
        num, den, value = row["numerator"], row["denominator"], row["value"]
        if _present(num) and _present(den) and num > den:
            c.add("reported_statistics", i, "numerator", f"numerator {num} exceeds denominator {den}")
        if row["unit"] == "percent" and not 0 <= value <= 100:
            c.add("reported_statistics", i, "value", f"a percentage must lie in 0-100, not {value}")
        if _present(row["ci_low"]) != _present(row["ci_high"]):
            c.add(
                "reported_statistics",
                i,
                "ci_high" if _present(row["ci_low"]) else "ci_low",
                "a confidence interval needs both limits",
            )
        elif _present(row["ci_low"]) and not row["ci_low"] <= row["ci_high"]:
            c.add("reported_statistics", i, "ci_low", f"lower limit {row['ci_low']} above upper limit {row['ci_high']}")
        if _present(row["range_low"]) != _present(row["range_high"]):
            c.add(
                "reported_statistics",
                i,
                "range_high" if _present(row["range_low"]) else "range_low",
                "a range needs both ends",
            )
        elif _present(row["range_low"]) and not row["range_low"] <= value <= row["range_high"]:
            c.add(
                "reported_statistics",
                i,
                "value",
                f"{value} lies outside its range {row['range_low']}-{row['range_high']}",
            )
        if row["measure"] == "proportion" and row["unit"] != "percent":
            c.add("reported_statistics", i, "unit", "a proportion is published as a percent")
        _check_statistic_qualifiers(c, i, row)


def _check_statistic_qualifiers(c: _Collector, i, row) -> None:
    """A value inside its interval; a stated-level flag with every interval; a time point with every time-to-event estimate."""
    value = row["value"]
    if _present(row["ci_low"]) and _present(row["ci_high"]) and row["ci_low"] <= row["ci_high"]:
        if not row["ci_low"] <= value <= row["ci_high"]:
            c.add(
                "reported_statistics",
                i,
                "value",
                f"{value} lies outside its confidence interval {row['ci_low']}-{row['ci_high']}",
            )
    if _present(row["ci_low"]) != _present(row["ci_level_stated"]):
        c.add(
            "reported_statistics",
            i,
            "ci_level_stated",
            "an interval says whether the text states its level"
            if _present(row["ci_low"])
            else "ci_level_stated belongs to an interval",
        )
    timed = row["measure"] in TIME_TO_EVENT
    if timed != _present(row["timepoint_months"]):
        c.add(
            "reported_statistics",
            i,
            "timepoint_months",
            f"a {row['measure']} needs the time point it is stated at"
            if timed
            else f"a {row['measure']} has no time point",
        )


def _check_study_dates(c: _Collector) -> None:
    for i, row in c.dataset["study_dates"].iterrows():
        _check_date(c, "study_dates", i, row, "date", "date_precision")


def _check_absences(c: _Collector) -> None:
    """A stated absence belongs to a course of its own patient and contradicts no event of that course."""
    ds = c.dataset
    course_patient = ds["courses"].set_index("course_id")["patient_id"]
    events = set(zip(ds["events"]["course_id"], ds["events"]["event_type"]))
    for i, row in ds["absences"].iterrows():
        if course_patient[row["course_id"]] != row["patient_id"]:
            c.add("absences", i, "course_id", f"course {row['course_id']} is not a course of {row['patient_id']}")
        if not row["absence_id"].startswith(f"{row['course_id']}-"):
            c.add(
                "absences",
                i,
                "absence_id",
                f"{row['absence_id']!r} does not start with its course_id {row['course_id']}-",
            )
        if (row["course_id"], row["event_type"]) in events:
            c.add(
                "absences",
                i,
                "event_type",
                f"the course has a {row['event_type']} event that this row says did not happen",
            )


def _check_studies(c: _Collector) -> None:
    ds = c.dataset
    counts = ds["patients"]["study_id"].value_counts()
    for i, row in ds["studies"].iterrows():
        if counts.get(row["study_id"], 0) > row["n_patients"]:
            c.add(
                "studies",
                i,
                "n_patients",
                f"{counts[row['study_id']]} patients are curated but the study has {row['n_patients']}",
            )


def _check_event_clocks(c: _Collector) -> None:
    _check_clock(c, "events")


def _check_measurement_clocks(c: _Collector) -> None:
    _check_clock(c, "measurements")


RULES = (
    _check_ids,
    check_selections,
    check_recounts,
    check_finding_links,
    _check_courses,
    _check_treatments,
    _check_events,
    _check_measurements,
    _check_statistics,
    _check_studies,
    _check_study_dates,
    _check_absences,
    _check_event_clocks,
    _check_measurement_clocks,
)


def check(dataset, rule=None) -> list[Problem]:
    """The cross-table problems of a schema-valid dataset that one of :data:`RULES` finds (all, by default)."""
    c = _Collector(dataset)
    for each in RULES if rule is None else (rule,):
        each(c)
    return c.problems
