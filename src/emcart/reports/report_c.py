"""Report C (Wang et al. 2022): how each published statistic is recomputed from the per-case data.

Each statistic of ``reported_statistics`` gets a fact about a patient (:mod:`emcart.outcomes`) and a
group; the count of the group's patients with the fact is the recomputed value. The reasons below
explain every statistic that the per-case data do not reproduce; :func:`emcart.recount.compare`
fails if a reason is missing or no longer needed.
"""
from __future__ import annotations

import pandas as pd

from emcart.audit.recount import Recomputed
from emcart.datapackage.days import event_days
from emcart.model import outcomes as o
from emcart.model.timeline import placed_events
from emcart.model.vocabulary import DAYS_PER_MONTH

STUDY = "C"
PATIENTS = [f"C-{n}" for n in range(1, 8)]

# Table 3 rows: stat-id part -> (label, fact)
TABLE3 = {
    "CR": ("CR", o.responded),
    "CRS": ("CRS", o.crs_grade(1)),
    "CRS1": ("CRS grade 1", o.crs_grade(1, 1)),
    "CRS2": ("CRS grade 2", o.crs_grade(2, 2)),
    "CRS3": ("CRS grade ≥3", o.crs_grade(3)),
    "ICANS": ("ICANS", o.icans),
    "infection": ("immunotherapy-related infection", o.infection("immunotherapy")),
    "death": ("immunotherapy-related death", o.died("immunotherapy")),
}
ARMS = {"blina": "blinatumomab", "cart": "CAR-T", "all": None}

# Statistics of the text: stat id -> (group, fact)
TEXT = {
    "C-CR-all": ("all", o.responded),
    "C-HSCT": ("all", o.hsct),
    "C-MRDneg-cart": ("CAR-T", o.mrd_negative),
    "C-molecular-blina": ("blinatumomab", o.mrd_negative),
    "C-severe-CRS": ("all", o.crs_grade(3)),
    "C-ICANS3": ("all", o.icans_grade(3)),
    "C-CRS2-cart-disc": ("CAR-T", o.both(o.crs_grade(2, 2), lambda d, p: not o.icans(d, p))),
    "C-CRS1-blina-disc": ("blinatumomab", o.crs_grade(1, 1)),
    "C-ICANS3-blina-disc": ("blinatumomab", o.icans_grade(3)),
    "C-treatment-deaths": ("all", o.died(("immunotherapy", "HSCT"))),
    "C-relapse": ("all", o.relapsed),
    "C-relapse-CD19neg": ("relapsed", o.relapse_status("cd19_status", "negative")),
    "C-relapse-CD19red": ("relapsed", o.relapse_status("cd19_status", "reduced")),
    "C-relapse-MLLr": ("relapsed", o.cytogenetics("KMT2A")),
    "C-relapse-TP53": ("relapsed", o.cytogenetics("TP53")),
    "C-death-progression": ("all", o.died("primary disease")),
    "C-death-HSCT": ("all", o.died("HSCT")),
    "C-lost": ("all", o.both(o.lost, o.relapsed)),
    "C-inf-cart-respiratory": ("CAR-T", o.infection("immunotherapy", "respiratory")),
    "C-inf-cart-intestinal": ("CAR-T", o.infection("immunotherapy", "intestin")),
    "C-inf-blina": ("blinatumomab", o.infection("immunotherapy")),
    "C-inf-HSCT": ("HSCT", o.infection("HSCT")),
}
NOT_RECOMPUTABLE = ["C-followup"]

# Where the text bounds the time from the initial diagnosis to the end of follow-up: case 6 was diagnosed
# "One week after birth" (case 6 narrative) and "the infant eventually died of the primary disease"
# (Discussion). An infant is under one year of age, which is at most 365 days of life; so at most
# 365 - 7 days passed from his diagnosis to his death. The ages of Table 1 and the narratives bound nothing
# here: they are ages at presentation, not at day 0 (case 2, aged 2 years and 9 months at diagnosis,
# relapsed 4.8 years after it, before his CAR-T).
DAYS_UNDER_ONE_YEAR = 365
DIAGNOSIS_LIMIT_QUOTES = {"C-6": ("One week after birth, he was diagnosed",
                                  "the infant eventually died of the primary disease")}


