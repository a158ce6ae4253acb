"""The four reports side by side: outcome proportions per cohort or arm, and every patient with
extramedullary involvement. Every cell comes from the curated data; what a report does not give is
said so, never filled in."""
from __future__ import annotations

import pandas as pd

from .stats import Proportion

NOT_REPORTED = "not reported in the text"

# Outcome -> cohort or arm -> the published statistic that gives it.
OUTCOMES = {
    "complete remission": {"A": "A-CR", "C, blinatumomab": "C-T3-CR-blina", "C, CAR-T": "C-T3-CR-cart",
                           "C, all": "C-T3-CR-all", "D": "D-CR"},
    "CRS, any grade": {"A": "A-CRS", "C, blinatumomab": "C-T3-CRS-blina", "C, CAR-T": "C-T3-CRS-cart",
                       "C, all": "C-T3-CRS-all", "D": "D-CRS"},
    "CRS, grade ≥ 3": {"A": "A-CRS-grade-3-4", "C, blinatumomab": "C-T3-CRS3-blina", "C, CAR-T": "C-T3-CRS3-cart",
                       "C, all": "C-T3-CRS3-all", "D": "D-CRS-grade3plus"},
    "ICANS or CRES": {"A": "A-CRES", "C, blinatumomab": "C-T3-ICANS-blina", "C, CAR-T": "C-T3-ICANS-cart",
                      "C, all": "C-T3-ICANS-all", "D": "D-ICANS"},
    "relapse": {"A": "A-relapse", "C, all": "C-relapse"},
}
# Report B's single patient: the event on the donor-derived course that answers each outcome.
CASE = {"complete remission": ("B-1/2", "CR"), "CRS, any grade": ("B-1/2", "CRS onset"),
        "CRS, grade ≥ 3": ("B-1/2", "CRS onset"), "ICANS or CRES": ("B-1/2", "ICANS onset"),
        "relapse": ("B-1/2", "relapse")}
COHORTS = ["A", "B", "C, blinatumomab", "C, CAR-T", "C, all", "D"]


def _counts(dataset, stat_id: str, cohort_sizes: dict[str, int]) -> tuple[int, int, bool]:
    """k and n of a published count or proportion, and whether n is printed (else the cohort size)."""
    row = dataset["reported_statistics"].set_index("stat_id").loc[stat_id]
    k = int(row["numerator"]) if pd.notna(row["numerator"]) else int(row["value"])
    printed = pd.notna(row["denominator"])
    return k, int(row["denominator"]) if printed else cohort_sizes[row["study_id"]], printed


def _case(dataset, outcome: str) -> tuple[int, int] | None:
    course, kind = CASE[outcome]
    events = dataset["events"]
    hits = events[(events["course_id"] == course) & (events["event_type"] == kind)]
    if outcome == "CRS, grade ≥ 3":
        return int((hits["grade"].fillna(0) >= 3).any()), 1
    if kind == "ICANS onset" and hits.empty:
        return None
    return int(len(hits) > 0), 1


def outcome_counts(dataset) -> pd.DataFrame:
    """One row per outcome and cohort: k, n (n from the cohort size where the count prints none)."""
    sizes = dataset["studies"].set_index("study_id")["n_patients"].astype(int).to_dict()
    rows = []
    for outcome, sources in OUTCOMES.items():
        for cohort in COHORTS:
            if cohort == "B":
                kn = _case(dataset, outcome)
                rows.append({"outcome": outcome, "cohort": cohort, "k": None if kn is None else kn[0],
                             "n": None if kn is None else kn[1], "source": "events of the donor-derived course"})
                continue
            stat_id = sources.get(cohort)
            if stat_id is None:
                rows.append({"outcome": outcome, "cohort": cohort, "k": None, "n": None, "source": NOT_REPORTED})
                continue
            k, n, printed = _counts(dataset, stat_id, sizes)
            rows.append({"outcome": outcome, "cohort": cohort, "k": k, "n": n,
                         "source": stat_id if printed else f"{stat_id} (no denominator printed: the cohort size)"})
    return pd.DataFrame(rows)


