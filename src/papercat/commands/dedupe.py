"""`dedupe`: find duplicate entries and conflicting links; `merge_duplicates` merges the groups."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Optional, Union

from ..catalog import Catalog, Entry
from ..workspace import Workspace

if TYPE_CHECKING:
    from ..dedupe import DedupeReport
    from ..store import Document, Update


@dataclass
class Findings:
    document: Document
    report: DedupeReport


def find_duplicates_in(workspace: Workspace, threshold: Optional[float] = None) -> Findings:
    """Load the catalog and find its duplicate groups and conflicts (titles the cache knows help)."""
    from .. import store
    from ..dedupe import DEFAULT_THRESHOLD, find_duplicates

    document = store.load(workspace.catalog_path)
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    report = find_duplicates(
        document.catalog, threshold=threshold, metadata=known_titles(workspace, document.catalog), twins=cached_twins(workspace, document.catalog)
    )
    return Findings(document, report)


def cached_twins(workspace: Workspace, catalog: Catalog) -> list[tuple[str, str, str]]:
    """Preprint/published pairs the cache's Semantic Scholar records name (from `refresh --venues`); never fetches."""
    from ..twins import cached_twin_records, published_twins

    directory = workspace.cache_dir(catalog)
    if not (directory / "semantic_scholar").is_dir():
        return []
    return published_twins(catalog, cached_twin_records(directory))


def known_titles(workspace: Workspace, catalog: Catalog) -> Optional[Callable[[str], Optional[str]]]:
    """Titles the metadata cache knows by arXiv id (from earlier `add`/`refresh`); never fetches."""
    from ..sources.cache import MetadataCache

    directory = workspace.cache_dir(catalog)
    if not directory.is_dir():
        return None
    return MetadataCache(directory).arxiv_title


@dataclass
class Proposal:
    """One group about to be merged: into which entry, dropping which, and (when asking) its diff."""

    number: int
    merged: Entry
    dropped: list[str]
    diff: str = ""  # only computed when a person is asked


@dataclass
class NotMerged:
    """A group that cannot be merged (its entries disagree in a way a merge cannot settle)."""

    number: int
    reason: str


@dataclass
class Stale:
    """A group re-checked under the lock: its entries changed since the plan, or its merge is already done."""

    number: int
    already_merged: bool
    reason: str
    warning: bool = False  # not about one group: said of the whole merge (a section's rows reordered)


MergeEvent = Union[Proposal, NotMerged, Stale]


def reordered_sections(before: dict[str, list[str]], catalog: Catalog) -> list[str]:
    """The hand-ordered sections whose rows (`before`: placing.rows_as_written before the merge)
    stand in another order in `catalog` now."""
    from ..placing import rows_as_written

    after = rows_as_written(catalog, {})
    return [section_id for section_id, ids in before.items() if after.get(section_id, ids) != ids]


@dataclass
class MergeOutcome:
    accepted: list[list[str]] = field(default_factory=list)  # entry ids per group accepted from the plan
    merged: int = 0  # groups merged (or, in a dry run, that would be) after the check under the lock
    skipped: int = 0  # groups refused, declined, or changed since the plan
    conflicts: int = 0  # never merged automatically
    update: Optional[Update[list[Stale]]] = None
    dry_run: bool = False

    @property
    def left(self) -> int:
        """Findings still in the catalog afterwards (a dry run leaves every group): 0 means exit 0."""
        return self.skipped + self.conflicts + (self.merged if self.dry_run else 0)