def diagnosis_limits() -> dict[str, int]:
    """The most days from the initial diagnosis to the end of follow-up the text allows, by patient."""
    return {"C-6": DAYS_UNDER_ONE_YEAR - 7}

REASONS = {
    "C-T3-CRS-blina": ("only case 6's narrative reports CRS (grade 1); the narratives of cases 3 and 4 say 'without "
                       "obvious' CRS and case 5's does not mention CRS. The second grade-1 CRS of Table 3 and the "
                       "Discussion ('two developed grade 1 CRS') can only be case 5's, by elimination (gap C-case5-CRS)"),
    "C-T3-CRS-all": "as for the blinatumomab arm: case 5's grade-1 CRS appears only by elimination",
    "C-T3-CRS1-blina": "as for CRS: case 5's grade-1 CRS appears only by elimination from Table 3 and the Discussion",
    "C-T3-CRS1-all": "as for CRS: case 5's grade-1 CRS appears only by elimination from Table 3 and the Discussion",
    "C-CRS1-blina-disc": "the same statement as Table 3: case 5's grade-1 CRS appears only by elimination",
    "C-T3-infection-blina": ("no blinatumomab narrative places an infection on the blinatumomab clock (cases 3, 4 "
                             "and 5 were infected after HSCT; case 6's narrative names none), and the Discussion "
                             "says 'Four patients administered blinatumomab had no apparent infections': Table 3's "
                             "one infection contradicts the Discussion, and the text does not say whose it is"),
    "C-T3-infection-cart": ("cases 2 (rotavirus enteritis during the CAR-T period) and 7 (upper respiratory "
                            "infections after CAR-T) have infections on the CAR-T clock; case 1's narrative places "
                            "all its infections 'Following HSCT' (and around its donor CAR-T course, whose day the "
                            "text does not give). Table 3's 3 of 3 counts case 1, which the Discussion's 'two "
                            "patients had respiratory tract infections' confirms, so the report's 'immunotherapy-"
                            "related' includes infections after the HSCT that followed CAR-T"),
    "C-T3-infection-all": ("the recomputation counts cases 2 and 7; Table 3 adds case 1 (infections after HSCT) and "
                           "one blinatumomab patient the Discussion says had none"),
    "C-inf-cart-respiratory": ("only case 7's respiratory infections are on the CAR-T clock; the second respiratory "
                               "case can only be case 1, whose respiratory infections (and case 2's) followed HSCT"),
    "C-treatment-deaths": ("read literally, HSCT is a treatment and case 3 died of transplant-related complications "
                           "(the Abstract itself says 'the other died of HSCT-related complications'); Table 3's 0 "
                           "immunotherapy-related deaths matches, so the sentence must mean immunotherapy"),
    "C-case2-relapse-months": ("the narrative dates case 2's relapse 'approximately 499 days after HCST', the "
                               "Discussion 'approximately 14 months after HSCT': the two statements disagree"),
    "C-followup": ("the text gives no patient's follow-up or what it is counted from; the follow-up check of the "
                   "report C chapter derives each case's bounds and asks which starting point the median and range fit"),
}
REMARKS = {
    "C-T3-CR-blina": ("case 3 was already in morphological CR with positive MRD before blinatumomab: her response "
                      "is the MRD-negativity about 2 weeks after the first infusion"),
    "C-relapse-CD19neg": ("circular: case 2's CD19-negative status is itself taken from this sentence by "
                          "elimination (its narrative does not state it); only case 6's is stated"),
    "C-relapse": ("case 6 never reached CR, so by the Methods' definition ('After CR, the reappearance of blasts "
                  "...') its lineage switch is progression rather than relapse; the report counts it"),
    "C-inf-blina": "agrees with the Discussion but not with Table 3 (1 of 4)",
    "C-case1-HSCT-months": "173 days after the first infusion",
}


