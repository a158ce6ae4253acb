"""Values computed in a notebook and pasted into its prose (MyST-NB ``{glue:text}``), many at once."""

from __future__ import annotations

from collections.abc import Mapping

from myst_nb import glue


def glue_all(values: Mapping[str, object]) -> None:
    """Glue each value under its name without showing it: the prose pastes it as ``{glue:text}`name```."""
    for name, value in values.items():
        glue(name, value, display=False)
