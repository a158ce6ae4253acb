"""The book's findings as curated rows (``findings``): what each changes for a reader, and the audit status
it implies for each published statistic it concerns, checked against the audit."""
from __future__ import annotations

import pandas as pd


def implied_statuses(dataset) -> pd.DataFrame:
    """One row per finding and statistic it concerns: finding_id, statistic, the status the finding implies."""
    rows = []
    for f in dataset["findings"].itertuples():
        for pair in filter(None, ("" if pd.isna(f.statistics) else f.statistics).split("; ")):
            statistic, _, status = pair.partition("=")
            rows.append({"finding_id": f.finding_id, "statistic": statistic, "implied": status})
    return pd.DataFrame(rows, columns=["finding_id", "statistic", "implied"])


def disagreements(dataset, comparison: pd.DataFrame) -> pd.DataFrame:
    """The statistics whose audit status differs from the one a finding implies (empty when all agree)."""
    implied = implied_statuses(dataset)
    status = comparison.set_index("statistic")["status"]
    implied["audit status"] = implied["statistic"].map(status)
    return implied[implied["implied"] != implied["audit status"]].reset_index(drop=True)


def findings_markdown(dataset) -> str:
    """The findings as a Markdown list by report: title, statement, and what each changes for a reader."""
    studies = dataset["studies"].set_index("study_id")
    parts = []
    for study, group in dataset["findings"].groupby("study_id", sort=True):
        parts.append(f"**Report {study}** ({studies.at[study, 'design']})\n")
        for n, f in enumerate(group.itertuples(), start=1):
            parts.append(f"{n}. *{f.title}* ({f.finding_id}; {f.impact}). {f.statement}")
        parts.append("")
    return "\n".join(parts)


def impact_counts(dataset) -> pd.DataFrame:
    """How many findings change a conclusion, a number, or the wording only, per report."""
    frame = dataset["findings"]
    table = pd.crosstab(frame["study_id"], frame["impact"])
    table.columns.name = None
    return table.rename_axis("report").reset_index()
