"""Book tables of a report's aggregate statistics, each built from a selection of ``statistic_selections``
(:mod:`emcart.model.statistic_selections`): the statistics as transcribed, the outcomes against recomputed percentages
and 95% intervals, how the published intervals were computed, the estimates read as proportions, the
denominators, and statistics printing one interval. A table's id is its selection's unless given."""

from __future__ import annotations

import pandas as pd

from emcart.analysis import forensics, statistic_checks
from emcart.analysis.stats import counts_for_percent
from emcart.audit import comparison as audit
from emcart.datapackage import provenance
from emcart.model import statistic_selections
from emcart.presentation import evidence, statistic_marks, tables
from emcart.presentation.evidence import REASON
from emcart.presentation.tables import Table

STATISTIC = "reported_statistics"
# Heading → field of every column a transcribed table may show; a column empty on every row is left out.
TRANSCRIBED = {
    "Statistic": "statistic",
    "Group": "group",
    "Measure": "measure",
    "Month": "timepoint_months",
    "k": "numerator",
    "N": "denominator",
    "Value": "value",
    "Stated as": "value_qualifier",
    "Unit": "unit",
    "Range low": "range_low",
    "Range high": "range_high",
    "CI low": "ci_low",
    "CI high": "ci_high",
    "Level stated": "ci_level_stated",
    "Quoted from": "reference",
}
QUOTED = "Quoted from"
OUTCOME_NOTES = [
    "* N is the whole cohort: the text gives these counts without a denominator or a percentage, so "
    "their percentages and intervals are computed here and were not published.",
    "Wald, Wilson, Clopper–Pearson: 95% intervals for k/N, computed with statsmodels.",
    "Reproduces the published interval: the methods whose limits, rounded to the published precision, "
    "equal the published limits.",
]
FORENSICS_NOTES = [
    "Standard methods: Wald, Wilson and Clopper–Pearson, limits rounded to the nearest whole percent.",
    "Wald, limits rounded outward: the lower limit rounded down and the upper limit up.",
    "Student t on 0/1 data: mean ± t(n − 1)·s/√n of the 0/1 outcomes (s the sample standard "
    "deviation), the interval a routine for the mean of a continuous variable gives.",
    "Symmetric p ± z·SE: the multipliers z for which p ± z·√(p(1 − p)/n), rounded to the "
    "nearest whole percent, gives the published limits.",
]
READINGS_NOTES = [
    "k: every count whose k/N rounds to the published percentage; none means no proportion of N subjects gives it."
]
DENOMINATOR_NOTES = [
    "N: the published denominator; for the whole cohort, the cohort size (the sentences give no N).",
    "A subgroup's N is consistent when it does not exceed the size of the subgroup.",
]


def transcribed(dataset, selection: str, caption: str) -> Table:
    """The selection's statistics as transcribed.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    selection : str
        A selection of ``statistic_selections``; it also names the table.
    caption : str
        The table's caption.

    Returns
    -------
    Table
        One row per statistic, under the headings of :data:`TRANSCRIBED` that any of them fills, each cell citing
        its curated value; a cited study (``reference``) becomes a numbered note under *Quoted from*.
    """
    ids = statistic_selections.selected(dataset, selection)
    rows = dataset[STATISTIC].set_index("stat_id", drop=False).loc[ids]
    columns = {heading: name for heading, name in TRANSCRIBED.items() if rows[name].notna().any()}
    table = tables.curated(dataset, STATISTIC, rows, columns, caption, selection)
    if QUOTED not in columns:
        return table
    return tables.with_notes(
        table.frame, QUOTED, caption, selection, table.footnotes, heading=QUOTED, marks=table.marks
    )


def outcomes(dataset, selection: str, caption: str) -> Table:
    """Published outcomes against recomputed percentages and Wald, Wilson and Clopper–Pearson 95% intervals.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    selection : str
        A selection of ``statistic_selections``; it names the cohort size and the table.
    caption : str
        The table's caption.

    Returns
    -------
    Table
        :func:`emcart.analysis.forensics.outcome_table`: one row per outcome, its k/N, the published value and
        interval, the recomputed percentage, the three intervals and which of them print as published.
    """
    ids = statistic_selections.selected(dataset, selection)
    frame = forensics.outcome_table(dataset, ids, cohort=statistic_selections.cohort(dataset, selection))
    return Table(
        frame, caption, selection, OUTCOME_NOTES, marks=statistic_marks.outcome_marks(dataset, frame, selection)
    )


def percentages(dataset, selection: str, caption: str, table_id: str) -> Table:
    """Each published percentage of the selection against its k/N.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    selection : str
        A selection of ``statistic_selections``.
    caption, table_id : str
        The table's caption and id.

    Returns
    -------
    Table
        :func:`emcart.analysis.forensics.percent_check`: one row per outcome, its k/N, the published and recomputed
        percentages and whether they agree at the published precision.
    """
    ids = statistic_selections.selected(dataset, selection)
    frame = forensics.percent_check(dataset, ids)
    return Table(frame, caption, table_id, marks=evidence.statistic_marks(dataset, frame, ids))


