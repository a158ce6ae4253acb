"""The independent contradiction hunt and its reconciliation with the findings (curation/contradiction_hunt)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from emcart.datapackage.paths import DATA, REPO

HUNT = REPO / "curation" / "contradiction_hunt"
VERDICTS = ("existing finding", "new finding", "not a finding")


def hunt_entries() -> dict[int, str]:
    """The hunt's numbered entries and the report each concerns ('### 5. A — ...')."""
    text = (HUNT / "hunt.md").read_text(encoding="utf-8")
    return {int(n): report for n, report in re.findall(r"^### (\d+)\. ([A-D]) ", text, flags=re.M)}


def problems(reconciliation: pd.DataFrame, finding_ids: set[str], entries: dict[int, str]) -> list[str]:
    """What is wrong with the reconciliation, one line per row and column (empty when it is complete)."""
    found = []
    rows = reconciliation.fillna("").astype({"entry": int}).set_index("entry")
    for entry in sorted(set(entries) - set(rows.index)):
        found.append(f"entry {entry}: no row")
    for line, (entry, row) in enumerate(rows.iterrows(), start=2):
        where = f"reconciliation.csv row {line}"
        if entries.get(entry) != row["report"]:
            found.append(
                f"{where} column report: {row['report']!r}, the hunt's entry {entry} is {entries.get(entry)!r}"
            )
        if row["verdict"] not in VERDICTS:
            found.append(f"{where} column verdict: {row['verdict']!r} is not one of {VERDICTS}")
        elif row["verdict"] == "not a finding":
            if not row["note"].strip():
                found.append(f"{where} column note: 'not a finding' without the reason")
        elif row["finding_id"] not in finding_ids:
            found.append(f"{where} column finding_id: {row['finding_id']!r} is not in data/findings.csv")
    return found


@pytest.fixture(scope="module")
def reconciliation():
    return pd.read_csv(HUNT / "reconciliation.csv", dtype=str)


@pytest.fixture(scope="module")
def finding_ids():
    return set(pd.read_csv(DATA / "findings.csv", dtype=str)["finding_id"])


def test_every_entry_of_the_hunt_has_a_verdict(reconciliation, finding_ids):
    entries = hunt_entries()
    assert sorted(entries) == list(range(1, 38))
    assert problems(reconciliation, finding_ids, entries) == []
    assert reconciliation["entry"].is_unique


@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("verdict", "", "row 6 column verdict"),
        ("finding_id", "A-F99", "row 6 column finding_id: 'A-F99' is not in data/findings.csv"),
        ("report", "B", "row 6 column report"),
    ],
)
def test_a_broken_reconciliation_row_is_named(reconciliation, finding_ids, column, value, expected):
    broken = reconciliation.copy()
    broken.loc[4, column] = value  # entry 5, line 6 of the file
    assert any(expected in p for p in problems(broken, finding_ids, hunt_entries()))


def test_a_rejection_without_its_reason_and_a_missing_entry_are_named(reconciliation, finding_ids):
    broken = reconciliation[reconciliation["entry"] != "37"].copy()
    broken.loc[broken["verdict"] == "not a finding", "note"] = ""
    found = problems(broken, finding_ids, hunt_entries())
    assert "entry 37: no row" in found
    assert sum("column note" in p for p in found) == (reconciliation["verdict"] == "not a finding").sum()


def test_the_new_findings_are_counted_as_the_curation_chapter_says(reconciliation):
    text = (REPO / "book" / "curation.md").read_text(encoding="utf-8")
    counts = reconciliation["verdict"].value_counts()
    said = (
        f"{len(reconciliation)} entries: {counts['existing finding']} were already findings, "
        f"{counts['new finding']} became new findings and {counts['not a finding']} are not findings"
    )
    assert said in " ".join(text.split())
