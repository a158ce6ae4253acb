"""Report A (eight children, S001–S008): Tables 1 and 2 rebuilt, their cohort facts checked, the
facts the EFS reconstruction must respect, and the published statistics recomputed.

Everything here reads the curated tables; no value is typed in. The report's tables and figures are
not in its text, so most per-patient cells are 'not reported in text'.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from emcart.analysis import km
from emcart.audit import comparison as audit
from emcart.datapackage.conversions import CARDINALS, ORDINALS
from emcart.datapackage.marks import Derivation, by_column, carry
from emcart.datapackage.provenance import cite
from emcart.model.vocabulary import DAYS_PER_MONTH
from emcart.presentation import evidence, tables
from emcart.presentation.cohort import (
    Cell,
    Check,
    absences_of,
    absent,
    cells_per_kg,
    course_id,
    dose_text,
    events_of,
    mean_bounds,
    per_patient,
    rests_on,
    with_event,
)
from emcart.presentation.figures import survival
from emcart.presentation.tables import Table

STUDY = "A"
DERIVED_NOTE = (
    "† derived, not stated for the patient: the text's count equals the patients it names ({}), so the others had none."
)


def patient_ids(data) -> list[str]:
    patients = data["patients"]
    return patients[patients["study_id"] == STUDY].sort_values("label")["patient_id"].tolist()


def label(data, patient_id: str) -> str:
    return data["patients"].set_index("patient_id").at[patient_id, "label"]


def labels(data, patient_ids: list[str]) -> str:
    return ", ".join(label(data, p) for p in patient_ids) or "none"


def statistic(data, stat_id: str) -> pd.Series:
    stats = data["reported_statistics"]
    return stats[stats["stat_id"] == stat_id].iloc[0]


def statistics(data) -> pd.DataFrame:
    stats = data["reported_statistics"]
    return stats[stats["study_id"] == STUDY]


def _count(data, stat_id: str) -> int:
    return int(statistic(data, stat_id)["value"])


def _field(data, table: str, key: str, field: str) -> Cell | None:
    frame = data[table].set_index(data.key(table))
    value = frame.at[key, field]
    if pd.isna(value):
        return None
    return Cell(f"{value:g}" if isinstance(value, float) else str(value), (table, key, field))


# ------------------------------------------------------------------------------------------ Table 1
def first_dose(data, patient_id: str, course_number: int = 1) -> Cell | None:
    """The CAR-T dose of a patient's course, with its printed power of ten."""
    cid = course_id(data, patient_id, course_number)
    if cid is None:
        return None
    rows = data["treatments"]
    rows = rows[(rows["course_id"] == cid) & rows["dose"].notna() & rows["product"].str.contains("CAR-T")]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return Cell(
        dose_text(row["dose"], row["dose_unit"]),
        (("treatments", row["treatment_id"], "dose"), ("treatments", row["treatment_id"], "dose_unit")),
    )


def history(data, patient_id: str) -> Cell | None:
    """Events before the first CAR-T course, in the order curated: 'HSCT → relapse'."""
    rows = events_of(data, patient_id, tuple(data["events"]["event_type"].unique()), history=True)
    if rows.empty:
        return None
    events = tuple(("events", e, "event_type") for e in rows["event_id"])
    return Cell(" → ".join(rows["event_type"]) + " (before CAR-T)", rests_on=events)


# The published statistics each fact of Tables 1 and 2 is; a fact not listed is not a published statistic.
FACT_STATISTICS = {
    "Age": ("A-age",),
    "Extramedullary site": ("A-EM-CNS", "A-EM-testis", "A-EM-subcutaneous", "A-EM-CNS-testis"),
    "Centre": ("A-centre-SCMC", "A-centre-Soochow"),
    "Relapsed before enrolment": ("A-relapsed",),
    "Relapsed more than once": ("A-multi-relapse",),
    "Relapsed after HSCT": ("A-relapse-after-HSCT",),
    "CAR-T dose (first infusion)": ("A-dose",),
    "Fresh CAR-T product": ("A-fresh-product",),
    "Complete remission after the first CAR-T": ("A-CR",),
    "Continuous CR": ("A-CCR",),
    "CRS": ("A-CRS",),
    "CRS grade 3–4": ("A-CRS-grade-3-4",),
    "CRES": ("A-CRES",),
    "CRES grade 3–4": ("A-CRES-grade-3-4",),
    "Tocilizumab": ("A-tocilizumab", "A-tocilizumab-glucocorticoids"),
    "Intrathecal glucocorticoids 'alone'": ("A-IT-glucocorticoids",),
    "Relapse after the first CAR-T": ("A-relapse",),
    "Second CAR-T": ("A-second-CAR",),
    "CR2": ("A-CR2",),
    "HSCT after the second CAR-T": ("A-HSCT-after-second",),
    "Bridged to HSCT after the first CR": ("A-HSCT-bridge",),
    "Alive": ("A-alive",),
}


def audit_statuses(data) -> pd.Series:
    """The book-wide audit's status of every statistic report A publishes, by statistic id."""
    return audit.compare(data, recomputed(data), statistics(data)["stat_id"].tolist()).set_index("statistic")["status"]


