"""What a source tells us about a paper, as plain data (cached as JSON, compared by refresh)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from typing import Any, Optional


@dataclass
class PaperMetadata:
    """One paper as arXiv or Crossref describes it.

    `id` is the bare arXiv id for arXiv and the lower-cased DOI for Crossref; `published` is the
    first version's date (ISO, YYYY-MM-DD), hence `year`; `version` is the latest version arXiv has.
    """

    id: str
    source: str  # 'arxiv' | 'crossref'
    title: str
    authors: list[str] = field(default_factory=list)
    published: Optional[str] = None
    year: Optional[int] = None
    updated: Optional[str] = None
    version: Optional[int] = None
    category: Optional[str] = None
    doi: Optional[str] = None
    journal_ref: Optional[str] = None
    venue: Optional[str] = None
    abstract: Optional[str] = None
    fetched_at: Optional[str] = None
    comment: Optional[str] = None  # arXiv's author comment ("ICLR 2024; code at https://github.com/...")

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "PaperMetadata":
        """The inverse of `to_data`, ignoring keys a newer papercat may have added."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["authors"] = list(values.get("authors") or [])
        return cls(**values)


@dataclass
class SourceResult:
    """What a source answered for a list of keys: metadata per key, and the keys it does not know."""

    found: dict[str, PaperMetadata] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    # With keep_going: keys whose request failed (network, server errors), with the reason.
    failed: dict[str, str] = field(default_factory=dict)


def collapse(text: str) -> str:
    """Runs of whitespace (arXiv wraps titles and abstracts at ~80 columns) as one space."""
    return re.sub(r"\s+", " ", text or "").strip()


def utc_timestamp() -> str:
    """Now, as the `fetched_at` of metadata: `YYYY-MM-DDTHH:MM:SSZ`."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
