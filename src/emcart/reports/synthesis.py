"""The four reports side by side: outcome proportions per cohort or arm, and every patient with
extramedullary involvement. Every cell comes from the curated data; where a report does not give a
value, the cell says so rather than filling it in."""

from __future__ import annotations

import pandas as pd

from emcart.analysis.stats import Proportion
from emcart.audit import comparison
from emcart.datapackage.provenance import cite
from emcart.model import outcomes as o
from emcart.presentation.tables import Table
from emcart.reports import report_c

NOT_REPORTED = "not reported in the text"
NONE_STATED = "none stated"
IMMUNOTHERAPY = o.IMMUNOTHERAPY

# Outcome -> cohort or arm -> the published statistic that gives it.
OUTCOMES = {
    "complete remission": {
        "A": "A-CR",
        "C, blinatumomab": "C-T3-CR-blina",
        "C, CAR-T": "C-T3-CR-cart",
        "C, all": "C-T3-CR-all",
        "D": "D-CR",
    },
    "CRS, any grade": {
        "A": "A-CRS",
        "C, blinatumomab": "C-T3-CRS-blina",
        "C, CAR-T": "C-T3-CRS-cart",
        "C, all": "C-T3-CRS-all",
        "D": "D-CRS",
    },
    "CRS, grade ≥ 3": {
        "A": "A-CRS-grade-3-4",
        "C, blinatumomab": "C-T3-CRS3-blina",
        "C, CAR-T": "C-T3-CRS3-cart",
        "C, all": "C-T3-CRS3-all",
        "D": "D-CRS-grade3plus",
    },
    "ICANS or CRES": {
        "A": "A-CRES",
        "C, blinatumomab": "C-T3-ICANS-blina",
        "C, CAR-T": "C-T3-ICANS-cart",
        "C, all": "C-T3-ICANS-all",
        "D": "D-ICANS",
    },
    "relapse": {"A": "A-relapse", "C, all": "C-relapse"},
}
# Report B's single patient: the event on the donor-derived course that answers each outcome.
CASE = {
    "complete remission": ("B-1/2", "CR"),
    "CRS, any grade": ("B-1/2", "CRS onset"),
    "CRS, grade ≥ 3": ("B-1/2", "CRS onset"),
    "ICANS or CRES": ("B-1/2", "ICANS onset"),
    "relapse": ("B-1/2", "relapse"),
}
COHORTS = ["A", "B", "C, blinatumomab", "C, CAR-T", "C, all", "D"]
# Report C's arms, for counts the report gives only in total and the book counts from the case narratives.
C_ARMS = {"C, blinatumomab": "blinatumomab", "C, CAR-T": "CAR-T"}
C_RECOUNTED = {"relapse": o.relapsed}

STUDY_COLUMNS = {
    "study_id": "report",
    "design": "design",
    "n_patients": "patients",
    "journal": "journal",
    "year": "year",
}


def studies(dataset) -> pd.DataFrame:
    """The four reports with readable headers; a value the text does not give reads 'not reported in the text'."""
    frame = dataset["studies"][list(STUDY_COLUMNS)].rename(columns=STUDY_COLUMNS)
    return frame.astype(object).where(frame.notna(), NOT_REPORTED)


def cohort_sizes(dataset) -> tuple[int, int]:
    """The smallest and largest number of patients in a report."""
    sizes = dataset["studies"]["n_patients"].astype(int)
    return int(sizes.min()), int(sizes.max())


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


def _labels(dataset, ids) -> str:
    labels = dataset["patients"].set_index("patient_id")["label"]
    return ", ".join(str(labels[i]) for i in ids) or "none"


def _recount(dataset, stat_id: str, recomputed: dict) -> tuple[str, str]:
    """For a report C statistic: what the case narratives support when it differs from the published count
    ('k/n (cases)', else ''), and a note for the reader: the difference and why, or the report C chapter's
    remark on a count the narratives reproduce (if any)."""
    if not stat_id.startswith("C-"):
        return "", ""
    row = dataset["reported_statistics"].set_index("stat_id").loc[stat_id]
    counted = recomputed[stat_id]
    if counted.value is None or comparison.row_agreement(row, counted):
        remark = comparison.judgment(dataset, stat_id, ("remark", comparison.CONTRADICTED))
        return "", f"{remark[0].upper()}{remark[1:]}." if remark else ""
    supported = f"{counted.numerator}/{counted.denominator} ({_labels(dataset, counted.cases)})"
    return supported, (
        f"The report prints {int(row['numerator'])}/{int(row['denominator'])}; the case narratives "
        f"support {supported}: {comparison.judgment(dataset, stat_id)} (see the report C chapter)."
    )