def _audited(data, checks: list[Check]) -> list[Check]:
    """The checks with the statistics they are and those statistics' audit status (one status when
    they share it, else each statistic's)."""
    statuses = audit_statuses(data)
    out = []
    for c in checks:
        ids = FACT_STATISTICS.get(c.fact, ())
        found = [statuses[i] for i in ids]
        if len(set(found)) > 1:
            text = "; ".join(f"{statistic(data, i)['statistic']}: {st}" for i, st in zip(ids, found))
        else:
            text = found[0] if found else ""
        out.append(dataclasses.replace(c, audit_status=text))
    return out


def table_1_checks(data) -> list[Check]:
    ids = patient_ids(data)
    n = len(ids)
    defs = data["definitions"].set_index("definition_id")
    age, dose = statistic(data, "A-age"), statistic(data, "A-dose")
    sites = [statistic(data, s) for s in ("A-EM-CNS", "A-EM-testis", "A-EM-subcutaneous", "A-EM-CNS-testis")]
    centres = [statistic(data, s) for s in ("A-centre-SCMC", "A-centre-Soochow")]
    multi = statistic(data, "A-multi-relapse")
    protocol = data["treatments"].set_index("treatment_id").loc["A-protocol-CAR1-d0"]
    after_hsct = [
        p
        for p in ids
        if len(events_of(data, p, "HSCT", history=True)) and len(events_of(data, p, "relapse", history=True))
    ]
    relapsed = data["patients"].set_index("patient_id").loc[ids, "disease_status"].eq("relapse").sum()
    sexes = data["patients"].set_index("patient_id").loc[ids, "sex"].dropna()
    ages = data["patients"].set_index("patient_id").loc[ids, "age_years"].dropna()
    doses = [first_dose(data, p) for p in ids]
    lo, hi = mean_bounds(age["range_low"], age["range_high"], n)
    dlo, dhi = mean_bounds(dose["range_low"], dose["range_high"], n)
    in_protocol = protocol["dose"] <= dose["range_low"] and dose["range_high"] <= protocol["dose_max"]
    site_sum = sum(int(s["value"]) for s in sites)
    centre_sum = sum(int(c["value"]) for c in centres)
    return _audited(
        data,
        [
            Check(
                "Sex",
                f"legend: M, {defs.at['A-T1-M', 'definition']}; F, {defs.at['A-T1-F', 'definition']}",
                f"{len(sexes)} patients with a sex",
                "cannot be checked",
            ),
            Check(
                "Age",
                audit.published_text(age),
                f"{len(ages)} patients with an age",
                "cannot be checked" if ages.empty else "see table",
                f"a mean of {n} ages spanning the range lies in {lo:.2f}–{hi:.2f}, so {age['value']:g} is possible",
            ),
            Check(
                "Extramedullary site",
                ", ".join(f"{s['statistic'].split(': ')[1]} {int(s['value'])}" for s in sites),
                "no patient's site",
                "consistent" if site_sum == n else "inconsistent",
                f"the four groups sum to {site_sum}, the {n} patients enrolled",
            ),
            Check(
                "Centre",
                ", ".join(f"{c['statistic'].replace('treated at ', '')} {int(c['value'])}" for c in centres),
                "no patient's centre",
                "consistent" if centre_sum == n else "inconsistent",
                f"{' + '.join(str(int(c['value'])) for c in centres)} = {centre_sum} of {n}",
            ),
            Check(
                "Relapsed before enrolment",
                f"all ({_count(data, 'A-relapsed')})",
                f"{relapsed} patients with relapsed disease",
                "consistent" if relapsed == _count(data, "A-relapsed") else "inconsistent",
            ),
            Check(
                "Relapsed more than once",
                f"{multi['numerator']} of {multi['denominator']} ({multi['value']:g}%)",
                f"named: {labels(data, after_hsct)}",
                "cannot be checked",
                f"{multi['numerator']}/{multi['denominator']} = {100 * multi['numerator'] / multi['denominator']:g}%, not {multi['value']:g}%: "
                + audit.nearest_fractions(multi["value"], int(multi["denominator"])),
            ),
            Check(
                "Relapsed after HSCT",
                f"only S003 ({_count(data, 'A-relapse-after-HSCT')} patient)",
                f"HSCT then relapse before CAR-T: {labels(data, after_hsct)}",
                "consistent" if len(after_hsct) == _count(data, "A-relapse-after-HSCT") else "inconsistent",
            ),
            Check(
                "CAR-T dose (first infusion)",
                audit.published_text(dose),
                f"{sum(d is not None for d in doses)} patients with a dose",
                "cannot be checked",
                f"a mean of {n} doses spanning the range lies in {dlo:.2f}–{dhi:.2f}; the range "
                f"{'lies' if in_protocol else 'does not lie'} within the protocol's {protocol['dose']:g}–{protocol['dose_max']:g} × 10⁶/kg",
            ),
            Check(
                "Fresh CAR-T product",
                f"all ({_count(data, 'A-fresh-product')})",
                "not recorded per patient",
                "cannot be checked",
            ),
        ],
    )


