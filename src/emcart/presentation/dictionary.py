"""The data dictionary: the schema of every table of the data package, one book table each, in the
descriptor's order (:func:`emcart.presentation.tables.schema`)."""

from __future__ import annotations

from dataclasses import dataclass

from emcart.presentation.tables import Table, schema


@dataclass
class Schemas:
    """Book tables shown one after the other (HTML), with a plain-text twin."""

    tables: list[Table]

    def _repr_html_(self) -> str:
        return "\n".join(table._repr_html_() for table in self.tables)

    def __repr__(self) -> str:
        return "\n\n".join(repr(table) for table in self.tables)


def schemas(dataset) -> Schemas:
    """The schema of every table of the data package, in the order of its descriptor.

    Parameters
    ----------
    dataset : Dataset
        The loaded data package.

    Returns
    -------
    Schemas
        One book table per curated table (:func:`~emcart.presentation.tables.schema`), shown one after the other.
    """
    return Schemas([schema(dataset, name) for name in dataset.tables])
