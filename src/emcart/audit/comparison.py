"""Published statistics against the values recomputed from the curated data: one vocabulary.

A chapter supplies, for each published statistic (a row of ``reported_statistics``) it can check, a
:class:`Recomputed` value with the kind of evidence behind it; :func:`compare` gives every row a status
that says what was checked (:data:`STATUS_MEANINGS`), and, beside it, whether the agreement is exact or
only after rounding. Curated judgments (``audit_reasons``: reasons, remarks, contradictions in the
report's own text) are attached by statistic id; a reason that no longer explains anything is an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from emcart.analysis.stats import agrees
from emcart.audit import readings as finding_readings
from emcart.audit.evidence import circular_rows, restated_counts
from emcart.audit.statistic_words import nearest_fractions, plain_number, published_text, recomputed_text
from emcart.datapackage.selection_rules import listed
from emcart.model.fact_reads import Reads
from emcart.model.vocabulary import row_words

REPRODUCED, CONSISTENT, ATTAINABLE = "reproduced", "consistent", "attainable"
UNDER_ITS_READING = "reproduced under the report's reading"
MISMATCH, CONTRADICTED, NOT_CHECKABLE = "mismatch", "contradicted", "not checkable"
STATUSES = (REPRODUCED, UNDER_ITS_READING, CONSISTENT, ATTAINABLE, MISMATCH, CONTRADICTED, NOT_CHECKABLE)
STATUS_MEANINGS = {
    REPRODUCED: "recomputed from what the text says of each patient, independently of the published number",
    UNDER_ITS_READING: "recomputed from what the text says of each patient, but only when the report's words are "
    "read as the report reads them, a reading a finding disputes (the finding in brackets says why)",
    CONSISTENT: "agrees with the report's own other numbers (a count against its percentage, parts against "
    "their total) or with what another of its sentences says of a whole group, which checks the report against "
    "itself, not its patients",
    ATTAINABLE: "some arrangement of what the text leaves unknown gives the published number; the basis says "
    "how many arrangements and under which reading",
    MISMATCH: "the recomputed value differs from the published one",
    CONTRADICTED: "the report's own text says otherwise",
    NOT_CHECKABLE: "the text cannot give this number; the reason says why",
}
# The kinds of evidence a recomputation rests on, and the status each gives when the values agree.
PER_PATIENT, OWN_NUMBERS, CONFIGURATIONS = "per-patient facts", "the report's own numbers", "configurations"
EVIDENCE_STATUS = {PER_PATIENT: REPRODUCED, OWN_NUMBERS: CONSISTENT, CONFIGURATIONS: ATTAINABLE}
EXACT, AFTER_ROUNDING, BOUND = "exact", "after rounding", "within the bound"
COLUMNS = ["statistic", "what", "published", "recomputed", "status", "agreement", "counted", "basis or reason"]


class AuditError(ValueError):
    """A recomputation for an unknown statistic, or a curated reason that explains nothing."""


@dataclass(frozen=True)
class Recomputed:
    """A value recomputed for one published statistic (``value`` None: not checkable, ``reason`` says why).

    ``evidence`` is one of :data:`EVIDENCE_STATUS`; ``patients`` are the patients whose curated rows the
    recomputation read, ``cases`` those counted, ``event_types`` (when known) the kinds of event read and
    ``reads`` (when known) the cells it reads of them (else every cell of their rows). For the status to be
    'reproduced', none of the cells read (of the cases, or of all the patients when no case is counted) may be
    transcribed from the statistic's own sentence.
    """

    stat_id: str
    value: float | None
    basis: str = ""
    reason: str = ""
    numerator: int | None = None
    denominator: int | None = None
    evidence: str = PER_PATIENT
    patients: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    readings: tuple[finding_readings.ReadingCount, ...] = ()
    reads: Reads | None = None

    @classmethod
    def of(
        cls, stat_id: str, count, unit: str, patients: Iterable[str], found: tuple = (), reads: Reads | None = None
    ) -> Recomputed:
        """From an :class:`emcart.model.outcomes.Count` of ``patients``, as a percentage or a count, with its
        recounts under the readings findings argue for (``found``) and the cells the count reads (``reads``)."""
        value = count.percent if unit == "percent" else float(count.k)
        return cls(
            stat_id,
            value,
            "",
            numerator=count.k,
            denominator=count.n,
            patients=tuple(patients),
            cases=count.cases,
            event_types=reads.kinds if reads else (),
            readings=found,
            reads=reads,
        )


def agreement(published: float, qualifier: str, recomputed: float) -> str:
    """'exact', 'after rounding', 'within the bound', or '' when the recomputed value disagrees.

    Rounding follows :func:`emcart.analysis.stats.agrees` (halves rounded up, as reports print them)."""
    if qualifier == "lower_bound":
        return BOUND if recomputed >= published else ""
    if qualifier == "upper_bound":
        return BOUND if recomputed <= published else ""
    if abs(recomputed - published) < 1e-9:
        return EXACT
    return AFTER_ROUNDING if agrees(published, recomputed) else ""


def row_agreement(row, r: Recomputed) -> str:
    """The agreement of a published row with its recomputation: its printed k and n, then its value."""
    for printed, counted in ((row["numerator"], r.numerator), (row["denominator"], r.denominator)):
        if pd.notna(printed) and counted is not None and int(printed) != counted:
            return ""
    return agreement(float(row["value"]), row["value_qualifier"], float(r.value))


def status(row, r: Recomputed, contradicted: bool = False, circular: bool = False, disputed: bool = False) -> str:
    """The status of a published row (see :data:`STATUS_MEANINGS`); a per-patient recount that agrees with a
    count a finding disputes (``disputed``) is reproduced under the report's reading only."""
    if contradicted:
        return CONTRADICTED
    if r.value is None or pd.isna(r.value):
        return NOT_CHECKABLE
    if not row_agreement(row, r):
        return MISMATCH
    if circular:
        return NOT_CHECKABLE
    return UNDER_ITS_READING if disputed and r.evidence == PER_PATIENT else EVIDENCE_STATUS[r.evidence]


