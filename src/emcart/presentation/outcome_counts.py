"""Outcomes of several reports side by side, per cohort: each cell the published statistic a selection of
``statistic_selections`` names (its group the outcome, its label the cohort), or the book's count from the
curated events that ``cohort_recounts`` defines; beside a statistic recounted from the cases
(``case_recounts``), what the cases support where it differs."""

from __future__ import annotations

import pandas as pd

from emcart.audit import case_recounts, comparison, findings, readings
from emcart.datapackage.derived import remembered_over
from emcart.model import outcomes, statistic_selections
from emcart.model.patient_rows import labels
from emcart.presentation import cross_study, extramedullary
from emcart.presentation.cross_study import NOT_REPORTED

COLUMNS = [
    "outcome",
    "cohort",
    "k",
    "n",
    "n_is_cohort_size",
    "estimate",
    "source",
    "note",
    "recount",
    "supported",
    "other_k",
    "other_n",
    "stat_id",
    "recount_id",
    "findings",
    "study_id",
    "label",
]


def recounts(dataset, selection: str) -> pd.DataFrame:
    """The selection's rows of ``cohort_recounts``, indexed by (outcome, cohort)."""
    table = dataset["cohort_recounts"]
    return table[table["selection"] == selection].set_index(["outcome", "cohort"])


def curated_cohorts(dataset, selection: str) -> dict[str, str]:
    """The selection's cohorts as curated, each with its report, by report, then in the order the curated tables
    list them."""
    chosen = statistic_selections.rows(dataset, selection)
    own = recounts(dataset, selection).reset_index()
    found = pd.concat(
        [chosen[["study_id", "label"]], own[["study_id", "cohort"]].set_axis(["study_id", "label"], axis=1)]
    ).sort_values("study_id", kind="stable")
    return dict(zip(found["label"], found["study_id"]))


def cohorts(dataset, selection: str) -> list[str]:
    """The selection's cohorts (columns) as shown (:func:`emcart.presentation.extramedullary.cohort_label`), in
    the order of :func:`curated_cohorts`."""
    return [extramedullary.cohort_label(dataset, s, label) for label, s in curated_cohorts(dataset, selection).items()]


def course_words(dataset, course_id: str) -> str:
    """A course by its cells' source ('the donor-derived course')."""
    return f"the {dataset['courses'].set_index('course_id').at[course_id, 'cell_source']}-derived course"


def course_events(dataset, row, table: str = "events") -> pd.DataFrame:
    """The events (or stated absences) of a cohort recount's kind on its course."""
    frame = dataset[table]
    return frame[(frame["course_id"] == row["course_id"]) & (frame["event_type"] == row["event_type"])]


def _course_count(dataset, row) -> dict:
    """One patient's course: 1 if an event of the kind (of the grade) is on it, 0 if not; not reported if none
    is on it and none is stated absent."""
    hits = course_events(dataset, row)
    if pd.notna(row["min_grade"]):
        hits = hits[hits["grade"].fillna(0) >= row["min_grade"]]
    reported = len(hits) or len(course_events(dataset, row)) or len(course_events(dataset, row, "absences"))
    found = {"k": int(len(hits) > 0) if reported else None, "n": 1 if reported else None}
    return found | {"source": f"events of {course_words(dataset, row['course_id'])}", "note": _earlier(dataset, row)}


def _earlier(dataset, row) -> str:
    """For a count of the course only: the patient's events of the kind before it, where the row asks for them."""
    if pd.isna(row["earlier"]):
        return ""
    events = dataset["events"]
    patient = dataset["courses"].set_index("course_id").at[row["course_id"], "patient_id"]
    own = events[(events["patient_id"] == patient) & (events["event_type"] == row["event_type"])]
    earlier = own[own["course_id"] != row["course_id"]]
    where = "; ".join(
        f"{str(e['site']).replace('; ', ', ')} ({extramedullary.when(dataset, e)})" for _, e in earlier.iterrows()
    )
    return f"{row['earlier']} {len(earlier)} times: {where}."


def group_count(dataset, row) -> outcomes.Count:
    """The patients of a cohort recount's group with an event of its kind after day 0."""

    def has(data, patient_id: str) -> bool:
        return not outcomes.events(data, patient_id, row["event_type"]).empty

    return outcomes.count(dataset, outcomes.group(dataset, row["study_id"], row["group"]), has)


