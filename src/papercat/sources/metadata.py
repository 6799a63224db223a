"""What a source tells us about a paper, as plain data (cached as JSON, compared by refresh)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from typing import Any, Optional

from ..errors import SourceError
from ..untrusted import clean, shown


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
    def from_data(cls, data: Any, source_name: str = "metadata") -> "PaperMetadata":
        """The inverse of `to_data`, through the one schema (`validated`); keys a newer papercat
        may have added are ignored. `source_name` (a cache file, an API URL) is named in errors."""
        if not isinstance(data, dict):
            raise SourceError(f"{source_name}: expected a JSON object of paper metadata, not {_kind(data)}")
        known = {f.name for f in fields(cls)}
        return validated({key: value for key, value in data.items() if key in known}, source_name)


@dataclass
class SourceResult:
    """What a source answered for a list of keys: metadata per key, and the keys it does not know."""

    found: dict[str, PaperMetadata] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    # With keep_going: keys whose request failed (network, server errors), with the reason.
    failed: dict[str, str] = field(default_factory=dict)


# What a field may hold; longer text is not metadata (a title of 2,000 characters is a page).
MAX_TEXT = {"title": 2_000, "abstract": 100_000, "id": 300, "doi": 300}
DEFAULT_MAX_TEXT = 1_000
MAX_AUTHORS = 10_000
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_OPTIONAL_TEXT = ("category", "doi", "journal_ref", "venue", "abstract", "fetched_at", "comment")


def validated(values: dict[str, Any], source_name: str) -> PaperMetadata:
    """PaperMetadata from raw values (a parsed API response or a cache file), checked by one schema.

    Text is made safe (control and bidi characters removed, whitespace collapsed); a value of the
    wrong type or out of range is refused with `source_name` and the field named.
    """

    def refuse(name: str, problem: str) -> SourceError:
        return SourceError(f"{source_name}: '{name}' {problem}; papercat keeps no such metadata (a cache file can be deleted)")

    def text(name: str, value: Any, required: bool = False) -> Optional[str]:
        if value is None or (value == "" and not required):
            if required:
                raise refuse(name, "is missing")
            return None
        if not isinstance(value, str):
            raise refuse(name, f"must be text, not {_kind(value)}")
        if any("\ud800" <= character <= "\udfff" for character in value):
            raise refuse(name, "holds a lone surrogate (half of a UTF-16 pair), which is no character")
        limit = MAX_TEXT.get(name, DEFAULT_MAX_TEXT)
        if len(value) > limit:
            raise refuse(name, f"is {len(value):,} characters long (at most {limit:,})")
        cleaned = collapse(clean(value))
        if required and not cleaned:
            raise refuse(name, f"is blank ({shown(value, 40)!r})")
        return cleaned or None

    def number(name: str, value: Any, low: int, high: int) -> Optional[int]:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise refuse(name, f"must be a whole number, not {_kind(value)}")
        if not low <= value <= high:
            raise refuse(name, f"must be from {low} to {high}, not {shown(str(value), 20)}")
        return value

    def date(name: str, value: Any) -> Optional[str]:
        found = text(name, value)
        if found is not None and not _DATE.match(found):
            raise refuse(name, f"must be a date written YYYY-MM-DD, not {shown(found, 40)!r}")
        return found

    source = values.get("source")
    if source not in ("arxiv", "crossref"):
        raise refuse("source", f"must be 'arxiv' or 'crossref', not {shown(repr(source), 40)}")
    authors = values.get("authors") or []
    if not isinstance(authors, list):
        raise refuse("authors", f"must be a list of names, not {_kind(authors)}")
    if len(authors) > MAX_AUTHORS:
        raise refuse("authors", f"lists {len(authors):,} names (at most {MAX_AUTHORS:,})")
    names = [text("authors", author) for author in authors]
    return PaperMetadata(
        id=text("id", values.get("id"), required=True) or "",
        source=source,
        title=text("title", values.get("title"), required=True) or "",
        authors=[name for name in names if name],
        published=date("published", values.get("published")),
        year=number("year", values.get("year"), 1000, 2999),
        updated=date("updated", values.get("updated")),
        version=number("version", values.get("version"), 1, 9999),
        **{name: text(name, values.get(name)) for name in _OPTIONAL_TEXT},
    )


def _kind(value: Any) -> str:
    """How an error names a JSON value's type."""
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def collapse(text: str) -> str:
    """Runs of whitespace (arXiv wraps titles and abstracts at ~80 columns) as one space."""
    return re.sub(r"\s+", " ", text or "").strip()


def utc_timestamp() -> str:
    """Now, as the `fetched_at` of metadata: `YYYY-MM-DDTHH:MM:SSZ`."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
