"""Numbers for a chapter's prose: computed in the package, glued for MyST's ``{glue:text}`` role."""

from __future__ import annotations

from myst_nb import glue


def glue_values(prefix: str, values: dict) -> None:
    """Glue each value for the prose as ``{prefix}_{name}`` (as ``name`` for an empty prefix), not displayed."""
    for name, value in values.items():
        glue(f"{prefix}_{name}" if prefix else name, value, display=False)
