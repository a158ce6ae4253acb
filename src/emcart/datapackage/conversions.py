"""How a transcribed number is read from its snippet: as printed, or by one declared conversion.

A provenance row's ``conversion`` names the rule and ``printed`` the token as the source prints it;
:func:`derive` recomputes the stored value from the printed token by that rule, so the check is
mechanical. Rules (``name`` or ``name:parameter``):

- *(empty)*: the signed value, or its word form, stands in the snippet as a whole token;
- ``ocr-decimal``: the printed digits are the value's digits with the decimal point lost (792 → 7.92);
- ``ocr-minus``: the printed token is the value with its minus sign misread or split (—4, - 2 → −4);
- ``superscript``: the value followed by a power of ten whose exponent lost its superscript (1.2107 → 1.2);
- ``words``: a number word, ordinal, Roman numeral or none-word (fourth → 4, grade I → 1, no → 0);
- ``unit:<factor>``: the printed number times ``factor`` (1-year → 12 months with ``unit:12``);
- ``months-to-days``: a printed count of calendar months, stored as a day count it can span (2 → 59..62);
- ``percent-of:<n>``: a printed percentage of ``n`` stored as a count, or a printed count of ``n`` as a percentage;
- ``cohort``: the study's number of patients (the denominator "all patients" refers to);
- ``inferred``: not printed; a curator's bound or reading explained in the note (listed as an exception).
"""

from __future__ import annotations

import calendar
import re

