"""Report C (Wang et al. 2022): how each published statistic is recomputed from the per-case data.

Each statistic of ``reported_statistics`` gets a fact about a patient (:mod:`emcart.model.outcomes`) and
a group; the count of the group's patients with the fact is the recomputed value. The curated table
``audit_reasons`` explains every statistic the per-case data do not reproduce; the audit fails if a
reason is missing or no longer needed.
"""

from __future__ import annotations

import pandas as pd

from emcart.audit.comparison import Recomputed
from emcart.datapackage.days import event_days
from emcart.model import outcomes as o
from emcart.model.timeline import placed_events
from emcart.model.vocabulary import DAYS_PER_MONTH
from emcart.presentation import evidence, tables
from emcart.presentation.derivations import row_keys

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
    "C-treatment-deaths": ("all", o.died("immunotherapy")),
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
NOT_RECOMPUTABLE = ["C-followup", "C-case1-CR-months", "C-case2-CR-months", "C-case7-CR-months"]


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


def _case_values(dataset) -> list[Recomputed]:
    placed = placed_events(dataset, "C-1", o.first_course(dataset, "C-1")).set_index("event_id")
    hsct = placed.loc["C-1/1-HSCT"]
    relapse = event_days(dataset).set_index("event_id").loc["C-2/2-relapse"]
    return [
        Recomputed(
            "C-case1-HSCT-months",
            float(hsct["start"]) / DAYS_PER_MONTH,
            "day of case 1's HSCT",
            patients=("C-1",),
            cases=("C-1",),
        ),
        Recomputed(
            "C-case2-relapse-months",
            float(relapse["day"]) / DAYS_PER_MONTH,
            "day of case 2's relapse after HSCT",
            patients=("C-2",),
            cases=("C-2",),
        ),
    ]


def _counted(dataset, sid: str, group_name: str, fact, unit: str) -> Recomputed:
    members = group(dataset, group_name)
    return Recomputed.of(sid, o.count(dataset, members, fact), unit, members)


def recompute(dataset) -> list[Recomputed]:
    """A recomputation for every report C statistic (value None where the data cannot give one)."""
    units = dataset["reported_statistics"].set_index("stat_id")["unit"]
    result = [
        _counted(dataset, f"C-T3-{row}-{suffix}", arm or "all", fact, units[f"C-T3-{row}-{suffix}"])
        for row, (_, fact) in TABLE3.items()
        for suffix, arm in ARMS.items()
    ]
    result += [_counted(dataset, sid, name, fact, units[sid]) for sid, (name, fact) in TEXT.items()]
    return result + _case_values(dataset) + [Recomputed(sid, None) for sid in NOT_RECOMPUTABLE]


# The two readings of 'immunotherapy-related' infections: column heading -> the clock of the infection's event.
READINGS = {"on an immunotherapy clock": "immunotherapy", "at any time after day 0 (including after HSCT)": "any"}


def infection_readings(dataset) -> pd.DataFrame:
    """Patients with an infection per arm under two readings of 'immunotherapy-related', beside Table 3."""

    stats = dataset["reported_statistics"].set_index("stat_id")
    labels = dataset["patients"].set_index("patient_id")["label"]
    rows = []
    for suffix, arm in ARMS.items():
        members = group(dataset, arm or "all")
        published = stats.loc[f"C-T3-infection-{suffix}"]
        row = {
            "group": published["group"],
            "Table 3": f"{int(published['numerator'])} of {int(published['denominator'])}",
        }
        for name, clock in READINGS.items():
            count = o.count(dataset, members, o.infection(clock))
            row[name] = f"{count.k} of {count.n}" + (
                f" ({', '.join(labels[c] for c in count.cases)})" if count.k else ""
            )
        rows.append(row)
    return pd.DataFrame(rows)


def infection_readings_marks(dataset) -> pd.DataFrame:
    """The evidence marks of :func:`infection_readings`: the group and Table 3's count quote Table 3; each
    reading's count says what it counts and quotes the infections counted."""
    rows = []
    for suffix, arm in ARMS.items():
        members = group(dataset, arm or "all")
        sid = f"C-T3-infection-{suffix}"
        marks = [
            evidence.cell_key(evidence.STATISTIC, sid, "group"),
            evidence.cell_key(evidence.STATISTIC, sid, "numerator"),
        ]
        for name, clock in READINGS.items():
            count = o.count(dataset, members, o.infection(clock))
            found = [o.events(dataset, p, "infection", clock=clock) for p in count.cases]
            keys = tuple(
                k for e in found for i in e["event_id"] for k in row_keys(dataset, "events", i, ("event_type",))
            )
            marks.append(
                evidence.Derivation(
                    f"{count.k} of {count.n}: the patients of the group with an infection event {name}.", keys
                )
            )
        rows.append(marks)
    return pd.DataFrame(rows, dtype=object)


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


def followup_dating(dataset) -> pd.DataFrame:
    """What the regimens and registrations the text names say of when each case was treated: the curated
    remarks on the follow-up statistic, with their source words."""
    return _followup_remarks(dataset)[["text", "source_words"]].rename(
        columns={"text": "evidence and its strength", "source_words": "source words"}
    )


def followup_dating_marks(dataset) -> pd.DataFrame:
    """The evidence marks of :func:`followup_dating`: each remark, and its source words, quote the words."""
    return tables.curated_marks(dataset, "audit_reasons", _followup_remarks(dataset), ["source_words", "source_words"])


def _followup_remarks(dataset) -> pd.DataFrame:
    said = dataset["audit_reasons"]
    return said[(said["stat_id"] == "C-followup") & (said["kind"] == "remark")]
