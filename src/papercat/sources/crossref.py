"""The Crossref REST API client: DOIs to metadata, one polite request per DOI.

Crossref answers `GET /works/<doi>` with `{"status": "ok", "message": {...}}`; `title` and
`container-title` are lists, dates are `{"date-parts": [[Y, M, D]]}`. An unknown DOI is HTTP 404
(arXiv's own DOIs, 10.48550/..., are registered with DataCite, so Crossref 404s on them too).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional
from urllib.parse import quote

from ..errors import SourceError
from .http import PoliteHttp
from .metadata import PaperMetadata, SourceResult, collapse, utc_timestamp

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
    """One Crossref work record as PaperMetadata."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(f"{source_url} sent a response that is not valid JSON ({error}); try again later") from None
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict) or data.get("status") != "ok":
        raise SourceError(f"{source_url} sent JSON without a work record (status {data.get('status') if isinstance(data, dict) else '?'})")
    title = collapse(_first(message.get("title")))
    if not title:
        raise SourceError(f"{source_url} has no title for DOI {doi}")
    published = _date_parts(message, "published", "issued", "published-online", "published-print", "created")
    authors = []
    for author in message.get("author") or []:
        if not isinstance(author, dict):
            continue
        name = " ".join(part for part in (author.get("given"), author.get("family")) if part) or author.get("name") or ""
        if name:
            authors.append(collapse(name))
    abstract = message.get("abstract")
    return PaperMetadata(
        id=(message.get("DOI") or doi).lower(),
        source="crossref",
        title=title,
        authors=authors,
        published=published,
        year=int(published[:4]) if published else None,
        updated=_date_parts(message, "deposited"),
        version=None,
        category=message.get("type"),
        doi=(message.get("DOI") or doi).lower(),
        journal_ref=None,
        venue=collapse(_first(message.get("container-title"))) or None,
        abstract=collapse(re.sub(r"<[^>]+>", " ", abstract)) if isinstance(abstract, str) else None,
        fetched_at=fetched_at or utc_timestamp(),
    )


def _first(value: Any) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value) if value else ""


def _date_parts(message: dict, *keys: str) -> Optional[str]:
    """The first of `keys` that holds a date, as YYYY-MM-DD (missing month or day count as 01)."""
    for key in keys:
        value = message.get(key)
        parts = value.get("date-parts") if isinstance(value, dict) else None
        if parts and isinstance(parts[0], list) and parts[0] and parts[0][0]:
            numbers = [int(p) for p in parts[0][:3] if p is not None] + [1, 1]
            return f"{numbers[0]:04d}-{numbers[1]:02d}-{numbers[2]:02d}"
    return None
