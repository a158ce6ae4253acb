"""Values glued into a page's prose: computed once, named once, glued in one call."""

from __future__ import annotations

from myst_nb import glue


def glue_all(values: dict[str, object]) -> None:
    """Glue each value under its name, without displaying it (``{glue:text}`name``` in the prose).

    Parameters
    ----------
    values : dict
        Name → value, as a report module computes them for its page.
    """
    for name, value in values.items():
        glue(name, value, display=False)
