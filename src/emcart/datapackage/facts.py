"""The words of a curated fact about a patient (``case_recounts``: ``group``, ``fact``): terms joined by
' and ', each a fact's name with its arguments in brackets, 'not ' before a term that must not hold
(``crs_grade(2, 2) and not icans``). :mod:`emcart.model.outcomes` gives each name its meaning."""

from __future__ import annotations

import re

# Each fact's name → the fewest and most arguments it takes.
ARGUMENTS = {
    "responded": (0, 0),
    "mrd_negative": (0, 0),
    "icans": (0, 0),
    "hsct": (0, 0),
    "relapsed": (0, 0),
    "relapsed_after_remission": (0, 0),
    "lost": (0, 0),
    "arm": (1, 1),
    "crs_grade": (1, 2),
    "icans_grade": (1, 1),
    "infection": (0, 2),
    "relapse_status": (2, 2),
    "died": (0, 3),
    "cytogenetics": (1, 1),
}
_TERM = re.compile(r"(not )?([a-z_]+)(?:\(([^()]*)\))?")


def terms(expression: str) -> list[tuple[bool, str, tuple]]:
    """The terms of a fact expression: (negated, name, arguments), an argument of digits as an int.

    Raises ``ValueError`` saying what is wrong: an unknown name, a term that is not a name with bracketed
    arguments, or too few or too many arguments."""
    found = []
    for term in expression.split(" and "):
        match = _TERM.fullmatch(term.strip())
        if not match:
            raise ValueError(f"{term!r} is not a fact name with its arguments in brackets")
        negated, name, given = match.groups()
        if name not in ARGUMENTS:
            raise ValueError(f"unknown fact {name!r}; known: {', '.join(ARGUMENTS)}")
        args = tuple(int(a) if a.strip().isdigit() else a.strip() for a in given.split(",")) if given else ()
        low, high = ARGUMENTS[name]
        if not low <= len(args) <= high:
            raise ValueError(f"{name} takes {low} to {high} arguments, not {len(args)}")
        found.append((bool(negated), name, args))
    return found
