"""The catalog order that gives every absorbed section its README row order."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..catalog import Catalog, Entry, make_entry_id
from .report import AbsorbReport, Finding


@dataclass
class Split:
    """A copy of an entry made to hold its row in one section (`original` keeps the others)."""

    original: str
    copy: Entry
    section: str


def order_splitting_crossed(
    catalog: Catalog, floating: set[str], wanted: dict[str, list[str]], new_id: Callable[[Entry], str]
) -> tuple[list[Entry], list[Split], list[str]]:
    """Catalog order giving every section its README row order. A paper whose rows two sections
    list in opposite orders cannot be one entry: its rows in its later sections become entries
    of their own (as import makes them), added to the catalog, and the order is worked out
    again. Returns the order, the copies made, and the ids still in no order."""
    splits: list[Split] = []
    entries, stuck = order_entries(catalog.entries, floating, wanted)
    for _ in range(3):
        # The sections whose rows name an entry: those it is filed in, and those the README
        # lists it in (a new paper's later rows, before it is filed there).
        listed = {
            entry.id: list(dict.fromkeys([*entry.sections, *(s for s, ids in wanted.items() if entry.id in ids)]))
            for entry in catalog.entries
            if entry.id in set(stuck)
        }
        shared = [entry for entry in catalog.entries if len(listed.get(entry.id, ())) > 1]
        if not shared:
            break
        for entry in shared:
            for section in listed[entry.id][1:]:
                copy = replace(entry, id=new_id(entry), sections=[section], aliases=[])
                catalog.entries.append(copy)
                floating.add(copy.id)
                ids = wanted.get(section, [])
                if entry.id in ids:
                    ids[ids.index(entry.id)] = copy.id
                splits.append(Split(entry.id, copy, section))
            # a new object: the entries may be the caller's (absorb never changes what it was handed)
            at = next(i for i, e in enumerate(catalog.entries) if e.id == entry.id)
            catalog.entries[at] = replace(entry, sections=listed[entry.id][:1])
        entries, stuck = order_entries(catalog.entries, floating, wanted)
    return entries, splits, stuck


def order_entries(entries: list[Entry], floating: set[str], wanted: dict[str, list[str]]) -> tuple[list[Entry], list[str]]:
    """Entries in an order where every absorbed section lists its rows as the README does, and the
    ids no such order can place (rows two sections list in opposite orders), kept in catalog order.

    Catalog order is the row order of every section, so this is a topological sort of the
    README's row sequences with the catalog's old order breaking ties: nothing moves that
    need not, and a `floating` (new or re-filed) entry sits between the rows above and below it.
    """
    by_id = {entry.id: entry for entry in entries}
    position = {entry.id: float(number) for number, entry in enumerate(entries) if entry.id not in floating}
    for sequence in wanted.values():
        ids = [entry_id for entry_id in sequence if entry_id in by_id]
        for offset, entry_id in enumerate(ids):
            if entry_id in position:
                continue
            before = next((position[i] for i in reversed(ids[:offset]) if i in position), None)
            after = next((position[i] for i in ids[offset + 1 :] if i in position), None)
            if before is not None and after is not None:
                position[entry_id] = (before + after) / 2
            elif before is not None:
                position[entry_id] = before + 0.5
            elif after is not None:
                position[entry_id] = after - 0.5
            else:
                position[entry_id] = len(entries) + 0.5
    for entry_id in by_id:
        position.setdefault(entry_id, float(len(entries)))
    edges: dict[str, set[str]] = {}
    indegree = dict.fromkeys(by_id, 0)
    for sequence in wanted.values():
        ids = [entry_id for entry_id in sequence if entry_id in by_id]
        for before_id, after_id in zip(ids, ids[1:]):
            if after_id not in edges.setdefault(before_id, set()):
                edges[before_id].add(after_id)
                indegree[after_id] += 1
    heap = [(position[entry_id], entry_id) for entry_id, degree in indegree.items() if degree == 0]
    heapq.heapify(heap)
    result: list[str] = []
    while heap:
        _, entry_id = heapq.heappop(heap)
        result.append(entry_id)
        for after_id in edges.get(entry_id, ()):
            indegree[after_id] -= 1
            if indegree[after_id] == 0:
                heapq.heappush(heap, (position[after_id], after_id))
    stuck: list[str] = []
    if len(result) < len(by_id):
        done = set(result)
        stuck = sorted((entry_id for entry_id in by_id if entry_id not in done), key=position.__getitem__)
        result.extend(stuck)
    return [by_id[entry_id] for entry_id in result], stuck


class CrossedRows:
    """The planner's part that orders entries, splitting rows two sections list in opposite orders."""

    taken: set[str]
    row_at: dict[tuple[str, str], Entry]
    pairs: dict[str, tuple[Entry, Entry | None, int]]

    def _ordered(self, catalog: Catalog, floating: set[str], wanted: dict[str, list[str]], report: AbsorbReport) -> list[Entry]:
        """Catalog order giving every section its README row order (see order.order_splitting_crossed)."""

        def new_id(entry: Entry) -> str:
            self.taken.add(entry_id := make_entry_id(entry.title, entry.year, self.taken))
            return entry_id

        entries, splits, stuck = order_splitting_crossed(catalog, floating, wanted, new_id)
        for split in splits:
            written = self.row_at.get((split.original, split.section))
            if written is not None:
                self.pairs[split.copy.id] = (written, None, 0)
                _take_row_fields(split.copy, written)
            remaining = next((e for e in catalog.entries if e.id == split.original), None)
            first = self.row_at.get((split.original, remaining.sections[0])) if remaining is not None and remaining.sections else None
            if first is not None and split.original in self.pairs:
                self.pairs[split.original] = (first, *self.pairs[split.original][1:])
            report.changes.append(
                Finding(
                    1,
                    f"'{split.original}': rows in opposite orders in two sections -> its row in '{split.section}' is now entry '{split.copy.id}' (`papercat dedupe` lists the pair)",
                )
            )
        if stuck:
            report.unmapped.append(Finding(1, f"rows of {', '.join(stuck[:3])} are in opposite orders in two sections; kept the catalog's order for them"))
        return entries


def _take_row_fields(copy: Entry, written: Entry) -> None:
    """A split-off entry says what its own row says (as import would read that row), not what
    the paper's first row says: the two rows are in the README with other cells."""
    from .rows import ROW_FIELDS, entry_from_row, paper_id_of

    own = entry_from_row(written, copy.sections[0], paper_id_of(written.url), None)
    for name in (*ROW_FIELDS, "arxiv", "doi"):
        setattr(copy, name, getattr(own, name))
