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
from emcart.model.definitions import stated_limit
from emcart.model.timeline import placed_events
from emcart.model.vocabulary import DAYS_PER_MONTH
from emcart.presentation import evidence
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
# Table 1's columns: the published heading of each curated field.
HEADINGS = "Patient number, Diagnosis, Age (years), Sex, Cytogenetics, CNS at diagnosis, Disease status, CNS at relapse"
FIELDS = "label diagnosis age_years sex cytogenetics cns_at_diagnosis disease_status cns_at_relapse"
TABLE_1 = dict(zip(HEADINGS.split(", "), FIELDS.split()))
# The cells of the reconstructed Table 2 a registered gap concerns: (case, column) -> gap id.
TABLE_2_GAPS = {("case 5", "CRS"): "C-case5-CRS"}
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
    """The statistic ids of Table 3's cells.

    Returns
    -------
    list of str
        ``C-T3-<row>-<arm>``, by row (CR, CRS and its grades, ICANS, infection, death), then arm (blinatumomab,
        CAR-T, all).
    """
    return [f"C-T3-{row}-{arm}" for row in TABLE3 for arm in ARMS]


def table3_labels() -> dict[str, str]:
    """Table 3's row labels, by statistic id.

    Returns
    -------
    dict of str to str
        Each statistic id of :func:`table3_ids` → its row's label ('CRS grade ≥3').
    """
    return {f"C-T3-{row}-{arm}": label for row, (label, _) in TABLE3.items() for arm in ARMS}


def text_ids() -> list[str]:
    """The ids of the statistics report C states in its text (not in Table 3).

    Returns
    -------
    list of str
        The statistics counted from the cases, then the case values in months, then those the data cannot
        recompute.
    """
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
    """A recomputation for every report C statistic, from the per-case data.

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding report C's rows.

    Returns
    -------
    list of Recomputed
        Table 3's counts, the text's counts, the case values in months, and a recomputation with value None for
        each statistic the data cannot give.
    """
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
    """Patients with an infection per arm under two readings of 'immunotherapy-related', beside Table 3.

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding report C's rows.

    Returns
    -------
    pandas.DataFrame
        One row per arm and for all: ``group``, ``Table 3`` ('k of n' as published), and per reading (on an
        immunotherapy clock; at any time after day 0) 'k of n' with the cases counted.
    """
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
    """The evidence marks of :func:`infection_readings`.

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding report C's rows.

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: the group and Table 3's count quote Table 3; each reading's count
        is a derivation saying what it counts and quoting the infections counted.
    """
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


def case_6_mrd(dataset, prefix: str) -> dict[str, str]:
    """Case 6's marrow values around blinatumomab against the report's MRD-negative limit, for the prose.

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding report C's rows.
    prefix : str
        The glue names' prefix.

    Returns
    -------
    dict of str to str
        ``{prefix}-<name>`` → text: the MRD-negative and CR limits, case 6's MRD before and after, blasts and
        monocytes, whether the MRD after meets the limit, Table 3's blinatumomab remissions ('k of n') and the
        published number of relapses.
    """
    lab = dataset["measurements"].set_index("measurement_id")["value"]
    stats = dataset["reported_statistics"].set_index("stat_id")
    limit = stated_limit(dataset, "C-M-MRDneg")
    values = {
        "mrd-negative": limit.words,
        "cr-blasts": stated_limit(dataset, "C-M-CR").words,
        "case6-mrd-post": f"{lab['C-6/1-MRD-post']:g}%",
        "case6-mrd-pre": f"{lab['C-6/1-MRD-pre']:g}%",
        "case6-blasts-pre": f"{lab['C-6/1-blasts-pre']:g}%",
        "case6-monocytes": f"{lab['C-6/1-monocytes-relapse']:g}%",
        "case6-mrd-verdict": "MRD-negative" if limit.admits(lab["C-6/1-MRD-post"]) else "not MRD-negative",
        "t3-cr-blina": f"{stats.at['C-T3-CR-blina', 'numerator']:g} of {stats.at['C-T3-CR-blina', 'denominator']:g}",
        "relapses": f"{stats.at['C-relapse', 'numerator']:g}",
    }
    return {f"{prefix}-{name}": value for name, value in values.items()}
