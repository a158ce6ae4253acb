"""The book's findings as curated rows (``findings``): what each changes for a reader, and the audit status
it implies for each published statistic it concerns, checked against the audit."""

from __future__ import annotations

import pandas as pd

from emcart.audit import comparison
from emcart.audit.holds import holds
from emcart.datapackage.provenance import cite
from emcart.datapackage.selection_rules import listed


def implied_statuses(dataset) -> pd.DataFrame:
    """One row per finding and statistic it concerns: finding_id, statistic, the status the finding implies."""
    rows = []
    for f in dataset["findings"].itertuples():
        for pair in listed(f.statistics):
            statistic, _, status = pair.partition("=")
            rows.append({"finding_id": f.finding_id, "statistic": statistic, "implied": status})
    return pd.DataFrame(rows, columns=["finding_id", "statistic", "implied"])


def disagreements(dataset, comparison: pd.DataFrame) -> pd.DataFrame:
    """The statistics whose audit status differs from the one a finding implies (empty when all agree)."""
    implied = implied_statuses(dataset)
    status = comparison.set_index("statistic")["status"]
    implied["audit status"] = implied["statistic"].map(status)
    return implied[implied["implied"] != implied["audit status"]].reset_index(drop=True)


IMPACTS = ("changes a conclusion", "changes a number", "wording only")
TEXT_DAMAGE = "text damage"  # characters damaged in the text as received: noted, never counted among IMPACTS


def disputing(dataset, counts: pd.Series) -> list[str]:
    """Per cell, the findings that say its count does not hold as printed (``disputed_counts``), so that a count
    is never read as untouched by a finding on it.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports, with their ``findings``.
    counts : pandas.Series
        Each cell's count: a statistic id or a recount id of ``cohort_recounts`` (missing for none).

    Returns
    -------
    list of str
        Per cell the finding ids, ', '-separated, in the order of ``findings`` ('' for none).
    """
    by_count = {count: ", ".join(found) for count, found in comparison.disputed_by(dataset).items()}
    return counts.map(by_count).fillna("").tolist()


def naming(dataset, statistics: pd.Series) -> list[str]:
    """Per statistic, the findings that name it and do not hold as printed ('C-F10'; '' for none), so that a
    cell the cases reproduce is never read as untouched by a finding on it."""
    implied = implied_statuses(dataset)
    impact = dataset["findings"].set_index("finding_id")["impact"]
    implied = implied[implied["finding_id"].map(impact).isin(IMPACTS)]
    by_statistic = implied.groupby("statistic")["finding_id"].agg(", ".join)
    return statistics.map(by_statistic).fillna("").tolist()


def bracket_notes(dataset, named: list[str]) -> list[str]:
    """One note naming each finding named in the cells (:func:`naming`, :func:`disputing`): its id, what it changes and its title
    (the audit page has it); no note when none is named."""
    ids = dict.fromkeys(i for cell in named if cell for i in cell.split(", "))
    chosen = dataset["findings"].set_index("finding_id").loc[list(ids)]
    named_here = "; ".join(f"{i} ({f.impact}), {f.title}" for i, f in chosen.iterrows())
    return [f"Findings in brackets (on the audit page): {named_here}."] if named_here else []


def anchor(finding_id: str) -> str:
    """The book-wide label of a finding's entry on the audit page ('finding-c-f7')."""
    return f"finding-{finding_id.lower()}"


def findings_markdown(dataset) -> str:
    """The findings as MyST Markdown, by report, so that chapters can link to each.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports, with their ``studies`` and ``findings``.

    Returns
    -------
    str
        Per report a bold heading with its design, then each finding as a labelled paragraph (:func:`anchor`):
        its id, title, impact and statement.
    """
    studies = dataset["studies"].set_index("study_id")
    parts = []
    for study, group in dataset["findings"].groupby("study_id", sort=True):
        parts.append(f"**Report {study}** ({studies.at[study, 'design']})\n")
        for f in group.itertuples():
            parts.append(f"({anchor(f.finding_id)})=\n**{f.finding_id}.** *{f.title}* ({f.impact}). {f.statement}\n")
    return "\n".join(parts)


