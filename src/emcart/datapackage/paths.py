"""Where the repository, the curated data and the source texts are."""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "data"


def sources_dir() -> Path:
    """The folder of source texts: $EMCART_SOURCES, else ../shared/sources beside the repository."""
    return Path(os.environ.get("EMCART_SOURCES", REPO.parent / "shared" / "sources"))