def _arm_recount(dataset, outcome: str, cohort: str) -> dict:
    fact = C_RECOUNTED[outcome]
    counted = o.count(dataset, report_c.group(dataset, C_ARMS[cohort]), fact)
    note = (
        f"Not given per arm in the text; counted from the case narratives: {counted.k}/{counted.n} "
        f"({_labels(dataset, counted.cases)})."
    )
    remark = {"relapse": comparison.judgment(dataset, "C-relapse", (comparison.CONTRADICTED,))}.get(outcome, "")
    if remark and "C-6" in counted.cases:
        note += f" {remark[0].upper()}{remark[1:]}."
    return {"k": counted.k, "n": counted.n, "source": "counted from the case narratives", "note": note}


def outcome_counts(dataset) -> pd.DataFrame:
    """One row per outcome and cohort: k, n (n from the cohort size where the count prints none), source, note,
    recount.

    ``recount`` is what report C's case narratives support where it differs from the published count;
    ``note`` explains it, gives a per-arm count the report C text gives only in total, or remarks on a count.
    """
    sizes = dataset["studies"].set_index("study_id")["n_patients"].astype(int).to_dict()
    recomputed = {r.stat_id: r for r in report_c.recompute(dataset)}
    rows = []
    for outcome, sources in OUTCOMES.items():
        for cohort in COHORTS:
            row = {"outcome": outcome, "cohort": cohort, "note": "", "recount": "", "stat_id": None}
            if cohort == "B":
                kn = _case(dataset, outcome)
                row.update(
                    {
                        "k": None if kn is None else kn[0],
                        "n": None if kn is None else kn[1],
                        "source": "events of the donor-derived course",
                    }
                )
            elif sources.get(cohort) is not None:
                stat_id = sources[cohort]
                k, n, printed = _counts(dataset, stat_id, sizes)
                supported, note = _recount(dataset, stat_id, recomputed)
                row.update(
                    {
                        "k": k,
                        "n": n,
                        "note": note,
                        "recount": supported,
                        "stat_id": stat_id,
                        "source": stat_id if printed else f"{stat_id} (no denominator printed: the cohort size)",
                    }
                )
            elif cohort in C_ARMS and outcome in C_RECOUNTED:
                row.update(_arm_recount(dataset, outcome, cohort))
            else:
                row.update({"k": None, "n": None, "source": NOT_REPORTED})
            rows.append(row)
    return pd.DataFrame(rows)[["outcome", "cohort", "k", "n", "source", "note", "recount", "stat_id"]]


def _annotated(dataset) -> tuple[pd.DataFrame, list[str]]:
    counts = outcome_counts(dataset)
    notes: dict[str, int] = {}
    cells: dict[str, dict[str, str]] = {}
    for r in counts.itertuples():
        if pd.isna(r.k):
            text = NOT_REPORTED
        else:
            text = f"{int(r.k)}/{int(r.n)} ({100 * r.k / r.n:.0f}%)"
        extra = r.note or (
            "the count is printed without a denominator; the cohort size is used." if "cohort size" in r.source else ""
        )
        if extra:
            text += f" [{notes.setdefault(extra, len(notes) + 1)}]"
        cells.setdefault(r.outcome, {})[r.cohort] = text
    frame = pd.DataFrame(cells).T[COHORTS].rename_axis("outcome").reset_index()
    return frame, [f"[{n}] {text[0].upper()}{text[1:]}" for text, n in notes.items()]


def side_by_side(dataset) -> pd.DataFrame:
    """Outcomes (rows) by cohort (columns) as 'k/n (p%)', with ' [n]' where a footnote qualifies the cell."""
    return _annotated(dataset)[0]


