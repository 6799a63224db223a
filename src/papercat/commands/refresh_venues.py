"""`refresh --venues`: find where each preprint was published and report it as drift, or apply it.

A plain function over the catalog file, the venue services (injected as `lookup`) and the cache;
the CLI prints its outcome. Entries whose venue is already a venue (not arXiv, not empty) are not
asked unless `all_entries`; a venue written by hand is replaced only with `force`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Optional

from .. import store
from ..catalog import Catalog, Entry
from ..venues import VenueFinding, apply_findings, entry_keys, is_preprint_venue, judge_entry
from ..workspace import Workspace

if TYPE_CHECKING:
    from ..sources.venue_lookup import VenueLookup, VenueQuery


@dataclass
class VenueRefreshOutcome:
    findings: list[VenueFinding] = field(default_factory=list)
    applied: list[VenueFinding] = field(default_factory=list)
    checked: int = 0
    already_published: int = 0  # entries with a venue, not asked (no --all)
    without_ids: int = 0
    failures: dict[str, str] = field(default_factory=dict)  # source -> why it failed
    skipped: dict[str, str] = field(default_factory=dict)  # source -> why it was not asked (no API key)
    not_cached: list[str] = field(default_factory=list)  # entry ids with no cached answer (--offline)
    requests_sent: dict[str, int] = field(default_factory=dict)
    diff: str = ""
    lines: dict[str, int] = field(default_factory=dict)  # entry id -> line in the catalog

    @property
    def changes(self) -> list[VenueFinding]:
        return [f for f in self.findings if f.applicable]

    @property
    def ambiguous(self) -> list[VenueFinding]:
        return [f for f in self.findings if f.problem]


def venue_spellings(catalog: Catalog, pyproject_settings: Optional[dict[str, Any]] = None) -> dict[str, str]:
    """Lint's venue table (defaults, then pyproject's, then the catalog's `venues`), lower-case keys."""
    from ..lint.config import DEFAULT_VENUES

    spellings = {key.lower(): value for key, value in DEFAULT_VENUES.items()}
    for layer in (pyproject_settings, catalog.settings.lint):
        configured = layer.get("venues") if isinstance(layer, dict) else None
        if isinstance(configured, dict):
            spellings.update({str(key).lower(): str(value) for key, value in configured.items()})
    return spellings


@dataclass
class VenueRefreshRequest:
    all_entries: bool = False  # also entries whose venue is already a venue
    apply: bool = False
    force: bool = False  # with apply: also replace venues written by hand
    dry_run: bool = False  # with apply: compute the diff, write nothing
    offline: bool = False  # the cache only


def refresh_venues(
    workspace: Workspace,
    refs: list[str],
    request: VenueRefreshRequest,
    *,
    lookup: Optional[Callable[[list[VenueQuery]], VenueLookup]] = None,
) -> VenueRefreshOutcome:
    """Ask the venue services about the chosen entries; report findings, apply them if asked.

    `lookup(queries) -> VenueLookup` defaults to papercat.sources.venue_lookup.find_published_versions
    over the workspace's cache folder; tests and library users may pass their own.
    """
    from ..identity import CatalogIndex
    from ..refs import resolve_entry
    from ..sources.cache import MetadataCache
    from ..sources.venue_lookup import VenueQuery

    document = store.load(workspace.catalog_path)
    catalog = document.catalog
    all_entries, apply, force, dry_run = request.all_entries, request.apply, request.force, request.dry_run
    cache_dir = workspace.cache_dir(catalog)
    if lookup is None:
        from ..sources.fetch import SourceSettings
        from ..sources.venue_lookup import VenueSettings, find_published_versions

        settings = VenueSettings(sources=SourceSettings(cache_dir=cache_dir, offline=request.offline))
        lookup = lambda queries: find_published_versions(queries, settings)  # noqa: E731
    arxiv_title = MetadataCache(cache_dir).arxiv_title
    outcome = VenueRefreshOutcome()
    if refs:
        index = CatalogIndex.of(catalog)  # one index for every REF, as refresh builds it
        entries = list({id(e): e for e in (resolve_entry(catalog, ref, index) for ref in refs)}.values())
    else:
        entries = list(catalog.entries)
    targets: list[tuple[Entry, str]] = []
    for entry in entries:
        keys = entry_keys(entry)
        if not keys:
            outcome.without_ids += 1
            continue
        if not refs and not all_entries and not is_preprint_venue(entry.venue):
            outcome.already_published += 1
            continue
        targets.append((entry, keys[0]))
    outcome.checked = len(targets)
    outcome.lines = {entry.id: document.entry_line(entry.id) or 0 for entry, _ in targets}
    if not targets:
        return outcome
    result = lookup([VenueQuery(key, entry.title) for entry, key in targets])
    outcome.failures = dict(result.failures)
    outcome.skipped = dict(getattr(result, "skipped", {}))
    outcome.requests_sent = dict(result.requests_sent)
    not_cached = set(result.not_cached)
    spellings = venue_spellings(catalog, workspace.pyproject_lint_settings)
    for entry, key in targets:
        if key in not_cached:
            outcome.not_cached.append(entry.id)
            continue
        title = arxiv_title(key.split(":", 1)[1]) if key.startswith("arxiv:") else None
        finding = judge_entry(entry, result.records.get(key, []), spellings, arxiv_title=title)
        if finding is not None:
            outcome.findings.append(finding)
    if apply and any(f.applicable and (force or not f.hand_written) for f in outcome.findings):
        update = store.update(workspace.catalog_path, lambda current: apply_findings(current, outcome.findings, force=force), known=document, dry_run=dry_run)
        outcome.applied = update.result
        outcome.diff = update.diff()
    return outcome
