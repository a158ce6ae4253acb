"""Lookups built once per loaded frame: built again for a new frame, and never handing out the frame's rows
for a caller to change."""

from __future__ import annotations

import pandas as pd

from emcart.datapackage.derived import derived, remembered, rows_with


def test_a_lookup_is_built_once_per_frame_and_again_for_a_new_one():
    built = []

    def count(frame):
        built.append(len(frame))
        return len(frame)

    first, second = pd.DataFrame({"a": [1, 2]}), pd.DataFrame({"a": [1, 2, 3]})
    assert [derived(first, count), derived(first, count), derived(second, count)] == [2, 2, 3]
    assert built == [2, 3]


def test_rows_with_a_value_keep_table_order_and_are_a_copy():
    frame = pd.DataFrame({"patient_id": ["X-2", "X-1", "X-2"], "day": [5, 1, 3]}, index=[10, 11, 12])
    rows = rows_with(frame, "patient_id", "X-2")
    assert rows["day"].tolist() == [5, 3] and rows.index.tolist() == [10, 12]
    rows.loc[10, "day"] = 99
    assert rows_with(frame, "patient_id", "X-2")["day"].tolist() == [5, 3]
    assert frame.loc[10, "day"] == 5
    assert rows_with(frame, "patient_id", "X-9").empty and list(rows_with(frame, "patient_id", "X-9")) == [
        "patient_id",
        "day",
    ]


def test_a_remembered_result_is_computed_once_per_frame_and_key():
    computed = []

    def compute(value):
        computed.append(value)
        return value

    first, second = pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [1]})
    results = [
        remembered(first, "x", lambda: compute(1)),
        remembered(first, "x", lambda: compute(2)),
        remembered(first, "y", lambda: compute(3)),
        remembered(second, "x", lambda: compute(4)),
    ]
    assert results == [1, 1, 3, 4] and computed == [1, 3, 4]
