"""Curated data, validation, statistics and figures for the CAR-T EM-relapse book."""
from .data import DataError, Dataset, Problem, load

__all__ = ["DataError", "Dataset", "Problem", "load"]