def interval_forensics(dataset, selection: str, caption: str, table_id: str) -> Table:
    """Which computation prints as each published interval of a proportion (folded).

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    selection : str
        A selection of ``statistic_selections``.
    caption, table_id : str
        The table's caption and id.

    Returns
    -------
    Table
        :func:`emcart.analysis.forensics.interval_forensics`: one row per outcome, the interval's distances below
        and above the estimate, the standard methods, and the multipliers z that print as published.
    """
    ids = statistic_selections.selected(dataset, selection)
    frame = forensics.interval_forensics(dataset, ids)
    marks = evidence.statistic_marks(dataset, frame, ids)
    return Table(frame, caption, table_id, FORENSICS_NOTES, folded=True, marks=marks)


def readings(dataset, selection: str, caption: str, table_id: str) -> Table:
    """The selection's time-to-event estimates read as proportions of each group size it names (folded).

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    selection : str
        A selection of ``statistic_selections``.
    caption, table_id : str
        The table's caption and id.

    Returns
    -------
    Table
        :func:`emcart.analysis.forensics.binomial_readings`: per estimate and group size N, one row per k whose
        k/N prints as the estimate ('none' when no k does), with its intervals and whether one prints as published.
    """
    ids = statistic_selections.selected(dataset, selection)
    frame = forensics.binomial_readings(dataset, ids, list(statistic_selections.sizes(dataset, selection).values()))
    marks = statistic_marks.readings_marks(dataset, frame, selection)
    return Table(frame, caption, table_id, READINGS_NOTES, folded=True, marks=marks)


def denominators(dataset, selection: str, caption: str) -> Table:
    """Each denominator of the selection against the size of its group in the text.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    selection : str
        A selection of ``statistic_selections``; it names the cohort, subgroups and table.
    caption : str
        The table's caption.

    Returns
    -------
    Table
        :func:`emcart.analysis.statistic_checks.denominator_check`: one row per statistic, its group, published value,
        N, the group's size in the text, whether N is consistent, and the counts k that print as the percentage.
    """
    frame = _denominators(dataset, selection)
    marks = statistic_marks.denominator_marks(dataset, frame, selection)
    return Table(frame, caption, selection, DENOMINATOR_NOTES, marks=marks)


def _denominators(dataset, selection: str) -> pd.DataFrame:
    ids = statistic_selections.selected(dataset, selection)
    cohort, subgroups = (
        statistic_selections.cohort(dataset, selection),
        statistic_selections.subgroups(dataset, selection),
    )
    return statistic_checks.denominator_check(dataset, ids, cohort=cohort, subgroups=subgroups)


def shared_intervals(dataset, study_id: str, caption: str, table_id: str) -> Table:
    """The statistics of one report that print the very same interval.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    study_id : str
        The report ('D').
    caption, table_id : str
        The table's caption and id.

    Returns
    -------
    Table
        One row per shared interval: ``Interval`` and ``Statistics`` (each with its group and value).
    """
    frame = statistic_checks.shared_intervals(dataset, study_id)
    return Table(frame, caption, table_id, marks=statistic_marks.shared_interval_marks(dataset, frame, study_id))


def forest_frame(dataset, selection: str) -> pd.DataFrame:
    """The selection's statistics as the rows of a forest plot, with the selection's labels and groups.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    selection : str
        A selection of ``statistic_selections``.

    Returns
    -------
    pandas.DataFrame
        :func:`emcart.analysis.forensics.forest_frame`: ``label``, ``estimate``, ``low``, ``high`` (NaN when no
        interval is published), ``group`` and ``source`` (for the hover).
    """
    chosen = statistic_selections.rows(dataset, selection)
    return forensics.forest_frame(dataset, list(zip(chosen["stat_id"], chosen["label"], chosen["group"])))


def interval_values(dataset, proportions: str, complement: str) -> dict[str, str]:
    """The numbers the prose on the intervals and denominators quotes.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    proportions : str
        A selection of proportions with published intervals.
    complement : str
        A selection of two percentages of one subgroup that should add up to at most 100%.

    Returns
    -------
    dict of str to str
        ``z_range`` and ``level_range``: the multipliers and confidence levels that print as every interval of
        ``proportions``; ``complement_sum``: the two percentages' sum; ``complement_k_first``,
        ``complement_k_second``: the counts k whose k/(subgroup size) prints as each ('none' if none);
        ``subgroup_size``.
    """
    common = forensics.common_multiplier_range(dataset, statistic_selections.selected(dataset, proportions))
    first, second = statistic_selections.selected(dataset, complement)
    pair = statistic_checks.complement_check(dataset, first, second)
    (size,) = statistic_selections.sizes(dataset, complement).values()
    values = dataset[STATISTIC].set_index("stat_id")["value"]
    ks = [", ".join(map(str, counts_for_percent(values[sid], size))) or "none" for sid in (first, second)]
    return {
        "z_range": f"{common['z_min']:.3f} and {common['z_max']:.3f}",
        "level_range": f"{common['level_min']:.1f}% to {common['level_max']:.1f}%",
        "complement_sum": f"{pair['sum']:g}%",
        "complement_k_first": ks[0],
        "complement_k_second": ks[1],
        "subgroup_size": str(size),
    }


