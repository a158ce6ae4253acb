"""Consistency checks between values a report states twice (e.g. a table and its narrative)."""
from __future__ import annotations

import pandas as pd

from .stats import decimals


def age_check(dataset, study_id: str) -> pd.DataFrame:
    """Table age in years against the narrative's years and months, per patient.

    The narrative age becomes decimal years as years + months/12; it agrees when it rounds to the
    table value at the table's printed precision, or when the table value lies within the month
    the narrative names (age from ``years + months/12`` to ``years + (months + 1)/12``).
    """
    patients = dataset["patients"]
    patients = patients[(patients["study_id"] == study_id) & patients["age_years"].notna()]
    rows = []
    for _, p in patients.iterrows():
        low = p["narrative_age_years"] + p["narrative_age_months"] / 12
        high = low + 1 / 12
        table = float(p["age_years"])
        rounded = round(low, decimals(table))
        agrees = rounded == table or low <= table < high
        rows.append({"patient": p["label"], "table age (years)": table,
                     "narrative age": f"{p['narrative_age_years']} y {p['narrative_age_months']} m",
                     "narrative age (years)": round(low, 2),
                     "agrees": "yes" if agrees else "no"})
    return pd.DataFrame(rows)