def from_fraction(row, basis: str = "the published numerator and denominator") -> Recomputed:
    """A proportion recomputed from its own published numerator and denominator (100 k / n): consistent at best."""
    k, n = int(row["numerator"]), int(row["denominator"])
    value = 100 * k / n
    reason = ""
    if not agrees(float(row["value"]), value):
        reason = f"{k}/{n} = {plain_number(value)}%; " + nearest_fractions(float(row["value"]), n)
    return Recomputed(row["stat_id"], value, f"{k}/{n} from {basis}", reason, evidence=OWN_NUMBERS)


def _judgments(dataset) -> pd.DataFrame:
    return (
        dataset["audit_reasons"]
        if "audit_reasons" in dataset.tables
        else pd.DataFrame(columns=["stat_id", "kind", "text"])
    )


def disputed_by(dataset) -> dict[str, list[str]]:
    """Each count a finding says does not hold as printed (``findings.disputed_counts``): the findings' ids."""
    if "findings" not in dataset.tables:
        return {}
    found: dict[str, list[str]] = {}
    for finding, cell in zip(dataset["findings"]["finding_id"], dataset["findings"]["disputed_counts"]):
        for count in listed(cell):
            found.setdefault(count, []).append(finding)
    return found


def compare(dataset, recomputed: Iterable[Recomputed], stat_ids: list[str] | None = None) -> pd.DataFrame:
    """One audit row per published statistic: published, recomputed, status, agreement, who was counted and why.

    A statistic without a recomputation is 'not checkable'.

    Parameters
    ----------
    dataset : Dataset
    recomputed : iterable of Recomputed
        The recomputed values, at most one per statistic.
    stat_ids : list of str, optional
        The statistics, in order (default: every row of ``reported_statistics``).

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`: ``statistic`` (id), ``what`` (statistic and group), ``published`` and ``recomputed`` (in
        words), ``status`` (:data:`STATUS_MEANINGS`), ``agreement`` ('exact', 'after rounding', 'within the bound'),
        ``counted`` (case labels) and ``basis or reason`` (with the curated remarks of ``audit_reasons``).

    Raises
    ------
    AuditError
        For a recomputation of an unknown statistic, a status other than reproduced, consistent or attainable
        without a reason, or a curated 'reason' for a statistic that agrees (a stale reason).
    """
    stats = dataset["reported_statistics"].set_index("stat_id", drop=False)
    given = {r.stat_id: r for r in recomputed}
    unknown = set(given) - set(stats.index)
    if unknown:
        raise AuditError(f"recomputed values for unknown statistics: {sorted(unknown)}")
    judgments = _judgments(dataset)
    labels = dataset["patients"].set_index("patient_id")["label"]
    disputed = disputed_by(dataset)
    rows, problems = [], []
    for sid in stat_ids or list(stats.index):
        row = stats.loc[sid]
        r = given.get(sid, Recomputed(sid, None, reason="no recomputation given"))
        said = judgments[judgments["stat_id"] == sid]
        circular, restated = _dependence(dataset, r)
        if restated and not circular:
            r = replace(r, evidence=OWN_NUMBERS)
        contradicted = said["kind"].eq(CONTRADICTED).any()
        state = status(row, r, contradicted, bool(circular), sid in disputed)
        notes = [r.basis, r.reason, *finding_readings.notes(r.readings, labels)] + said["text"].tolist()
        if restated and not circular:
            notes.append(_restated_words(stats, restated))
        if state == UNDER_ITS_READING:
            notes.append(
                f"the count holds only under the report's reading, which {' and '.join(disputed[sid])} disputes"
            )
        if circular:
            notes.append(
                f"not independent: {len(circular)} curated row(s) of these patients are transcribed from "
                f"the sentence that states this number ({'; '.join(row_words(dataset, *c.split('/', 1)) for c in circular[:3])})"
            )
        problems += _unexplained(sid, state, bool(r.reason or circular or len(said)), said["kind"].eq("reason").any())
        rows.append(
            {
                "statistic": sid,
                "what": f"{row['statistic']} ({row['group']})",
                "published": published_text(row),
                "recomputed": recomputed_text(row, r) + finding_readings.beside(r.readings),
                "status": state,
                "agreement": row_agreement(row, r) if state != NOT_CHECKABLE and r.value is not None else "",
                "counted": ", ".join(str(labels.get(c, c)) for c in r.cases),
                "basis or reason": "; ".join(x for x in notes if x),
            }
        )
    if problems:
        raise AuditError("; ".join(problems))
    return pd.DataFrame(rows, columns=COLUMNS)


