"""The DBLP search API client: one title search per paper, its conference and CoRR records compared.

Facts this follows (dblp's search API documentation, and tests/fixtures/dblp):
- `GET /search/publ/api?q=<words>&format=json&h=<n>` answers `{"result": {"hits": {"@total": ..,
  "hit": [{"info": {title, venue, year, type, key, doi, ee, authors}}]}}}`; `hit` is missing when
  nothing matched, and `venue`, `ee` and `authors.author` are a single value or a list.
- An arXiv preprint is a CoRR record (`venue: "CoRR"`, key `journals/corr/abs-2210-05359`, type
  "Informal and Other Publications"); the published version is a separate record with the same
  title (key `conf/iclr/...`, type "Conference and Workshop Papers"), so a title search finds both.
- Titles end with a full stop; proceedings volumes are written in the venue ("ACL (1)", "ECCV (12)").
- dblp asks clients to keep to about one request a second and answers HTTP 429 with Retry-After.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from ..errors import SourceError
from .http import PoliteHttp
from .metadata import utc_timestamp
from .published import DBLP, PublishedRecord, VenueCandidate, clean_doi, load_json, search_words, text_of, year_of

DEFAULT_DBLP_API = "https://dblp.org"
DBLP_API_ENV = "PAPERCAT_DBLP_API"
DBLP_DELAY_SECONDS = 1.0
HITS_PER_SEARCH = 10
_CORR_KEY = re.compile(r"^journals/corr/abs-(\d{4})-(\d{4,5})$")


def dblp_api_url(option: Optional[str] = None) -> str:
    """DBLP's base URL: the option, else $PAPERCAT_DBLP_API, else dblp.org."""
    return (option or os.environ.get(DBLP_API_ENV) or DEFAULT_DBLP_API).rstrip("/")


@dataclass
class DblpClient:
    base_url: str = DEFAULT_DBLP_API
    http: PoliteHttp = field(default_factory=lambda: PoliteHttp(service="the DBLP API", delay_seconds=DBLP_DELAY_SECONDS))

    def fetch(self, titles: Iterable[tuple[str, str]], on_record: Optional[Callable[[PublishedRecord], None]] = None) -> dict[str, PublishedRecord]:
        """A record per (key, title): the search hits as candidates, `found=False` when none matched."""
        url = f"{self.base_url}/search/publ/api"
        records: dict[str, PublishedRecord] = {}
        for key, title in dict(titles).items():
            response = self.http.get(url, params={"q": search_words(title), "format": "json", "h": str(HITS_PER_SEARCH)})
            records[key] = parse_search(response.body, key, source_url=f"the DBLP API at {url}")
            if on_record:
                on_record(records[key])
        return records


def parse_search(body: bytes, key: str, source_url: str = "the DBLP API", fetched_at: Optional[str] = None) -> PublishedRecord:
    """A search answer as one record: every non-CoRR hit a candidate, a CoRR hit's arXiv id noted."""
    data = load_json(body, source_url)
    result = data.get("result") if isinstance(data, dict) else None
    if not isinstance(result, dict) or not isinstance(result.get("hits"), dict):
        raise SourceError(f"{source_url} sent JSON without search results (no result.hits); try again later")
    hits = result["hits"].get("hit") or []
    if isinstance(hits, dict):
        hits = [hits]
    record = PublishedRecord(source=DBLP, key=key, fetched_at=fetched_at or utc_timestamp())
    for hit in hits if isinstance(hits, list) else []:
        info = hit.get("info") if isinstance(hit, dict) else None
        if not isinstance(info, dict):
            continue
        title = text_of(info.get("title")).rstrip(".") or None
        dblp_key = text_of(info.get("key"))
        venue = ", ".join(_texts(info.get("venue")))
        corr = _CORR_KEY.match(dblp_key)
        if corr or venue.lower() == "corr":
            if corr and record.arxiv is None:
                record.arxiv = f"{corr.group(1)}.{corr.group(2)}"
                record.title = record.title or title
            continue
        if not venue:
            continue
        record.candidates.append(
            VenueCandidate(
                venue=venue,
                year=year_of(info.get("year")),
                kind=_kind(text_of(info.get("type")), venue, dblp_key),
                title=title,
                doi=clean_doi(info.get("doi")) or next((d for d in map(clean_doi, _texts(info.get("ee"))) if d), None),
                evidence=f"dblp record {dblp_key}" if dblp_key else f"dblp venue {venue!r}",
            )
        )
    record.found = bool(record.candidates or record.arxiv)
    return record


def _texts(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [text for text in (text_of(v) for v in values) if text]


def _kind(record_type: str, venue: str, dblp_key: str) -> str:
    if "workshop" in venue.lower():
        return "workshop"
    if record_type.startswith("Conference") or dblp_key.startswith("conf/"):
        return "conference"
    if record_type.startswith("Journal") or dblp_key.startswith("journals/"):
        return "journal"
    return "unknown"
