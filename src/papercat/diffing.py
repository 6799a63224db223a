"""Unified diffs of large files in about linear time, as `git diff` prints them.

difflib's matcher looks for the longest common block between every pair of changed regions;
on a 10k-entry catalog with 20 edits spread over it that took tens of seconds, because most
lines (`venue: arXiv`, `year: 2023`) repeat thousands of times. Patience diffing (bzr, git
--patience) anchors on the lines that occur exactly once in both texts (an entry's `- id:`
line is one), keeps the longest run of anchors in the same order, and leaves only the short
gaps between them to difflib. The output is a valid unified diff of the same two texts.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Sequence

Opcode = tuple[str, int, int, int, int]


def unified_diff(old: str, new: str, fromfile: str, tofile: str, context: int = 3) -> str:
    """`difflib.unified_diff` of two texts, joined; fast on long texts with scattered edits."""
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    if a == b:
        return ""
    matcher = _AnchoredMatcher(a, b)
    lines: list[str] = []
    for group in matcher.get_grouped_opcodes(context):
        if not lines:
            lines.append(f"--- {fromfile}\n")
            lines.append(f"+++ {tofile}\n")
        first, last = group[0], group[-1]
        lines.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(" " + line for line in a[i1:i2])
                continue
            lines.extend("-" + line for line in a[i1:i2])
            lines.extend("+" + line for line in b[j1:j2])
    return "".join(lines)


def _range(start: int, stop: int) -> str:
    """A hunk's line range as unified diffs write it (difflib's _format_range_unified)."""
    beginning = start + 1
    length = stop - start
    if length == 1:
        return f"{beginning}"
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


def line_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """difflib-style opcodes turning lines `a` into lines `b`, found the fast way described above."""
    return _merge(_anchored_opcodes(a, b, 0, len(a), 0, len(b)))


class _AnchoredMatcher(difflib.SequenceMatcher[str]):
    """A SequenceMatcher whose opcodes come from patience anchors, difflib filling the gaps."""

    def __init__(self, a: Sequence[str], b: Sequence[str]):
        super().__init__(None, [], [], autojunk=False)  # its own index of b is never used
        self._old, self._new = a, b
        self._opcodes: list[Opcode] | None = None

    def get_opcodes(self) -> list[Opcode]:  # type: ignore[override]
        if self._opcodes is None:
            self._opcodes = line_opcodes(self._old, self._new)
        return self._opcodes


def _anchored_opcodes(a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int) -> list[Opcode]:
    # The common prefix and suffix first: most of a file is untouched.
    while a0 < a1 and b0 < b1 and a[a0] == b[b0]:
        a0 += 1
        b0 += 1
    while a1 > a0 and b1 > b0 and a[a1 - 1] == b[b1 - 1]:
        a1 -= 1
        b1 -= 1
    opcodes: list[Opcode] = [("equal", 0, a0, 0, b0)]
    i, j = a0, b0
    for ai, bj in _unique_common_in_order(a, b, a0, a1, b0, b1):
        opcodes.extend(_gap(a, b, i, ai, j, bj))
        opcodes.append(("equal", ai, ai + 1, bj, bj + 1))
        i, j = ai + 1, bj + 1
    opcodes.extend(_gap(a, b, i, a1, j, b1))
    opcodes.append(("equal", a1, len(a), b1, len(b)))
    return opcodes


def _gap(a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int) -> list[Opcode]:
    """Opcodes for a region between two anchors: difflib on it alone (it is short)."""
    if a0 == a1 and b0 == b1:
        return []
    if a0 == a1:
        return [("insert", a0, a1, b0, b1)]
    if b0 == b1:
        return [("delete", a0, a1, b0, b1)]
    if (a1 - a0) * (b1 - b0) > 4_000_000:  # a huge rewrite: one replacement rather than a slow search
        return [("replace", a0, a1, b0, b1)]
    matcher = difflib.SequenceMatcher(None, a[a0:a1], b[b0:b1], autojunk=False)
    return [(tag, i1 + a0, i2 + a0, j1 + b0, j2 + b0) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def _unique_common_in_order(a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int) -> list[tuple[int, int]]:
    """Lines that occur once in a[a0:a1] and once in b[b0:b1], the longest run of them in the same order."""
    count_a: dict[str, int] = {}
    where_a: dict[str, int] = {}
    for index in range(a0, a1):
        line = a[index]
        count_a[line] = count_a.get(line, 0) + 1
        where_a[line] = index
    count_b: dict[str, int] = {}
    where_b: dict[str, int] = {}
    for index in range(b0, b1):
        line = b[index]
        if count_a.get(line) == 1:
            count_b[line] = count_b.get(line, 0) + 1
            where_b[line] = index
    pairs = sorted((where_a[line], where_b[line]) for line, count in count_b.items() if count == 1)
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of (i, j) pairs (sorted by i) whose j also increase (patience sorting)."""
    tails: list[int] = []  # tails[k]: smallest j ending an increasing run of length k + 1
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(pairs)
    for position, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(position)
        else:
            tails[k] = j
            tail_index[k] = position
        previous[position] = tail_index[k - 1] if k else -1
    run: list[tuple[int, int]] = []
    position = tail_index[-1] if tail_index else -1
    while position >= 0:
        run.append(pairs[position])
        position = previous[position]
    return run[::-1]


def _merge(opcodes: list[Opcode]) -> list[Opcode]:
    """Adjacent opcodes of the same kind as one, and a delete next to an insert as a replace."""
    merged: list[Opcode] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if i1 == i2 and j1 == j2:
            continue
        if merged:
            last = merged[-1]
            if last[0] == tag or (last[0] != "equal" and tag != "equal"):
                kind = tag if last[0] == tag else "replace"
                merged[-1] = (kind, last[1], i2, last[3], j2)
                continue
        merged.append((tag, i1, i2, j1, j2))
    return merged or [("equal", 0, 0, 0, 0)]
