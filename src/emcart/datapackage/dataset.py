"""Load the curated tables and validate them: schema, cross-table rules and provenance.

Every problem names the file, the row (CSV record number, header = row 1) and the column. A chapter
may load the rows of its own reports only (``load("C")``): the whole package is still validated,
and the chapter's outputs then depend on those rows alone (see :mod:`emcart.build.execute`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from emcart.datapackage import manifest, provenance, reuse, rules, schema, validated
from emcart.datapackage.paths import DATA
from emcart.datapackage.problems import DataError

INPUTS_LOG = "EMCART_INPUTS_LOG"
_PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


@dataclass
class Dataset:
    """The curated tables as typed pandas frames, with their Frictionless schema."""

    root: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=reuse.Tables)
    studies: tuple[str, ...] | None = None

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def fields(self, name: str) -> list[dict]:
        return self.resource(name)["schema"]["fields"]

    def resource(self, name: str) -> dict:
        return next(r for r in self.descriptor["resources"] if r["name"] == name)

    def file(self, name: str) -> str:
        return f"data/{self.resource(name)['path']}"

    def key(self, name: str) -> str:
        """The single-column primary key of a table (provenance rows refer to it)."""
        pk = self.resource(name)["schema"]["primaryKey"]
        return pk[0]

    def row_number(self, name: str, index: int) -> int:
        """CSV record number of a frame row (header = 1)."""
        return int(index) + 2

    def study_of(self, name: str) -> pd.Series:
        """The study of each row of a table: its study_id, through its course, or (provenance) through the row it documents."""
        frame = self[name]
        if "study_id" in frame:
            return frame["study_id"]
        if "course_id" in frame:
            return frame["course_id"].map(self["courses"].set_index("course_id")["study_id"]).astype("string")
        if name == "provenance":
            owners = pd.concat(
                [
                    pd.DataFrame(
                        {"table": table, "row_id": self[table][self.key(table)], "study": self.study_of(table)}
                    )
                    for table in self.tables
                    if table != "provenance"
                ]
            )
            return frame.merge(owners, on=["table", "row_id"], how="left")["study"].set_axis(frame.index)
        raise ValueError(f"{self.file(name)}: no column says which study a row belongs to")

    def scope(self, studies: Iterable[str]) -> Dataset:
        """The same tables holding only the rows of ``studies``."""
        studies = sorted(set(studies))
        unknown = set(studies) - set(self["studies"]["study_id"])
        if unknown:
            raise ValueError(f"unknown studies {sorted(unknown)}; the data have {list(self['studies']['study_id'])}")
        scoped = Dataset(root=self.root, descriptor=self.descriptor, studies=tuple(studies))
        for name, frame in self.tables.items():
            scoped.tables[name] = frame[self.study_of(name).isin(studies).fillna(False).to_numpy()].reset_index(
                drop=True
            )
        return scoped


def note_input(kind: str, name: str) -> None:
    """Append ``kind name`` (a study loaded, a file read) to the file named by ``$EMCART_INPUTS_LOG``, if any.

    :mod:`emcart.build.execute` sets it while running a notebook, to learn what the notebook read.
    """
    if os.environ.get(INPUTS_LOG):
        with open(os.environ[INPUTS_LOG], "a", encoding="utf-8") as log:
            log.write(f"{kind} {name}\n")


def _read_table(root: Path, resource: dict, digest: str) -> pd.DataFrame:
    """The typed frame of a table: a copy of the one read earlier from a file with the same ``digest`` and fields."""
    key = (digest, json.dumps(resource["schema"]["fields"], sort_keys=True))
    if key not in _FRAMES:
        _FRAMES[key] = _typed_frame(root / resource["path"], resource["schema"]["fields"])
    return _FRAMES[key].copy()


# Each table's typed frame, by the digest of its file and its fields.
_FRAMES: dict[tuple[str, str], pd.DataFrame] = {}


def _typed_frame(path: Path, fields: list[dict]) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    frame = frame.replace("", pd.NA)
    for f in fields:
        kind = f.get("type", "string")
        if kind == "boolean":
            frame[f["name"]] = frame[f["name"]].map({"true": True, "false": False}).astype("boolean")
        elif kind in ("integer", "number"):
            frame[f["name"]] = pd.to_numeric(frame[f["name"]], errors="raise").astype(_PANDAS_TYPES[kind])
        else:
            frame[f["name"]] = frame[f["name"]].astype("string")
    return frame


def _check(dataset: Dataset, current: dict[str, str], check_sources: bool | None) -> None:
    """Cross-table rules and provenance, each reused while the files it read are unchanged (:mod:`reuse`)."""
    sources = ("provenance", check_sources, provenance.sources_key())
    problems = manifest.row_problems(dataset.root, dataset.descriptor)
    for rule in rules.RULES:
        problems += reuse.run(rule.__name__, dataset, current, partial(rules.check, dataset, rule))
    problems += reuse.run(sources, dataset, current, lambda: provenance.check(dataset, check_sources=check_sources))
    if problems:
        raise DataError(problems)


def load(*studies: str, root: Path | str = DATA, check_sources: bool | None = None) -> Dataset:
    """Validate the data package and return its tables: all rows, or those of ``studies``.

    The whole package is validated (schema, cross-table rules, provenance) whatever ``studies`` is, unless these
    very bytes were found valid before (:mod:`emcart.datapackage.validated`). The studies loaded ("*": all) are
    noted as an input (:func:`note_input`).

    Parameters
    ----------
    *studies : str
        Study ids, e.g. 'C'; none loads every study.
    root : pathlib.Path or str, optional
        The folder holding ``datapackage.json`` (default: the project's ``data/``).
    check_sources : bool or None, optional
        Whether source snippets are checked against the source texts: when they are present (``None``), always
        (``True``: missing sources are a problem) or never (``False``).

    Returns
    -------
    Dataset
        The typed tables by name (``dataset["patients"]``), scoped to ``studies`` when given.

    Raises
    ------
    DataError
        Naming file, row and column for every problem found.
    TypeError
        When a study is not a string (e.g. a data folder passed without ``root=``).
    """

    if not all(isinstance(study, str) for study in studies):
        raise TypeError(f"studies are study ids such as 'C', not {studies!r} (the data folder is root=)")
    root = Path(root)
    key = validated.digest(root, check_sources)
    valid = validated.known(key)
    problems = [] if valid else schema.validate(root)
    if problems:
        raise DataError(problems)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    dataset = Dataset(root=root, descriptor=descriptor)
    current = reuse.digests(root, descriptor)
    for resource in descriptor["resources"]:
        dataset.tables[resource["name"]] = _read_table(root, resource, current[resource["name"]])
    if valid:
        provenance.say_if_unchecked(check_sources)
    else:
        _check(dataset, current, check_sources)
        validated.remember(key)
    for study in studies or ["*"]:
        note_input("study", study)
    return dataset.scope(studies) if studies else dataset
