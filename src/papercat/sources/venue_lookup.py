"""Where entries were published, asked of Semantic Scholar, DBLP and OpenAlex, cached per key.

The order keeps requests few: Semantic Scholar first, all keys in one `POST /paper/batch`; DBLP
next, one title search per entry (its records give the conference year); OpenAlex last, only for
entries DBLP placed nowhere (journals DBLP does not index, and years Semantic Scholar alone gives). Every answer,
"not found" included, is cached, so a second run sends nothing. A source that fails is reported
and the others' answers are still used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..errors import SourceError
from .cache import MetadataCache
from .dblp import DBLP_DELAY_SECONDS, DblpClient, dblp_api_url
from .fetch import SourceSettings
from .http import PoliteHttp
from .openalex import OPENALEX_DELAY_SECONDS, KeyRequiredError, OpenAlexClient, openalex_api_url
from .published import DBLP, OPENALEX, SEMANTIC_SCHOLAR, SOURCE_NAMES, PublishedRecord
from .semantic_scholar import SEMANTIC_SCHOLAR_DELAY_SECONDS, SemanticScholarClient, semantic_scholar_api_url

SOURCE_ORDER = (SEMANTIC_SCHOLAR, DBLP, OPENALEX)


@dataclass
class VenueQuery:
    """One entry to place: its lookup key (`arxiv:ID`, `doi:DOI` or `acl:ID`) and its title."""

    key: str
    title: str


@dataclass
class VenueSettings:
    """The three services' base URLs over the usual source settings (cache, offline, politeness)."""

    sources: SourceSettings
    semantic_scholar_api: str = field(default_factory=semantic_scholar_api_url)
    dblp_api: str = field(default_factory=dblp_api_url)
    openalex_api: str = field(default_factory=openalex_api_url)


@dataclass
class VenueLookup:
    """Every source's record per key, the sources that failed (one line each), and requests sent."""

    records: dict[str, list[PublishedRecord]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # source -> why it was not used (e.g. no API key)
    requests_sent: dict[str, int] = field(default_factory=dict)
    not_cached: list[str] = field(default_factory=list)  # keys with no answer at all, offline


def cached_records(cache: MetadataCache, key: str) -> list[PublishedRecord]:
    """What the cache holds about a key from each venue service (dedupe reads this, never the network)."""
    return [record for source in SOURCE_ORDER if (record := cache.get_record(source, key)) is not None]


def find_published_versions(queries: list[VenueQuery], settings: VenueSettings) -> VenueLookup:
    """Each query's records from the cache or the services, in SOURCE_ORDER."""
    cache = MetadataCache(settings.sources.cache_dir)
    lookup = VenueLookup()
    titles = {query.key: query.title for query in queries}
    for key in titles:
        lookup.records[key] = []

    def ask(
        source: str, keys: list[str], delay: float, fetch: Callable[[PoliteHttp, list[str], Callable[[PublishedRecord], None]], dict[str, PublishedRecord]]
    ) -> None:
        missing = []
        for key in keys:
            record = cache.get_record(source, key) if settings.sources.use_cache or settings.sources.offline else None
            if record is not None:
                lookup.records[key].append(record)
            else:
                missing.append(key)
        if not missing or settings.sources.offline:
            return
        http = PoliteHttp(
            service=f"the {SOURCE_NAMES[source]} API",
            delay_seconds=settings.sources.delay_for(delay),
            transport=settings.sources.transport,
            read_timeout=settings.sources.timeout(),
        )

        def keep(record: PublishedRecord) -> None:
            # Cached as each answer arrives: a source failing half-way keeps what it already said.
            cache.put_data(source, record.key, record.to_data())
            lookup.records[record.key].append(record)

        try:
            fetch(http, missing, keep)
        except KeyRequiredError as error:
            lookup.skipped[source] = str(error)
        except SourceError as error:
            lookup.failures[source] = str(error)
        finally:
            lookup.requests_sent[source] = lookup.requests_sent.get(source, 0) + http.requests_sent
            http.close()

    keys = list(titles)
    ask(
        SEMANTIC_SCHOLAR,
        keys,
        SEMANTIC_SCHOLAR_DELAY_SECONDS,
        lambda http, wanted, keep: SemanticScholarClient(base_url=settings.semantic_scholar_api, http=http).fetch(wanted, on_record=keep),
    )
    ask(
        DBLP,
        keys,
        DBLP_DELAY_SECONDS,
        lambda http, wanted, keep: DblpClient(base_url=settings.dblp_api, http=http).fetch(((key, titles[key]) for key in wanted), on_record=keep),
    )
    unplaced = [key for key in keys if not any(record.candidates for record in lookup.records[key] if record.source == DBLP)]
    ask(
        OPENALEX,
        unplaced,
        OPENALEX_DELAY_SECONDS,
        lambda http, wanted, keep: OpenAlexClient(base_url=settings.openalex_api, http=http).fetch(((key, titles[key]) for key in wanted), on_record=keep),
    )
    if settings.sources.offline:
        lookup.not_cached = [key for key in keys if not lookup.records[key]]
    return lookup
