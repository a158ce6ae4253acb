"""The cross-table rules of the curated choices (``statistic_selections``, ``table_headings``) and of the recounts (``case_recounts``, ``cohort_recounts``, ``reading_recounts``) and what findings name, among :data:`emcart.datapackage.rules.RULES`."""

from __future__ import annotations

import pandas as pd

from emcart.datapackage.facts import terms


def check_selections(c) -> None:
    """A selection's statistic belongs to the row's study; a subgroup size names its subgroup; a rebuilt table's
    column shows a curated field (``c`` collects the problems, as the other rules' collector)."""
    for i, row in c.dataset["statistic_selections"].iterrows():
        if not str(row["stat_id"]).startswith(f"{row['study_id']}-"):
            c.add("statistic_selections", i, "study_id", f"statistic {row['stat_id']} belongs to another study")
        if row["role"] == "subgroup size" and pd.isna(row["group"]):
            c.add("statistic_selections", i, "group", "a subgroup size names its subgroup in group")
    for i, row in c.dataset["table_headings"].iterrows():
        if row["table"] not in c.dataset.tables or row["field"] not in c.dataset[row["table"]]:
            c.add("table_headings", i, "field", f"{row['table']}.{row['field']} is no curated field")


def check_recounts(c) -> None:
    """A recount from the cases counts a fact or reads an event's day, not both; a cohort's recount counts one
    course or a group (none: all the report's patients), not both; their facts are known words (:mod:`emcart.datapackage.facts`); an event or a
    course belongs to the row's study."""
    events = c.dataset["events"].set_index("event_id")["patient_id"]
    for i, row in c.dataset["case_recounts"].iterrows():
        if pd.isna(row["fact"]) == pd.isna(row["event_id"]):
            c.add("case_recounts", i, "fact", "give either a fact (a count over the group) or an event_id, not both")
        if pd.notna(row["event_id"]) and not str(events.get(row["event_id"], "")).startswith(f"{row['study_id']}-"):
            c.add("case_recounts", i, "event_id", f"event {row['event_id']} belongs to another study")
        _check_facts(c, "case_recounts", i, row, ("group", "fact"))
    courses = c.dataset["courses"].set_index("course_id")["study_id"]
    for i, row in c.dataset["cohort_recounts"].iterrows():
        if pd.notna(row["course_id"]) and pd.notna(row["group"]):
            c.add("cohort_recounts", i, "group", "give a course_id (one patient's course) or a group, not both")
        if pd.notna(row["course_id"]) and courses.get(row["course_id"]) != row["study_id"]:
            c.add("cohort_recounts", i, "course_id", f"course {row['course_id']} belongs to another study")
        _check_facts(c, "cohort_recounts", i, row, ("group",))
    _check_readings(c)


def _check_readings(c) -> None:
    """A recount under a finding's reading counts a fact (over its own group, or that of a recount that counts
    one), and the finding disputes the statistic (``disputed_counts``)."""
    if "reading_recounts" not in c.dataset.tables:
        return
    counting = c.dataset["case_recounts"].set_index("stat_id")["fact"].dropna()
    disputed = c.dataset["findings"].set_index("finding_id")["disputed_counts"]
    for i, row in c.dataset["reading_recounts"].iterrows():
        if row["stat_id"] not in counting.index:
            c.add("reading_recounts", i, "stat_id", f"{row['stat_id']} is recounted without a fact to read otherwise")
        if row["stat_id"] not in listed(disputed.get(row["finding_id"])):
            c.add("reading_recounts", i, "finding_id", f"{row['finding_id']} does not dispute {row['stat_id']}")
        _check_facts(c, "reading_recounts", i, row, ("fact", "group"))


def listed(cell) -> list[str]:
    """The entries of a '; '-separated cell (``findings.statistics``, ``findings.disputed_counts``); none when empty."""
    return list(filter(None, ("" if pd.isna(cell) else cell).split("; ")))


def check_finding_links(c) -> None:
    """A finding's published statistics (``statistics``) and disputed counts (``disputed_counts``: statistics or
    cohort recounts) are curated rows of the finding's study."""
    statistics = c.dataset["reported_statistics"].set_index("stat_id")["study_id"]
    counts = pd.concat([statistics, c.dataset["cohort_recounts"].set_index("recount_id")["study_id"]])
    for column, study in (("statistics", statistics), ("disputed_counts", counts)):
        for i, row in c.dataset["findings"].iterrows():
            for link in listed(row[column]):
                target = link.partition("=")[0]
                if study.get(target) != row["study_id"]:
                    c.add("findings", i, column, f"{target} is no statistic or recount of report {row['study_id']}")


def _check_facts(c, table: str, i, row, columns: tuple[str, ...]) -> None:
    for column in columns:
        try:
            terms(row[column]) if pd.notna(row[column]) else None
        except ValueError as exc:
            c.add(table, i, column, str(exc))
