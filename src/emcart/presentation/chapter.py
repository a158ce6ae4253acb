"""The chapter contract: the same calls open every report's chapter, from the data alone.

A chapter begins with its key findings, the curated rows it rests on, its published statistics against
their recomputation, what its text cannot supply, its patients' courses (a swimmer plot) and its published
proportions with their intervals (a forest plot). :func:`chapter` builds all of them for any one report of a
loaded dataset; a new report needs rows in the data package and a notebook, not a new function.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emcart.analysis.stats import Proportion
from emcart.audit import comparison, findings
from emcart.datapackage.provenance import cite
from emcart.model.vocabulary import row_words
from emcart.presentation import dictionary, tables
from emcart.presentation.figures import forest, swimmer
from emcart.presentation.figures.figure import Figure
from emcart.presentation.recomputations import book_recomputations


@dataclass(frozen=True)
class Chapter:
    """What every report chapter shows first (see :func:`chapter`)."""

    study_id: str
    key_findings: str
    summary: tables.Table
    tables: list[tables.Table]
    figures: list[Figure]
    audit: pd.DataFrame


def chapter(dataset) -> Chapter:
    """The opening of one report's chapter, built by the same calls for every report.

    Parameters
    ----------
    dataset : Dataset
        One report's rows (``emcart.load("A")``).

    Returns
    -------
    Chapter
        ``key_findings`` (a MyST admonition), ``summary`` (curated rows per table), ``tables`` (the published
        statistics against their recomputation; the items the text cannot supply), ``figures`` (a swimmer plot
        of its patients if it reports any, a forest plot of its published proportions if it prints any) and
        ``audit`` (one row per published statistic, with its status).
    """
    if dataset.studies is None or len(dataset.studies) != 1:
        raise ValueError(f"a chapter is one report's; this dataset holds {dataset.studies or 'all reports'}")
    (study,) = dataset.studies
    audit = comparison.compare(dataset, book_recomputations(dataset))
    prefix = study.lower()
    shown = [
        tables.statistics(dataset, audit, f"Report {study}: published statistics", f"{prefix}-statistics"),
        tables.gaps(dataset, study, f"{prefix}-gaps"),
    ]
    opening = findings.key_findings(dataset, audit)
    return Chapter(study, opening, dictionary.summary(dataset), shown, figures(dataset), audit)


def figures(dataset) -> list[Figure]:
    """A report's swimmer plot (if it reports patients) and forest plot (if it prints proportions)."""
    (study,) = dataset.studies
    drawn = []
    patients = dataset["patients"]
    if len(patients):
        title = f"Report {study}: each patient's courses and events"
        drawn.append(swimmer.figure(dataset, list(patients["patient_id"]), f"{study.lower()}-courses", title))
    proportions = published_proportions(dataset)
    if len(proportions):
        title = f"Report {study}: published proportions"
        drawn.append(forest.figure(proportions, f"{study.lower()}-proportions", title, interval="exact 95% interval"))
    return drawn


def published_proportions(dataset) -> pd.DataFrame:
    """Every published k of n as a forest frame: the percentage k/n with its exact (Clopper–Pearson) 95%
    interval, labelled in words, its hover the sentence that prints k."""
    stats = dataset["reported_statistics"].dropna(subset=["numerator", "denominator"])
    rows = []
    for sid, k, n in zip(stats["stat_id"], stats["numerator"], stats["denominator"], strict=True):
        p = Proportion(int(k), int(n))
        low, high = p.ci("Clopper–Pearson")
        label = f"{row_words(dataset, 'reported_statistics', sid)} ({int(k)}/{int(n)})"
        source = cite(dataset, "reported_statistics", sid, "numerator")
        rows.append({"label": label, "estimate": p.percent, "low": low, "high": high, "source": source})
    return pd.DataFrame(rows, columns=["label", "estimate", "low", "high", "source"])
