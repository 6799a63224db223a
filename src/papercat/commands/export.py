"""`export`: the catalog's entries as BibTeX, CSV or JSON, authors from the catalog or the cache.

Authors come from the entry's own `authors`, else from the metadata cache (what `add` and
`refresh` fetched), never from the network unless `fetch` is asked: then the ids of entries still
without authors are fetched (arXiv in batches, politely) and cached, and the catalog is not changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Optional

from ..catalog import Entry
from ..ids import PaperId
from ..workspace import Workspace
from .sources import Fetch, fetch_quietly, source_settings

if TYPE_CHECKING:
    from ..sources.metadata import PaperMetadata


@dataclass
class ExportRequest:
    format: str = "bibtex"  # one of papercat.export.FORMATS
    section: Optional[str] = None  # only entries in this section (or below it)
    fetch: bool = False  # fetch authors the catalog and the cache do not have
    offline: bool = False


@dataclass
class ExportOutcome:
    text: str
    count: int
    without_authors: list[str] = field(default_factory=list)  # entry ids exported with no author
    fetch_failures: list[str] = field(default_factory=list)  # one line per id that could not be fetched
    requests_sent: int = 0


def export_entries(workspace: Workspace, request: ExportRequest, *, fetch: Fetch = fetch_quietly) -> ExportOutcome:
    """The export text of the requested entries (nothing is written: the CLI prints or saves it)."""
    from .. import export, store
    from ..drift import refresh_key
    from ..errors import UsageError
    from ..sources.cache import MetadataCache

    if request.format not in export.FORMATS:
        raise UsageError(f"unknown export format '{request.format}'; choose one of {', '.join(export.FORMATS)}")
    catalog = store.load(workspace.catalog_path).catalog
    entries = export.entries_for(catalog, request.section)
    cache_dir = workspace.cache_dir(catalog)
    cache = MetadataCache(cache_dir) if cache_dir.is_dir() or request.fetch else None
    filled: dict[str, Entry] = {}
    keys: dict[str, PaperId] = {}
    for entry in entries:
        key = refresh_key(entry) if not entry.authors or not entry.category else None
        if cache is not None and key is not None:
            keys[entry.id] = key
            filled[entry.id] = _filled(entry, cache.get_paper(key))
        else:
            filled[entry.id] = entry
    outcome = ExportOutcome(text="", count=len(entries))
    missing = [entry_id for entry_id in keys if not filled[entry_id].authors]
    if request.fetch and missing:
        settings = source_settings(workspace, catalog, offline=request.offline)
        fetched = fetch(list(dict.fromkeys(keys[entry_id] for entry_id in missing)), settings)
        outcome.requests_sent = fetched.requests_sent
        outcome.fetch_failures = sorted(set(fetched.failures.values()))
        for entry_id in missing:
            filled[entry_id] = _filled(filled[entry_id], fetched.found.get(keys[entry_id]))
    exported = [filled[entry.id] for entry in entries]
    if request.format == "bibtex":
        outcome.text = export.to_bibtex(exported)
    elif request.format == "csv":
        outcome.text = export.to_csv(exported, catalog)
    else:
        outcome.text = export.to_json(exported, catalog)
    outcome.without_authors = [entry.id for entry in exported if not entry.authors]
    return outcome


def _filled(entry: Entry, metadata: Optional[PaperMetadata]) -> Entry:
    """A copy of the entry with the authors and arXiv category the metadata has and the entry lacks."""
    if metadata is None:
        return entry
    return replace(
        entry,
        authors=list(entry.authors) or list(metadata.authors),
        category=entry.category or (metadata.category if metadata.source == "arxiv" else None),
    )
