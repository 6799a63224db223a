"""A preprint and its published version listed as two entries: found from what Semantic Scholar said.

`refresh --venues` caches, per entry, the ids Semantic Scholar lists for the same paper (its
`externalIds`: arXiv, DOI, ACL Anthology). An arXiv entry whose record names the DOI or ACL id
another entry links to (or the other way round) is the same paper under two links: dedupe reports
the pair with that evidence. Only these by-id lookups count, not title searches. Nothing is fetched:
with no cache, there are no twins and dedupe behaves as before.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Callable, Iterable

from .catalog import Catalog
from .sources.published import SEMANTIC_SCHOLAR, PublishedRecord
from .venues import entry_keys

if TYPE_CHECKING:
    from pathlib import Path

ACL_DOI_PREFIX = "10.18653/v1/"


def equivalent_keys(key: str) -> list[str]:
    """A key and its other spellings: an ACL Anthology id is also the DOI 10.18653/v1/<id>."""
    kind, _, value = key.partition(":")
    if kind == "acl":
        return [key, f"doi:{ACL_DOI_PREFIX}{value.lower()}"]
    if kind == "doi" and value.startswith(ACL_DOI_PREFIX):
        return [key, f"acl:{value[len(ACL_DOI_PREFIX) :]}"]
    return [key]


def _describe(key: str) -> str:
    kind, _, value = key.partition(":")
    return {"arxiv": "arXiv", "doi": "DOI", "acl": "ACL"}[kind] + f" {value}"


def record_keys(record: PublishedRecord) -> list[str]:
    keys = []
    if record.arxiv:
        keys.append(f"arxiv:{record.arxiv}")
    if record.acl:
        keys.append(f"acl:{record.acl.lower()}")
    if record.doi:
        keys.append(f"doi:{record.doi.lower()}")
    return keys


def published_twins(catalog: Catalog, records_for: Callable[[str], Iterable[PublishedRecord]]) -> list[tuple[str, str, str]]:
    """(entry id, twin entry id, evidence) for entries a Semantic Scholar record says are one paper.

    `records_for(key)` gives the cached records of a lookup key (`arxiv:...`, `doi:...`, `acl:...`).
    """
    owners: dict[str, list[str]] = defaultdict(list)
    keys_of: dict[str, list[str]] = {}
    for entry in catalog.entries:
        keys = entry_keys(entry)
        keys_of[entry.id] = keys
        for key in keys:
            for same in equivalent_keys(key):
                owners[same].append(entry.id)
    pairs: dict[tuple[str, str], str] = {}
    for entry_id, keys in keys_of.items():
        own = {same for key in keys for same in equivalent_keys(key)}
        for key in keys:
            for record in records_for(key):
                if record.source != SEMANTIC_SCHOLAR or not record.found:
                    continue
                for other_key in record_keys(record):
                    if other_key in own:
                        continue
                    for other_id in owners.get(other_key, []):
                        if other_id == entry_id:
                            continue
                        pair = (entry_id, other_id) if entry_id < other_id else (other_id, entry_id)
                        pairs.setdefault(pair, f"Semantic Scholar lists {_describe(key)} as {_describe(other_key)}")
    return [(a, b, detail) for (a, b), detail in pairs.items()]


def cached_twin_records(cache_dir: Path | str) -> Callable[[str], list[PublishedRecord]]:
    """`records_for` over the cache: lists the Semantic Scholar folder once, reads only files that exist."""
    from .sources.cache import MetadataCache

    cache = MetadataCache(cache_dir)
    present = cache.keys(SEMANTIC_SCHOLAR)

    def records_for(key: str) -> list[PublishedRecord]:
        record = cache.get_record(SEMANTIC_SCHOLAR, key) if key in present else None
        return [record] if record is not None else []

    return records_for