def outcomes_table(dataset, caption: str, table_id: str) -> Table:
    """:func:`side_by_side` as a book table, with its footnotes."""
    frame, notes = _annotated(dataset)
    return Table(frame, caption, table_id, notes)


def forest_frame(dataset, outcomes: list[str]) -> pd.DataFrame:
    """Proportions with exact (Clopper–Pearson) and Wilson 95% intervals, for the forest plot, and report C's
    recount beside the published count where the case narratives support another (``other``)."""
    counts = outcome_counts(dataset).dropna(subset=["k"])
    recounted = {r.stat_id: r for r in report_c.recompute(dataset)}
    rows = []
    for r in counts[counts["outcome"].isin(outcomes)].itertuples():
        p = Proportion(int(r.k), int(r.n))
        (low, high), (second_low, second_high) = p.ci("Clopper–Pearson"), p.ci("Wilson")
        other = recounted[r.stat_id] if r.recount else None
        rows.append(
            {
                "label": f"{r.cohort}: {r.outcome} ({int(r.k)}/{int(r.n)})",
                "estimate": p.percent,
                "low": low,
                "high": high,
                "second_low": second_low,
                "second_high": second_high,
                "other": None if other is None else 100 * other.numerator / other.denominator,
                "other_text": r.recount,
                "group": r.outcome,
                "source": _source_words(dataset, r),
                "recount": r.recount,
            }
        )
    return pd.DataFrame(rows)


def _source_words(dataset, r) -> str:
    """Where a forest point comes from, in words: the sentence of the published count (and the cohort size
    where no denominator is printed), or how the book counted it; then its note."""
    note = f" {r.note}" if r.note else ""
    if r.stat_id is None:
        return f"{r.source[0].upper()}{r.source[1:]}.{note}"
    published = dataset["reported_statistics"].set_index("stat_id").loc[r.stat_id]
    words = cite(
        dataset, "reported_statistics", r.stat_id, "numerator" if pd.notna(published["numerator"]) else "value"
    )
    return words + (" No denominator printed: n is the cohort size." if "cohort size" in r.source else "") + note


def forest_note(frame: pd.DataFrame) -> str | None:
    """A caution under the forest plot for each row whose published count the book's recount does not support."""
    flagged = frame[frame["recount"].fillna("") != ""]
    if flagged.empty:
        return None
    return " ".join(
        f"{r.label} is the published count; the case narratives support {r.recount}." for r in flagged.itertuples()
    )


# ---------------------------------------------------------------- extramedullary involvement

CNS_INVOLVED = ("CNS2", "CNS3")
MARROW = "bone marrow"
EXTRAMEDULLARY_WORDS = ("sarcoma",)  # a diagnosis naming an extramedullary tumour (myeloid sarcoma)


def _when(dataset, event) -> str:
    """When an event happened relative to the patient's immunotherapy courses, in words."""
    courses = dataset["courses"].set_index("course_id")
    course = courses.loc[event["course_id"]]
    if course["therapy"] in IMMUNOTHERAPY:
        number = int(course["course_number"])
        if not event["history"]:
            return f"after course {number}"
        return (
            "before immunotherapy"
            if number == _first_number(dataset, event["patient_id"])
            else f"before course {number}"
        )
    if pd.notna(course["anchor_event"]):
        anchor = dataset["events"].set_index("event_id").loc[course["anchor_event"]]
        return _when(dataset, anchor) + ", after HSCT"
    return "timing not stated"


def _immunotherapy(dataset, patient_id: str) -> pd.DataFrame:
    courses = dataset["courses"]
    return courses[(courses["patient_id"] == patient_id) & courses["therapy"].isin(IMMUNOTHERAPY)].sort_values(
        "course_number"
    )


def _first_number(dataset, patient_id: str) -> int:
    return int(_immunotherapy(dataset, patient_id)["course_number"].min())


def _sites(site: str) -> list[str]:
    parts = [p.strip() for chunk in str(site).split(";") for p in chunk.split(" and ")]
    return [p for p in parts if p and p != MARROW]


def _involved(cns) -> bool:
    return pd.notna(cns) and str(cns) in CNS_INVOLVED