def _group_count(dataset, row, whole: str | None) -> dict:
    """A group's count the text gives only for the whole report (or a whole report's count the text gives in no
    one statistic), the patients not counted who were lost to follow-up, the whole's contradiction where it names
    a patient counted, and the group's count under the first reading of the whole a finding argues for where it
    differs."""
    counted = group_count(dataset, row)
    cases = f" ({labels(dataset, counted.cases)})" if counted.cases else ""
    given = "Counted patient by patient from the text"
    if pd.notna(row["group"]):
        given = "Not given per arm in the text; counted from the case narratives"
    note = f"{given}: {counted.k}/{counted.n}{cases}."
    members = outcomes.group(dataset, row["study_id"], row["group"])
    lost = [p for p in members if p not in counted.cases and outcomes.lost(dataset, p)]
    if lost:
        note += f" Lost to follow-up, so not known after it: {labels(dataset, lost)}."
    remark = comparison.judgment(dataset, whole, ("remark", comparison.CONTRADICTED)) if whole else ""
    named = dataset["patients"].set_index("patient_id").loc[list(counted.cases), "label"].str.lower()
    if remark and any(remark.lower().startswith(label) for label in named):
        note += f" {remark[0].upper()}{remark[1:]}."
    found = {"k": counted.k, "n": counted.n, "source": "counted from the case narratives", "note": note}
    read = readings.counted(dataset, whole, members, regrouped=False) if whole else ()
    if not read or read[0].count.k == counted.k:
        return found
    return found | _under_reading(dataset, read, note)


def _recount(dataset, stat_id: str, recomputed: dict) -> dict:
    """For a statistic recounted from the cases: what they support when it differs from the published count, or
    its recount under the first reading a finding argues for (``reading_recounts``) when it agrees (``recount``,
    'k/n (cases)'; ``supported``, the words shown in its cell, 'the narratives support k/n'; ``other_k`` and
    ``other_n``), and a ``note``: the difference and why, or the curated remark on a count they reproduce (if any)."""
    if stat_id not in recomputed:
        return {}
    row = dataset["reported_statistics"].set_index("stat_id").loc[stat_id]
    counted = recomputed[stat_id]
    if counted.value is None or comparison.row_agreement(row, counted):
        remark = comparison.judgment(dataset, stat_id, ("remark", comparison.CONTRADICTED))
        remark = f"{remark[0].upper()}{remark[1:]}." if remark else ""
        return _under_reading(dataset, counted.readings, remark) if counted.readings else {"note": remark}
    fraction = f"{counted.numerator}/{counted.denominator}"
    supported = f"{fraction} ({labels(dataset, counted.cases)})"
    return {
        "recount": supported,
        "supported": f"the narratives support {fraction}",
        "other_k": counted.numerator,
        "other_n": counted.denominator,
        "note": (
            f"The report prints {int(row['numerator'])}/{int(row['denominator'])}; the case narratives "
            f"support {supported}: {comparison.judgment(dataset, stat_id)} (see the report {row['study_id']} chapter)."
        ),
    }


def _under_reading(dataset, found: tuple, note: str) -> dict:
    """A count's recount under the first of the readings ``found`` (``recount``, ``supported``, ``other_k``,
    ``other_n``), said after ``note``."""
    r = found[0]
    cases = f" ({labels(dataset, r.count.cases)})" if r.count.k else ""
    return {
        "recount": f"{r.fraction('/')}{cases}",
        "supported": f"{r.reading}: {r.fraction('/')}",
        "other_k": r.count.k,
        "other_n": r.count.n,
        "note": f"{note} {r.reading[0].upper()}{r.reading[1:]} ({r.finding}): {r.fraction('/')}{cases}.".strip(),
    }


def _published(dataset, stat_id: str, sizes: dict, recomputed: dict) -> dict:
    estimate = cross_study.estimate_words(dataset, stat_id)
    if estimate:
        return {
            "k": None,
            "n": None,
            "estimate": estimate[0],
            "note": estimate[1],
            "stat_id": stat_id,
            "source": stat_id,
        }
    k, n, printed = cross_study.counts_of(dataset, stat_id, sizes)
    return {"k": k, "n": n, "n_is_cohort_size": not printed, "stat_id": stat_id, "source": stat_id} | _recount(
        dataset, stat_id, recomputed
    )