def table_1(data) -> Table:
    ids = patient_ids(data)
    columns = {
        "Patient": lambda p: Cell(label(data, p), ("patients", p, "label")),
        "Age (years)": lambda p: _field(data, "patients", p, "age_years"),
        "Sex": lambda p: _field(data, "patients", p, "sex"),
        "Extramedullary site": lambda p: None,
        "Prior HSCT and relapses": lambda p: history(data, p),
        "CAR-T dose, first infusion": lambda p: first_dose(data, p),
    }
    return per_patient(
        data,
        ids,
        columns,
        "Table 1 (report A), rebuilt: patient characteristics",
        "a-table-1",
        [c.footnote() for c in table_1_checks(data)],
    )


# ------------------------------------------------------------------------------------------ Table 2
def _relapsed(data) -> list[str]:
    return with_event(data, patient_ids(data), "relapse", course_number=1, history=False)


def _bridged(data) -> list[str]:
    return with_event(data, patient_ids(data), "HSCT", course_number=1, history=False)


def table_2_checks(data) -> list[Check]:
    ids = patient_ids(data)
    n = len(ids)
    cr1 = with_event(data, ids, "CR", course_number=1)
    relapsed, bridged = _relapsed(data), _bridged(data)
    continuous = [p for p in cr1 if p not in relapsed]
    crs = with_event(data, ids, "CRS onset", course_number=1)
    no_crs = [p for p in ids if absent(data, p, "CRS onset", 1)]
    second = [p for p in ids if course_id(data, p, 2) is not None]
    cr2 = with_event(data, ids, "CR", course_number=2)
    no_hsct2 = [p for p in second if absent(data, p, "HSCT", 2)]
    alive = [p for p in ids if absent(data, p, "death")]
    graded = data["events"][data["events"]["patient_id"].isin(ids) & data["events"]["grade"].notna()]
    cres = with_event(data, ids, "CRES onset", course_number=1)
    toci = with_event(data, ids, "tocilizumab")
    steroid = events_of(data, "A-S004", "glucocorticoids")
    il6 = data["measurements"][
        data["measurements"]["patient_id"].isin(ids) & data["measurements"]["analyte"].eq("IL-6")
    ]
    peak = il6[il6["value_qualifier"] == "peak"]
    cres_stat = statistic(data, "A-CRES")

    def same(found: list[str], count: int) -> str:
        return "consistent" if len(found) == count else "inconsistent"

    return _audited(
        data,
        [
            Check(
                "Complete remission after the first CAR-T",
                f"all {_count(data, 'A-CR')}",
                f"CR: {labels(data, cr1)}",
                same(cr1, _count(data, "A-CR")),
            ),
            Check(
                "Continuous CR",
                f"{_count(data, 'A-CCR')} patients",
                f"CR without a later relapse: {labels(data, continuous)}",
                same(continuous, _count(data, "A-CCR")),
                "S001, bridged to HSCT, counts as continuous CR",
            ),
            Check(
                "CRS",
                "all patients except S006",
                f"CRS: {labels(data, crs)}; stated without CRS: {labels(data, no_crs)}",
                "consistent" if len(crs) + len(no_crs) == n and len(crs) == _count(data, "A-CRS") else "inconsistent",
            ),
            Check(
                "CRS grade 3–4",
                f"{_count(data, 'A-CRS-grade-3-4')} of {n}",
                f"{len(graded)} patients with a grade",
                "cannot be checked",
                "the text does not say which patients",
            ),
            Check(
                "CRES",
                f"{int(cres_stat['numerator'])} patients ({cres_stat['value']:g}%)",
                f"{len(cres)} patients with CRES",
                "cannot be checked",
                f"the {int(cres_stat['numerator'])} cannot be assigned to patients; "
                f"{int(cres_stat['numerator'])}/{n} = {100 * cres_stat['numerator'] / n:g}%",
            ),
            Check("CRES grade 3–4", "none", f"{len(graded)} patients with a grade", "cannot be checked"),
            Check(
                "Tocilizumab",
                f"{_count(data, 'A-tocilizumab')} patients, {_count(data, 'A-tocilizumab-glucocorticoids')} "
                "of them also glucocorticoids",
                f"{len(toci)} patients named",
                "cannot be checked",
                "the text does not say which patients",
            ),
            Check(
                "Intrathecal glucocorticoids 'alone'",
                "only S004",
                f"glucocorticoids: {labels(data, ['A-S004'] if len(steroid) else [])}",
                "consistent" if len(steroid) == _count(data, "A-IT-glucocorticoids") else "inconsistent",
                "'alone' may mean without tocilizumab, so that 5 patients had some treatment of CRS or CRES, "
                "or that no other patient had intrathecal glucocorticoids",
            ),
            Check(
                "Highest IL-6",
                "60618.45 pg/ml in S003" if len(peak) else "none",
                "IL-6 values: " + ", ".join(f"{label(data, r.patient_id)} {r.value:.10g}" for r in il6.itertuples()),
                "consistent" if len(peak) and il6["value"].max() == peak["value"].max() else "inconsistent",
            ),
            Check(
                "Relapse after the first CAR-T",
                f"{_count(data, 'A-relapse')} patients: S002, S004, S006",
                f"relapse: {labels(data, relapsed)}",
                same(relapsed, _count(data, "A-relapse")),
            ),
            Check(
                "Second CAR-T",
                f"{_count(data, 'A-second-CAR')} patients",
                f"second course: {labels(data, second)}",
                "consistent" if second == relapsed and len(second) == _count(data, "A-second-CAR") else "inconsistent",
            ),
            Check(
                "CR2",
                f"all {_count(data, 'A-CR2')}",
                f"CR on the second course: {labels(data, cr2)}",
                same(cr2, _count(data, "A-CR2")),
            ),
            Check(
                "HSCT after the second CAR-T",
                "none",
                f"stated without HSCT: {labels(data, no_hsct2)}",
                "consistent" if no_hsct2 == second else "inconsistent",
            ),
            Check(
                "Bridged to HSCT after the first CR",
                f"{_count(data, 'A-HSCT-bridge')} patient (S001)",
                f"HSCT: {labels(data, bridged)}",
                same(bridged, _count(data, "A-HSCT-bridge")),
            ),
            Check(
                "Alive", "all patients", f"stated alive: {labels(data, alive)}", same(alive, _count(data, "A-alive"))
            ),
        ],
    )


