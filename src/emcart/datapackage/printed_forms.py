"""The printed forms of categories, qualifiers and units: a value must be printed in its snippet.

``PRINTED[field][value]`` (or ``PRINTED["table.field"][value]``) is a regular expression (case-insensitive) of the ways the reports print
that value; a cell whose snippet contains none of them is reported. Values without an entry (an
``exact`` qualifier, which no word marks) are not compared.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_EVENTS = {
    "ICANS onset": r"ICANS|neurotoxicity|seizure|encephalopathy",
    "CRS onset": r"\bCRS\b|cytokine release",
    "CRES onset": r"CRES|encephalopathy",
    "GVHD": r"GVHD|graft-versus-host",
    "death": r"\bdied\b|death|dead|mortality",
    "PTLD": r"PTLD|lymphoproliferative",
}
_CNS = {f"CNS{k}": rf"\bCNS\s*-?{k}\b" for k in (1, 2, 3)}
_QUALIFIER = {
    "approx": r"approximately|\babout\b|\baround\b|~|≈",
    "lower_bound": r"\bover\b|more than|greater than|>|≥|at least|exceed|\d˜\d|\bstill\b",
    "upper_bound": r"<|≤|\bup to\b|at most|less than|\bwithin\b|\bunder\b|\bnot\b.{0,20}\bafter\b",
    "target": r"\btarget",
    "range": r"˜|~|–|-|\bto\b|range",
    "peak": r"\bpeak|highest|maximum",
}
PRINTED = {
    "sex": {"F": r"\bF\b|female|woman|girl|\bshe\b|\bher\b", "M": r"\bM\b|\bmale\b|\bman\b|\bboy\b|\bhe\b|\bhis\b"},
    "cns_at_diagnosis": _CNS,
    "cns_at_relapse": _CNS | {"not applicable": r"(^|\s)/(\s|$)|not applicable"},
    "dose_qualifier": _QUALIFIER,
    "value_qualifier": _QUALIFIER,
    "dose_unit": {
        "mg/m²/day": r"mg/\s*m",
        "mg/kg/day": r"mg/kg",
        "µg/m²/day": r"[µup]g/\s*m",
        "mg": r"\bmg\b",
        "mg/day": r"mg\b.{0,20}(daily|/\s*day)",
        "10^6 cells/kg": r"10(6|\^6|\S)\s*/?\s*k|106 per kilogram|[×x]\s*106\b",
        "10^7 cells/kg": r"10(7|\^7)|\b\d+(\.\d+)?107\b",
    },
    "unit": {
        "×10^3 copies/µg DNA": r"10[3³]\s*copies",
        "copies/µg DNA": r"(?<!10[3³] )copies",
        "pg/mL": r"pg/\s*ml",
        "ng/mL": r"ng/\s*ml",
        "mmHg": r"mmHg",
        "cm": r"\bcm\b",
        "°C": r"°C|℃",
        "g/L": r"\bg/L\b",
    },
    "event_type": _EVENTS,
    "attributed_to": {
        "HSCT": r"HSCT|HCST|transplant",
        "immunotherapy": r"CAR[- ]?T|blinatumomab|immunotherapy",
        "primary disease": r"primary disease|progression",
    },
    # An absence of death is printed as survival.
    "absences.event_type": _EVENTS | {"death": r"\bdied\b|death|dead|mortality|alive"},
}


def unprinted(table: str, field: str, value: str, snippet: str) -> str | None:
    """Why ``value`` of ``field`` is not printed in ``snippet`` (None when it is, or is not compared)."""
    pattern = PRINTED.get(f"{table}.{field}", PRINTED.get(field, {})).get(str(value))
    if pattern is None or re.search(pattern, snippet, re.IGNORECASE):
        return None
    return f"{value!r} is not printed in the snippet (its printed forms: {pattern})"


# The therapy a printed day is counted from, named by the words after it ('One year after HSCT').
_CLOCKS = {"HSCT": r"(?:allo-|haplo-)?(?:HSCT|HCST)|transplant", "CAR-T": r"CAR[- ]?T\b"}
_UNIT = r"(?:\s+(?:days?|weeks?|months?|years?))?"


def clocks_named(day: str, snippet: str) -> set[str]:
    """The therapies a snippet counts the printed ``day`` from ('One year after HSCT' → {'HSCT'})."""
    found = set()
    after = rf"(?<![\w.]){re.escape(day)}{_UNIT}\s+(?:later\s+)?(?:after|following)\s+(?:the\s+)?(\S+(?:\s\S+)?)"
    for match in re.finditer(after, snippet, re.IGNORECASE):
        found |= {therapy for therapy, words in _CLOCKS.items() if re.match(words, match.group(1), re.IGNORECASE)}
    return found


_BOUND_SIGN = "<>≤≥"


def unmarked_bound(number: float, snippet: str) -> str | None:
    """Why ``number`` cannot be 'exact': the snippet prints it only as a bound ('IgA<0.07 g/L'); None otherwise."""
    token = f"{float(number):g}"
    starts = [m.start() for m in re.finditer(rf"(?<![\d.]){re.escape(token)}(?!\d)", snippet)]
    if starts and all(snippet[:s].rstrip()[-1:] and snippet[:s].rstrip()[-1] in _BOUND_SIGN for s in starts):
        return f"'exact', but the snippet prints {token} only as a bound (a sign of {_BOUND_SIGN} before it)"
    return None


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})\b"
    r"|\b(\d{4})-(\d{2})(?:-(\d{2}))?\b",
    re.IGNORECASE,
)


def dates_in(snippet: str) -> set[str]:
    """Dates printed in a snippet ('Mar. 6, 2022', 'April 2021', '2022-03-06'), ISO at their precision."""
    found = set()
    for month_name, day, year, iso_year, iso_month, iso_day in _DATE.findall(snippet):
        if month_name:
            month = f"{year}-{_MONTHS.index(month_name[:3].lower()) + 1:02d}"
            found.add(f"{month}-{int(day):02d}" if day else month)
        else:
            found.add(f"{iso_year}-{iso_month}-{iso_day}" if iso_day else f"{iso_year}-{iso_month}")
    return found


def undated(value: str, snippet: str, conversion: str | None = None) -> str | None:
    """Why a stored date is not the date printed in the snippet at its precision (None when it is).

    A declared ``days-after:N`` conversion asks for the printed date plus N days (a day 0 that the text
    dates by an event that precedes it, such as a lymphodepletion followed by the infusion).
    """
    printed = dates_in(snippet)
    if conversion:
        kind, _, days = conversion.partition(":")
        if kind != "days-after" or not days.lstrip("-").isdigit():
            return f"{conversion!r} is not a date conversion (days-after:N)"
        printed = {(date.fromisoformat(d) + timedelta(days=int(days))).isoformat() for d in printed if len(d) == 10}
    if value in printed:
        return None
    return f"{value} is not a date printed in the snippet (printed: {', '.join(sorted(printed)) or 'none'})"


_MENTION = re.compile(r"\b(?:case|patient)s?\s*(\d+)\b|\b(S\d{3})\b", re.IGNORECASE)
_TABLE_ROW = re.compile(r"\bTable \d+, (?:patient|case) (\d+)\b", re.IGNORECASE)


_EXCEPT = re.compile(r"\bexcept\s+(?:patient\s+)?\S+", re.IGNORECASE)


def _mentions(text: str) -> set[str]:
    """Patients a text names ('case 4', 'patient 4', 'S004'), leaving out the one it excepts."""
    return {number or code for number, code in _MENTION.findall(_EXCEPT.sub("", text))}


def other_subject(label: str, locator: str, snippet: str) -> str | None:
    """Why a snippet about the patient labelled ``label`` ('case 4', 'S004') is about another patient (None
    when it names this one, names none, or is the row of a per-patient table that starts with its label)."""
    own = _mentions(label) or {label}
    row = _TABLE_ROW.search(locator)
    if row and (row.group(1) not in own or not snippet.startswith(f"{row.group(1)} ")):
        return f"the locator's table row {row.group(1)} is not the row of {label} that the snippet starts with"
    named = _mentions(snippet) | _mentions(locator)
    if named and not named & own:
        return f"the snippet names {', '.join(sorted(named))}, not {label}"
    return None