def outcome_counts(dataset, selection: str) -> pd.DataFrame:
    """One row per outcome and cohort of a selection.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    selection : str
        A selection of ``statistic_selections`` whose group is the outcome and label the cohort.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`: ``k``, ``n``, ``n_is_cohort_size`` (n is the cohort size: the count prints no denominator), ``estimate`` (a published
        time-to-event estimate in words where the cell gives no count, else ''), ``source``, ``note``
        (a count's window, a group's count the text gives only in total, a difference or a remark), ``recount``
        (what the cases support where it differs from the published count, or its count under a reading a finding
        argues for, with the cases), ``supported`` (the same in the cell's words) and ``other_k``/``other_n`` (its k
        and n), ``stat_id`` or ``recount_id`` (the
        book's count, ``cohort_recounts``), ``findings`` (:func:`emcart.audit.findings.disputing`: those that say the
        cell's count does not hold as printed, '' for none), ``study_id`` and ``label`` (the cohort as curated;
        ``cohort`` is the cohort as shown, :func:`cohorts`).
    """
    frames = tuple(dataset[t] for t in dataset.tables)
    return remembered_over(frames, ("outcome counts", selection), lambda: _outcome_counts(dataset, selection)).copy()


def _outcome_counts(dataset, selection: str) -> pd.DataFrame:
    sizes = dataset["studies"].set_index("study_id")["n_patients"].astype(int).to_dict()
    recomputed = {r.stat_id: r for r in case_recounts.recomputed(dataset)}
    chosen = statistic_selections.rows(dataset, selection).set_index(["group", "label"])
    own = recounts(dataset, selection)
    rows = []
    for outcome in dict.fromkeys(chosen.index.get_level_values(0)):
        for cohort, study in curated_cohorts(dataset, selection).items():
            row = {"outcome": outcome, "cohort": extramedullary.cohort_label(dataset, study, cohort), "label": cohort}
            row |= {"study_id": study, "note": "", "recount": "", "supported": "", "estimate": ""}
            row |= {"stat_id": None, "recount_id": None, "other_k": None, "other_n": None}
            if (outcome, cohort) in own.index:
                row["recount_id"] = own.at[(outcome, cohort), "recount_id"]
            if (outcome, cohort) in chosen.index:
                row |= _published(dataset, chosen.at[(outcome, cohort), "stat_id"], sizes, recomputed)
            elif (outcome, cohort) in own.index and pd.notna(own.at[(outcome, cohort), "course_id"]):
                row |= _course_count(dataset, own.loc[(outcome, cohort)])
            elif (outcome, cohort) in own.index:
                r = own.loc[(outcome, cohort)]
                whole = chosen.reset_index().query("group == @outcome and study_id == @r.study_id")["stat_id"]
                row |= _group_count(dataset, r, whole.iloc[0] if len(whole) else None)
            else:
                row |= {"k": None, "n": None, "source": NOT_REPORTED}
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame["n_is_cohort_size"] = frame.get("n_is_cohort_size", pd.Series(False, index=frame.index)).eq(True)
    frame["findings"] = findings.disputing(dataset, frame["stat_id"].fillna(frame["recount_id"]))
    return frame[COLUMNS]


def forest_frame(dataset, selection: str, shown: list[str]) -> pd.DataFrame:
    """The forest plot's rows: each shown outcome's proportion per cohort, with the recounts from the cases beside.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    selection : str
        The selection of :func:`outcome_counts`.
    shown : list of str
        The outcomes shown, as the selection names them.

    Returns
    -------
    pandas.DataFrame
        :func:`~emcart.presentation.cross_study.forest_rows`: per outcome and cohort ``label``, ``estimate`` (%),
        Clopper–Pearson ``low``/``high`` and Wilson ``second_low``/``second_high``, ``other`` (the recount, %, where
        the cases do not support the count), ``other_text``, ``group``, ``source``, ``recount`` and ``study_id``.
    """
    return cross_study.forest_rows(dataset, outcome_counts(dataset, selection), shown)