def _dependence(dataset, r: Recomputed) -> tuple[list[str], list[str]]:
    """What a per-patient recount reads that the report states as a number: the rows transcribed from the
    statistic's own sentence (:func:`circular_rows`), and the other statistics whose group sentences all the
    events and absences read restate (:func:`restated_counts`)."""
    if r.evidence != PER_PATIENT or r.value is None:
        return [], []
    patients = r.cases or r.patients
    return (
        circular_rows(dataset, r.stat_id, patients, r.event_types, r.reads),
        restated_counts(dataset, r.stat_id, patients, r.event_types, r.reads),
    )


def _restated_words(stats: pd.DataFrame, restated: list[str]) -> str:
    """Why a recount that rests on another published sentence about a whole group is only consistent."""
    named = "; ".join(dict.fromkeys(f"'{stats.at[sid, 'statistic']}'" for sid in restated))
    return (
        "checks the report against its own words: every event and absence read is transcribed from a sentence "
        f"that states a published count of the whole group without naming the patient (the sentences of {named})"
    )


def _unexplained(sid: str, state: str, explained: bool, curated_reason: bool) -> list[str]:
    """What is wrong with a statistic's status: a disagreement without a reason, or a reason for an agreement."""
    problems = []
    if state in (MISMATCH, NOT_CHECKABLE, CONTRADICTED) and not explained:
        problems.append(f"{sid}: {state} without a reason")
    if state in (*EVIDENCE_STATUS.values(), UNDER_ITS_READING) and curated_reason:
        problems.append(f"{sid}: {state}, but a curated reason is given (stale?)")
    return problems


def counts(comparison: pd.DataFrame) -> dict[str, int]:
    """How many statistics have each status."""
    return {s: int((comparison["status"] == s).sum()) for s in STATUSES}


def _report(comparison: pd.DataFrame) -> pd.Series:
    return comparison["statistic"].str.split("-").str[0].rename("report")


def facets(comparison: pd.DataFrame) -> pd.DataFrame:
    """Per statistic, what a reader filters the full comparison by: its report and its status.

    Parameters
    ----------
    comparison : pandas.DataFrame
        Audit rows (:func:`compare`).

    Returns
    -------
    pandas.DataFrame
        ``report`` (the statistic id's prefix) and ``status``, aligned with ``comparison``'s rows.
    """
    return pd.DataFrame({"report": _report(comparison), "status": comparison["status"]})


def by_report(comparison: pd.DataFrame) -> pd.DataFrame:
    """Counts of each status per report, with totals.

    Parameters
    ----------
    comparison : pandas.DataFrame
        Audit rows (:func:`compare`).

    Returns
    -------
    pandas.DataFrame
        One row per report and a last row 'all': ``report``, a column per status of :data:`STATUSES`, and
        ``statistics`` (the row's total).
    """
    table = pd.crosstab(_report(comparison), comparison["status"]).reindex(columns=list(STATUSES), fill_value=0)
    table.loc["all"] = table.sum()
    table["statistics"] = table.sum(axis=1)
    table.columns.name = None
    return table.rename_axis("report").reset_index()


def meanings() -> pd.DataFrame:
    """Each status with its meaning in one sentence.

    Parameters
    ----------
    None

    Returns
    -------
    pandas.DataFrame
        ``status`` and ``meaning`` (:data:`STATUS_MEANINGS`), in the order of :data:`STATUSES`.
    """
    return pd.DataFrame(list(STATUS_MEANINGS.items()), columns=["status", "meaning"])


def judgment(dataset, stat_id: str, kinds: tuple[str, ...] = ("reason", CONTRADICTED)) -> str:
    """The curated judgments of a statistic (``audit_reasons``) of the given kinds, joined by '; '.

    Parameters
    ----------
    dataset : Dataset
    stat_id : str
    kinds : tuple of str, default ('reason', 'contradicted')
        The kinds of judgment kept.

    Returns
    -------
    str
        The judgments' texts; '' when there are none.
    """
    said = _judgments(dataset)
    return "; ".join(said.loc[(said["stat_id"] == stat_id) & said["kind"].isin(kinds), "text"])
