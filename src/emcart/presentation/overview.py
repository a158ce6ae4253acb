"""The reports at a glance: what each report is, its patients (children and adults where every patient's age is
curated) and how many of them the text states had extramedullary involvement, from the curated studies, patients,
events, statistics and gaps."""

from __future__ import annotations

import html

import pandas as pd

from emcart.audit import findings
from emcart.audit.holds import holds
from emcart.presentation import evidence, extramedullary
from emcart.presentation.derivations import STATISTIC_FIELDS, row_keys
from emcart.presentation.extramedullary_marks import event_keys
from emcart.presentation.prose import Fragment
from emcart.presentation.tables import Table

ADULT_AGE = 18  # years: a patient younger than this is a child
EXTRAMEDULLARY = "extramedullary involvement (at diagnosis or relapse)"
LEFT_OPEN = extramedullary.LEFT_OPEN
WHAT = ("design", "journal", "year")
# What a finding of each impact (findings.IMPACTS) does, for one finding and for several.
IMPACT_WORDS = {
    "changes a conclusion": ("changes its conclusion", "change its conclusion"),
    "changes a number": ("changes a number", "change a number"),
    "wording only": ("concerns the wording only", "concern the wording only"),
}
STATED_AT = ("diagnosis", "relapse")  # the events whose sites and details say where the disease was


def what_it_is(study: pd.Series) -> str:
    """The report's design, journal and year as curated ('case report, J Zhejiang Univ Sci B 2022')."""
    source = " ".join(str(study[f]) for f in ("journal", "year") if pd.notna(study[f]))
    return ", ".join(p for p in (study["design"], source) if p)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def patient_words(dataset, study: pd.Series) -> str:
    """The report's number of patients; children and adults too if every one of them has a curated age."""
    n = int(study["n_patients"])
    own = dataset["patients"][dataset["patients"]["study_id"] == study["study_id"]]
    years = own["age_years"].fillna(own["narrative_age_years"])
    if len(own) != n or years.isna().any():
        return str(n)
    children = int((years < ADULT_AGE).sum())
    parts = [_plural(children, "child", "children")] * bool(children)
    parts += [_plural(n - children, "adult", "adults")] * bool(n - children)
    return parts[0] if len(parts) == 1 else f"{n} ({', '.join(parts)})"


def unstated(dataset, study_id: str) -> pd.Series:
    """The report's gap that leaves its extramedullary involvement open (curated: ``gaps.leaves_open``), for a report
    without per-patient rows."""
    gaps = dataset["gaps"]
    own = gaps[(gaps["study_id"] == study_id) & (gaps["leaves_open"] == LEFT_OPEN)]
    if len(own) != 1:
        raise ValueError(
            f"report {study_id} has no row in data/patients.csv and {len(own)} rows in data/gaps.csv whose column "
            f"leaves_open is {LEFT_OPEN!r}: one says why its extramedullary involvement cannot be stated"
        )
    return own.iloc[0]


def counted_sites(dataset, stat_ids: list[str]) -> tuple[int, int]:
    """Patients with an extramedullary site, of how many: the sum of the per-site counts ``stat_ids`` (each
    patient in one site category) over their common denominator."""
    stats = dataset["reported_statistics"].set_index("stat_id").loc[stat_ids]
    k, of = int(stats["numerator"].sum()), stats["denominator"].unique()
    if len(of) != 1 or k > of[0]:
        raise ValueError(
            f"data/reported_statistics.csv: the site counts {', '.join(stat_ids)} (column numerator, denominator) "
            "do not share one denominator or add up to more patients than it"
        )
    return k, int(of[0])


def extramedullary_cell(
    dataset, study_id: str, ids: list[str], listed: pd.DataFrame, counted: dict[str, list[str]]
) -> tuple[str, evidence.Derivation]:
    """How many of the report's patients (``ids``) the text states had extramedullary involvement: those
    ``listed`` by :func:`~emcart.presentation.extramedullary.extramedullary`, or the sum of the report's per-site
    counts (``counted``, :func:`~emcart.presentation.extramedullary.site_counts`); with the cells it rests on."""
    if not ids:
        gap = unstated(dataset, study_id)
        words = f"{gap['reason']}: {gap['content']}"
        return words, evidence.Derivation(
            f"The report's gap: {gap['content']}.", row_keys(dataset, "gaps", gap["gap_id"]), "Not in the text"
        )
    if study_id in counted:
        k, n = counted_sites(dataset, counted[study_id])
        keys = tuple(
            key for s in counted[study_id] for key in row_keys(dataset, evidence.STATISTIC, s, STATISTIC_FIELDS)
        )
        how = "The per-site counts of patients added up (the text gives no site per patient)."
        return f"{k} of {_plural(n, 'patient', 'patients')}", evidence.Derivation(how, keys, "Recomputed")
    named = listed.loc[listed["report"] == study_id, "patient"].tolist()
    words = f"{len(named)} of {_plural(len(ids), 'patient', 'patients')}"
    if 0 < len(named) < len(ids):
        words += f" ({', '.join(named)})"
    events = dataset["events"]
    keys = tuple(k for i in ids for k in row_keys(dataset, "patients", i, ("cns_at_diagnosis", "cns_at_relapse")))
    keys += event_keys(dataset, events[events["patient_id"].isin(ids) & events["event_type"].isin(STATED_AT)])
    how = "The report's patients listed in the synthesis's table of every patient with extramedullary involvement."
    return words, evidence.Derivation(how, keys, "Recomputed")


