"""Evidence marks of the audit's tables: the counts of statuses per report, the statuses'
meanings and a study's curated recounts of its published counts (see :mod:`emcart.presentation.evidence`)."""

from __future__ import annotations

import pandas as pd

from emcart.analysis.consistency import counted_events, item_words
from emcart.audit.comparison import STATUSES
from emcart.model.vocabulary import course_by_therapy
from emcart.presentation import evidence
from emcart.presentation.derivations import row_keys

ALL = "all"
DEFINED = "Defined by the book"


def status_count_marks(dataset, statuses: pd.DataFrame) -> pd.DataFrame:
    """Marks of :func:`emcart.audit.comparison.by_report`'s table of status counts per report.

    A report names its row of ``studies``; each count says which statistics it counts; the row of all reports,
    the sum it is.

    Parameters
    ----------
    dataset : Dataset
    statuses : pandas.DataFrame
        The table of :func:`emcart.audit.comparison.by_report`.

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: a curated cell's key (``table|row_id|field``), a
        :class:`~emcart.presentation.evidence.Derivation`, or None.
    """
    known = evidence.provenance_keys(dataset)
    reports = statuses[statuses["report"] != ALL]
    rows = []
    for _, row in statuses.iterrows():
        report, total = row["report"], row["statistics"]
        title = evidence.cell_key("studies", report, "title")
        marks = [title if title in known else evidence.Derivation(f"{report}: the four reports together.")]
        for column in [*STATUSES, "statistics"]:
            if report == ALL:
                terms = " + ".join(str(n) for n in reports[column])
                words = f"{terms} = {row[column]}: the counts of reports {', '.join(reports['report'])}"
            elif column == "statistics":
                words = (
                    f"{total} published statistics of report {report} (data/reported_statistics.csv), one status each"
                )
            else:
                words = f"{row[column]} of report {report}'s {total} statistics have the status {column}"
            marks.append(evidence.Derivation(f"{words}; counted over the full comparison below."))
        rows.append(marks)
    return pd.DataFrame(rows, dtype=object)


def meaning_marks(meanings: pd.DataFrame) -> pd.DataFrame:
    """Marks of :func:`emcart.audit.comparison.meanings`'s table: each status and its meaning are defined by the book.

    Parameters
    ----------
    meanings : pandas.DataFrame
        The table of :func:`emcart.audit.comparison.meanings`.

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: a curated cell's key (``table|row_id|field``), a
        :class:`~emcart.presentation.evidence.Derivation`, or None.
    """
    return pd.DataFrame(
        [
            [
                evidence.Derivation(f"One of the {len(STATUSES)} statuses the audit gives a statistic.", title=DEFINED),
                evidence.Derivation(
                    f"What the status '{status}' says was checked, as the audit applies it.", title=DEFINED
                ),
            ]
            for status in meanings["status"]
        ],
        dtype=object,
    )


def _after_words(dataset, after: str) -> str:
    """What a count is after: day 0 of a course, as the checks name it ('day 0 of the HSCT (course 3)'), or an
    event."""
    if after in set(dataset["courses"]["course_id"]):
        return f"day 0 of {course_by_therapy(dataset, after)}"
    return item_words(dataset, after)


def count_check_marks(dataset, study_id: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Evidence marks of a study's recount table (:func:`emcart.audit.checks.count_checks`).

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding the study's rows.
    study_id : str
        The study.
    frame : pandas.DataFrame
        The recount table, one row per row of the study's ``recount_definitions``, in their order.

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: the statement and its published count their curated cells; the
        recount, the events it counts and the agreement derivations from the recount's definition and the
        counted events.
    """
    definitions = dataset["recount_definitions"].query("study_id == @study_id")
    rows = []
    for (_, d), (_, row) in zip(definitions.iterrows(), frame.iterrows()):
        options = {k: d[k] for k in ("after", "exclude") if pd.notna(d[k])}
        counted = counted_events(dataset, d["patient_id"], d["reference"], d["event_type"], **options)
        keys = row_keys(dataset, "recount_definitions", d["stat_id"], ("source_words",)) + tuple(
            k for e in counted.index for k in row_keys(dataset, "events", e, ("event_type", "detail"))
        )
        scope = f" after {_after_words(dataset, d['after'])}" if pd.notna(d["after"]) else ""
        scope += f", leaving out those described as {d['exclude']}" if pd.notna(d["exclude"]) else ""
        counts = f"curated {d['event_type']} events{scope}: {row['events'] or 'none'}"
        agrees = "equals" if row["agrees"] == "yes" else "differs from"
        rows.append(
            [
                evidence.cell_key(evidence.STATISTIC, d["stat_id"], "statistic"),
                evidence.cell_key(evidence.STATISTIC, d["stat_id"], "value"),
                evidence.Derivation(f"{row['recomputed']:g}, the number of {counts}.", keys),
                evidence.Derivation(f"The {counts}.", keys) if row["events"] else None,
                evidence.Derivation(
                    f"{row['agrees']}: the published {row['published']:g} {agrees} the recount {row['recomputed']:g}.",
                    keys,
                ),
            ]
        )
    return pd.DataFrame(rows, dtype=object)