def key_findings(dataset, audit: pd.DataFrame | None = None, audit_page: str | None = None) -> str:
    """A key-findings block (MyST admonition) for the top of a chapter, from the studies and findings tables.

    Parameters
    ----------
    dataset : Dataset
        Loaded data: one report's rows (a report chapter) or all rows (the synthesis, the audit).
    audit : pandas.DataFrame, optional
        The audit rows of the reports' statistics (:func:`emcart.audit.comparison.compare`); required for several
        reports. For one report, a finding on published statistics then says what was printed against what the
        data give (:func:`printed_against`); for several, what holds of each report's published statistics is
        counted from them (:func:`emcart.audit.comparison.by_report`).
    audit_page : str, optional
        For several reports: the audit page as linked from the page the block stands on; each count of what holds
        then links to its rows of the audit table (:func:`emcart.audit.holds.holds`).

    Returns
    -------
    str
        For one report: first what the report (or the post summarising it) concludes, in its own words with where
        they stand; then its size and design and its findings grouped by what they change for a reader (a conclusion, a number, the
        wording only), each linked to its entry on the audit page, and apart from them the characters damaged in
        the text as received (``text damage``, not counted). For several reports: per report what it concludes,
        the findings that change that conclusion (by title) and those that change a number (by id), each linked to
        its entry, and what holds of its published statistics (:func:`emcart.audit.holds.holds`).
    """
    if len(dataset["studies"]) == 1:
        lines = _one_report(dataset, audit)
    elif audit is None:
        raise ValueError("key findings of several reports need their audit rows (comparison.compare)")
    else:
        lines = _several_reports(dataset, comparison.by_report(audit), audit_page)
    return ":::{admonition} Key findings\n:class: important\n\n" + "\n".join(lines) + "\n:::\n"


def conclusion(dataset, study_id: str) -> str:
    """What a report concludes, quoted with where it stands: '(Locator): “its words”' (``studies.conclusion``)."""
    locator, _, words = cite(dataset, "studies", study_id, "conclusion").partition(": ")
    return f"({locator}): {words}"


def _one_report(dataset, audit: pd.DataFrame | None) -> list[str]:
    found = dataset["findings"][dataset["findings"]["impact"].isin(IMPACTS)]
    damage = dataset["findings"][dataset["findings"]["impact"] == TEXT_DAMAGE]
    study_id = dataset["studies"]["study_id"].iloc[0]
    text = dataset["studies"].set_index("study_id").at[study_id, "source_kind"]
    lines = [
        f"**What the {text} concludes** {conclusion(dataset, study_id)}\n",
        f"**What does not hold.** {len(found)} findings on the {text}, by what each changes for a reader:",
    ]
    for impact in IMPACTS:
        chosen = found[found["impact"] == impact]
        if len(chosen):
            lines.append(
                f"- **{impact.capitalize()}** ({len(chosen)}): {_links(chosen, printed_against(dataset, audit))}"
            )
    if len(damage):
        lines.append(f"\n**Not counted above** (read by a stated rule): {_links(damage)}")
    return lines


def _links(chosen: pd.DataFrame, numbers: dict[str, str] | None = None) -> str:
    """The findings as links to their entries on the audit page, each followed by its numbers when given
    (:func:`printed_against`), separated by '; '."""
    said = numbers or {}
    return "; ".join(
        f"{{ref}}`{plain(f.title)} <{anchor(f.finding_id)}>`"
        + (f": {said[f.finding_id]}" if f.finding_id in said else "")
        for f in chosen.itertuples()
    )


def _several_reports(dataset, statuses: pd.DataFrame, audit_page: str | None) -> list[str]:
    counts = statuses.set_index("report")
    lines = [
        "Per report: what it concludes, in its own words; the findings that change that conclusion and those that "
        "change one of its numbers (each links to its entry); and what holds of its published statistics."
    ]
    texts = dataset["studies"].set_index("study_id")["source_kind"]
    for study in dataset["studies"]["study_id"]:
        own = dataset["findings"][dataset["findings"]["study_id"] == study]
        changed = own[own["impact"] == IMPACTS[0]]
        numbers = own[own["impact"] == IMPACTS[1]]
        lines += [
            f"- **Report {study}**{_in(texts[study])} {conclusion(dataset, study)}\\",
            f"  **Changes {'this' if texts[study] == 'report' else 'the'} conclusion:** "
            + (_links(changed) if len(changed) else "no finding")
            + ".\\",
            f"  **Changes a number:** {_id_links(numbers) if len(numbers) else 'no finding'}.\\",
            f"  **What the audit found:** {holds(counts.loc[study], study, audit_page)}",
        ]
    return lines


