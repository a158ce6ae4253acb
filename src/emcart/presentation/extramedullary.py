"""Every patient with extramedullary involvement, in words: what the text states at diagnosis (CNS status, a
tumour) apart from what it states at a relapse (a relapse outside the marrow, CNS status) and when, the immunotherapy courses, the response and the relapses
after immunotherapy, from the curated events and courses. A report that gives its sites only as counts has one
row for its cohort."""

from __future__ import annotations

import pandas as pd

from emcart.model import outcomes as o
from emcart.model import statistic_selections

NONE_STATED = "none stated"
IMMUNOTHERAPY = o.IMMUNOTHERAPY
SITE_COUNTS = "synthesis-em-sites"  # the selection of statistics giving a cohort's sites as counts
LEFT_OPEN = "extramedullary involvement"  # the question a curated gap leaves open (gaps.leaves_open)
CONTEXT = "context: EM not reported"  # after the cohort of a report whose extramedullary involvement is left open


def left_open(dataset) -> set[str]:
    """The reports whose extramedullary involvement a curated gap leaves open (``gaps.leaves_open``)."""
    gaps = dataset["gaps"]
    return set(gaps.loc[gaps["leaves_open"] == LEFT_OPEN, "study_id"])


def cohort_label(dataset, study_id: str, label: str) -> str:
    """A cohort's label as shown beside the others: marked as context where its report leaves its extramedullary
    involvement open ('D (context: EM not reported)'), else as curated."""
    return f"{label} ({CONTEXT})" if study_id in left_open(dataset) else label


def site_counts(dataset) -> dict[str, list[str]]:
    """Report → the statistics giving its patients' extramedullary sites only as counts."""
    if not statistic_selections.has(dataset, SITE_COUNTS, statistic_selections.SHOWN):
        return {}
    chosen = statistic_selections.rows(dataset, SITE_COUNTS)
    return {study: group["stat_id"].tolist() for study, group in chosen.groupby("study_id", sort=True)}


CNS_INVOLVED = ("CNS2", "CNS3")
MARROW = "bone marrow"
AT_DIAGNOSIS = "extramedullary at diagnosis"
AT_RELAPSE = "extramedullary at relapse"
EXTRAMEDULLARY_WORDS = ("sarcoma",)  # a diagnosis naming an extramedullary tumour (myeloid sarcoma)


def when(dataset, event) -> str:
    """When an event happened relative to the patient's immunotherapy courses, in words."""
    courses = dataset["courses"].set_index("course_id")
    course = courses.loc[event["course_id"]]
    if course["therapy"] in IMMUNOTHERAPY:
        number = int(course["course_number"])
        if not event["history"]:
            return f"after course {number}"
        return (
            "before immunotherapy"
            if number == first_number(dataset, event["patient_id"])
            else f"before course {number}"
        )
    if pd.notna(course["anchor_event"]):
        anchor = dataset["events"].set_index("event_id").loc[course["anchor_event"]]
        return when(dataset, anchor) + ", after HSCT"
    return "timing not stated"


def immunotherapy(dataset, patient_id: str) -> pd.DataFrame:
    courses = dataset["courses"]
    return courses[(courses["patient_id"] == patient_id) & courses["therapy"].isin(IMMUNOTHERAPY)].sort_values(
        "course_number"
    )


def first_number(dataset, patient_id: str) -> int:
    return int(immunotherapy(dataset, patient_id)["course_number"].min())


def sites(site: str) -> list[str]:
    parts = [p.strip() for chunk in str(site).split(";") for p in chunk.split(" and ")]
    return [p for p in parts if p and p != MARROW]


def involved(cns) -> bool:
    return pd.notna(cns) and str(cns) in CNS_INVOLVED


def checked(values) -> str:
    """No extramedullary involvement stated, with the values that were checked."""
    shown = [str(v) for v in values if pd.notna(v)]
    return f"{NONE_STATED} ({'; '.join(shown)})" if shown else NONE_STATED


def at_diagnosis(dataset, patient_id: str) -> str:
    """Extramedullary involvement the text states at the patient's diagnosis: CNS2 or CNS3 status, a diagnosis
    naming an extramedullary tumour; else the CNS status checked."""
    patient = dataset["patients"].set_index("patient_id").loc[patient_id]
    events = dataset["events"]
    diagnosed = events[(events["patient_id"] == patient_id) & (events["event_type"] == "diagnosis")]
    found = [str(patient["cns_at_diagnosis"])] if involved(patient["cns_at_diagnosis"]) else []
    for detail in diagnosed["detail"].dropna():
        if any(w in str(detail).lower() for w in EXTRAMEDULLARY_WORDS):
            found.append(str(detail).split(";")[0])
    return "; ".join(found) or checked([patient["cns_at_diagnosis"]])


