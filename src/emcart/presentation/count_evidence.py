"""The curated cells a count of patients recounted from the cases rests on, as its tip quotes them: for each
patient counted, the events that make it counted (after day 0: no history carried into the course); for each
other patient of the denominator, its stated absences of the kind, where curated; each passage once; never a
sentence that states a published statistic (an aggregate restates a count, it cannot support its recount),
which the tip may quote only under the label :data:`PUBLISHED`."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from emcart.audit import case_recounts
from emcart.datapackage.derived import derived
from emcart.datapackage.provenance import normalise
from emcart.model import fact_reads, outcomes
from emcart.presentation import evidence
from emcart.presentation.derivations import STATISTIC_FIELDS, row_keys
from emcart.presentation.extramedullary_marks import event_keys

PUBLISHED = "Published, the count under test (not evidence for the recount)"


def _snippets(prov: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Each cell's (source file, normalised snippet), by key."""
    keys = map(evidence.cell_key, prov["table"], prov["row_id"], prov["field"])
    return dict(zip(keys, zip(prov["source_file"], map(normalise, prov["snippet"]))))


def _statements(prov: pd.DataFrame) -> set[tuple[str, str]]:
    """The (source file, normalised snippet) of every sentence that states a published statistic."""
    stated = prov[prov["table"] == evidence.STATISTIC]
    return set(zip(stated["source_file"], map(normalise, stated["snippet"])))


def passages_once(dataset, keys) -> tuple[str, ...]:
    """``keys`` less those whose snippet another key's snippet (of the same source) repeats or contains: each
    passage once, under the key of its longest snippet (the first of equal ones), in the given order."""
    snippets = derived(dataset["provenance"], _snippets)
    kept: list[str] = []
    for key in dict.fromkeys(keys):
        source, words = snippets[key]
        if any(s == source and words in w for s, w in (snippets[k] for k in kept)):
            continue
        kept = [k for k in kept if not (snippets[k][0] == source and snippets[k][1] in words)] + [key]
    order = list(dict.fromkeys(keys))
    return tuple(sorted(kept, key=order.index))


def count_inputs(dataset, members, cases, events_of, kinds) -> tuple[str, ...]:
    """The curated cells a recounted count of patients rests on (see the module).

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    members : sequence of str
        The patients of the denominator.
    cases : sequence of str
        Those counted.
    events_of : callable
        ``events_of(patient_id)``: the rows of ``events`` that make the patient counted.
    kinds : sequence of str
        The kinds of event counted: the stated absences of the others are of these kinds.

    Returns
    -------
    tuple of str
        Curated cell keys: the counted patients' events, then the other patients' stated absences, in patient
        order, each passage once, none from a sentence that states a published statistic.
    """
    counted = [k for pid in cases for k in event_keys(dataset, events_of(pid))]
    absences = dataset["absences"]
    rest = absences[absences["patient_id"].isin([p for p in members if p not in set(cases)])]
    rest = rest[rest["event_type"].isin(list(kinds))]
    absent = [k for a in rest["absence_id"] for k in row_keys(dataset, "absences", a)]
    return quoted(dataset, counted + absent)


def quoted(dataset, keys) -> tuple[str, ...]:
    """The curated cells of ``keys`` a recount's tip quotes: each passage once (:func:`passages_once`), none
    from a sentence that states a published statistic."""
    snippets, stated = derived(dataset["provenance"], _snippets), derived(dataset["provenance"], _statements)
    return passages_once(dataset, [k for k in keys if snippets[k] not in stated])


def published_words(dataset, stat_id: str) -> tuple[str, ...]:
    """The sentence that states a published statistic, quoted under the label :data:`PUBLISHED` (for a
    :class:`~emcart.presentation.evidence.Derivation`'s ``words``)."""
    study = dataset["reported_statistics"].set_index("stat_id").at[stat_id, "study_id"]
    return labelled_words(dataset, row_keys(dataset, evidence.STATISTIC, stat_id, STATISTIC_FIELDS), study, PUBLISHED)


def labelled_words(dataset, keys, study: str, label: str) -> tuple[str, ...]:
    """The passages of ``keys`` (each once), each under its locator, after ``label`` (for a
    :class:`~emcart.presentation.evidence.Derivation`'s ``words``); () for none."""
    snippets = derived(dataset["provenance"], _snippets)
    prov = dataset["provenance"].set_index(["table", "row_id", "field"])["locator"]
    keys = passages_once(dataset, keys)
    quotes = (
        line
        for key in keys
        for line in (f"Report {study}, {prov[tuple(key.split(evidence.SEPARATOR))]}:", f"“{snippets[key][1]}”")
    )
    return (f"{label}:", *quotes) if keys else ()


def case_inputs(dataset, stat_id: str) -> tuple[str, ...]:
    """The curated cells a published statistic's recount from the cases (``case_recounts``) rests on: for a
    count of patients with a fact, :func:`count_inputs` of the events the fact reads; for one event's day, that
    event's cells; () for a statistic not recounted from the cases."""
    recounted = dataset["case_recounts"].set_index("stat_id") if "case_recounts" in dataset.tables else None
    if recounted is None or stat_id not in recounted.index:
        return ()
    row = recounted.loc[stat_id]
    if pd.notna(row["event_id"]):
        return quoted(dataset, event_keys(dataset, dataset["events"][dataset["events"]["event_id"] == row["event_id"]]))
    members = case_recounts.group(dataset, stat_id)
    counted = outcomes.count(dataset, members, outcomes.fact(row["fact"]))
    expression = row["fact"]
    return count_inputs(
        dataset,
        members,
        counted.cases,
        lambda pid: fact_reads.read_events(dataset, pid, expression),
        fact_reads.read_kinds(expression),
    )


RECOUNT_COLUMNS = ("recomputed", "counted")  # the columns of an audit row that show its recount


def recount_marks(dataset, frame: pd.DataFrame, stat_ids, marks: pd.DataFrame) -> pd.DataFrame:
    """``marks`` (:func:`~emcart.presentation.evidence.statistic_marks` of ``frame``) with each recount cell
    (:data:`RECOUNT_COLUMNS`) of a statistic recounted from the cases resting on :func:`case_inputs`, the
    published sentence quoted after the label :data:`PUBLISHED`; a statistic without case inputs keeps its mark.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    frame : pandas.DataFrame
        The table shown, one statistic per row.
    stat_ids : iterable of str
        The statistic of each row, in the frame's order.
    marks : pandas.DataFrame
        The table's marks, changed in place.

    Returns
    -------
    pandas.DataFrame
        ``marks``.
    """
    columns = [frame.columns.get_loc(c) for c in RECOUNT_COLUMNS if c in frame.columns]
    for i, sid in enumerate(stat_ids):
        inputs = case_inputs(dataset, sid)
        for j in columns if inputs else ():
            mark = marks.iat[i, j]
            if isinstance(mark, evidence.Derivation):
                marks.iat[i, j] = replace(mark, inputs=inputs, words=published_words(dataset, sid))
    return marks
