"""Metadata sources (arXiv, Crossref) and their cache: the only code that speaks HTTP.

`fetch_metadata` is the one entry point the commands use: it answers from the cache where it
can, asks arXiv for all missing arXiv ids in batched requests, Crossref for DOIs one at a time,
and reports per id what could not be found, so `add --keep-going` can file the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .metadata import PaperMetadata

if TYPE_CHECKING:  # what __getattr__ gives, typed for the checker
    from .fetch import FetchOutcome, SourceSettings, fetch_metadata

__all__ = ["PaperMetadata", "FetchOutcome", "SourceSettings", "fetch_metadata"]

_FETCH_NAMES = ("FetchOutcome", "SourceSettings", "fetch_metadata")


def __getattr__(name: str) -> object:
    # The network layer is imported on first use: lint and dedupe only read the cache.
    if name in _FETCH_NAMES:
        from . import fetch

        return getattr(fetch, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
