"""Evidence marks of tables the book recomputes from curated cells: each cell's derivation in words and the
curated cells (keys) it rests on (see :mod:`emcart.presentation.evidence`)."""

from __future__ import annotations

import pandas as pd

from emcart.analysis import consistency
from emcart.model import followup, outcomes
from emcart.presentation import evidence

# How each column of :func:`emcart.model.followup.per_patient` is computed, in words ({end}: the event
# ending follow-up); the inputs are the groups of curated cells named after the colon.
FOLLOW_UP_WORDS = {
    "stated": (
        "the day the text gives the {end} (a day, bounds, or a lower bound only), on the first course's clock",
        ("end",),
    ),
    "diagnosis lead": (
        "the fewest days the longest time the text states from the initial diagnosis to an event before day 0 can "
        "span (months and years by the calendar); 0 where it states none",
        ("lead",),
    ),
    "immunotherapy": (
        "day 0 of the first course to the {end}: the stated bounds, narrowed by the {end}'s date (where dated) against "
        "the enrolment window and capped by the days from the enrolment start to the closing date",
        ("end", "window"),
    ),
    "closing date": (
        "day 0 of the first course to the closing date: at least the stated lower bound and the days from the "
        "enrolment end to the closing date, at most the days from the enrolment start to it",
        ("end", "window"),
    ),
    "diagnosis": (
        "the initial diagnosis to the {end}: the lower bound from day 0 plus the days the diagnosis precedes "
        "day 0; no upper bound unless the text bounds the child's days of life",
        ("end", "window", "lead", "limit"),
    ),
    "relapse": (
        "the relapse before immunotherapy to the {end}: at least the lower bound from day 0, no upper bound",
        ("end", "window", "relapse"),
    ),
}


DAY_FIELDS = ("event_type", "date", "text_day", "text_day_min", "text_day_max")


def row_keys(dataset, table: str, row_id: str, fields=None) -> tuple[str, ...]:
    """The keys of a curated row's cells that have provenance (only ``fields``, if given)."""
    prov = dataset["provenance"]
    chosen = prov[(prov["table"] == table) & (prov["row_id"] == row_id)]
    if fields is not None:
        chosen = chosen[chosen["field"].isin(fields)]
    return tuple(evidence.cell_key(table, row_id, f) for f in chosen["field"])


STATISTIC_FIELDS = ("value", "numerator", "denominator", "ci_low", "ci_high")


def statistic_derivations(
    dataset, frame: pd.DataFrame, stat_ids, words: dict, named: dict[str, str] | None = None, inputs=None
) -> pd.DataFrame:
    """:func:`~emcart.presentation.evidence.statistic_marks` of a table of published statistics (one
    ``stat_ids`` entry per row), each column of ``words`` told in words: ``words[column](row)`` of the row's
    shown cells, resting on the statistic's published cells and ``inputs`` (per row, more curated keys);
    a column of ``named`` shows the statistic's curated field it names."""
    marks = evidence.statistic_marks(dataset, frame, stat_ids)
    for i, (sid, (_, row)) in enumerate(zip(stat_ids, frame.iterrows())):
        own = row_keys(dataset, evidence.STATISTIC, sid, STATISTIC_FIELDS)
        keys = tuple(dict.fromkeys(own + tuple(inputs[i] if inputs else ())))
        for column, field_name in (named or {}).items():
            marks.iat[i, frame.columns.get_loc(column)] = evidence.cell_key(evidence.STATISTIC, sid, field_name)
        for column, how in words.items():
            if str(row[column]):
                marks.iat[i, frame.columns.get_loc(column)] = evidence.Derivation(how(row), keys)
    return marks


def _follow_up_inputs(dataset, patient_id: str, study_id: str) -> dict[str, tuple[str, ...]]:
    end = followup.end_of_follow_up(dataset, patient_id)
    history = outcomes.events(dataset, patient_id, history=True)
    history = history[history["history"].astype(bool)]
    dates = dataset["study_dates"]
    return {
        "end": row_keys(dataset, "events", end["event_id"], DAY_FIELDS),
        "window": tuple(
            k
            for d in dates.loc[dates["study_id"] == study_id, "date_id"]
            for k in row_keys(dataset, "study_dates", d, ("date",))
        ),
        "lead": tuple(
            k
            for e in history.loc[history["since_diagnosis"].notna(), "event_id"]
            for k in row_keys(dataset, "events", e, ("event_type", "since_diagnosis", "since_diagnosis_unit"))
        ),
        "limit": row_keys(dataset, "diagnosis_bounds", patient_id),
        "relapse": tuple(
            k
            for e in history.loc[history["event_type"] == "relapse", "event_id"]
            for k in row_keys(dataset, "events", e, ("event_type",))
        ),
    }


