"""`refresh --venues`: find where each preprint was published and report it as drift, or apply it.

A plain function over the catalog file, the venue services (injected as `lookup`) and the cache;
the CLI prints its outcome. Entries whose venue is already a venue (not arXiv, not empty) are not
asked unless `all_entries`; a venue written by hand is replaced only with `force`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from .. import store
from ..catalog import Catalog, Entry
from ..venues import VenueFinding, apply_findings, entry_keys, is_preprint_venue, judge_entry

@dataclass
class VenueRefreshOutcome:
    findings: list[VenueFinding] = field(default_factory=list)
    applied: list[VenueFinding] = field(default_factory=list)
    checked: int = 0
    already_published: int = 0  # entries with a venue, not asked (no --all)
    without_ids: int = 0
    failures: dict[str, str] = field(default_factory=dict)  # source -> why it failed
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


def venue_spellings(catalog: Catalog) -> dict[str, str]:
    """Lint's venue table (defaults, then the catalog's settings.lint.venues), lower-case keys."""
    from ..lint.config import DEFAULT_VENUES

    spellings = {key.lower(): value for key, value in DEFAULT_VENUES.items()}
    configured = catalog.settings.lint.get("venues") if isinstance(catalog.settings.lint, dict) else None
    if isinstance(configured, dict):
        spellings.update({str(key).lower(): str(value) for key, value in configured.items()})
    return spellings


def refresh_venues(
    catalog_path: Path,
    refs: list[str],
    *,
    lookup: Callable,
    all_entries: bool = False,
    apply: bool = False,
    force: bool = False,
    dry_run: bool = False,
    arxiv_title: Callable[[str], Optional[str]] = lambda arxiv_id: None,
) -> VenueRefreshOutcome:
    """Ask the venue services about the chosen entries; report findings, apply them if asked.

    `lookup(queries) -> VenueLookup` is find_published_versions bound to its settings;
    `arxiv_title(id)` gives arXiv's current title from the cache, for title matching.
    """
    from ..refs import resolve_entry
    from ..sources.venue_lookup import VenueQuery

    document = store.load(catalog_path)
    catalog = document.catalog
    outcome = VenueRefreshOutcome()
    if refs:
        entries = list({id(e): e for e in (resolve_entry(catalog, ref) for ref in refs)}.values())
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
    outcome.requests_sent = dict(result.requests_sent)
    not_cached = set(result.not_cached)
    spellings = venue_spellings(catalog)
    for entry, key in targets:
        if key in not_cached:
            outcome.not_cached.append(entry.id)
            continue
        title = arxiv_title(key.split(":", 1)[1]) if key.startswith("arxiv:") else None
        finding = judge_entry(entry, result.records.get(key, []), spellings, arxiv_title=title)
        if finding is not None:
            outcome.findings.append(finding)
    if apply and any(f.applicable and (force or not f.hand_written) for f in outcome.findings):
        update = store.update(catalog_path, lambda current: apply_findings(current, outcome.findings, force=force), known=document, dry_run=dry_run)
        outcome.applied = update.result
        outcome.diff = update.diff()
    return outcome