def table_2(data) -> Table:
    ids = patient_ids(data)
    checks = {c.fact: c.result for c in table_2_checks(data)}
    relapsed, bridged = _relapsed(data), _bridged(data)
    relapses_named = checks["Relapse after the first CAR-T"] == "consistent"
    bridges_named = checks["Bridged to HSCT after the first CR"] == "consistent"

    def event(p, kind, text, course=None, history=None):
        rows = events_of(data, p, kind, course, history)
        return Cell(text, rests_on=rests_on("events", rows, "event_type")) if len(rows) else None

    def absence(p, kind, text, course=None):
        rows = absences_of(data, p, kind, course)
        return Cell(text, rests_on=rests_on("absences", rows, "event_type")) if len(rows) else None

    def derived(stat_id):
        return Cell("none", derived=True, rests_on=(("reported_statistics", stat_id, "value"),))

    def response(p):
        return event(p, "CR", "CR", 1)

    def crs(p):
        return event(p, "CRS onset", "yes", 1) or absence(p, "CRS onset", "no", 1)

    def crs_grade(p):
        rows = events_of(data, p, "CRS onset", 1).dropna(subset=["grade"])
        if len(rows):
            return Cell(str(rows["grade"].iloc[0]), ("events", rows["event_id"].iloc[0], "grade"))
        return absence(p, "CRS onset", "no CRS", 1)

    def cres(p):
        return event(p, "CRES onset", "yes", 1)

    def treatment(kind):
        def cell(p):
            rows = events_of(data, p, kind)
            if rows.empty:
                return None
            detail = rows["detail"].iloc[0]
            return Cell(
                "yes" + (f", {detail}" if pd.notna(detail) else ""),
                rests_on=rests_on("events", rows, "event_type", "detail"),
            )

        return cell

    def il6_peak(p):
        rows = data["measurements"]
        rows = rows[(rows["patient_id"] == p) & (rows["analyte"] == "IL-6") & (rows["value_qualifier"] == "peak")]
        if rows.empty:
            return None
        r = rows.iloc[0]
        where = "compartment not stated" if r["compartment"] == "not stated" else r["compartment"]
        day = f"day {r['text_day']}" if pd.notna(r["text_day"]) else "day not stated"
        return Cell(f"{r['value']:.10g} ({day}, {where})", ("measurements", r["measurement_id"], "value"))

    def relapse(p):
        rows = events_of(data, p, "relapse", 1, history=False)
        if len(rows):
            r = rows.iloc[0]
            return Cell(
                f"CD19{'+' if r['cd19_status'] == 'positive' else '−'} CD22{'+' if r['cd22_status'] == 'positive' else '−'}",
                rests_on=rests_on("events", rows, "cd19_status", "cd22_status"),
            )
        return derived("A-relapse") if relapses_named else None

    def second(p):
        dose = first_dose(data, p, 2)
        if dose is not None:
            cr2 = " → CR2" if len(events_of(data, p, "CR", 2)) else ""
            return Cell(dose.text + cr2, dose.source)
        return derived("A-relapse") if relapses_named and p not in relapsed else None

    def hsct(p):
        if p in bridged:
            return event(p, "HSCT", "after the first CR", 1, False)
        return absence(p, "HSCT", "none after the second CAR-T (to date)", 2) or (
            derived("A-HSCT-bridge") if bridges_named else None
        )

    def status(p):
        return absence(p, "death", "alive (to date)")

    columns = {
        "Patient": lambda p: Cell(label(data, p), rests_on=(("patients", p, "label"),)),
        "Response": response,
        "CRS": crs,
        "CRS grade": crs_grade,
        "CRES": cres,
        "Tocilizumab": treatment("tocilizumab"),
        "Corticosteroids": treatment("glucocorticoids"),
        "Peak IL-6 (pg/mL)": il6_peak,
        "Relapse": relapse,
        "Second CAR-T (dose → response)": second,
        "HSCT after CAR-T": hsct,
        "Status": status,
    }
    footnotes = [c.footnote() for c in table_2_checks(data)]
    defs = data["definitions"]
    footnotes += [
        f"{d.term}: {d.definition} (Table 2 legend)"
        for d in defs[
            (defs["study_id"] == STUDY)
            & defs["definition_id"].isin(["A-T2-tocilizumab", "A-T2-corticosteroid", "A-T2-CSF", "A-T2-S004"])
        ].itertuples()
    ]
    footnotes.append(
        DERIVED_NOTE.format(f"relapse: {labels(data, relapsed)}; HSCT after the first CR: {labels(data, bridged)}")
        + " A second CAR-T was allowed only after a relapse (Methods)."
    )
    return per_patient(
        data,
        ids,
        columns,
        "Table 2 (report A), rebuilt: clinical responses and treatment outcomes",
        "a-table-2",
        footnotes,
    )