def _involvement(dataset, patient_id: str) -> list[str]:
    """Extramedullary involvement the text states for the patient, each with when it was found."""
    events = dataset["events"]
    own = events[events["patient_id"] == patient_id]
    patient = dataset["patients"].set_index("patient_id").loc[patient_id]
    at_diagnosis = [str(patient["cns_at_diagnosis"])] if _involved(patient["cns_at_diagnosis"]) else []
    for _, e in own[own["event_type"] == "diagnosis"].iterrows():
        detail = str(e["detail"]) if pd.notna(e["detail"]) else ""
        if any(w in detail.lower() for w in EXTRAMEDULLARY_WORDS):
            at_diagnosis.append(detail.split(";")[0])
    found = [f"at diagnosis: {'; '.join(at_diagnosis)}"] if at_diagnosis else []
    relapses = own[(own["event_type"] == "relapse") & own["site"].notna()]
    for _, e in relapses.iterrows():
        sites = _sites(e["site"])
        if sites:
            found.append(f"relapse {_when(dataset, e)}: {'; '.join(sites)}")
    if _involved(patient["cns_at_relapse"]) and not any("CNS" in f for f in found if f.startswith("relapse")):
        found.append(f"relapse before immunotherapy: {patient['cns_at_relapse']}")
    return found


def _treatment(courses: pd.DataFrame) -> str:
    parts = []
    for c in courses.itertuples():
        product = " ".join(str(v) for v in (c.cell_source, c.construct) if pd.notna(v))
        parts.append(f"course {c.course_number}: {c.therapy}" + (f" ({product})" if product else ""))
    return "; ".join(parts)


def _response(dataset, patient_id: str, courses: pd.DataFrame) -> str:
    """Per immunotherapy course: CR, else MRD-negativity, on that course's clock after day 0."""
    events = dataset["events"]
    own = events[(events["patient_id"] == patient_id) & ~events["history"].astype(bool)]
    parts = []
    for c in courses.itertuples():
        kinds = set(own.loc[own["course_id"] == c.course_id, "event_type"])
        if "CR" in kinds:
            parts.append(f"CR after course {c.course_number}")
        elif "MRD-negative" in kinds:
            parts.append(f"MRD-negative after course {c.course_number}")
    return "; ".join(parts) or NONE_STATED


def _relapses(dataset, patient_id: str) -> str:
    """Relapses after immunotherapy began: site, CD19 status, and when."""
    events = dataset["events"]
    own = events[(events["patient_id"] == patient_id) & (events["event_type"] == "relapse")]
    parts = []
    for _, r in own.iterrows():
        when = _when(dataset, r)
        if when.startswith("before"):
            continue
        text = r["site"] if pd.notna(r["site"]) else "site not stated"
        if pd.notna(r["cd19_status"]):
            text += f", CD19 {r['cd19_status']}"
        parts.append(f"{text} ({when})")
    return "; ".join(parts) or NONE_STATED


def _cohort_a(dataset) -> dict:
    """Report A, which gives its patients' extramedullary sites only as counts: one row for the cohort."""
    stats = dataset["reported_statistics"]
    patients = dataset["patients"]
    ids = patients.loc[patients["study_id"] == "A", "patient_id"].tolist()
    labels = patients.set_index("patient_id")["label"]
    sites = stats[stats["stat_id"].str.startswith("A-EM-")]
    courses = dataset["courses"]
    courses = courses[courses["patient_id"].isin(ids) & courses["therapy"].isin(IMMUNOTHERAPY)]
    events = dataset["events"]
    events = events[events["patient_id"].isin(ids) & ~events["history"].astype(bool)]
    treatment, response = [], []
    for number, group in courses.groupby("course_number"):
        who = group["patient_id"].tolist()
        named = "all" if len(who) == len(ids) else ", ".join(labels[p] for p in who)
        treatment.append(f"course {int(number)}: {group['therapy'].iloc[0]} ({group['construct'].iloc[0]}), {named}")
        cr = events[(events["event_type"] == "CR") & events["course_id"].isin(group["course_id"])][
            "patient_id"
        ].nunique()
        response.append(f"CR after course {int(number)} in {cr} of {len(who)}")
    relapse = events[events["event_type"] == "relapse"]
    phenotype = sorted(
        {
            "; ".join(f"{m} {s}" for m, s in (("CD19", r.cd19_status), ("CD22", r.cd22_status)) if pd.notna(s))
            for r in relapse.itertuples()
        }
    )
    relapses = (
        f"{len(relapse)} ({', '.join(labels[p] for p in relapse['patient_id'])}; {', '.join(phenotype)}), "
        f"after course 1"
        if len(relapse)
        else NONE_STATED
    )
    return {
        "report": "A",
        "patient": f"{labels[ids[0]]}–{labels[ids[-1]]} (sites not given per patient)",
        "extramedullary involvement": "; ".join(
            f"{s.statistic.split(': ')[-1]}: {int(s.value)}" for s in sites.itertuples()
        )
        + " (patients per site, before immunotherapy)",
        "immunotherapy": "; ".join(treatment),
        "remission": "; ".join(response),
        "relapse after immunotherapy": relapses,
    }


