"""Events whose day the text states only loosely (about, between, or after a day): each with its day in the
text's numbering and on the course clock, how the text's words were read, and the evidence marks of its cells."""

from __future__ import annotations

import pandas as pd

from emcart.datapackage.days import event_days
from emcart.presentation import evidence
from emcart.presentation.cases import when


def _loose(dataset, patient_ids: list[str]) -> pd.DataFrame:
    """The events of :func:`loose_days`, with the field their day is stored in (``day_field``)."""
    frame = event_days(dataset)
    frame = frame[
        frame["patient_id"].isin(patient_ids)
        & ~frame["history"].astype(bool)
        & frame["day_qualifier"].isin(["approx", "interval", "after"])
    ].copy()
    frame["day_field"] = ["text_day" if q == "approx" else "text_day_min" for q in frame["day_qualifier"]]
    return frame


def loose_days(dataset, patient_ids: list[str]) -> pd.DataFrame:
    """Events whose day the text states only loosely (about, between, or after a day), and how it was read.

    Parameters
    ----------
    dataset : Dataset
    patient_ids : list of str

    Returns
    -------
    pandas.DataFrame
        ``case``, ``event``, ``clock`` (the course's therapy), ``stored (text's numbering)``, ``on the course
        clock`` and ``how the text's words were read`` (the provenance note of the stored day).
    """
    labels = dataset["patients"].set_index("patient_id")["label"]
    prov = dataset["provenance"]
    prov = prov[prov["table"] == "events"].set_index(["row_id", "field"])
    frame = _loose(dataset, patient_ids)
    therapy = frame["course_id"].map(dataset["courses"].set_index("course_id")["therapy"])
    rows = []
    for (_, e), clock in zip(frame.iterrows(), therapy):
        field = e["day_field"]
        note = prov.at[(e["event_id"], field), "note"] if (e["event_id"], field) in prov.index else pd.NA
        rows.append(
            {
                "case": labels[e["patient_id"]],
                "event": e["event_type"],
                "clock": clock,
                "stored (text's numbering)": when(e, text=True),
                "on the course clock": when(e),
                "how the text's words were read": "" if pd.isna(note) else note,
            }
        )
    return pd.DataFrame(rows)


def loose_days_marks(dataset, patient_ids: list[str]) -> pd.DataFrame:
    """The evidence marks of :func:`loose_days`'s cells, row for row.

    Parameters
    ----------
    dataset : Dataset
    patient_ids : list of str

    Returns
    -------
    pandas.DataFrame
        Curated keys for the label, event type, the course's therapy and the stored day; a
        :class:`~emcart.presentation.evidence.Derivation` for the day on the course clock; for the reading,
        the stored day's key (its tip shows that cell's provenance note).
    """
    known = evidence.provenance_keys(dataset)

    def curated(table: str, row_id: str, field: str) -> str | None:
        key = evidence.cell_key(table, row_id, field)
        return key if key in known else None

    rows = []
    for _, e in _loose(dataset, patient_ids).iterrows():
        day = curated("events", e["event_id"], e["day_field"])
        rows.append(
            [
                curated("patients", e["patient_id"], "label"),
                curated("events", e["event_id"], "event_type"),
                curated("courses", e["course_id"], "therapy"),
                day,
                evidence.Derivation(
                    "The stored day, in the text's numbering, placed on the course clock (see the table's notes).",
                    (day,) if day else (),
                ),
                day,  # the reading is the note of the stored day's provenance, which its tip shows
            ]
        )
    return pd.DataFrame(rows, dtype=object)
