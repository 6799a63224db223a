"""`refresh`: re-fetch entries' metadata and report (or apply) drift from the source."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Optional

from ..workspace import Workspace
from .sources import Fetch, fetch_quietly, source_settings

if TYPE_CHECKING:
    from ..drift import Drift
    from ..store import Update


@dataclass
class RefreshRequest:
    all_entries: bool = False
    apply: bool = False
    keep_going: bool = False  # with apply: apply the drift that was checked even when some sources failed
    offline: bool = False
    arxiv_api: Optional[str] = None
    crossref_api: Optional[str] = None


@dataclass
class LocatedDrift:
    where: str  # "catalog.yaml:12" (or the catalog's name when the line is unknown)
    drift: Drift


@dataclass
class RefreshOutcome:
    warnings: list[str] = field(default_factory=list)  # entries skipped or not fetched, in order
    drifts: list[LocatedDrift] = field(default_factory=list)
    checked: int = 0
    skipped: int = 0  # entries without an arXiv id or DOI
    applied: list[Drift] = field(default_factory=list)
    update: Optional[Update[list[Drift]]] = None  # set when --apply wrote something
    # Entries whose source could not be asked (network, server errors): "where: id: reason".
    failed: list[str] = field(default_factory=list)
    held_back: bool = False  # --apply wrote nothing because some entries could not be checked

    @property
    def exit_code(self) -> int:
        """2 when a source failed for some entry; else 1 when drift is left; else 0."""
        if self.failed:
            return 2
        return 1 if self.drift_left else 0

    @property
    def drift_left(self) -> bool:
        """Drift found and not applied: the command's exit code is 1."""
        return len(self.applied) < len(self.drifts)


def refresh_entries(workspace: Workspace, refs: list[str], request: RefreshRequest, *, fetch: Fetch = fetch_quietly) -> RefreshOutcome:
    """Compare the entries (or all with `all_entries`) with their source; with `apply`, copy the source's values."""
    from .. import store
    from ..drift import apply_drift, find_drift, refresh_key
    from ..errors import UsageError
    from ..identity import CatalogIndex
    from ..refs import resolve_entry

    catalog_path = workspace.catalog_path
    refs = list(refs)
    if request.all_entries == bool(refs):
        raise UsageError("give the entries to refresh (ids, arXiv ids, DOIs or titles) or --all, not both and not neither")
    document = store.load(catalog_path)
    catalog = document.catalog
    if request.all_entries:
        entries = catalog.entries
    else:
        index = CatalogIndex.of(catalog)  # one index for every REF
        entries = list({id(e): e for e in (resolve_entry(catalog, ref, index) for ref in refs)}.values())

    def where(entry_id: str) -> str:
        line = document.entry_line(entry_id)
        return f"{catalog_path}:{line}" if line else str(catalog_path)

    outcome = RefreshOutcome()
    targets = []
    for entry in entries:
        key = refresh_key(entry)
        if key is None:
            if not request.all_entries:
                outcome.warnings.append(f"{where(entry.id)}: {entry.id}: skipped: it has no arXiv id or DOI to refresh from")
            continue
        targets.append((entry, key))
    outcome.skipped = len(entries) - len(targets)
    # Refresh means "ask the source again": the cache is only the answer with --offline.
    settings = source_settings(workspace, catalog, offline=request.offline, arxiv_api=request.arxiv_api, crossref_api=request.crossref_api, use_cache=False)
    # One unreachable DOI must not hide the drift of every paper the sources did answer for.
    settings = replace(settings, keep_going=True)
    fetched = fetch(list(dict.fromkeys(key for _, key in targets)), settings)

    drifts = []
    for entry, key in targets:
        if key in fetched.errors:
            outcome.failed.append(f"{where(entry.id)}: {entry.id}: {fetched.errors[key]}")
            continue
        if key not in fetched.found:
            outcome.warnings.append(f"{where(entry.id)}: {entry.id}: {fetched.failures[key]}")
            continue
        drifts.extend(find_drift(entry, key, fetched.found[key]))
    outcome.drifts = [LocatedDrift(where(drift.entry_id), drift) for drift in drifts]
    outcome.checked = len(targets) - len(outcome.failed)
    if outcome.failed and not outcome.checked:
        # Nothing at all could be checked: that is an error of its own, not a partial report.
        from ..errors import SourceError

        first = next(iter(fetched.errors.values()))
        more = f" (and {len(outcome.failed) - 1} more entries)" if len(outcome.failed) > 1 else ""
        raise SourceError(f"{first}{more}; nothing was checked")

    if request.apply and outcome.failed and not request.keep_going:
        outcome.held_back = any(d.applicable for d in drifts)
    elif request.apply and any(d.applicable for d in drifts):
        update = store.update(catalog_path, lambda current: apply_drift(current, drifts), known=document)
        outcome.update = update
        outcome.applied = update.result
    return outcome