def at_relapse(dataset, patient_id: str) -> str:
    """Extramedullary involvement the text states at a relapse, before or after immunotherapy, each with when:
    a relapse at a site other than the bone marrow, CNS2 or CNS3 status at relapse; else the CNS status at
    relapse and the relapse sites checked."""
    events = dataset["events"]
    relapsed = events[(events["patient_id"] == patient_id) & (events["event_type"] == "relapse")]
    relapsed = relapsed[relapsed["site"].notna()]
    found = [f"{when(dataset, e)}: {'; '.join(sites(e['site']))}" for _, e in relapsed.iterrows() if sites(e["site"])]
    cns = dataset["patients"].set_index("patient_id").at[patient_id, "cns_at_relapse"]
    if involved(cns) and not any("CNS" in f for f in found):
        found.append(f"before immunotherapy: {cns}")
    if found:
        return "; ".join(found)
    return checked([f"CNS at relapse: {cns}" if pd.notna(cns) else None, *(f"{s} relapse" for s in relapsed["site"])])


def treatment(courses: pd.DataFrame) -> str:
    parts = []
    for c in courses.itertuples():
        product = " ".join(str(v) for v in (c.cell_source, c.construct) if pd.notna(v))
        parts.append(f"course {c.course_number}: {c.therapy}" + (f" ({product})" if product else ""))
    return "; ".join(parts)


def response(dataset, patient_id: str, courses: pd.DataFrame) -> str:
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


def relapses(dataset, patient_id: str) -> str:
    """Relapses after immunotherapy began: site, CD19 status, and when; one that no remission can precede on the
    patient's clock (:func:`emcart.model.outcomes.relapse_orders`) is called progression, not relapse."""
    events = dataset["events"]
    own = events[(events["patient_id"] == patient_id) & (events["event_type"] == "relapse")]
    orders = o.relapse_orders(dataset, patient_id) if len(own) else {}
    parts = []
    for _, r in own.iterrows():
        timing = when(dataset, r)
        if timing.startswith("before"):
            continue
        text = r["site"] if pd.notna(r["site"]) else "site not stated"
        if orders.get(r["event_id"]) == o.WITHOUT_REMISSION:
            text = f"none: progression without prior remission (the text calls it a relapse), {text}"
        if pd.notna(r["cd19_status"]):
            text += f", CD19 {r['cd19_status']}"
        parts.append(f"{text} ({timing})")
    return "; ".join(parts) or NONE_STATED


def diagnosis(patients: pd.DataFrame, study_id: str, patient_id: str | None = None) -> str:
    """The diagnosis of one patient, or the diagnoses of a report's patients, as stored."""
    chosen = patients[patients["study_id"] == study_id]
    if patient_id is not None:
        chosen = chosen[chosen["patient_id"] == patient_id]
    return ", ".join(sorted(chosen["diagnosis"].dropna().unique()))


def cohort_row(dataset, study_id: str, site_ids: list[str]) -> dict:
    """A report that gives its patients' extramedullary sites only as counts (the statistics ``site_ids``): one
    row for its cohort."""
    patients = dataset["patients"]
    ids = patients.loc[patients["study_id"] == study_id, "patient_id"].tolist()
    labels = patients.set_index("patient_id")["label"]
    sites = dataset["reported_statistics"].set_index("stat_id").loc[site_ids]
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
        f"after course {int(courses['course_number'].min())}"
        if len(relapse)
        else NONE_STATED
    )
    return {
        "report": study_id,
        "patient": f"{labels[ids[0]]}–{labels[ids[-1]]} (sites not given per patient)",
        AT_DIAGNOSIS: NONE_STATED,
        AT_RELAPSE: "before immunotherapy: "
        + "; ".join(f"{s.statistic.split(': ')[-1]}: {int(s.value)}" for s in sites.itertuples())
        + " (patients per site)",
        "immunotherapy": "; ".join(treatment),
        "remission": "; ".join(response),
        "relapse after immunotherapy": relapses,
    }


def extramedullary(dataset) -> pd.DataFrame:
    """Every patient whose extramedullary involvement the text states, by report and patient.

    Extramedullary involvement at diagnosis is CNS2 or CNS3 status at diagnosis or a diagnosis naming an
    extramedullary tumour; at relapse, a relapse at a site other than the bone marrow (marrow sites are not shown)
    or CNS2 or CNS3 status at relapse. Each column shows separately, where none is stated, the values checked.
    A report that gives sites only as counts (selection ``synthesis-em-sites``) has one row for its cohort. Each
    row names the diagnosis as stored.
    """
    patients = dataset["patients"]
    counted = site_counts(dataset)
    rows = [cohort_row(dataset, study, ids) for study, ids in counted.items()]
    diagnoses = [diagnosis(patients, study) for study in counted]
    for pid, study in zip(patients["patient_id"], patients["study_id"]):
        if study in counted:
            continue
        diagnosed, relapsed = at_diagnosis(dataset, pid), at_relapse(dataset, pid)
        if diagnosed.startswith(NONE_STATED) and relapsed.startswith(NONE_STATED):
            continue
        courses = immunotherapy(dataset, pid)
        diagnoses.append(diagnosis(patients, study, pid))
        rows.append(
            {
                "report": study,
                "patient": patients.set_index("patient_id").at[pid, "label"],
                AT_DIAGNOSIS: diagnosed,
                AT_RELAPSE: relapsed,
                "immunotherapy": treatment(courses),
                "remission": response(dataset, pid, courses),
                "relapse after immunotherapy": relapses(dataset, pid),
            }
        )
    frame = pd.DataFrame(rows)
    frame.insert(2, "diagnosis", diagnoses)
    order = {s: i for i, s in enumerate(sorted(frame["report"].unique()))}
    return frame.sort_values("report", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
