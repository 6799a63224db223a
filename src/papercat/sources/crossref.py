"""The Crossref REST API client: DOIs to metadata, one polite request per DOI.

Crossref answers `GET /works/<doi>` with `{"status": "ok", "message": {...}}`; `title` and
`container-title` are lists, dates are `{"date-parts": [[Y, M, D]]}`. An unknown DOI is HTTP 404
(arXiv's own DOIs, 10.48550/..., are registered with DataCite, so Crossref 404s on them too).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional
from urllib.parse import quote

from ..errors import SourceError
from ..untrusted import shown
from .http import PoliteHttp
from .metadata import PaperMetadata, SourceResult, collapse, utc_timestamp, validated
from .published import load_json

DEFAULT_CROSSREF_API = "https://api.crossref.org/works"
CROSSREF_API_ENV = "PAPERCAT_CROSSREF_API"
# Crossref's public pool allows more, but one request a second keeps papercat well-behaved.
CROSSREF_DELAY_SECONDS = 1.0


def crossref_api_url(option: Optional[str] = None) -> str:
    """The works endpoint: the command-line option, else $PAPERCAT_CROSSREF_API, else Crossref's."""
    return (option or os.environ.get(CROSSREF_API_ENV) or DEFAULT_CROSSREF_API).rstrip("/")


@dataclass
class CrossrefClient:
    base_url: str = DEFAULT_CROSSREF_API
    http: PoliteHttp = field(default_factory=lambda: PoliteHttp(service="the Crossref API", delay_seconds=CROSSREF_DELAY_SECONDS))

    def fetch(self, dois: Iterable[str], on_item: Optional[Callable[[int], None]] = None, keep_going: bool = False) -> SourceResult:
        """Metadata for lower-cased DOIs; DOIs Crossref does not know are listed as missing. With
        `keep_going` a DOI whose request fails is recorded in `failed` instead of raising SourceError."""
        result = SourceResult()
        for doi in dict.fromkeys(dois):
            url = f"{self.base_url.rstrip('/')}/{quote(doi, safe='')}"
            try:
                response = self.http.get(url, accept_statuses=(404,))
                if response.status == 404:
                    result.missing.append(doi)
                else:
                    result.found[doi] = parse_work(response.body, doi, source_url=url)
            except SourceError as error:
                if not keep_going:
                    raise
                result.failed[doi] = error.message  # one unreachable DOI does not stop the others
            if on_item:
                on_item(1)
        return result


def parse_work(body: bytes, doi: str, source_url: str = "the Crossref API", fetched_at: Optional[str] = None) -> PaperMetadata:
    """One Crossref work record as PaperMetadata; JSON of any other shape is one SourceError."""
    source_url = shown(source_url, 160)
    data = load_json(body, source_url)
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict) or data.get("status") != "ok":
        status = data.get("status") if isinstance(data, dict) else None
        raise SourceError(f"{source_url} sent JSON without a work record (status {shown(str(status), 40) if isinstance(status, str) else '?'})")
    published = _date_parts(message, "published", "issued", "published-online", "published-print", "created")
    found_doi = message.get("DOI")
    record_doi: str = found_doi if isinstance(found_doi, str) and found_doi else doi
    abstract = message.get("abstract")
    return validated(
        {
            "id": record_doi.lower(),
            "source": "crossref",
            "title": _first(message.get("title")),
            "authors": [name for name in map(_author_name, _list(message.get("author"))) if name],
            "published": published,
            "year": int(published[:4]) if published else None,
            "updated": _date_parts(message, "deposited"),
            "category": message.get("type") if isinstance(message.get("type"), str) else None,
            "doi": record_doi.lower(),
            "venue": _first(message.get("container-title")) or None,
            "abstract": re.sub(r"<[^>]+>", " ", abstract) if isinstance(abstract, str) else None,
            "fetched_at": fetched_at or utc_timestamp(),
        },
        f"{source_url} (DOI {shown(doi, 100)})",
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _first(value: Any) -> str:
    """Crossref's titles are lists of strings; anything else there counts as no title."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


def _author_name(author: Any) -> str:
    if not isinstance(author, dict):
        return ""
    parts = [author.get(key) for key in ("given", "family")]
    name = " ".join(part for part in parts if isinstance(part, str) and part)
    fallback = author.get("name")
    return collapse(name or (fallback if isinstance(fallback, str) else ""))


def _date_parts(message: dict[str, Any], *keys: str) -> Optional[str]:
    """The first of `keys` that holds a usable date, as YYYY-MM-DD (missing month or day count as 01).

    Crossref writes `{"date-parts": [[2023, 5, 1]]}`; parts that are not whole numbers in range
    (strings, NaN, 5,000-digit integers) make that key count as having no date.
    """
    for key in keys:
        value = message.get(key)
        parts = value.get("date-parts") if isinstance(value, dict) else None
        if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
            continue
        numbers = parts[0][:3]
        if not all(isinstance(number, int) and not isinstance(number, bool) for number in numbers):
            continue
        year, month, day = (numbers + [1, 1])[:3]
        if 1000 <= year <= 2999 and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None