def extramedullary_notes(dataset, frame: pd.DataFrame) -> list[str]:
    """Footnotes of the extramedullary table: a relapse the report counts although remission was never reached."""
    remark = comparison.judgment(dataset, "C-relapse", (comparison.CONTRADICTED,))
    notes = []
    for _, r in frame.iterrows():
        never = r["remission"] == NONE_STATED and r["relapse after immunotherapy"] != NONE_STATED
        if r["report"] == "C" and never and remark.lower().startswith(str(r["patient"]).lower()):
            notes.append(f"{remark[0].upper()}{remark[1:]}.")
    return notes


def _diagnosis(patients: pd.DataFrame, study_id: str, patient_id: str | None = None) -> str:
    """The diagnosis of one patient, or the diagnoses of a report's patients, as stored."""
    chosen = patients[patients["study_id"] == study_id]
    if patient_id is not None:
        chosen = chosen[chosen["patient_id"] == patient_id]
    return ", ".join(sorted(chosen["diagnosis"].dropna().unique()))


def extramedullary(dataset) -> pd.DataFrame:
    """Every patient whose extramedullary involvement the text states, by report and patient.

    Extramedullary involvement is CNS2 or CNS3 status (at diagnosis or at relapse), a diagnosis naming an
    extramedullary tumour, or a relapse at a site other than the bone marrow (marrow sites are not shown).
    Report A, which gives sites only as counts, has one row for its cohort. Each row names the
    diagnosis as stored (report C's case 6 had MPAL, not B-ALL).
    """
    patients = dataset["patients"]
    rows, diagnoses = [_cohort_a(dataset)], [_diagnosis(patients, "A")]
    for pid, study in zip(patients["patient_id"], patients["study_id"]):
        if study == "A":
            continue
        found = _involvement(dataset, pid)
        if not found:
            continue
        courses = _immunotherapy(dataset, pid)
        diagnoses.append(_diagnosis(patients, study, pid))
        rows.append(
            {
                "report": study,
                "patient": patients.set_index("patient_id").at[pid, "label"],
                "extramedullary involvement": "; ".join(found),
                "immunotherapy": _treatment(courses),
                "remission": _response(dataset, pid, courses),
                "relapse after immunotherapy": _relapses(dataset, pid),
            }
        )
    frame = pd.DataFrame(rows)
    frame.insert(2, "diagnosis", diagnoses)
    order = {s: i for i, s in enumerate(sorted(frame["report"].unique()))}
    return frame.sort_values("report", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def interval_widths(dataset, frame: pd.DataFrame) -> dict:
    """Widths (percentage points) of the forest plot's intervals: for the largest report, and for all the others."""
    sizes = dataset["studies"].set_index("study_id")["n_patients"].astype(int)
    largest = str(sizes.idxmax())
    width = frame["high"] - frame["low"]
    mine = frame["label"].str.match(rf"{largest}[:,]")
    return {
        "largest": largest,
        "largest_n": int(sizes.max()),
        "largest_min": float(width[mine].min()),
        "largest_max": float(width[mine].max()),
        "others_min": float(width[~mine].min()),
        "others_max": float(width[~mine].max()),
    }