# ------------------------------------------------------------------------------------------ doses
def second_doses(data) -> pd.DataFrame:
    """Second-course doses in 10^6 cells/kg (converted by code) against the first infusion's range."""
    dose = statistic(data, "A-dose")
    ranged = tuple(evidence.cell_key("reported_statistics", "A-dose", f) for f in ("range_low", "range_high"))
    rows, marks = [], []
    for p in patient_ids(data):
        cid = course_id(data, p, 2)
        if cid is None:
            continue
        t = data["treatments"][(data["treatments"]["course_id"] == cid) & data["treatments"]["dose"].notna()].iloc[0]
        value = cells_per_kg(t["dose"], t["dose_unit"])
        printed = evidence.cell_key("treatments", t["treatment_id"], "dose")
        marks.append(
            [
                evidence.cell_key("patients", p, "label"),
                printed,
                Derivation("The printed dose in 10⁶ cells/kg, converted by the book.", (printed,)),
                Derivation("The dose compared with the first infusions' published range.", (printed, *ranged)),
            ]
        )
        rows.append(
            {
                "patient": label(data, p),
                "printed": dose_text(t["dose"], t["dose_unit"]),
                "× 10⁶/kg": round(value, 6),
                "within the first infusions' range": "yes"
                if dose["range_low"] <= value <= dose["range_high"]
                else "no",
            }
        )
    return carry(pd.DataFrame(rows), pd.DataFrame(marks, dtype=object))


# ------------------------------------------------------------------------------------------ swimmer
def follow_up_days(data) -> tuple[float, float]:
    """The shortest and longest follow-up, in days (the report states months)."""
    row = statistic(data, "A-followup")
    assert row["unit"] == "months"
    return float(row["range_low"]) * DAYS_PER_MONTH, float(row["range_high"]) * DAYS_PER_MONTH


# ------------------------------------------------------------------------------------------ EFS
def km_estimates(data) -> list[km.Estimate]:
    stats = statistics(data)
    rows = stats[(stats["measure"] == "km_estimate") & (stats["statistic"] == "event-free survival")]
    return [
        km.Estimate(
            float(r.timepoint_months), float(r.value), r.stat_id, cite(data, "reported_statistics", r.stat_id, "value")
        )
        for r in rows.itertuples()
    ]


def km_facts(data) -> dict:
    """What the text says of EFS events and follow-up, counted from the curated rows."""
    ids = patient_ids(data)
    fu = statistic(data, "A-followup")
    deaths = with_event(data, ids, "death")
    alive = [p for p in ids if absent(data, p, "death")]
    return {
        "n": len(ids),
        "relapses": [label(data, p) for p in _relapsed(data)],
        "bridged to HSCT": [label(data, p) for p in _bridged(data)],
        "deaths": len(deaths),
        "stated alive": len(alive),
        "follow-up": (float(fu["range_low"]), float(fu["range_high"]), float(fu["value"])),
    }


FOLLOW_UP = ("range_low", "range_high", "value")


def km_facts_table(data) -> Table:
    """The facts of :func:`km_facts` as a table."""
    f = km_facts(data)
    low, high, mean = f["follow-up"]
    rows = [
        ("patients", str(f["n"])),
        ("relapsed after the first CAR-T", ", ".join(f["relapses"])),
        ("bridged to HSCT", ", ".join(f["bridged to HSCT"])),
        ("deaths", str(f["deaths"])),
        ("stated alive", str(f["stated alive"])),
        ("follow-up (months)", f"{low:g} to {high:g}, mean {mean:g}"),
    ]
    return Table(
        pd.DataFrame(rows, columns=["fact", "from the curated data"]),
        "Report A: what the text says of EFS events and follow-up",
        "a-km-facts",
        marks=pd.DataFrame([[m, m] for m in _km_fact_marks(data, [value for _, value in rows])], dtype=object),
    )


