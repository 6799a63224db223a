"""What a metadata service says about where a paper was published, as plain data.

Semantic Scholar, DBLP and OpenAlex each answer with one `PublishedRecord` per lookup key
(an arXiv id, a DOI or an ACL Anthology id); `refresh --venues` weighs them against each other
and `dedupe` reads the ids they list (a preprint's DOI or ACL id) from the cache.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Optional

from ..errors import SourceError
from ..text import collapse_whitespace
from ..untrusted import shown

# The three services, by the name the cache and the reports use.
SEMANTIC_SCHOLAR = "semantic_scholar"
DBLP = "dblp"
OPENALEX = "openalex"
SOURCE_NAMES = {SEMANTIC_SCHOLAR: "Semantic Scholar", DBLP: "DBLP", OPENALEX: "OpenAlex"}


@dataclass
class VenueCandidate:
    """One place a service says the paper appeared (a conference, journal or workshop; not arXiv)."""

    venue: str  # as the service spells it, e.g. "ICLR", "Neural Information Processing Systems"
    year: Optional[int] = None
    kind: str = "conference"  # 'conference' | 'journal' | 'workshop' | 'unknown'
    title: Optional[str] = None  # the title of the published version, when the service gives it
    doi: Optional[str] = None  # the published version's DOI (never arXiv's 10.48550/...)
    evidence: str = ""  # what in the response says so, e.g. "dblp record conf/iclr/LiuWGW23"


@dataclass
class PublishedRecord:
    """A service's answer for one key: the paper's title there, its other ids, its venues."""

    source: str  # SEMANTIC_SCHOLAR | DBLP | OPENALEX
    key: str  # what was asked: 'arxiv:2305.07759', 'doi:10.1/x', 'acl:2023.acl-long.754'
    found: bool = True  # False: the service does not know the paper (cached so it is not asked again)
    title: Optional[str] = None
    arxiv: Optional[str] = None
    doi: Optional[str] = None  # the published version's DOI
    acl: Optional[str] = None
    candidates: list[VenueCandidate] = field(default_factory=list)
    fetched_at: Optional[str] = None

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "PublishedRecord":
        """The inverse of `to_data`, ignoring keys a newer papercat may have added."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        candidate_keys = {f.name for f in fields(VenueCandidate)}
        values["candidates"] = [
            VenueCandidate(**{k: v for k, v in item.items() if k in candidate_keys})
            for item in values.get("candidates") or []
            if isinstance(item, dict) and isinstance(item.get("venue"), str)
        ]
        return cls(**values)


def lookup_key(kind: str, value: str) -> str:
    """The cache and report key of an id: `arxiv:2305.07759`, `doi:10.18653/v1/x` (lower case)."""
    return f"{kind}:{value.lower() if kind != 'arxiv' else value}"


def load_json(body: bytes, source_url: str) -> Any:
    """A response body as JSON, or one SourceError line saying it was not JSON or nested too deeply to read."""
    try:
        return json.loads(body.decode("utf-8"))
    except ValueError as error:  # not UTF-8, bad JSON, or an integer of 4,300+ digits
        raise SourceError(f"{source_url} sent a response that is not valid JSON ({shown(str(error), 120)}); try again later") from None
    except RecursionError:
        raise SourceError(f"{source_url} sent JSON nested too deeply to read; refused to read it") from None


def object_of(value: Any) -> dict[str, Any]:
    """A JSON value that should be an object, as one; anything else as {}."""
    return value if isinstance(value, dict) else {}


def list_of(value: Any) -> list[Any]:
    """A JSON value that should be an array, as one; anything else as []."""
    return value if isinstance(value, list) else []


def text_of(value: Any) -> str:
    """A JSON value that should be text, as text (numbers too); anything else as ''."""
    if isinstance(value, str):
        return collapse_whitespace(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def year_of(value: Any) -> Optional[int]:
    """A plausible publication year from 1900 to 2100, from an int or a string starting with one."""
    text = text_of(value)[:4]
    if len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100:
        return int(text)
    return None


def clean_doi(value: Any) -> Optional[str]:
    """A DOI in lower case without its resolver prefix; None for arXiv's own DOIs and non-DOIs."""
    text = text_of(value).lower()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    if not text.startswith("10.") or "/" not in text or text.startswith("10.48550/"):
        return None
    return text


def search_words(title: str) -> str:
    """A title as search words for DBLP and OpenAlex: punctuation dropped (both read some of it as operators or filters)."""
    return collapse_whitespace(re.sub(r"[^\w\s'-]", " ", title))