def id_link(finding_id: str, page: str | None = None) -> str:
    """One finding's id as a link to its entry: a MyST reference, or (``page`` given) an HTML link to that page."""
    if page is None:
        return f"{{ref}}`{finding_id} <{anchor(finding_id)}>`"
    return f'<a href="{page}#{anchor(finding_id)}">{finding_id}</a>'


def _id_links(chosen: pd.DataFrame) -> str:
    """The findings as links by their ids ('C-F1'), separated by ', '."""
    return ", ".join(id_link(f.finding_id) for f in chosen.itertuples())


def _in(source_kind: str) -> str:
    """' in the summary post' when the source text is not the report itself (``studies.source_kind``), else ''."""
    return "" if source_kind == "report" else f" in the {source_kind}"


def plain(title: str) -> str:
    """A title as link text: MyST role text cannot hold backticks or angle brackets."""
    return title.replace("`", "'").replace("<", "‹").replace(">", "›")


def impact_counts(dataset) -> pd.DataFrame:
    """How many findings change a conclusion, a number, or the wording only, per report."""
    frame = dataset["findings"]
    table = pd.crosstab(frame["study_id"], frame["impact"])
    table.columns.name = None
    return table.rename_axis("report").reset_index()


def summary_of_findings(dataset, statuses: pd.DataFrame) -> pd.DataFrame:
    """The introduction's summary-of-findings table.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports, with their ``studies`` and ``findings``.
    statuses : pandas.DataFrame
        Counts of each audit status per report (:func:`~emcart.audit.comparison.by_report`).

    Returns
    -------
    pandas.DataFrame
        One column per report ('report A' …), one row per count (``counted``): its patients, its published
        statistics by audit status and in all, then its findings that change a conclusion, a number or the
        wording only, and the text damage it notes (not counted among them) — a narrow table that reads down
        each report.
    """
    sizes = dataset["studies"].set_index("study_id")["n_patients"].astype(int)
    impacts = impact_counts(dataset).set_index("report").reindex(columns=[*IMPACTS, TEXT_DAMAGE], fill_value=0)
    frame = statuses[statuses["report"].isin(sizes.index)].set_index("report")
    frame.insert(0, "patients", sizes)
    frame = frame.rename(columns={"statistics": "published statistics in all"})
    impacts = impacts.rename(columns=lambda c: f"findings: {c}" if c in IMPACTS else f"{c} (noted, not counted)")
    frame = frame.join(impacts).fillna(0).astype(int)
    return frame.T.rename(columns=lambda s: f"report {s}").rename_axis("counted").reset_index()


AGREEING = (comparison.REPRODUCED, comparison.CONSISTENT, comparison.ATTAINABLE)


def printed_against(dataset, audit: pd.DataFrame | None) -> dict[str, str]:
    """Per finding, what the report printed against what the audit recomputed, for the first statistic it
    concerns whose audit status is not an agreement.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports, with their ``findings``.
    audit : pandas.DataFrame or None
        Audit rows (:func:`emcart.audit.comparison.compare`); None gives no numbers.

    Returns
    -------
    dict of str to str
        Finding id → 'printed 50% (2/4) → recount 25% (1/4)' (the recount only where it differs and could be
        checked), the status after it unless a mismatch ('printed 3 of 7, contradicted'); findings without such a
        statistic are left out.
    """
    if audit is None:
        return {}
    rows = audit.set_index("statistic")
    implied = implied_statuses(dataset)
    implied = implied[implied["statistic"].isin(rows.index)]
    implied = implied[~implied["statistic"].map(rows["status"]).isin(AGREEING)]
    words = {}
    for finding, group in implied.groupby("finding_id", sort=False):
        first = rows.loc[group["statistic"].iloc[0]]
        differs = first["recomputed"] and not first["agreement"] and first["status"] != comparison.NOT_CHECKABLE
        as_printed, _, reading = first["recomputed"].partition("; ")
        if f"({finding})" in reading and as_printed == first["published"]:  # the recount under the finding's reading
            text = f"printed {first['published']}; {reading}"
        else:
            differs = differs or f"({finding})" in reading
            text = f"printed {first['published']}" + (f" → recount {first['recomputed']}" if differs else "")
        words[finding] = text + ("" if first["status"] == comparison.MISMATCH else f", {first['status']}")
    return words