def _km_fact_marks(data, values: list[str]) -> list[evidence.Derivation]:
    """The derivation of each of :func:`km_facts_table`'s rows (``values``: the shown values), for its fact and value."""
    ids = patient_ids(data)

    def of(kind: str, **where) -> tuple[str, ...]:
        found = [rests_on("events", events_of(data, p, kind, **where), "event_type") for p in ids]
        return tuple(evidence.cell_key(*cell) for cells in found for cell in cells)

    alive = [rests_on("absences", absences_of(data, p, "death"), "event_type") for p in ids]
    how = [
        ("the report's patients, counted", tuple(evidence.cell_key("patients", p, "label") for p in ids)),
        ("the patients with a relapse after the first CAR-T", of("relapse", course_number=1, history=False)),
        ("the patients with an HSCT after the first CAR-T", of("HSCT", course_number=1, history=False)),
        ("the patients with a death, counted", of("death")),
        ("the patients the text states alive, counted", tuple(evidence.cell_key(*c) for cells in alive for c in cells)),
        (
            "the published range and mean of the follow-up",
            tuple(evidence.cell_key("reported_statistics", "A-followup", f) for f in FOLLOW_UP),
        ),
    ]
    return [evidence.Derivation(f"{value}: {words}.", keys) for value, (words, keys) in zip(values, how)]


def km_readings(data, censored_at_hsct: bool = False) -> dict[str, list[km.Constraint]]:
    """The event definition read two ways, each with the follow-up the text states.

    Each censoring is taken as the end of its patient's follow-up, so no censoring precedes the shortest
    follow-up; with ``censored_at_hsct``, the reading that does not count bridging to HSCT censors each
    bridged patient at the HSCT instead, at any time, and that patient is followed on."""
    f = km_facts(data)
    low, high, mean = f["follow-up"]
    words = f"follow-up {low:g}–{high:g} months, mean {mean:g}"
    base = km.follow_up(low, high, mean, name=words)
    bridged = ", ".join(f["bridged to HSCT"])
    censored = km.follow_up(
        low,
        high,
        mean,
        name=f"{words}; {bridged} censored at the HSCT, at any time",
        free_censorings=len(f["bridged to HSCT"]) if censored_at_hsct else 0,
    )
    printed = len(f["relapses"]) + len(f["bridged to HSCT"]) + f["deaths"]
    without = len(f["relapses"]) + f["deaths"]
    return {
        "as printed: bridging to HSCT is an event": [
            base,
            km.total_events(
                printed,
                f"{printed} events: relapses of {', '.join(f['relapses'])}, HSCT of {bridged}, {f['deaths']} deaths",
            ),
        ],
        "bridging to HSCT not counted as an event": [
            censored if censored_at_hsct else base,
            km.total_events(without, f"{without} events: relapses of {', '.join(f['relapses'])}, {f['deaths']} deaths"),
        ],
    }


def km_table(data, configurations: list[km.Configuration]) -> pd.DataFrame:
    """Every configuration reproducing the estimates, which reading of the definition it satisfies, and its
    time bounds when each censoring ends follow-up and when the bridged patients are censored at the HSCT."""
    facts = km_facts(data)
    low, high, _ = facts["follow-up"]
    frame = km.summary(configurations, "months", low, high)
    bridged = ", ".join(facts["bridged to HSCT"])
    frame[f"time bounds, {bridged} censored at the HSCT"] = [
        km.describe_bounds(c, "months", low, high, len(facts["bridged to HSCT"])) for c in configurations
    ]
    readings = list(km_readings(data).items())
    variant, variant_rules = list(km_readings(data, censored_at_hsct=True).items())[-1]
    for name, rules in readings + [(f"{variant}, {bridged} censored at the HSCT", variant_rules)]:
        failed = km.rejections(configurations, rules)
        frame[name] = ["consistent" if not failed[c] else "fails: " + "; ".join(failed[c]) for c in configurations]
    drawn = survival.curve_labels(km_consistent(data))
    frame.insert(0, "curve in Figure 1B", [drawn.get(c, "not drawn") for c in configurations])
    return by_column(frame, KM_HOW, km_inputs(data))


KM_HOW = (
    "{column}: computed by the book from the orders of events and censorings of the report's patients that "
    "reproduce the published EFS estimates, under the follow-up the text states (quoted below)."
)


def km_inputs(data) -> tuple[str, ...]:
    """The curated cells the configurations rest on: the EFS estimates and the follow-up."""
    estimates = [evidence.cell_key("reported_statistics", e.label, "value") for e in km_estimates(data)]
    return tuple(estimates + [evidence.cell_key("reported_statistics", "A-followup", f) for f in FOLLOW_UP])