def group(dataset, name: str) -> list[str]:
    """The patients a statistic's group names."""
    if name == "all":
        return list(PATIENTS)
    if name in ("CAR-T", "blinatumomab"):
        return [p for p in PATIENTS if o.arm(dataset, p) == name]
    if name == "relapsed":
        return [p for p in PATIENTS if o.relapsed(dataset, p)]
    if name == "HSCT":
        return [p for p in PATIENTS if o.hsct(dataset, p)]
    raise KeyError(name)


def table3_ids() -> list[str]:
    return [f"C-T3-{row}-{arm}" for row in TABLE3 for arm in ARMS]


def table3_labels() -> dict[str, str]:
    return {f"C-T3-{row}-{arm}": label for row, (label, _) in TABLE3.items() for arm in ARMS}


def text_ids() -> list[str]:
    return list(TEXT) + ["C-case1-HSCT-months", "C-case2-relapse-months"] + NOT_RECOMPUTABLE


def _case_values(dataset) -> dict[str, Recomputed]:
    placed = placed_events(dataset, "C-1", o.first_course(dataset, "C-1")).set_index("event_id")
    hsct = placed.loc["C-1/1-HSCT"]
    relapse = event_days(dataset).set_index("event_id").loc["C-2/2-relapse"]
    return {"C-case1-HSCT-months": Recomputed(float(hsct["start"]) / DAYS_PER_MONTH, cases=("C-1",)),
            "C-case2-relapse-months": Recomputed(float(relapse["day"]) / DAYS_PER_MONTH, cases=("C-2",))}


def recompute(dataset) -> dict[str, Recomputed | None]:
    """A recomputation for every report C statistic (None where the data cannot give one)."""
    stats = dataset["reported_statistics"].set_index("stat_id")
    result: dict[str, Recomputed | None] = {}
    for row, (_, fact) in TABLE3.items():
        for suffix, arm in ARMS.items():
            sid = f"C-T3-{row}-{suffix}"
            result[sid] = Recomputed.of(o.count(dataset, group(dataset, arm or "all"), fact), stats.at[sid, "unit"])
    for sid, (name, fact) in TEXT.items():
        result[sid] = Recomputed.of(o.count(dataset, group(dataset, name), fact), stats.at[sid, "unit"])
    result.update(_case_values(dataset))
    for sid in NOT_RECOMPUTABLE:
        result[sid] = None
    return result


def infection_readings(dataset) -> pd.DataFrame:
    """Patients with an infection per arm under two readings of 'immunotherapy-related', beside Table 3."""

    stats = dataset["reported_statistics"].set_index("stat_id")
    labels = dataset["patients"].set_index("patient_id")["label"]
    rows = []
    for suffix, arm in ARMS.items():
        members = group(dataset, arm or "all")
        published = stats.loc[f"C-T3-infection-{suffix}"]
        row = {"group": published["group"], "Table 3": f"{int(published['numerator'])} of {int(published['denominator'])}"}
        for name, fact in (("on an immunotherapy clock", o.infection("immunotherapy")),
                           ("at any time after day 0 (including after HSCT)", o.infection("any"))):
            count = o.count(dataset, members, fact)
            row[name] = f"{count.k} of {count.n}" + (f" ({', '.join(labels[c] for c in count.cases)})" if count.k else "")
        rows.append(row)
    return pd.DataFrame(rows)


# Disease-burden analytes of the two kinetics figures (marrow; fusion transcripts); the immune-reconstitution
# table's analytes.
MARROW_ANALYTES = ["MRD", "blasts"]
TRANSCRIPT_ANALYTES = ["BCR-ABL", "MLL-AF10"]
IMMUNE_ANALYTES = ["IgG", "IgA", "IgM", "B lymphocytes"]


def measurement_ids(dataset, analytes: list[str]) -> list[str]:
    """Report C's measurements of these analytes, by case and in the order of ``analytes``."""
    frame = dataset["measurements"]
    part = frame[frame["patient_id"].isin(PATIENTS) & frame["analyte"].isin(analytes)]
    order = part.assign(_rank=part["analyte"].map(analytes.index)).sort_values(["_rank", "patient_id"], kind="stable")
    return order["measurement_id"].tolist()