def overview(dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per report: report, patients, extramedullary involvement, what it is; and the cells' marks."""
    listed, sites = extramedullary.extramedullary(dataset), extramedullary.site_counts(dataset)
    rows, marks = [], []
    for _, study in dataset["studies"].iterrows():
        sid = study["study_id"]
        own = dataset["patients"].loc[dataset["patients"]["study_id"] == sid, "patient_id"].tolist()
        ages = tuple(k for i in own for k in row_keys(dataset, "patients", i, ("age_years", "narrative_age_years")))
        counted = evidence.Derivation(
            f"The report's number of patients; children (younger than {ADULT_AGE} years) and adults where every "
            "patient's age is curated.",
            row_keys(dataset, "studies", sid, ("n_patients",)) + ages,
        )
        described = evidence.Derivation(
            "The report's design, journal and year.", row_keys(dataset, "studies", sid, WHAT)
        )
        cells = {
            "report": (sid, evidence.main_key(dataset, "studies", sid)),
            "patients": (patient_words(dataset, study), counted),
            EXTRAMEDULLARY: extramedullary_cell(dataset, sid, own, listed, sites),
            "what it is": (what_it_is(study), described),
        }
        rows.append({column: value for column, (value, _) in cells.items()})
        marks.append([mark for _, mark in cells.values()])
    return pd.DataFrame(rows), pd.DataFrame(marks, dtype=object)


def overview_table(dataset, caption: str, table_id: str) -> Table:
    """The reports at a glance, as a book table.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    caption, table_id : str
        The table's caption and id.

    Returns
    -------
    Table
        One row per report: report; patients (with children and adults where every patient's age is curated);
        how many patients the text states had extramedullary involvement at diagnosis or relapse
        (:func:`~emcart.presentation.extramedullary.extramedullary`), or, for a report without per-patient rows,
        its gap's words; what it is (design, journal and year). Each cell is marked with the curated cells it
        rests on.
    """
    frame, marks = overview(dataset)
    return Table(frame, caption, table_id, marks=marks)


def report_lines(dataset, statuses: pd.DataFrame, audit_page: str) -> Fragment:
    """One plain line per report: what it is and its patients, what holds of its published statistics and how
    many findings change its conclusion, a number or the wording only.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    statuses : pandas.DataFrame
        The counts of each audit status per report (:func:`~emcart.audit.comparison.by_report`).
    audit_page : str
        The audit page as linked from the page the lines stand on: each count of a status links to its rows of
        the audit table (:func:`emcart.audit.holds.holds`).

    Returns
    -------
    Fragment
        An HTML list, one item per report.
    """
    counts = statuses.set_index("report")
    impacts = findings.impact_counts(dataset).set_index("report")
    impacts = impacts.reindex(index=dataset["studies"]["study_id"], columns=list(findings.IMPACTS), fill_value=0)
    items = []
    for _, study in dataset["studies"].iterrows():
        sid, patients = study["study_id"], patient_words(dataset, study)
        changes = ", ".join(f"{k} {IMPACT_WORDS[impact][k != 1]}" for impact, k in impacts.loc[sid].items() if k)
        found = holds(counts.loc[sid], sid, audit_page)
        items.append(
            f"<li><strong>Report {sid}</strong>: {html.escape(what_it_is(study))}; "
            f"{html.escape(patients)}{' patients' if patients.isdigit() else ''}. {found[0].upper()}{found[1:]} "
            f"{f'Of its findings, {changes}.' if changes else 'No finding bears on it.'}</li>"
        )
    return Fragment(f'<ul class="emcart-report-lines">{"".join(items)}</ul>')
