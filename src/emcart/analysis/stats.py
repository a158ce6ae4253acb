"""Recomputed statistics: proportions with exact (Clopper–Pearson), Wilson and Wald intervals."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import norm
from scipy.stats import t as student_t
from statsmodels.stats.proportion import proportion_confint

CI_METHODS = {"Clopper–Pearson": "beta", "Wilson": "wilson", "Wald": "normal"}


@dataclass(frozen=True)
class Proportion:
    """k of n as a percentage with 95% intervals (percent) by several methods."""

    k: int
    n: int

    @property
    def percent(self) -> float:
        return 100 * self.k / self.n

    def ci(self, method: str, level: float = 0.95) -> tuple[float, float]:
        low, high = proportion_confint(self.k, self.n, alpha=1 - level, method=CI_METHODS[method])
        return 100 * float(low), 100 * float(high)


def wald_degeneracy(k: int, n: int, level: float = 0.95) -> str:
    """Why a Wald interval for k of n is not informative: 'zero width' at k = 0 or k = n, 'clipped at 0%' or
    'clipped at 100%' when p ± z·√(p(1 − p)/n) leaves [0, 100]; '' when it is neither."""
    if k in (0, n):
        return "zero width"
    p = k / n
    half = float(norm.ppf(1 - (1 - level) / 2)) * math.sqrt(p * (1 - p) / n)
    return "clipped at 0%" if p - half < 0 else "clipped at 100%" if p + half > 1 else ""


def decimals(value: float) -> int:
    """Decimal places with which a published number is printed (71.4 → 1, 541 → 0)."""
    text = repr(float(value)).rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def agrees(published: float, recomputed: float) -> bool:
    """Does the recomputed value round to the published one at the published precision?

    Halves are rounded up (away from zero), as reports print them: 1/8 = 12.5% prints as 13%, not as the
    12% of Python's round-half-to-even."""
    places = decimals(published)
    return abs(round_half_up(recomputed, places) - published) < 10 ** (-places) / 2


def round_half_up(value: float, places: int) -> float:
    """``value`` rounded to ``places`` decimals with halves away from zero (2.5 → 3, −2.5 → −3)."""
    scaled = round(abs(value) * 10**places, 9)  # absorb binary noise (0.285 * 100 = 28.499999…)
    return math.copysign(math.floor(scaled + 0.5) / 10**places, value)


# Interval forensics: which method, at the published rounding, gives a published interval?

T_ON_BINARY = "Student t on 0/1 data"
ROUNDINGS = ("nearest", "outward")


def t_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """What a routine for the mean of a continuous variable gives for k ones and n − k zeros (percent):
    mean ± t(n − 1) · s/√n with s the sample standard deviation, i.e. p ± t · √(p(1 − p)/(n − 1))."""

    p = k / n
    half = float(student_t.ppf(1 - (1 - level) / 2, n - 1)) * math.sqrt(p * (1 - p) / (n - 1))
    return 100 * (p - half), 100 * (p + half)


def interval(k: int, n: int, method: str, level: float = 0.95) -> tuple[float, float]:
    """A method of :data:`CI_METHODS` (through statsmodels), or :data:`T_ON_BINARY`."""
    if method == T_ON_BINARY:
        return t_interval(k, n, level)
    return Proportion(k, n).ci(method, level)


def _round(value: float, places: int, mode: str) -> float:
    scaled = round(value * 10**places, 9)  # absorb binary noise before flooring or ceiling
    return {"down": math.floor, "up": math.ceil}[mode](scaled) / 10**places


def interval_agrees(low: float, high: float, recomputed: tuple[float, float], rounding: str = "nearest") -> bool:
    """Does a recomputed interval print as the published one? ``nearest``: each limit rounds to the published
    limit at its printed precision; ``outward``: the lower limit rounded down and the upper rounded up."""
    if rounding == "nearest":
        return agrees(low, recomputed[0]) and agrees(high, recomputed[1])
    if rounding == "outward":
        return (
            _round(recomputed[0], decimals(low), "down") == low and _round(recomputed[1], decimals(high), "up") == high
        )
    raise ValueError(f"rounding must be one of {ROUNDINGS}, not {rounding!r}")


def ci_method_matches(
    k: int, n: int, low: float, high: float, methods=tuple(CI_METHODS), rounding: str = "nearest", level: float = 0.95
) -> list[str]:
    """The methods whose interval for k of n reproduces the published limits (percent) at their printed precision."""
    return [m for m in methods if interval_agrees(low, high, interval(k, n, m, level), rounding)]


def counts_for_percent(percent: float, n: int) -> list[int]:
    """Every count k of n whose percentage 100·k/n prints as ``percent`` at its printed precision."""
    return [k for k in range(n + 1) if agrees(percent, 100 * k / n)]


def symmetric_multiplier_range(k: int, n: int, low: float, high: float) -> tuple[float, float] | None:
    """The multipliers z for which p ± z·√(p(1 − p)/n) prints as the published limits (percent, nearest rounding):
    an open interval (z_min, z_max), or None when no symmetric interval about k/n does. z = 1.96 is the 95% Wald."""
    p = 100 * k / n
    se = 100 * math.sqrt((k / n) * (1 - k / n) / n)
    if se == 0:
        return None
    h_low, h_high = 10 ** -decimals(low) / 2, 10 ** -decimals(high) / 2
    z_min = max((p - low - h_low) / se, (high - h_high - p) / se, 0.0)
    z_max = min((p - low + h_low) / se, (high + h_high - p) / se)
    return (z_min, z_max) if z_min < z_max else None


def multiplier_level(z: float) -> float:
    """The two-sided confidence level (percent) of a normal interval with multiplier z."""

    return 100 * (2 * float(norm.cdf(z)) - 1)


def mean_bounds(low: float, high: float, n: int) -> tuple[float, float]:
    """The smallest and largest mean of n values in [low, high] of which one is low and one is high."""
    return (low + high + (n - 2) * low) / n, (low + high + (n - 2) * high) / n
