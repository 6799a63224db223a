"""The OpenAlex works API client: one title search per paper, preprint and published works told apart.

Facts this follows (OpenAlex documentation, and tests/fixtures/openalex):
- `GET /works?filter=title.search:<words>&per-page=<n>` answers `{"meta": {...}, "results": [work, ...]}`.
- A preprint and its journal or conference version are often two works (a `preprint` with the DOI
  10.48550/arxiv.<id> and an `article` with the publisher's DOI), so a title search finds both;
  where they were merged, one work's `locations` hold both the arXiv copy and the published one.
- A location's `source.type` is `journal`, `conference`, `repository` (arXiv, PubMed Central), ...;
  `version` is `publishedVersion` or `submittedVersion`.
- An unknown work is an HTML 404 page, not JSON. Since 2026-02-13 OpenAlex asks for an API key
  (`api_key=`): papercat sends $PAPERCAT_OPENALEX_KEY when it is set, and $PAPERCAT_CONTACT_EMAIL
  as `mailto=` for the polite pool.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from ..errors import SourceError
from .http import CONTACT_EMAIL_ENV, PoliteHttp
from .metadata import utc_timestamp
from .published import OPENALEX, PublishedRecord, VenueCandidate, clean_doi, load_json, object_of, search_words, text_of, year_of

DEFAULT_OPENALEX_API = "https://api.openalex.org"
OPENALEX_API_ENV = "PAPERCAT_OPENALEX_API"
OPENALEX_KEY_ENV = "PAPERCAT_OPENALEX_KEY"
OPENALEX_DELAY_SECONDS = 1.0
RESULTS_PER_SEARCH = 10
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)$", re.IGNORECASE)


def openalex_api_url(option: Optional[str] = None) -> str:
    """OpenAlex's base URL: the option, else $PAPERCAT_OPENALEX_API, else api.openalex.org."""
    return (option or os.environ.get(OPENALEX_API_ENV) or DEFAULT_OPENALEX_API).rstrip("/")


@dataclass
class OpenAlexClient:
    base_url: str = DEFAULT_OPENALEX_API
    http: PoliteHttp = field(default_factory=lambda: PoliteHttp(service="the OpenAlex API", delay_seconds=OPENALEX_DELAY_SECONDS))

    def fetch(self, titles: Iterable[tuple[str, str]], on_record: Optional[Callable[[PublishedRecord], None]] = None) -> dict[str, PublishedRecord]:
        """A record per (key, title): every non-preprint work or location found a candidate."""
        url = f"{self.base_url}/works"
        records: dict[str, PublishedRecord] = {}
        for key, title in dict(titles).items():
            params = {"filter": f"title.search:{search_words(title)}", "per-page": str(RESULTS_PER_SEARCH)}
            params.update(_courtesy())
            response = self.http.get(url, params=params, accept_statuses=(401, 403))
            if response.status in (401, 403):
                raise KeyRequiredError(
                    f"the OpenAlex API at {url} answered HTTP {response.status}: it asks for an API key; "
                    f"set ${OPENALEX_KEY_ENV} to use it (the other sources still answer)"
                )
            records[key] = parse_works(response.body, key, source_url=f"the OpenAlex API at {url}")
            if on_record:
                on_record(records[key])
        return records


class KeyRequiredError(SourceError):
    """OpenAlex refused an unauthenticated request: a setting to make, not a failure of the run."""


def _courtesy() -> dict[str, str]:
    extra = {}
    api_key = os.environ.get(OPENALEX_KEY_ENV, "").strip()
    if api_key:
        extra["api_key"] = api_key
    email = os.environ.get(CONTACT_EMAIL_ENV, "").strip()
    if email and "@" in email:
        extra["mailto"] = email
    return extra


def parse_works(body: bytes, key: str, source_url: str = "the OpenAlex API", fetched_at: Optional[str] = None) -> PublishedRecord:
    """A list answer as one record: published works and locations as candidates, an arXiv twin noted."""
    data = load_json(body, source_url)
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise SourceError(f"{source_url} sent JSON without a results list; try again later")
    record = PublishedRecord(source=OPENALEX, key=key, fetched_at=fetched_at or utc_timestamp())
    for work in results:
        if not isinstance(work, dict):
            continue
        title = text_of(work.get("display_name")) or text_of(work.get("title")) or None
        work_id = text_of(work.get("id")).rsplit("/", 1)[-1]
        arxiv_doi = _ARXIV_DOI.search(text_of(work.get("doi")))
        if arxiv_doi and record.arxiv is None:
            record.arxiv = arxiv_doi.group(1)
            record.title = record.title or title
        year = year_of(work.get("publication_year"))
        seen: set[str] = set()
        for location in _locations(work):
            source = object_of(location.get("source"))
            name = text_of(source.get("display_name"))
            kind = text_of(source.get("type")).lower()
            if not name or kind in ("repository", "metadata") or "arxiv" in name.lower() or name in seen:
                continue
            seen.add(name)
            record.candidates.append(
                VenueCandidate(
                    venue=name,
                    year=year,
                    kind="workshop" if "workshop" in name.lower() else kind if kind in ("journal", "conference") else "unknown",
                    title=title,
                    doi=clean_doi(work.get("doi")),
                    evidence=f"OpenAlex work {work_id} ({text_of(location.get('version')) or 'location'} at {name})",
                )
            )
    record.found = bool(record.candidates or record.arxiv)
    return record


def _locations(work: dict[str, Any]) -> list[dict[str, Any]]:
    locations = [loc for loc in work.get("locations") or [] if isinstance(loc, dict)]
    primary = work.get("primary_location")
    if isinstance(primary, dict):
        locations.insert(0, primary)
    return locations