def merge_duplicates(
    document: Document,
    report: DedupeReport,
    *,
    confirm: Optional[Callable[[Proposal], bool]] = None,
    notify: Callable[[MergeEvent], None] = lambda event: None,
    dry_run: bool = False,
) -> MergeOutcome:
    """Walk the groups, collect the accepted ones, write them all at once.

    `notify` hears of every group first (proposed or not mergeable); with `confirm`, each
    proposal carries its own diff and is merged only if confirm says yes. Without it every
    group is accepted, and a dry run shows one diff of the whole run (per-group diffs cost a
    full plan each: slow at 100k).
    """
    from .. import store
    from ..edits import merge_groups, merged_entry
    from ..errors import RefusedError
    from ..identity import CatalogIndex
    from ..placing import rows_as_written

    index = CatalogIndex.of(document.catalog)
    outcome = MergeOutcome(conflicts=len(report.conflicts), dry_run=dry_run)
    planned_catalog, planned_text = document.catalog, document.text  # the merges accepted so far
    for number, group in enumerate(report.duplicates, 1):
        entries = [document.catalog.entries[index.positions[entry_id]] for entry_id in group.entries]
        try:
            merged = merged_entry(entries)
        except RefusedError as error:
            notify(NotMerged(number, error.message))
            outcome.skipped += 1
            continue
        proposal = Proposal(number, merged, [entry_id for entry_id in group.entries if entry_id != merged.id])
        if confirm is not None:
            _, candidate, _ = merge_groups(store.clone_catalog(planned_catalog), [group.entries])  # groups are disjoint
            candidate_text = store.preview(document, candidate)
            proposal.diff = store.unified_diff(planned_text, candidate_text, document.path.name)
            notify(proposal)
            if not confirm(proposal):
                outcome.skipped += 1
                continue
            planned_catalog, planned_text = candidate, candidate_text
        else:
            notify(proposal)
        outcome.accepted.append(group.entries)

    planned = {tuple(group.entries): number for number, group in enumerate(report.duplicates, 1)}
    seen = {entry.id: entry for group in outcome.accepted for entry in (document.catalog.entries[index.positions[i]] for i in group)}

    def merge_all(catalog: Catalog) -> tuple[Catalog, list[Stale]]:
        # Under the lock: the file may have changed since the groups were found (another
        # merge, an edit, the time spent answering questions). Merge only groups whose
        # entries are exactly as planned.
        current = {entry.id: entry for entry in catalog.entries}
        still, stale = [], []
        for group in outcome.accepted:
            number = planned[tuple(group)]
            if all(current.get(entry_id) == seen[entry_id] for entry_id in group):
                still.append(group)
                continue
            stale.append(_why_stale(number, group, current, seen))
        if still:
            before = rows_as_written(catalog, {dropped: group[0] for group in still for dropped in group[1:]})
            _, catalog, _ = merge_groups(catalog, still)
            moved = reordered_sections(before, catalog)
            if moved:
                shown = ", ".join(f"'{section_id}'" for section_id in moved)
                reason = (
                    f"the merges change the row order of {shown}: merged papers stand there in another order than elsewhere, "
                    "and one catalog order serves every section; check the README's diff"
                )
                stale.append(Stale(0, True, reason, warning=True))
        return catalog, stale

    if outcome.accepted:
        outcome.update = store.update(document.path, merge_all, dry_run=dry_run, known=document)
        groups_left = [event for event in outcome.update.result if not event.warning]
        for event in outcome.update.result:
            notify(event)
            if not event.already_merged:
                outcome.skipped += 1
        outcome.merged = len(outcome.accepted) - len(groups_left)
    return outcome


def _why_stale(number: int, group: list[str], current: dict[str, Entry], seen: dict[str, Entry]) -> Stale:
    """Already merged (the first entry is the merged one, the others are gone), or changed meanwhile."""
    from ..edits import merged_entry

    merged = merged_entry([seen[entry_id] for entry_id in group])
    survivors = [entry_id for entry_id in group if entry_id in current]
    if survivors == [merged.id] and current[merged.id] == merged:
        return Stale(number, True, f"group {number} was already merged into '{merged.id}' (by another papercat run); nothing to do")
    changed = [entry_id for entry_id in group if current.get(entry_id) != seen[entry_id]]
    gone = [entry_id for entry_id in changed if entry_id not in current]
    what = f"{', '.join(gone)} no longer in the catalog" if gone else f"{', '.join(changed)} changed"
    return Stale(number, False, f"group {number} not merged: {what} since the groups were found; run `papercat dedupe` again")
