"""Recomputed statistics: proportions with exact (Clopper–Pearson), Wilson and Wald intervals."""
from __future__ import annotations

from dataclasses import dataclass

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


def decimals(value: float) -> int:
    """Decimal places with which a published number is printed (71.4 → 1, 541 → 0)."""
    text = repr(float(value)).rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def agrees(published: float, recomputed: float) -> bool:
    """Does the recomputed value round to the published one at the published precision?"""
    places = decimals(published)
    return abs(round(recomputed, places) - published) < 10 ** (-places) / 2
