"""Laboratory values: the grid of the immune-reconstitution table, and limits read from definitions."""

from __future__ import annotations

import pytest

import emcart
from emcart.model.definitions import stated_limit
from emcart.presentation import labs


@pytest.fixture(scope="module")
def data():
    return emcart.load("C", check_sources=False)


def test_grid_keeps_bounds_and_places_each_value_on_its_clock(data):
    ids = labs.measurement_ids(data, ["IgG", "IgA", "IgM", "B lymphocytes"])
    frame = labs.grid(data, ids, "t", "t").frame.set_index(["case", "time"])
    assert list(frame.columns) == ["IgG (g/L)", "IgA (g/L)", "IgM (g/L)", "B lymphocytes (%)"]
    assert frame.at[("case 1", "HSCT, days 365–366"), "IgG (g/L)"] == "< 0.3"
    assert frame.at[("case 1", "HSCT, after day 365"), "IgG (g/L)"] == "3.5"
    assert frame.at[("case 2", "HSCT, after day 0"), "B lymphocytes (%)"] == "21.03"
    with pytest.raises(ValueError, match="C-1/3-IgA-1y: a second value for IgA"):
        labs.grid(data, ["C-1/3-IgA-1y", "C-1/3-IgA-1y"], "t", "t")


def test_history_values_read_before_the_course(data):
    frame = labs.grid(data, ["C-6/1-MRD-pre", "C-6/1-MRD-post"], "t", "t").frame
    assert frame["time"].tolist() == ["blinatumomab, before the course", "blinatumomab, after day 27"]
    assert frame["MRD (%)"].tolist() == ["about 0.65", "0.01"]


def test_a_limit_equal_to_the_value_is_not_met(data):
    mrd, remission = stated_limit(data, "C-M-MRDneg"), stated_limit(data, "C-M-CR")
    assert not mrd.admits(0.01) and mrd.admits(0.009) and remission.words == "< 5%"
