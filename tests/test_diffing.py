"""papercat.diffing: unified diffs that apply back to the new text, quickly on big catalogs."""

from __future__ import annotations

import difflib
import re

from hypothesis import given
from hypothesis import strategies as st

from papercat.diffing import unified_diff

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def apply(old: str, diff: str) -> str:
    """Apply a unified diff to `old` (enough of `patch` for these tests)."""
    source = old.splitlines(keepends=True)
    result: list[str] = []
    position = 0
    lines = diff.splitlines(keepends=True)[2:]
    for line in lines:
        found = HUNK.match(line)
        if found:
            start = int(found.group(1)) - (0 if found.group(2) == "0" else 1)
            result.extend(source[position:start])
            position = start
        elif line.startswith(" "):
            assert source[position] == line[1:]
            result.append(line[1:])
            position += 1
        elif line.startswith("-"):
            assert source[position] == line[1:]
            position += 1
        elif line.startswith("+"):
            result.append(line[1:])
    result.extend(source[position:])
    return "".join(result)


texts = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "  venue: arXiv\n", "  - id: x\n", "  - id: y\n", "z\n"]), max_size=30).map("".join)


@given(texts, texts)
def test_the_diff_turns_the_old_text_into_the_new(old, new):
    diff = unified_diff(old, new, "a/f", "b/f")
    assert (diff == "") == (old == new)
    if diff:
        assert diff.startswith("--- a/f\n+++ b/f\n@@ ")
        assert apply(old, diff) == new


def test_a_small_edit_reads_as_difflib_writes_it():
    old = "".join(f"  - id: e{i}\n    venue: arXiv\n" for i in range(50))
    new = old.replace("  - id: e20\n    venue: arXiv\n", "  - id: e20\n    venue: ICLR\n")
    expected = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "a/f", "b/f"))
    assert unified_diff(old, new, "a/f", "b/f") == expected


def test_scattered_edits_in_a_large_file_are_all_shown():
    old = "".join(f"  - id: e{i}\n    title: Paper {i}\n    venue: arXiv\n    year: 2023\n" for i in range(10_000))
    new = old
    for i in range(0, 10_000, 500):
        new = new.replace(f"    title: Paper {i}\n", f"    title: Paper {i} (edited)\n", 1)
    diff = unified_diff(old, new, "a/f", "b/f")
    assert diff.count("(edited)") == 20
    assert apply(old, diff) == new