def side_by_side(dataset) -> pd.DataFrame:
    """Outcomes (rows) by cohort (columns) as 'k/n (p%)', with the number of patients first."""
    counts = outcome_counts(dataset)
    cells = {}
    for outcome, group in counts.groupby("outcome", sort=False):
        cells[outcome] = {r.cohort: NOT_REPORTED if pd.isna(r.k) else
                          f"{int(r.k)}/{int(r.n)} ({100 * r.k / r.n:.0f}%)" for r in group.itertuples()}
    frame = pd.DataFrame(cells).T[COHORTS]
    return frame.rename_axis("outcome").reset_index()


def forest_frame(dataset, outcomes: list[str]) -> pd.DataFrame:
    """Proportions with exact (Clopper–Pearson) 95% intervals, for the forest plot."""
    counts = outcome_counts(dataset).dropna(subset=["k"])
    rows = []
    for r in counts[counts["outcome"].isin(outcomes)].itertuples():
        p = Proportion(int(r.k), int(r.n))
        low, high = p.ci("Clopper–Pearson")
        rows.append({"label": f"{r.cohort}: {r.outcome} ({int(r.k)}/{int(r.n)})", "estimate": p.percent,
                     "low": low, "high": high, "group": r.outcome, "source": r.source})
    return pd.DataFrame(rows)


def extramedullary(dataset) -> pd.DataFrame:
    """Every patient with extramedullary involvement the text names, one row each, and report A's cohort."""
    events, patients = dataset["events"], dataset["patients"].set_index("patient_id")
    courses = dataset["courses"]
    rows = []
    em_relapse = events[(events["event_type"] == "relapse") & events["site"].notna()
                        & ~events["site"].fillna("").eq("bone marrow")]
    cns = patients[patients["cns_at_relapse"].isin(["CNS2", "CNS3"])].index
    for pid in list(dict.fromkeys(list(em_relapse["patient_id"]) + list(cns))):
        own = events[events["patient_id"] == pid]
        sites = em_relapse[em_relapse["patient_id"] == pid]
        where = [f"{s.site} ({'before' if s.history else 'after'} immunotherapy)" for s in sites.itertuples()]
        if pid in cns and not any("CNS" in w for w in where):
            where.insert(0, f"CNS at relapse: {patients.at[pid, 'cns_at_relapse']} (before immunotherapy)")
        mine = courses[(courses["patient_id"] == pid) & courses["therapy"].isin(["CAR-T", "blinatumomab"])]
        treatment = "; ".join(f"course {c.course_number}: {c.therapy}"
                              + (f" ({c.cell_source + ' ' if pd.notna(c.cell_source) else ''}{c.construct})"
                                 if pd.notna(c.construct) else "") for c in mine.itertuples())
        remission = own[own["event_type"] == "CR"]["course_id"].map(mine.set_index("course_id")["course_number"])
        later = own[(own["event_type"] == "relapse") & ~own["history"]]
        rows.append({"report": patients.at[pid, "study_id"], "patient": patients.at[pid, "label"],
                     "extramedullary site": "; ".join(where), "immunotherapy": treatment,
                     "complete remission": ", ".join(f"after course {int(n)}" for n in remission.dropna().unique()) or "no",
                     "later relapse": "; ".join(f"{r.site if pd.notna(r.site) else 'site not stated'}"
                                                + (f", CD19 {r.cd19_status}" if pd.notna(r.cd19_status) else "")
                                                for r in later.itertuples()) or "none stated"})
    stats = dataset["reported_statistics"]
    sites = stats[stats["stat_id"].str.startswith("A-EM-")]
    rows.append({"report": "A", "patient": "S001–S008 (sites not given per patient)",
                 "extramedullary site": "; ".join(f"{s.statistic.split(': ')[-1]}: {int(s.value)}" for s in sites.itertuples()),
                 "immunotherapy": "anti-CD19 CAR-T; CD19/CD22 CAR-T after relapse (S002, S004, S006)",
                 "complete remission": "all 8 after the first CAR-T; all 3 after the second",
                 "later relapse": "3 (CD19-positive, CD22-positive)"})
    return pd.DataFrame(rows)