# ------------------------------------------------------------------------------------------ audit
def _per_patient(data) -> list[audit.Recomputed]:
    """Report A's counts recomputed from the curated rows of its eight patients."""
    ids = patient_ids(data)
    relapsed, bridged = _relapsed(data), _bridged(data)
    cr1 = with_event(data, ids, "CR", course_number=1)
    second = [p for p in ids if course_id(data, p, 2) is not None]
    cr2 = with_event(data, ids, "CR", course_number=2)
    alive = [p for p in ids if absent(data, p, "death")]
    deaths = with_event(data, ids, "death")
    after_hsct = [
        p
        for p in ids
        if len(events_of(data, p, "HSCT", history=True)) and len(events_of(data, p, "relapse", history=True))
    ]
    steroid_it = [
        p for p in ids if events_of(data, p, "glucocorticoids")["detail"].fillna("").str.contains("intrathecal").any()
    ]
    status = data["patients"].set_index("patient_id").loc[ids, "disease_status"]

    def R(sid, value, basis, kinds, members=ids):
        return audit.Recomputed(sid, float(value), basis, patients=tuple(members), event_types=kinds)

    return [
        R("A-relapsed", status.eq("relapse").sum(), "patients with relapsed disease", ("relapse",)),
        R(
            "A-relapse-after-HSCT",
            len(after_hsct),
            f"HSCT, then relapse, before CAR-T: {labels(data, after_hsct)}",
            ("HSCT", "relapse"),
        ),
        R("A-CR", len(cr1), f"CR after the first CAR-T: {labels(data, cr1)}", ("CR",)),
        R("A-CCR", len([p for p in cr1 if p not in relapsed]), "CR without a later relapse", ("CR", "relapse")),
        R("A-CAR-death", len(deaths), f"deaths; {len(alive)} patients stated alive", ("death",)),
        R("A-CRS-CRES-death", len(deaths), f"deaths; {len(alive)} patients stated alive", ("death",)),
        R("A-alive", len(alive), "patients stated alive", ("death",)),
        R("A-HSCT-bridge", len(bridged), f"HSCT after the first CR: {labels(data, bridged)}", ("HSCT",)),
        R("A-relapse", len(relapsed), f"relapse after the first CAR-T: {labels(data, relapsed)}", ("relapse",)),
        R("A-second-CAR", len(second), f"second courses: {labels(data, second)}", ("CAR-T infusion",)),
        R("A-CR2", len(cr2), f"CR on the second course: {labels(data, cr2)}", ("CR",)),
        R(
            "A-CR2-discussion",
            100 * len(cr2) / len(second),
            f"{len(cr2)}/{len(second)} second courses with CR",
            ("CR",),
            second,
        ),
        R(
            "A-HSCT-after-second",
            len(with_event(data, second, "HSCT", course_number=2)),
            f"HSCT on the second course; {sum(absent(data, p, 'HSCT', 2) for p in second)} stated without",
            ("HSCT",),
            second,
        ),
        R("A-CRS", len(with_event(data, ids, "CRS onset", course_number=1)), "patients with CRS", ("CRS onset",)),
        R(
            "A-IT-glucocorticoids",
            len(steroid_it),
            f"intrathecal glucocorticoids: {labels(data, steroid_it)}",
            ("glucocorticoids",),
        ),
    ]


def _efs_attainable(data) -> list[audit.Recomputed]:
    """The EFS estimates as the Kaplan–Meier values every configuration of eight patients that reproduces
    them gives: attainable, with how many configurations each reading of the event definition allows."""
    n = len(patient_ids(data))
    configurations = km.enumerate_configurations(n, km_estimates(data))
    readings = "; ".join(f"{len(found)} under the reading '{name}'" for name, found in km_consistent(data).items())
    variant, found = list(km_consistent(data, censored_at_hsct=True).items())[-1]
    bridged = ", ".join(km_facts(data)["bridged to HSCT"])
    readings += f"; {len(found)} under '{variant}' with {bridged} censored at the HSCT"
    out = []
    for e in km_estimates(data):
        values = {c.survival()[list(c.cuts).index(e.time)] for c in configurations}
        if len(values) == 1:
            s = values.pop()
            out.append(
                audit.Recomputed(
                    e.label,
                    100 * float(s),
                    f"{s.numerator}/{s.denominator}: the Kaplan–Meier value of each of the "
                    f"{len(configurations)} configurations of {n} patients that reproduce the published estimates "
                    f"({readings}); otherwise each censoring is taken as the end of that patient's follow-up",
                    evidence=audit.CONFIGURATIONS,
                )
            )
    return out


def recomputed(data) -> list[audit.Recomputed]:
    """A recomputation (or the reason there is none) for every statistic report A publishes."""
    n = len(patient_ids(data))
    out = _per_patient(data) + _efs_attainable(data)
    done = {r.stat_id for r in out}
    reasons = {
        "mean": "no per-patient values in the text",
        "time": "a time stated for a group; no per-patient times in the text",
        "count": "the text does not say which patients",
    }
    for row in statistics(data).itertuples():
        if row.stat_id in done:
            continue
        if row.measure == "proportion":
            out.append(
                audit.from_fraction(
                    statistic(data, row.stat_id), "the published numerator and denominator (no patient is named)"
                )
            )
            continue
        reason = reasons.get(row.measure, "not recomputable from the text")
        if row.measure == "mean" and pd.notna(row.range_low):
            lo, hi = mean_bounds(row.range_low, row.range_high, n)
            reason += f"; a mean of {n} values spanning {row.range_low:g}–{row.range_high:g} lies in {lo:.2f}–{hi:.2f}"
        out.append(audit.Recomputed(row.stat_id, None, reason=reason))
    return out


def audit_table(data) -> Table:
    """Report A's published statistics against the curated data, with a count of each status."""
    comparison = audit.compare(data, recomputed(data), statistics(data)["stat_id"].tolist())
    tally = ", ".join(f"{n} {s}" for s, n in audit.counts(comparison).items() if n)
    return tables.statistics(
        data,
        comparison,
        "Report A: published statistics against the curated data",
        "a-audit",
        [f"{len(comparison)} statistics: {tally}."],
        folded=True,
    )


