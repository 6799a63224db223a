"""One call for the commands: metadata for a list of paper ids, from the cache or the sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from ..environment import seconds_from_env
from ..errors import SourceError
from ..ids import PaperId
from .arxiv import ArxivClient, arxiv_api_url
from .cache import MetadataCache, lookup_key
from .crossref import CROSSREF_DELAY_SECONDS, CrossrefClient, crossref_api_url
from .http import DEFAULT_DELAY_SECONDS, PoliteHttp, check_api_url
from .metadata import PaperMetadata, SourceResult

if TYPE_CHECKING:
    import httpx

DELAY_ENV = "PAPERCAT_HTTP_DELAY"
TIMEOUT_ENV = "PAPERCAT_HTTP_TIMEOUT"
DEFAULT_READ_TIMEOUT = 30.0


@dataclass
class SourceSettings:
    """Where metadata comes from: API URLs, politeness, the cache, and whether to go online at all."""

    cache_dir: Path
    arxiv_api: str = field(default_factory=arxiv_api_url)
    crossref_api: str = field(default_factory=crossref_api_url)
    delay_seconds: Optional[float] = None  # None: 3 s for arXiv, 1 s for Crossref (or $PAPERCAT_HTTP_DELAY)
    offline: bool = False
    use_cache: bool = True  # False: fetch again even when cached (refresh)
    transport: Optional[httpx.BaseTransport] = None  # tests only
    read_timeout: Optional[float] = None  # None: $PAPERCAT_HTTP_TIMEOUT or 30 s
    # True: a request that fails (network, server errors) fails only its ids, listed in
    # FetchOutcome.errors, and the others are still fetched (refresh --all); False: SourceError.
    keep_going: bool = False
    # Told of each retry, e.g. "the arXiv API answered HTTP 503; retrying in 3 s, attempt 2 of 3".
    on_retry: Optional[Callable[[str], None]] = None

    def timeout(self) -> float:
        if self.read_timeout is not None:
            return self.read_timeout
        return seconds_from_env(TIMEOUT_ENV, DEFAULT_READ_TIMEOUT, SourceError, positive=True)

    def delay_for(self, default: float) -> float:
        if self.delay_seconds is not None:
            return self.delay_seconds
        return seconds_from_env(DELAY_ENV, default, SourceError)


@dataclass
class FetchOutcome:
    """Metadata per requested id, and a one-line reason for each id that has none."""

    found: dict[PaperId, PaperMetadata] = field(default_factory=dict)
    failures: dict[PaperId, str] = field(default_factory=dict)
    # The failures where the source could not be asked (with keep_going), not "it has no such paper".
    errors: dict[PaperId, str] = field(default_factory=dict)
    requests_sent: int = 0


def fetch_metadata(
    paper_ids: list[PaperId],
    settings: SourceSettings,
    on_progress: Optional[Callable[[int, int], None]] = None,
) -> FetchOutcome:
    """Metadata for each id: cached where possible, else fetched (arXiv ids batched in one request).

    Source failures that affect everything (network down, server errors) raise SourceError;
    ids a source does not know are returned in `failures`, each with a message naming the id.
    """
    cache = MetadataCache(settings.cache_dir)
    outcome = FetchOutcome()
    unique = list(dict.fromkeys(paper_ids))
    total = len(unique)
    done = 0
    need_arxiv: dict[str, list[PaperId]] = {}
    need_crossref: dict[str, list[PaperId]] = {}
    for paper_id in unique:
        source, key = lookup_key(paper_id)
        cached = cache.get_paper(paper_id) if settings.use_cache or settings.offline else None
        if cached:
            outcome.found[paper_id] = cached
            done += 1
            continue
        if settings.offline:
            outcome.failures[paper_id] = f"{paper_id}: not in the cache ({settings.cache_dir}); run without --offline to fetch it"
            done += 1
            continue
        (need_arxiv if source == "arxiv" else need_crossref).setdefault(key, []).append(paper_id)
    if on_progress:
        on_progress(done, total)

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if on_progress:
            on_progress(done, total)

    if need_arxiv:
        check_api_url(settings.arxiv_api, "the arXiv API URL (--arxiv-api or $PAPERCAT_ARXIV_API)")
        _fetch_from(
            "the arXiv API",
            DEFAULT_DELAY_SECONDS,
            need_arxiv,
            settings,
            cache,
            outcome,
            lambda http: ArxivClient(base_url=settings.arxiv_api, http=http).fetch(need_arxiv, on_batch=advance, keep_going=settings.keep_going),
            lambda key: f"arXiv has no paper {key}; check the id",
        )
    if need_crossref:
        check_api_url(settings.crossref_api, "the Crossref API URL (--crossref-api or $PAPERCAT_CROSSREF_API)")
        _fetch_from(
            "the Crossref API",
            CROSSREF_DELAY_SECONDS,
            need_crossref,
            settings,
            cache,
            outcome,
            lambda http: CrossrefClient(base_url=settings.crossref_api, http=http).fetch(need_crossref, on_item=advance, keep_going=settings.keep_going),
            lambda key: (
                f"Crossref has no work with DOI {key}"
                + (" (arXiv DOIs 10.48550/... are not in Crossref: give the arXiv id instead)" if key.startswith("10.48550/") else "")
            ),
        )
    return outcome


def _fetch_from(
    service: str,
    default_delay: float,
    need: dict[str, list[PaperId]],
    settings: SourceSettings,
    cache: MetadataCache,
    outcome: FetchOutcome,
    fetch: Callable[[PoliteHttp], SourceResult],
    missing_message: Callable[[str], str],
) -> None:
    """Ask one source for the keys in `need`; cache and record what it found, and what it did not know."""
    http = PoliteHttp(
        service=service,
        delay_seconds=settings.delay_for(default_delay),
        transport=settings.transport,
        read_timeout=settings.timeout(),
        on_retry=settings.on_retry,
    )
    try:
        result = fetch(http)
    finally:
        outcome.requests_sent += http.requests_sent
        http.close()
    for key, metadata in result.found.items():
        metadata.id = key
        cache.put(metadata)
        for paper_id in need[key]:
            outcome.found[paper_id] = metadata
    for key in result.missing:
        for paper_id in need[key]:
            outcome.failures[paper_id] = missing_message(key)
    for key, reason in result.failed.items():
        for paper_id in need[key]:
            outcome.failures[paper_id] = outcome.errors[paper_id] = reason
