"""The catalog order that gives every absorbed section its README row order."""

from __future__ import annotations

import heapq

from ..catalog import Entry


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
