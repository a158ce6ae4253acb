"""Curated data, validation, statistics and figures for the CAR-T EM-relapse book."""

from emcart.datapackage.dataset import Dataset, load
from emcart.datapackage.problems import DataError, Problem

__all__ = ["DataError", "Dataset", "Problem", "load"]
