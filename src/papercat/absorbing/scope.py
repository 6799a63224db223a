"""Only the parts of two READMEs that differ, for absorbing a large list quickly.

Reading a 10k-row README with the importer takes most of a second, and absorb reads two (the
contributor's README and the catalog's render). A pull request touches a few sections; the
others are the same text on both sides and cannot hold a change. So on a large list both are
cut down to every heading (the section tree stays whole) plus the preamble and the body of each
section whose text differs, and read as such; `origin` maps each line of a cut-down text back
to its line in the full one, so every finding still names the README's own line.

Only ATX (`#`) headings outside code fences are cut at; a text that may hold a setext heading
(a line of `===` or `---` under a paragraph) is read whole, as is anything else in doubt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalog import Catalog
from ..diffing import line_opcodes
from ..importer import ImportResult, import_readme

_ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
# A table of contents is recognised by its body (lists of #anchor links): it is always read.
_TABLE_OF_CONTENTS = re.compile(r"(?i)^ {0,3}#{1,6}\W*(?:table of contents?|contents?|toc)\W*$")


@dataclass
class Scoped:
    """A cut-down text and, per line of it, the 0-based line of the full text it came from."""

    text: str
    origin: list[int]

    def line(self, scoped_line: int) -> int:
        """The full text's 1-based line for a 1-based line of the cut-down one."""
        if 1 <= scoped_line <= len(self.origin):
            return self.origin[scoped_line - 1] + 1
        return scoped_line

    def lines_of(self, result: ImportResult) -> ImportResult:
        """`result` (read from this cut-down text) with every line number the full text's."""
        result.section_lines = {key: self.line(line) for key, line in result.section_lines.items()}
        result.entry_lines = {key: self.line(line) for key, line in result.entry_lines.items()}
        for problem in result.problems:
            problem.line = self.line(problem.line)
        return result


def heading_lines(lines: list[str]) -> list[int] | None:
    """0-based lines of the ATX headings outside code fences; None when setext headings may be present."""
    found: list[int] = []
    fence = ""
    previous_blank = True
    for number, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
        elif _ATX.match(line):
            found.append(number)
        elif _SETEXT_UNDERLINE.match(line) and not previous_blank and not lines[number - 1].lstrip().startswith(("|", "-", "*", "+")):
            return None
        previous_blank = not line.strip()
    return found


def scoped_pair(rendered: str, readme: str) -> tuple[Scoped, Scoped] | None:
    """The render and the README cut down to their headings and the sections that differ, or None."""
    ours_lines = rendered.split("\n")
    theirs_lines = readme.split("\n")
    ours_headings = heading_lines(ours_lines)
    theirs_headings = heading_lines(theirs_lines)
    if not ours_headings or not theirs_headings:
        return None
    ours_marked: set[int] = set()
    theirs_marked: set[int] = set()
    same_line: dict[int, int] = {}  # ours line -> theirs line, where the texts agree
    for tag, i1, i2, j1, j2 in line_opcodes(ours_lines, theirs_lines):
        if tag == "equal":
            same_line.update(zip(range(i1, i2), range(j1, j2)))
            continue
        # Generous on purpose: the lines next to a change may belong to the section before it.
        ours_marked.update(range(max(i1 - 1, 0), i2 + 1))
        theirs_marked.update(range(max(j1 - 1, 0), j2 + 1))
    ours_chunks = _chunks(ours_headings, len(ours_lines))
    theirs_chunks = _chunks(theirs_headings, len(theirs_lines))
    ours_changed = {k for k, (start, stop) in enumerate(ours_chunks) if any(n in ours_marked for n in range(start, stop))}
    theirs_changed = {k for k, (start, stop) in enumerate(theirs_chunks) if any(n in theirs_marked for n in range(start, stop))}
    # A section changed on one side is read on both: its heading line, where it agrees, says which.
    theirs_by_heading = {start: k for k, (start, _) in enumerate(theirs_chunks)}
    for k, (start, _) in enumerate(ours_chunks):
        partner = theirs_by_heading.get(same_line.get(start, -1))
        if partner is None:
            continue
        if k in ours_changed:
            theirs_changed.add(partner)
        elif partner in theirs_changed:
            ours_changed.add(k)
    return _cut(ours_lines, ours_chunks, ours_changed), _cut(theirs_lines, theirs_chunks, theirs_changed)


def _chunks(headings: list[int], length: int) -> list[tuple[int, int]]:
    """(start, stop) of the preamble (chunk 0, maybe empty) and of each heading's section."""
    starts = [0, *headings]
    stops = [*headings, length]
    return list(zip(starts, stops))


def _cut(lines: list[str], chunks: list[tuple[int, int]], changed: set[int]) -> Scoped:
    """The preamble, every heading, and the whole of the changed sections and of a table of contents."""
    kept: list[int] = []
    for k, (start, stop) in enumerate(chunks):
        if k == 0 or k in changed or _TABLE_OF_CONTENTS.match(lines[start]):
            kept.extend(range(start, stop))
        else:
            kept.append(start)  # the heading alone: the section tree stays whole
    return Scoped("\n".join(lines[number] for number in kept), kept)


def import_both(catalog: Catalog, rendered: str, readme_text: str, readme_name: str, scope_from: int) -> tuple[ImportResult, ImportResult]:
    """Both READMEs read with the importer. From `scope_from` entries on only the sections that
    differ are read; when what is left is still large (an edit in every section), the render is
    read in a forked child on a second core while this process reads the README (the two reads
    are most of absorb's time)."""
    from ..lint.background import MIN_ENTRIES_TO_FORK, Background, can_fork

    scoped = scoped_pair(rendered, readme_text) if len(catalog.entries) >= scope_from else None
    ours_text, theirs_text = (scoped[0].text, scoped[1].text) if scoped is not None else (rendered, readme_text)
    if min(ours_text.count("\n"), len(catalog.entries)) < MIN_ENTRIES_TO_FORK or not can_fork():
        ours, theirs = import_readme(ours_text, readme_name), import_readme(theirs_text, readme_name)
    else:
        background = Background([lambda: import_readme(ours_text, readme_name)])
        theirs = import_readme(theirs_text, readme_name)
        (ours,) = background.results()
    if scoped is not None:
        return scoped[0].lines_of(ours), scoped[1].lines_of(theirs)
    return ours, theirs
