"""The Semantic Scholar Graph API client: many papers per request through `POST /paper/batch`.

Facts this follows (Graph API documentation, and the recorded bodies in tests/fixtures/semantic_scholar):
- `POST /paper/batch?fields=...` with `{"ids": ["ARXIV:2212.10560", "DOI:10.1/x", "ACL:2023.acl-long.754"]}`
  takes up to 500 ids and answers a JSON list in the same order, `null` where the paper is unknown.
- `venue` is the venue's full name ("International Conference on Learning Representations"), or
  "arXiv.org" for a preprint; `publicationVenue` has `name`, `type` (conference/journal) and
  `alternate_names` ("ICLR"); `externalIds` maps `ArXiv`, `DOI`, `ACL`, `DBLP`.
- `year` is often the preprint's year, not the venue's (a 2023 arXiv paper at ICLR 2024 says 2023):
  a DBLP record gives the conference year; see papercat.venues.
- Unauthenticated clients share a rate limit and get HTTP 429 when it is exceeded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from ..errors import SourceError
from .http import PoliteHttp
from .metadata import utc_timestamp
from .published import SEMANTIC_SCHOLAR, PublishedRecord, VenueCandidate, clean_doi, list_of, load_json, object_of, text_of, year_of

DEFAULT_SEMANTIC_SCHOLAR_API = "https://api.semanticscholar.org/graph/v1"
SEMANTIC_SCHOLAR_API_ENV = "PAPERCAT_SEMANTIC_SCHOLAR_API"
MAX_IDS_PER_REQUEST = 500
# The shared unauthenticated pool allows about one request a second for everyone together.
SEMANTIC_SCHOLAR_DELAY_SECONDS = 1.0
FIELDS = "title,venue,publicationVenue,year,externalIds,publicationTypes,journal"
_PREFIX = {"arxiv": "ARXIV", "doi": "DOI", "acl": "ACL"}


def semantic_scholar_api_url(option: Optional[str] = None) -> str:
    """The Graph API base URL: the option, else $PAPERCAT_SEMANTIC_SCHOLAR_API, else Semantic Scholar's."""
    return (option or os.environ.get(SEMANTIC_SCHOLAR_API_ENV) or DEFAULT_SEMANTIC_SCHOLAR_API).rstrip("/")


@dataclass
class SemanticScholarClient:
    base_url: str = DEFAULT_SEMANTIC_SCHOLAR_API
    http: PoliteHttp = field(default_factory=lambda: PoliteHttp(service="the Semantic Scholar API", delay_seconds=SEMANTIC_SCHOLAR_DELAY_SECONDS))
    batch_size: int = MAX_IDS_PER_REQUEST

    def fetch(self, keys: Iterable[str], on_record: Optional[Callable[[PublishedRecord], None]] = None) -> dict[str, PublishedRecord]:
        """A record per key (`arxiv:ID`, `doi:DOI`, `acl:ID`), `found=False` where the paper is unknown."""
        wanted = list(dict.fromkeys(keys))
        url = f"{self.base_url}/paper/batch"
        records: dict[str, PublishedRecord] = {}
        for start in range(0, len(wanted), self.batch_size):
            batch = wanted[start : start + self.batch_size]
            ids = [_api_id(key) for key in batch]
            response = self.http.post_json(url, {"ids": ids}, params={"fields": FIELDS})
            answers = load_json(response.body, f"the Semantic Scholar API at {url}")
            if not isinstance(answers, list) or len(answers) != len(batch):
                raise SourceError(
                    f"the Semantic Scholar API at {url} sent {_shape(answers)} for {len(batch)} ids (a list with one item per id was expected); try again later"
                )
            fetched_at = utc_timestamp()
            for key, answer in zip(batch, answers):
                records[key] = parse_paper(answer, key, fetched_at)
                if on_record:
                    on_record(records[key])
        return records


def _api_id(key: str) -> str:
    kind, _, value = key.partition(":")
    return f"{_PREFIX[kind]}:{value}"


def _shape(value: Any) -> str:
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return f"a JSON {type(value).__name__}"


def parse_paper(answer: Any, key: str, fetched_at: Optional[str] = None) -> PublishedRecord:
    """One item of a batch answer (a paper object, or null for an unknown id) as a PublishedRecord."""
    if not isinstance(answer, dict):
        return PublishedRecord(source=SEMANTIC_SCHOLAR, key=key, found=False, fetched_at=fetched_at)
    external = object_of(answer.get("externalIds"))
    record = PublishedRecord(
        source=SEMANTIC_SCHOLAR,
        key=key,
        title=text_of(answer.get("title")) or None,
        arxiv=text_of(external.get("ArXiv")) or None,
        doi=clean_doi(external.get("DOI")),
        acl=text_of(external.get("ACL")) or None,
        fetched_at=fetched_at,
    )
    candidate = _venue(answer, record.doi)
    if candidate:
        record.candidates.append(candidate)
    return record


def _venue(answer: dict[str, Any], doi: Optional[str]) -> Optional[VenueCandidate]:
    """Where the paper appeared, unless that is arXiv (or nowhere)."""
    publication_venue = object_of(answer.get("publicationVenue"))
    journal = object_of(answer.get("journal"))
    name = text_of(answer.get("venue")) or text_of(publication_venue.get("name")) or text_of(journal.get("name"))
    if not name or _is_arxiv(name) or _is_arxiv(text_of(journal.get("name"))) and not publication_venue:
        return None
    venue_type = text_of(publication_venue.get("type")).lower()
    types = list_of(answer.get("publicationTypes"))
    if "workshop" in name.lower():
        kind = "workshop"
    elif venue_type in ("conference", "journal"):
        kind = venue_type
    elif "Conference" in types:
        kind = "conference"
    elif "JournalArticle" in types:
        kind = "journal"
    else:
        kind = "unknown"
    # For a journal, `venue` is often an abbreviation ("Nat. Mac. Intell."); `journal.name` is the full name.
    journal_name = text_of(journal.get("name"))
    if kind == "journal" and journal_name and not _is_arxiv(journal_name):
        name = journal_name
    short = [text_of(n) for n in publication_venue.get("alternate_names") or [] if text_of(n)]
    evidence = f"venue {name!r}" + (f" (also {', '.join(short[:2])})" if short else "")
    return VenueCandidate(venue=name, year=year_of(answer.get("year")), kind=kind, doi=doi, title=text_of(answer.get("title")) or None, evidence=evidence)


def _is_arxiv(name: str) -> bool:
    return name.lower().replace(".", "").strip() in ("arxiv", "arxivorg", "corr")
