"""Published counts of one report checked against the curated events, with the audit's statuses."""
from __future__ import annotations

import pandas as pd

from emcart.analysis.consistency import count_check
from emcart.audit.comparison import Recomputed, generic, row_status

# The published counts of events each report's chapter checks against the curated events:
# statistic -> (patient, reference clock, event type, options of :func:`count_check`).
COUNT_CHECKS = {
    "B-GVHD-after-HSCT": ("B-1", "B-1/2", "GVHD", {"after": "B-1/3"}),
    "B-aGVHD": ("B-1", "B-1/2", "GVHD", {"exclude": "chronic"}),
}


def count_checks(dataset, study_id: str) -> pd.DataFrame:
    """:func:`count_check` for every published count of ``study_id`` in :data:`COUNT_CHECKS`."""
    return pd.DataFrame([count_check(dataset, sid, patient, reference, kind, **options)
                         for sid, (patient, reference, kind, options) in COUNT_CHECKS.items()
                         if sid.startswith(f"{study_id}-")])


def recomputed(dataset, study_id: str) -> list:
    """One :class:`emcart.Recomputed` per published statistic of a study.

    A count in :data:`COUNT_CHECKS` is recounted from the curated events; any other statistic gets
    the audit's generic recomputation (a printed proportion from its numerator and denominator, a
    peak from the curated measurement) or the reason there is none. The chapter's table
    (:func:`statistics_check`) and the book-wide audit both use these, so each statistic has one status.
    """
    stats_ = dataset["reported_statistics"]
    courses = dataset["courses"].set_index("course_id")
    events = dataset["events"].set_index("event_id")
    out = []
    for _, s in stats_[stats_["study_id"] == study_id].iterrows():
        if s["stat_id"] in COUNT_CHECKS:
            patient, reference, kind, options = COUNT_CHECKS[s["stat_id"]]
            c = count_check(dataset, s["stat_id"], patient, reference, kind, **options)
            after = options.get("after")
            where = (f" after the {courses.at[after, 'therapy']} (course {after})" if after in courses.index
                     else f" after {after}" if after else "")
            left_out = f", leaving out those described as {options['exclude']}" if "exclude" in options else ""
            basis = f"{kind} events in the curated case{where}{left_out}: {c['events'] or 'none'}"
            reason = ""
            if c["agrees"] == "no":
                reason = "the text describes " + "; ".join(f"{e} ({events.at[e, 'detail']})" if pd.notna(events.at[e, "detail"])
                                                          else e for e in c["events"].split(", "))
            out.append(Recomputed(s["stat_id"], c["recomputed"], basis, reason))
        else:
            out.append(generic(dataset, s))
    return out


def statistics_check(dataset, study_id: str) -> pd.DataFrame:
    """Each published statistic of a study against its recomputation (:func:`recomputed`), with the
    book-wide audit's status (match, match within rounding, mismatch, not recomputable)."""
    stats_ = dataset["reported_statistics"].set_index("stat_id", drop=False)
    rows = []
    for r in recomputed(dataset, study_id):
        s = stats_.loc[r.stat_id]
        rows.append({"statistic": s["statistic"], "group": s["group"], "published": float(s["value"]),
                     "recomputed": float("nan") if r.value is None else round(r.value, 2),
                     "from": "; ".join(x for x in (r.basis, r.reason) if x),
                     "status": row_status(s, r.value, r.numerator, r.denominator)})
    return pd.DataFrame(rows)
