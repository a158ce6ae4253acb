"""Published counts of events checked against the curated events, as the curated table
``recount_definitions`` defines them (which patient, which clock, which event type, after what, leaving
out what); and every statistic's recomputation from the curated recounts, a chapter's own or the generic one."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from emcart.analysis.consistency import count_check, counted_events
from emcart.audit import case_recounts
from emcart.audit.comparison import Recomputed, compare
from emcart.audit.generic import generic
from emcart.model.vocabulary import course_by_therapy, row_words


def _options(definition) -> dict:
    return {k: definition[k] for k in ("after", "exclude") if pd.notna(definition[k])}


def _definitions(dataset, study_id: str | None) -> pd.DataFrame:
    rows = dataset["recount_definitions"]
    return rows if study_id is None else rows[rows["study_id"] == study_id]


def count_checks(dataset, study_id: str) -> pd.DataFrame:
    """Every published count of a study that ``recount_definitions`` defines, against the curated events.

    Parameters
    ----------
    dataset : Dataset
    study_id : str

    Returns
    -------
    pandas.DataFrame
        One row per count (:func:`emcart.analysis.consistency.count_check`): ``statistic``, ``published``,
        ``recomputed``, ``events`` (those counted, in words) and ``agrees`` ('yes'/'no').
    """
    return pd.DataFrame(
        [
            count_check(dataset, d.stat_id, d.patient_id, d.reference, d.event_type, **_options(d))
            for _, d in _definitions(dataset, study_id).iterrows()
        ]
    )


def _recount(dataset, d) -> Recomputed:
    courses = dataset["courses"].set_index("course_id")
    c = count_check(dataset, d.stat_id, d.patient_id, d.reference, d.event_type, **_options(d))
    where = (
        f" after {course_by_therapy(dataset, d.after)}"
        if d.after in courses.index
        else f" after {row_words(dataset, 'events', d.after)}"
        if pd.notna(d.after)
        else ""
    )
    left_out = f", leaving out those described as {d.exclude}" if pd.notna(d.exclude) else ""
    basis = f"{d.event_type} events in the curated case{where}{left_out}: {c['events'] or 'none'}"
    reason = ""
    if c["agrees"] == "no":
        counted = counted_events(dataset, d.patient_id, d.reference, d.event_type, **_options(d))
        reason = "the text describes " + "; ".join(
            row_words(dataset, "events", e) + (f" ({detail})" if pd.notna(detail) else "")
            for e, detail in counted["detail"].items()
        )
    return Recomputed(d.stat_id, c["recomputed"], basis, reason, patients=(d.patient_id,))


def recomputed(dataset, study_id: str | None = None) -> list[Recomputed]:
    """One :class:`Recomputed` per recount of ``recount_definitions`` (of one study, or all)."""
    return [_recount(dataset, d) for _, d in _definitions(dataset, study_id).iterrows()]


def statistics_check(dataset, study_id: str) -> pd.DataFrame:
    """Each published statistic of a study against its recomputation, with the book-wide audit's status.

    The curated recounts (:func:`recomputed`) where defined; otherwise the generic recomputation (a printed
    proportion from its k and n, a peak, or the reason there is none: :func:`emcart.audit.generic.generic`).

    Parameters
    ----------
    dataset : Dataset
    study_id : str

    Returns
    -------
    pandas.DataFrame
        The audit rows of :func:`emcart.audit.comparison.compare`, in the order of ``reported_statistics``.
    """
    stats = dataset["reported_statistics"]
    own = stats[stats["study_id"] == study_id]
    given = {r.stat_id: r for r in recomputed(dataset, study_id)}
    every = [given.get(sid) or generic(dataset, row) for sid, row in own.set_index("stat_id", drop=False).iterrows()]
    return compare(dataset, every, own["stat_id"].tolist())


def every(dataset, own: Iterable[Recomputed] = ()) -> list[Recomputed]:
    """One recomputation per row of ``reported_statistics``, in its order: a chapter's ``own`` where given, then
    the curated recounts (``recount_definitions``, ``case_recounts``), and for any other statistic
    :func:`emcart.audit.generic.generic`. A new row is covered without a code change, and so is a dataset of one
    report or of a report the package has never seen."""
    stats = dataset["reported_statistics"].set_index("stat_id", drop=False)
    found = {r.stat_id: r for r in own}
    found |= {r.stat_id: r for r in [*recomputed(dataset), *case_recounts.recomputed(dataset)]}
    return [found.get(sid) or generic(dataset, row) for sid, row in stats.iterrows()]
