"""The cohort numbers of report A's Tables 1 and 2 checked against the per-patient cells, each with the
book-wide audit status of the published statistics it is (:mod:`emcart.reports.report_a_audit`)."""

from __future__ import annotations

import dataclasses

from emcart.analysis.stats import mean_bounds
from emcart.audit import comparison as audit
from emcart.audit.cohort_recounts import counted
from emcart.model.patient_rows import absent, events_of, with_event
from emcart.presentation.cohort import Check, course_dose
from emcart.reports.report_a import (
    bridged,
    count,
    label,
    labels,
    patient_ids,
    relapsed,
    second_courses,
    statistic,
)
from emcart.reports.report_a_audit import audit_statuses

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


def _same(found: list[str], expected: int) -> str:
    return "consistent" if len(found) == expected else "inconsistent"


def _sum_check(data, fact: str, words: str) -> Check:
    """A fact published as counts of groups that must add up to the patients enrolled."""
    groups = [statistic(data, s) for s in FACT_STATISTICS[fact]]
    n, total = len(patient_ids(data)), sum(int(g["value"]) for g in groups)
    return Check(
        fact,
        ", ".join(f"{g['statistic'].split(': ')[-1].replace('treated at ', '')} {int(g['value'])}" for g in groups),
        words,
        "consistent" if total == n else "inconsistent",
        f"{' + '.join(str(int(g['value'])) for g in groups)} = {total} of the {n} patients enrolled",
    )


def _characteristics(data) -> list[Check]:
    """Table 1's sex, age and first dose, which the text gives only for the cohort."""
    ids = patient_ids(data)
    n, defs = len(ids), data["definitions"].set_index("definition_id")
    age, dose = statistic(data, "A-age"), statistic(data, "A-dose")
    protocol = data["treatments"].set_index("treatment_id").loc["A-protocol-CAR1-d0"]
    known = data["patients"].set_index("patient_id").loc[ids]
    lo, hi = mean_bounds(age["range_low"], age["range_high"], n)
    dlo, dhi = mean_bounds(dose["range_low"], dose["range_high"], n)
    within = protocol["dose"] <= dose["range_low"] and dose["range_high"] <= protocol["dose_max"]
    doses = sum(course_dose(data, p) is not None for p in ids)
    return [
        Check(
            "Sex",
            f"legend: M, {defs.at['A-T1-M', 'definition']}; F, {defs.at['A-T1-F', 'definition']}",
            f"{known['sex'].notna().sum()} patients with a sex",
            "cannot be checked",
        ),
        Check(
            "Age",
            audit.published_text(age),
            f"{known['age_years'].notna().sum()} patients with an age",
            "see table" if known["age_years"].notna().any() else "cannot be checked",
            f"a mean of {n} ages spanning the range lies in {lo:.2f}–{hi:.2f}, so {age['value']:g} is possible",
        ),
        Check(
            "CAR-T dose (first infusion)",
            audit.published_text(dose),
            f"{doses} patients with a dose",
            "cannot be checked",
            f"a mean of {n} doses spanning the range lies in {dlo:.2f}–{dhi:.2f}; the range "
            f"{'lies' if within else 'does not lie'} within the protocol's "
            f"{protocol['dose']:g}–{protocol['dose_max']:g} × 10⁶/kg",
        ),
    ]


def _history(data) -> list[Check]:
    """Table 1's relapses before CAR-T and the fresh product."""
    ids = patient_ids(data)
    multi, after_hsct = statistic(data, "A-multi-relapse"), counted(data, "A-relapse-after-HSCT")
    ratio = 100 * multi["numerator"] / multi["denominator"]
    status = data["patients"].set_index("patient_id").loc[ids, "disease_status"]
    return [
        Check(
            "Relapsed before enrolment",
            f"all ({count(data, 'A-relapsed')})",
            f"{status.eq('relapse').sum()} patients with relapsed disease",
            "consistent" if status.eq("relapse").sum() == count(data, "A-relapsed") else "inconsistent",
        ),
        Check(
            "Relapsed more than once",
            f"{multi['numerator']} of {multi['denominator']} ({multi['value']:g}%)",
            f"named: {labels(data, after_hsct)}",
            "cannot be checked",
            f"{multi['numerator']}/{multi['denominator']} = {ratio:g}%, not {multi['value']:g}%: "
            + audit.nearest_fractions(multi["value"], int(multi["denominator"])),
        ),
        Check(
            "Relapsed after HSCT",
            f"only S003 ({count(data, 'A-relapse-after-HSCT')} patient)",
            f"HSCT then relapse before CAR-T: {labels(data, after_hsct)}",
            _same(after_hsct, count(data, "A-relapse-after-HSCT")),
        ),
        Check(
            "Fresh CAR-T product",
            f"all ({count(data, 'A-fresh-product')})",
            "not recorded per patient",
            "cannot be checked",
        ),
    ]


def table_1_checks(data) -> list[Check]:
    """Table 1's cohort numbers, each checked against the per-patient cells and given its audit status."""
    first, last = _characteristics(data), _history(data)
    sums = [
        _sum_check(data, "Extramedullary site", "no patient's site"),
        _sum_check(data, "Centre", "no patient's centre"),
    ]
    return _audited(data, first[:2] + sums + last[:3] + first[2:] + last[3:])