def report_audit(dataset, recomputed: list, study_id: str, caption: str, table_id: str) -> Table:
    """A report's published statistics against their recomputation, each the book-wide audit's row, for its page.

    Parameters
    ----------
    dataset : Dataset
    recomputed : list of Recomputed
        The book's recomputations (those of other reports are ignored).
    study_id : str
    caption, table_id : str

    Returns
    -------
    Table
        One row per statistic (indexed by its id, which is not shown), published and recomputed values and
        status, without the columns no statistic fills; the basis or reason of each status a numbered note below
        the table, and the count of each status the first footnote.
    """
    stats = dataset["reported_statistics"]
    compared = audit.compare(dataset, recomputed, stats.loc[stats["study_id"] == study_id, "stat_id"].tolist())
    tally = ", ".join(f"{n} {s}" for s, n in audit.counts(compared).items() if n)
    full = tables.statistics(dataset, compared, caption, table_id, [f"{len(compared)} statistics: {tally}."])
    kept = [i for i, name in enumerate(full.frame.columns) if not full.frame[name].fillna("").eq("").all()]
    frame, marks = full.frame.iloc[:, kept], full.marks.iloc[:, kept]
    return tables.with_notes(frame, REASON, caption, table_id, full.footnotes, heading=REASON, marks=marks)


WHERE = "where printed"
SHORT_REASON = 60  # words: a longer basis or reason shows its first clause, the whole of it in a note


def every_statistic(dataset, compared: pd.DataFrame, caption: str, table_id: str) -> Table:
    """Every published statistic against its recomputation, for a reader to sort and filter.

    Parameters
    ----------
    dataset : Dataset
    compared : pandas.DataFrame
        :func:`emcart.audit.comparison.compare`'s rows, of one report or several.
    caption, table_id : str

    Returns
    -------
    Table
        :func:`~emcart.presentation.tables.statistics` with each row's report, its status beside what it judges, and
        where the statistic is printed (the locator of its value), ordered by report, then by where it is printed, then as curated; filtered by
        report and status. A basis or reason longer than :data:`SHORT_REASON` words shows its first clause and
        the marker of a numbered note holding the whole of it (one note per distinct text); its tip quotes the
        whole as well.
    """
    stats = dataset["reported_statistics"].set_index("stat_id")
    where = [provenance.locator(dataset, STATISTIC, s, "value") for s in compared["statistic"]]
    order = pd.DataFrame({"report": stats.loc[compared["statistic"], "study_id"].to_numpy(), WHERE: where})
    order = order.sort_values(["report", WHERE], kind="stable").index
    rows = compared.iloc[order].reset_index(drop=True)
    rows.insert(2, WHERE, [where[i] for i in order])
    rows.insert(2, "status", rows.pop("status"))  # beside what it judges, in view on a phone
    table = tables.statistics(dataset, rows, caption, table_id, facets=audit.facets(rows), reports=True)
    notes: dict[str, int] = {}
    table.frame[REASON] = [_shortened(text, notes) for text in table.frame[REASON]]
    table.footnotes += [f"[{n}] {text}" for text, n in notes.items()]
    return table


def _shortened(text: str, notes: dict[str, int]) -> str:
    """A long reason's first clause and the marker of its note in ``notes`` (text → number, a new text numbered
    next); a short reason as it is. The clause ends at the first '; ' or '. ' outside brackets, or, when that is
    itself long, before its first bracket."""
    if len(text.split()) <= SHORT_REASON:
        return text
    ends = _top_level(text, ("; ", ". "))
    if not ends:
        return text
    clause = text[: ends[0]]
    brackets = _top_level(clause, (" (",)) if len(clause.split()) > SHORT_REASON // 2 else []
    return f"{clause[: brackets[0]] if brackets else clause} … [{notes.setdefault(text, len(notes) + 1)}]"


def _top_level(text: str, marks: tuple[str, ...]) -> list[int]:
    """Where in ``text`` one of ``marks`` stands outside brackets."""
    depth, found = 0, []
    for i, character in enumerate(text):
        if depth == 0 and text[i : i + 2] in marks:
            found.append(i)
        depth += {"(": 1, ")": -1}.get(character, 0)
    return found