RULES = (
    "ocr-decimal",
    "ocr-minus",
    "superscript",
    "words",
    "unit",
    "months-to-days",
    "percent-of",
    "cohort",
    "inferred",
)
# Numbers in words, indexed by their value (as the reports write them, and as the book does).
CARDINALS = "zero one two three four five six seven eight nine ten eleven twelve".split()
ORDINALS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth".split()
ROMAN = ["", "I", "II", "III", "IV", "V"]
NONE_WORDS = ("no", "none", "neither", "nobody")
_WORD_VALUES = (
    {w: n for n, w in enumerate(CARDINALS)}
    | {w: n for n, w in enumerate(ORDINALS) if n}
    | {w: 0 for w in NONE_WORDS}
    | {"a": 1, "an": 1, "single": 1, "once": 1, "twice": 2, "third": 3}
)
# Fields whose number is printed inside a fixed phrase: "grade 2", "grade-3", "grade IV".
FIELD_CONTEXT = {"grade": r"grade[\s-]*{}(?![\w.])"}
_SPELLED = set(CARDINALS) | set(ORDINALS[1:])
_NUMBER = re.compile(r"(?<![\w.])(day)?([-−–]?)(\d[\d,]*(?:\.\d+)?)(?![\d])", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")


def word_value(word: str) -> int | None:
    """The number a word states (cardinal, ordinal, Roman numeral, none-word), or None."""
    if word in ROMAN[1:]:
        return ROMAN.index(word)
    return _WORD_VALUES.get(word.lower())


def signed_numbers(snippet: str) -> set[float]:
    """Numbers printed in digits as whole tokens, with their sign (a hyphen after a digit is a range dash)."""
    found = set()
    for match in _NUMBER.finditer(snippet):
        day, sign, digits = match.groups()
        value = float(digits.replace(",", ""))
        start = match.start(2)
        negative = bool(sign) and (bool(day) or start == 0 or not snippet[start - 1].isalnum())
        found.add(-value if negative else value)
    return found


def word_numbers(snippet: str) -> set[float]:
    """Numbers a snippet states as number words or ordinals (none-words, 'a' and Roman numerals need the
    ``words`` conversion: they are too common to count as a statement of the number by themselves)."""
    return {float(word_value(w)) for w in _WORD.findall(snippet) if w.lower() in _SPELLED and w not in ROMAN}


def stated(value: float, snippet: str, field: str = "") -> bool:
    """Whether the signed value stands in the snippet as a whole token, in digits or in words, and (for a
    field with a printed context, such as a grade) inside that context."""
    if field in FIELD_CONTEXT:
        forms = {f"{value:g}"} | ({ROMAN[int(value)]} if 0 < value < len(ROMAN) and value == int(value) else set())
        return any(re.search(FIELD_CONTEXT[field].format(re.escape(form)), snippet, re.IGNORECASE) for form in forms)
    return float(value) in signed_numbers(snippet) | word_numbers(snippet)


def month_span(months: int) -> tuple[int, int]:
    """Fewest and most days that ``months`` consecutive calendar months can span."""
    lengths = [calendar.monthrange(2021 + (m // 12), m % 12 + 1)[1] for m in range(48)]
    sums = [sum(lengths[start : start + months]) for start in range(36)]
    leap = [sum(calendar.monthrange(2024 + (m // 12), m % 12 + 1)[1] for m in range(s, s + months)) for s in range(12)]
    return min(sums + leap), max(sums + leap)


def _printed_number(printed: str) -> float:
    digits = re.findall(r"\d+(?:\.\d+)?", printed)
    if len(digits) != 1:
        raise ValueError(f"printed {printed!r} must hold exactly one number")
    return float(digits[0])


def derive(rule: str, printed: str, value: float, cohort_size: int | None = None) -> str | None:
    """None when ``value`` follows from ``printed`` by ``rule``; otherwise why not."""
    name, _, parameter = rule.partition(":")
    try:
        return _DERIVATIONS[name](printed, float(value), parameter, cohort_size)
    except KeyError:
        return f"unknown conversion {rule!r}; known: {', '.join(RULES)}"
    except ValueError as exc:
        return str(exc)


def _ocr_decimal(printed, value, _, __):
    digits = re.sub(r"\D", "", f"{value:g}")
    return (
        None
        if printed.isdigit() and printed.lstrip("0") == digits.lstrip("0") and value != float(printed)
        else f"{value:g} is not {printed!r} with its decimal point restored"
    )


def _ocr_minus(printed, value, _, __):
    if not re.fullmatch(r"[—–\-−~]\s*\d+", printed):
        return f"{printed!r} is not a misread minus sign followed by digits"
    return None if value == -_printed_number(printed) else f"{value:g} is not −{_printed_number(printed):g}"


def _superscript(printed, value, _, __):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*[x×]?\s*10\S{0,2}", printed)
    if not match:
        return f"{printed!r} is not a number followed by a power of ten that lost its superscript"
    return None if float(match.group(1)) == value else f"{value:g} is not the mantissa {match.group(1)} of {printed!r}"


def _words(printed, value, _, __):
    words = [word_value(w) for w in _WORD.findall(printed)]
    known = [w for w in words if w is not None]
    if len(known) != 1:
        return f"{printed!r} must hold exactly one number word"
    return None if known[0] == value else f"{printed!r} states {known[0]}, not {value:g}"


def _unit(printed, value, parameter, _):
    factor = float(parameter)
    return (
        None
        if abs(_printed_number(printed) * factor - value) < 1e-9 * max(1, abs(value))
        else f"{printed!r} × {parameter} is not {value:g}"
    )


def _months_to_days(printed, value, _, __):
    months = word_value(printed.split()[0]) if not re.search(r"\d", printed) else _printed_number(printed)
    if months is None:
        return f"{printed!r} does not state a number of months"
    low, high = month_span(int(months))
    return None if low <= value <= high else f"{value:g} days is outside the {low}-{high} days {printed!r} can span"


def _percent_of(printed, value, parameter, _):
    total, number = float(parameter), _printed_number(printed)
    candidates = {round(number * total / 100), round(number / total * 100, 1), round(number / total * 100)}
    return None if value in candidates else f"{value:g} is neither {printed!r} of {parameter} nor its percentage"


def _cohort(_, value, __, cohort_size):
    return (
        None
        if cohort_size is not None and value == cohort_size
        else f"{value:g} is not the study's number of patients ({cohort_size})"
    )


def _inferred(_, __, ___, ____):
    return None


_DERIVATIONS = {
    "ocr-decimal": _ocr_decimal,
    "ocr-minus": _ocr_minus,
    "superscript": _superscript,
    "words": _words,
    "unit": _unit,
    "months-to-days": _months_to_days,
    "percent-of": _percent_of,
    "cohort": _cohort,
    "inferred": _inferred,
}