def follow_up_marks(dataset, bounds: pd.DataFrame, shown: pd.DataFrame, study_id: str) -> pd.DataFrame:
    """Marks of the follow-up bounds table: curated case and end of follow-up, derived bounds.

    Every bound is a derivation from the end's stated day, the study's dates and the diagnosis's history.

    Parameters
    ----------
    dataset : Dataset
    bounds : pandas.DataFrame
        :func:`emcart.model.followup.per_patient`'s frame.
    shown : pandas.DataFrame
        Its display: the same columns in order without ``patient_id``, renamed at will.
    study_id : str

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: a curated cell's key (``table|row_id|field``), a
        :class:`~emcart.presentation.evidence.Derivation`, or None.
    """
    columns = [c for c in bounds.columns if c != "patient_id"]
    rows = []
    for (_, row), (_, text) in zip(bounds.iterrows(), shown.iterrows()):
        pid = row["patient_id"]
        inputs = _follow_up_inputs(dataset, pid, study_id)
        marks = []
        for column, heading in zip(columns, shown.columns):
            name = column.removesuffix(" low").removesuffix(" high")
            if column == "case":
                marks.append(evidence.cell_key("patients", pid, "label"))
            elif column == "end":
                marks.append(
                    evidence.cell_key("events", followup.end_of_follow_up(dataset, pid)["event_id"], "event_type")
                )
            else:
                how, groups = FOLLOW_UP_WORDS[name]
                words = f"{row['case']}, {heading}: {text[heading]}. Counted from {how.format(end=row['end'])}."
                marks.append(evidence.Derivation(words, tuple(k for g in groups for k in inputs[g])))
        rows.append(marks)
    return pd.DataFrame(rows, dtype=object)


def follow_up_check_marks(dataset, verdict: pd.DataFrame, stat_id: str) -> pd.DataFrame:
    """Marks of :func:`emcart.model.followup.check`'s table: each cell says what was sought, and from which bounds.

    Parameters
    ----------
    dataset : Dataset
    verdict : pandas.DataFrame
        :func:`emcart.model.followup.check`'s table.
    stat_id : str
        The published follow-up statistic (median, minimum and maximum).

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: a curated cell's key (``table|row_id|field``), a
        :class:`~emcart.presentation.evidence.Derivation`, or None.
    """
    keys = row_keys(dataset, evidence.STATISTIC, stat_id, ("value", "range_low", "range_high"))
    seek = (
        "one value per case within its bounds (the table above) such that the values have the published median, "
        "minimum and maximum"
    )
    rows = []
    for _, row in verdict.iterrows():
        start = followup.REFERENCE_WORDS[row["counted from"]]
        found = row["consistent"] == "yes"
        words = {
            "counted from": f"Follow-up counted from {start}.",
            "consistent": f"{row['consistent']}: there {'is' if found else 'is no'} {seek}.",
            "below the minimum or above the maximum": "Cases whose bounds lie wholly below the published minimum or "
            "above the published maximum.",
            "undefined for": "Cases the starting point does not exist for (no relapse before immunotherapy).",
            "one consistent set of values (days)": f"One such set: {seek}.",
        }
        rows.append([evidence.Derivation(f"{words[c]} Counted from {start}.", keys) for c in verdict.columns])
    return pd.DataFrame(rows, dtype=object)


AGE_FIELDS = {
    "patient": ("label",),
    "table age (years)": ("age_years",),
    "narrative age": ("narrative_age_years", "narrative_age_months"),
}


def age_check_marks(dataset, study_id: str) -> pd.DataFrame:
    """Marks of :func:`emcart.analysis.consistency.age_check`'s table.

    The patient, the table's age and the narrative's years and months are curated; the narrative's age in years
    and the agreement are derived.

    Parameters
    ----------
    dataset : Dataset
    study_id : str

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: a curated cell's key (``table|row_id|field``), a
        :class:`~emcart.presentation.evidence.Derivation`, or None.
    """
    rows = []
    for _, p in consistency.aged_patients(dataset, study_id).iterrows():
        pid = p["patient_id"]
        ages = row_keys(dataset, "patients", pid, ("age_years", "narrative_age_years", "narrative_age_months"))
        years, months = p["narrative_age_years"], p["narrative_age_months"]
        shown = [
            evidence.cell_key("patients", pid, f[0])
            if len(f) == 1
            else evidence.Derivation(
                f"{years} years and {months} months, from the narrative.", row_keys(dataset, "patients", pid, f)
            )
            for f in AGE_FIELDS.values()
        ]
        shown.append(
            evidence.Derivation(
                f"{years} + {months}/12 = {years + months / 12:.4g} years, rounded to 2 decimals.", ages
            )
        )
        shown.append(
            evidence.Derivation(
                "yes if the narrative's age rounds to the table's age at its printed precision or the table's "
                "age lies within the month the narrative names; no otherwise.",
                ages,
            )
        )
        rows.append(shown)
    return pd.DataFrame(rows, dtype=object)
