"""Published statistics beside their recounts, as a chapter shows them: the table, the count of each status for
the prose, and the remarks a statistic carries."""

from __future__ import annotations

import pandas as pd

from emcart.audit import comparison as audit
from emcart.audit import findings, recount
from emcart.model.vocabulary import and_list
from emcart.presentation import count_evidence, evidence, tables
from emcart.presentation.tables import Table

NOTE = (
    "Published cells printed as a bare count (no percentage) are shown as 'k of n'. "
    "The notes give the reason for each mismatch, and remarks on some agreements."
)
GRID_NOTE = (
    "Each cell: the published value as printed ('k of n' for a bare count) and whether the cases reproduce it, "
    "else the recount beside it; in brackets, a finding on the cell (a reproduced count may still not mean what "
    "the report says)."
)
STATUSES = (audit.REPRODUCED, audit.MISMATCH, audit.CONTRADICTED)  # the statuses the prose names by count
AGREEING = (*findings.AGREEING, audit.UNDER_ITS_READING)  # a grid cell shows no recount beside these
# Each status as the prose tallies it: '17 reproduced from the cases, 6 not reproduced, 1 contradicted ...'.
TALLY_WORDS = {
    audit.REPRODUCED: "reproduced from the cases",
    audit.UNDER_ITS_READING: "reproduced only under the report's reading",
    audit.CONSISTENT: "consistent with the report's own numbers or words",
    audit.ATTAINABLE: "attainable under some reading",
    audit.MISMATCH: "not reproduced",
    audit.CONTRADICTED: "contradicted by the report",
    audit.NOT_CHECKABLE: "not checkable from the text",
}


def tally(frame: pd.DataFrame) -> str:
    """Every statistic of a recount comparison by status, in words: '17 reproduced from the cases, 6 not
    reproduced and 1 contradicted by the report' (each status that occurs, in the audit's order)."""
    found = recount.summary(frame)
    return and_list([f"{n} {TALLY_WORDS[s]}" for s, n in found.items() if n])


def counts(frame: pd.DataFrame, prefix: str) -> dict[str, int | str]:
    """The number of statistics of a recount comparison, and of each status, named for the prose.

    Parameters
    ----------
    frame : pandas.DataFrame
        Audit rows (:func:`emcart.audit.recount.compare`).
    prefix : str
        The glue names' prefix.

    Returns
    -------
    dict of str to int or str
        '{prefix}-cells' (all statistics), '{prefix}-reproduced', '{prefix}-mismatch', '{prefix}-contradicted',
        and '{prefix}-tally': every statistic by status in words (:func:`tally`), which accounts for all of them.
    """
    found = recount.summary(frame)
    named = {f"{prefix}-{s}": int(found.get(s, 0)) for s in STATUSES}
    return {f"{prefix}-cells": len(frame)} | named | {f"{prefix}-tally": tally(frame)}


def table(dataset, frame: pd.DataFrame, caption: str, table_id: str, folded: bool = False) -> Table:
    """The published statistics of ``frame`` (:func:`emcart.audit.recount.compare`) beside their recounts, each
    reason or remark as a numbered note, each cell's tip quoting the statistic or saying how it was recounted.

    Parameters
    ----------
    dataset : Dataset
        The loaded data.
    frame : DataFrame
        The audit rows; a chapter's labels ('item') replace the statistic's description ('what'), followed by
        the published group ('blinatumomab').
    caption, table_id : str
        The table's caption and id.
    folded : bool
        Whether the table opens collapsed.

    Returns
    -------
    Table
        One row per statistic: its label or description, the published group (when labelled), the published and
        recounted values and status; reasons and remarks as numbered notes.
    """
    labelled = "item" in frame.columns
    shown = frame.drop(columns=["statistic", "what"] if labelled else ["statistic"])
    if labelled:
        groups = dataset["reported_statistics"].set_index("stat_id")["group"]
        shown.insert(1, "group", frame["statistic"].map(groups).to_numpy())
    return tables.with_notes(
        shown,
        "basis or reason",
        caption,
        table_id,
        [NOTE],
        heading="basis or reason",
        folded=folded,
        marks=count_evidence.recount_marks(
            dataset, shown, frame["statistic"], evidence.statistic_marks(dataset, shown, frame["statistic"])
        ),
    )


def _remarks(dataset, stat_id: str) -> pd.DataFrame:
    said = dataset["audit_reasons"]
    return said[(said["stat_id"] == stat_id) & (said["kind"] == "remark")]


def remarks(dataset, stat_id: str) -> pd.DataFrame:
    """The curated remarks on a statistic (``audit_reasons`` of kind 'remark'), with their source words."""
    return _remarks(dataset, stat_id)[["text", "source_words"]].rename(
        columns={"text": "evidence and its strength", "source_words": "source words"}
    )


def remarks_table(dataset, stat_id: str, caption: str, table_id: str) -> Table:
    """The curated remarks on a statistic as a folded table.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    stat_id : str
        A row of ``reported_statistics``.
    caption, table_id : str
        The table's caption and id.

    Returns
    -------
    Table
        :func:`remarks`: one row per remark, its evidence and strength and its source words, each quoting the words.
    """
    marks = tables.curated_marks(dataset, "audit_reasons", _remarks(dataset, stat_id), ["source_words"] * 2)
    return Table(remarks(dataset, stat_id).reset_index(drop=True), caption, table_id, folded=True, marks=marks)


def grid(dataset, frame: pd.DataFrame, caption: str, table_id: str, footnotes: list[str] = (GRID_NOTE,)) -> Table:
    """Recounted statistics laid out as the published table.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    frame : pandas.DataFrame
        Labelled audit rows (:func:`emcart.audit.recount.compare` with labels).
    caption, table_id : str
        The table's caption and id.
    footnotes : list of str
        Notes under the table.

    Returns
    -------
    Table
        A row per item, a column per published group; each cell the published value and its status, with the
        recount beside a value the cases do not reproduce. Each cell's tip says how it was recounted and quotes
        the published value.
    """
    groups = frame["statistic"].map(dataset["reported_statistics"].set_index("stat_id")["group"]).to_numpy()
    context = frame[["item", "recomputed", "published", "counted", "basis or reason"]]
    marks = evidence.statistic_marks(dataset, context, frame["statistic"])
    marks = count_evidence.recount_marks(dataset, context, frame["statistic"], marks)
    named = findings.naming(dataset, frame["statistic"])
    words = [
        (f"{p}, {s}" if s in AGREEING else f"{p}; recount {r}, {s}") + (f" ({f})" if f else "")
        for p, r, s, f in zip(frame["published"], frame["recomputed"], frame["status"], named)
    ]
    cells = pd.DataFrame({"item": frame["item"].to_numpy(), "group": groups, "cell": words, "mark": marks[1]})
    items, columns = list(dict.fromkeys(cells["item"])), list(dict.fromkeys(groups))
    shown = cells.pivot(index="item", columns="group", values="cell").loc[items, columns]
    marked = cells.pivot(index="item", columns="group", values="mark").loc[items, columns]
    labels = marks[0].groupby(cells["item"], sort=False).first().loc[items]
    shown.insert(0, "item", items)
    marked.insert(0, "item", labels.to_numpy())
    notes = [*footnotes, *findings.bracket_notes(dataset, named)]
    return Table(shown.reset_index(drop=True), caption, table_id, notes, marks=marked.reset_index(drop=True))