def _response(data) -> list[Check]:
    """Table 2's remission, CRS and CRES counts."""
    ids, cres_stat = patient_ids(data), statistic(data, "A-CRES")
    cr1 = with_event(data, ids, "CR", course_number=1)
    continuous = [p for p in cr1 if p not in relapsed(data)]
    crs = with_event(data, ids, "CRS onset", course_number=1)
    no_crs = [p for p in ids if absent(data, p, "CRS onset", 1)]
    graded = data["events"][data["events"]["patient_id"].isin(ids) & data["events"]["grade"].notna()]
    cres, k = with_event(data, ids, "CRES onset", course_number=1), int(cres_stat["numerator"])
    crs_ok = len(crs) + len(no_crs) == len(ids) and len(crs) == count(data, "A-CRS")
    return [
        Check(
            "Complete remission after the first CAR-T",
            f"all {count(data, 'A-CR')}",
            f"CR: {labels(data, cr1)}",
            _same(cr1, count(data, "A-CR")),
        ),
        Check(
            "Continuous CR",
            f"{count(data, 'A-CCR')} patients",
            f"CR without a later relapse: {labels(data, continuous)}",
            _same(continuous, count(data, "A-CCR")),
            "S001, bridged to HSCT, counts as continuous CR",
        ),
        Check(
            "CRS",
            "all patients except S006",
            f"CRS: {labels(data, crs)}; stated without CRS: {labels(data, no_crs)}",
            "consistent" if crs_ok else "inconsistent",
        ),
        Check(
            "CRS grade 3–4",
            f"{count(data, 'A-CRS-grade-3-4')} of {len(ids)}",
            f"{len(graded)} patients with a grade",
            "cannot be checked",
            "the text does not say which patients",
        ),
        Check(
            "CRES",
            f"{k} patients ({cres_stat['value']:g}%)",
            f"{len(cres)} patients with CRES",
            "cannot be checked",
            f"the {k} cannot be assigned to patients; {k}/{len(ids)} = {100 * k / len(ids):g}%",
        ),
        Check("CRES grade 3–4", "none", f"{len(graded)} patients with a grade", "cannot be checked"),
    ]


def _treatment(data) -> list[Check]:
    """Table 2's treatment of CRS and CRES, and the highest IL-6."""
    ids = patient_ids(data)
    toci, steroid = with_event(data, ids, "tocilizumab"), events_of(data, "A-S004", "glucocorticoids")
    il6 = data["measurements"][
        data["measurements"]["patient_id"].isin(ids) & data["measurements"]["analyte"].eq("IL-6")
    ]
    peak = il6[il6["value_qualifier"] == "peak"]
    highest = f"{peak['value'].max():.10g} pg/mL in {label(data, peak['patient_id'].iloc[0])}" if len(peak) else "none"
    return [
        Check(
            "Tocilizumab",
            f"{count(data, 'A-tocilizumab')} patients, {count(data, 'A-tocilizumab-glucocorticoids')} of them also glucocorticoids",
            f"{len(toci)} patients named",
            "cannot be checked",
            "the text does not say which patients",
        ),
        Check(
            "Intrathecal glucocorticoids 'alone'",
            "only S004",
            f"glucocorticoids: {labels(data, ['A-S004'] if len(steroid) else [])}",
            "consistent" if len(steroid) == count(data, "A-IT-glucocorticoids") else "inconsistent",
            "'alone' may mean without tocilizumab, so that 5 patients had some treatment of CRS or CRES, "
            "or that no other patient had intrathecal glucocorticoids",
        ),
        Check(
            "Highest IL-6",
            highest,
            "IL-6 values: " + ", ".join(f"{label(data, r.patient_id)} {r.value:.10g}" for r in il6.itertuples()),
            "consistent" if len(peak) and il6["value"].max() == peak["value"].max() else "inconsistent",
        ),
    ]


def _outcome(data) -> list[Check]:
    """Table 2's relapses, second courses, HSCT and survival."""
    ids, back, bridges, second = patient_ids(data), relapsed(data), bridged(data), second_courses(data)
    cr2 = with_event(data, ids, "CR", course_number=2)
    no_hsct2 = [p for p in second if absent(data, p, "HSCT", 2)]
    living = counted(data, "A-alive")
    second_ok = second == back and len(second) == count(data, "A-second-CAR")
    return [
        Check(
            "Relapse after the first CAR-T",
            f"{count(data, 'A-relapse')} patients: S002, S004, S006",
            f"relapse: {labels(data, back)}",
            _same(back, count(data, "A-relapse")),
        ),
        Check(
            "Second CAR-T",
            f"{count(data, 'A-second-CAR')} patients",
            f"second course: {labels(data, second)}",
            "consistent" if second_ok else "inconsistent",
        ),
        Check(
            "CR2",
            f"all {count(data, 'A-CR2')}",
            f"CR on the second course: {labels(data, cr2)}",
            _same(cr2, count(data, "A-CR2")),
        ),
        Check(
            "HSCT after the second CAR-T",
            "none",
            f"stated without HSCT: {labels(data, no_hsct2)}",
            "consistent" if no_hsct2 == second else "inconsistent",
        ),
        Check(
            "Bridged to HSCT after the first CR",
            f"{count(data, 'A-HSCT-bridge')} patient (S001)",
            f"HSCT: {labels(data, bridges)}",
            _same(bridges, count(data, "A-HSCT-bridge")),
        ),
        Check("Alive", "all patients", f"stated alive: {labels(data, living)}", _same(living, count(data, "A-alive"))),
    ]


def table_2_checks(data) -> list[Check]:
    """Table 2's cohort numbers, each checked against the per-patient cells and given its audit status."""
    return _audited(data, _response(data) + _treatment(data) + _outcome(data))