def km_consistent(data, censored_at_hsct: bool = False) -> dict[str, list[km.Configuration]]:
    """The configurations each reading of the event definition leaves (see :func:`km_readings`)."""
    estimates, n = km_estimates(data), len(patient_ids(data))
    return {
        name: km.enumerate_configurations(n, estimates, rules)
        for name, rules in km_readings(data, censored_at_hsct).items()
    }


def km_findings(data) -> list[str]:
    """What the reconstruction shows, in sentences computed from the configurations."""
    estimates, n = km_estimates(data), len(patient_ids(data))
    every = km.enumerate_configurations(n, estimates)
    facts = km_facts(data)
    low, high, _ = facts["follow-up"]
    cuts = every[0].cuts
    published = "; ".join(f"{e.percent:g}% at {e.time:g} months" for e in estimates)
    risks = sorted({tuple((s.interval, s.at_risk) for s in c.steps()) for c in every})
    by_cut = [sum(1 for s in c.steps() if s.interval <= k) for c in every[:1] for k in range(len(cuts))]
    if len({c.segments[0] for c in every}) != 1 or len(risks) != 1:
        raise ValueError("the configurations differ before the first published time; describe them one by one")
    early = every[0].items(low, high)
    first_event = next(i for i in early if i.kind == "event")
    censored_early = sum(1 for i in early if i.kind == "censoring" and i.interval == 0)
    lines = [
        f"{len(every)} configurations of {n} patients reproduce the published estimates ({published}).",
        f"All of them have the same events up to {cuts[-1]:g} months, with "
        + ", ".join(str(r) for _, r in risks[0])
        + " patients at risk: "
        + ", ".join(f"{b} by {t:g} months" for b, t in zip(by_cut, cuts))
        + f". The estimates therefore allow exactly {by_cut[-1]} events by {cuts[-1]:g} months.",
        f"All of them censor {censored_early} patients before {cuts[0]:g} months (in the order "
        f"{' '.join(every[0].segments[0])}); as no patient is followed for less than {low:g} months, the first "
        f"event falls between {first_event.low:g} and {first_event.high:g} months.",
    ]
    for name, found in km_consistent(data).items():
        events = {c.events for c in found}
        late = sorted({c.tail_events for c in found})
        after = sorted(
            {
                float(c.survival()[-1]) * (c.tail_censored + c.tail_events - 1) / (c.tail_censored + c.tail_events)
                for c in found
                if c.tail_events
            },
            reverse=True,
        )
        text = f"Reading '{name}': {', '.join(map(str, sorted(events)))} events in all; {len(found)} configurations"
        if late and late != [0]:
            text += (
                f", each with {', '.join(map(str, late))} event(s) after {cuts[-1]:g} months: the curve would fall "
                f"below {100 * float(every[0].survival()[-1]):.2f}% after {cuts[-1]:g} months (to "
                f"{100 * after[0]:.2f}% or lower), which the text does not report"
            )
        else:
            text += f", none with an event after {cuts[-1]:g} months"
        lines.append(text + ".")
    return lines


def figure_2_ids(data) -> list[str]:
    """Every measurement of report A, in curated order."""
    rows = data["measurements"]
    return rows[rows["patient_id"].isin(patient_ids(data))]["measurement_id"].tolist()


def figure_2_given(data) -> str:
    """What the text gives from Figure 2, counted from the curated measurements with a day: 'three values
    from it and a bound for a fourth'. A peak without a day (S003's IL-6, cited to Table 2) is not counted."""
    rows = data["measurements"].set_index("measurement_id").loc[figure_2_ids(data)]
    dated = rows[rows["text_day"].notna()]
    values = int(dated["value_qualifier"].eq("exact").sum())
    bounds = int(dated["value_qualifier"].isin(["lower_bound", "upper_bound"]).sum())
    text = f"{CARDINALS[values]} value{'s' if values != 1 else ''} from it"
    if bounds == 1:
        text += f" and a bound for a {ORDINALS[values + 1]}"
    elif bounds:
        text += f" and bounds for {CARDINALS[bounds]} more"
    return text


def curve_label_note(data) -> str:
    """What the curve labels of the reconstructed Figure 1B mean: one letter per reading of the event
    definition (one panel each), one number per configuration that reading allows."""
    groups = km_consistent(data)
    labels = survival.curve_labels(groups)
    parts = []
    for panel, (name, found) in enumerate(groups.items()):
        names = [labels[c] for c in found]
        span = names[0] if len(names) == 1 else f"{names[0]}–{names[-1]}"
        ordinal = ORDINALS[panel + 1] if panel + 1 < len(ORDINALS) else str(panel + 1)
        parts.append(
            f"{span} are the {len(found)} configuration{'s' if len(found) != 1 else ''} allowed by the reading "
            f"'{name}' ({ordinal} panel)"
        )
    return (
        "The curves are labelled by reading and configuration: " + "; ".join(parts) + ". The same labels "
        "mark the configurations in the column 'curve in Figure 1B' of the table of configurations above."
    )
