"""The cross-table rules of ``statistic_selections``, one of :data:`emcart.datapackage.rules.RULES`."""

from __future__ import annotations

import pandas as pd


def check_selections(c) -> None:
    """A selection's statistic belongs to the row's study; a subgroup size names its subgroup (``c`` collects
    the problems, as the other rules' collector)."""
    for i, row in c.dataset["statistic_selections"].iterrows():
        if not str(row["stat_id"]).startswith(f"{row['study_id']}-"):
            c.add("statistic_selections", i, "study_id", f"statistic {row['stat_id']} belongs to another study")
        if row["role"] == "subgroup size" and pd.isna(row["group"]):
            c.add("statistic_selections", i, "group", "a subgroup size names its subgroup in group")
