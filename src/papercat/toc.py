"""A table of contents kept as the list wrote it, in step with `papercat section` changes.

render keeps the list's own TOC while every anchor it links is on the page; a section added,
moved or removed would otherwise leave it stale (a new section missing, a moved one at its old
depth) or, with an anchor gone, written anew in papercat's style. So the section commands edit
the TOC's lines themselves: a removed section's lines go, a moved section's lines move with it
(re-indented by its change of depth), an added section gets a line like its neighbours', and a
link whose anchor changed (`#others-1` after a removal) is relinked. Lines that link no
section (the list's title, "Table of Contents") stay where they are.
"""

from __future__ import annotations

import re
from typing import Optional

from .catalog import Catalog, Section
from .cells import escape_text

_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])[ \t]+\[[^\]\n]*\]\(#(?P<anchor>[^)\s]*)\)")


def anchors_and_depths(catalog: Catalog) -> tuple[dict[str, str], dict[str, int]]:
    """What `follow_sections` needs from before the change: each section's anchor and depth."""
    from .render import section_anchors

    return section_anchors(catalog), {section.id: depth for depth, section in catalog.iter_sections()}


def follow_sections(catalog: Catalog, before: tuple[dict[str, str], dict[str, int]], placed: Optional[str] = None) -> None:
    """Bring the kept TOC in step after a section change; `placed` is the section added or moved."""
    page = catalog.layout
    if page is None or not page.toc:
        return
    from .render import section_anchors, visible_sections

    anchors_before, depths_before = before
    anchors = section_anchors(catalog)
    section_of = {anchor: section_id for section_id, anchor in anchors_before.items()}
    lines = page.toc.split("\n")
    owners = [section_of.get(found.group("anchor")) if (found := _LINE.match(line)) else None for line in lines]
    if not any(owners):
        return  # a TOC that links no section by papercat's anchors: not one to edit
    visible = visible_sections(catalog)
    depth_of = {section.id: depth for depth, section in visible}
    moving_ids = _subtree_ids(catalog, placed) if placed is not None else set()
    kept: list[tuple[Optional[str], str]] = []
    moving: list[tuple[Optional[str], str]] = []
    for owner, line in zip(owners, lines):
        if owner is not None and owner not in anchors:
            continue  # removed, or hidden now
        if owner is not None and owner in moving_ids:
            moving.append((owner, line))
            continue
        kept.append((owner, line))
    unit = _indent_unit(kept + moving, depths_before) or " " * page.toc_indent
    if placed is not None and placed in anchors:
        shift = depth_of.get(placed, 0) - depths_before.get(placed, depth_of.get(placed, 0))
        moving = [(owner, _reindented(line, shift, unit)) for owner, line in moving]
        at, indent, marker = _place(kept, visible, placed, unit, page.toc_marker)
        if not moving and placed not in anchors_before:
            section = catalog.section_by_id(placed)
            title = escape_text(section.title) if section is not None else placed
            moving = [(placed, f"{indent}{marker} [{title}](#{anchors[placed]})")]
        kept[at:at] = moving
    page.toc = "\n".join(_relinked(line, anchors_before.get(owner), anchors.get(owner)) if owner else line for owner, line in kept)


def _indent_unit(lines: list[tuple[Optional[str], str]], depths: dict[str, int]) -> str:
    """The indent one level deeper adds in this TOC, read off a parent's line and a child's."""
    seen: dict[int, int] = {}
    for owner, line in lines:
        found = _LINE.match(line)
        if owner is None or found is None or owner not in depths:
            continue
        width = len(found.group("indent").expandtabs(4))
        depth = depths[owner]
        if depth - 1 in seen and width > seen[depth - 1]:
            return " " * (width - seen[depth - 1])
        seen[depth] = width
    return ""


def _subtree_ids(catalog: Catalog, section_id: str) -> set[str]:
    section = catalog.section_by_id(section_id)
    return {sub.id for sub in section.walk()} if section is not None else set()


def _place(kept: list[tuple[Optional[str], str]], visible: list[tuple[int, Section]], placed: str, unit: str, marker: str) -> tuple[int, str, str]:
    """Where the placed section's lines go (after the line of the section just above it on the
    page), and the indent and marker a new line takes there."""
    order = [section.id for _, section in visible]
    depth_of = {section.id: depth for depth, section in visible}
    line_of = {owner: index for index, (owner, _) in enumerate(kept) if owner is not None}
    position = order.index(placed) if placed in order else len(order)
    for above in reversed(order[:position]):
        if above in line_of:
            found = _LINE.match(kept[line_of[above]][1])
            indent = found.group("indent") if found else ""
            shift = depth_of.get(placed, 0) - depth_of.get(above, 0)
            return line_of[above] + 1, _shifted(indent, shift, unit), found.group("marker") if found else marker
    first = min(line_of.values(), default=len(kept))
    found = _LINE.match(kept[first][1]) if first < len(kept) else None
    return first, found.group("indent") if found else "", found.group("marker") if found else marker


def _shifted(indent: str, shift: int, unit: str) -> str:
    if shift >= 0:
        return indent + unit * shift
    return indent[: max(0, len(indent) - len(unit) * -shift)]


def _reindented(line: str, shift: int, unit: str) -> str:
    if shift == 0:
        return line
    found = _LINE.match(line)
    indent = found.group("indent") if found else ""
    return _shifted(indent, shift, unit) + line[len(indent) :]


def _relinked(line: str, old: Optional[str], new: Optional[str]) -> str:
    if not old or not new or old == new:
        return line
    return line.replace(f"](#{old})", f"](#{new})", 1)
