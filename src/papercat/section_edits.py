"""Pure catalog transformations behind `papercat section ...`: add, rename, move, remove, order.

Each takes a Catalog (which it may change: the store hands it a copy) and returns the new
Catalog and a one-line summary. Nothing here touches a file or the terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

from .catalog import SECTION_ID_RE, SECTION_ORDERS, TABLE_KINDS, Catalog, Entry, Section, ascii_words, unique_slug
from .edits import sections_hint
from .errors import NotFoundError, RefusedError, UsageError
from .placing import hand_over_text, hand_over_text_after
from .render import heading_level
from .tables import Layout
from .text import closest_match, collapse_whitespace
from .toc import anchors_and_depths, follow_sections
from .untrusted import clean

# --- finding sections --------------------------------------------------------------


def find_section(catalog: Catalog, ref: str) -> Section:
    """The section `ref` names: its id, or its title (case and spacing ignored)."""
    text = (ref or "").strip()
    found = catalog.section_by_id(text)
    if found is not None:
        return found
    wanted = collapse_whitespace(text).casefold()
    by_title = [section for _, section in catalog.iter_sections() if collapse_whitespace(section.title).casefold() == wanted]
    if len(by_title) == 1:
        return by_title[0]
    if len(by_title) > 1:
        raise UsageError(f"several sections are titled '{text}' ({', '.join(s.id for s in by_title)}); give the id")
    close = closest_match(text, catalog.section_ids())
    hint = f"did you mean '{close}'? " if close else ""
    raise NotFoundError(f"section '{text}' does not exist; {hint}{sections_hint(catalog, text if SECTION_ID_RE.fullmatch(text) else '')}")


@dataclass
class _Place:
    """Where a section sits: the list holding it (the top level or a parent's children) and its parent."""

    siblings: list[Section]
    parent: Optional[Section]


def _place_of(catalog: Catalog, section_id: str) -> _Place:
    def search(siblings: list[Section], parent: Optional[Section]) -> Optional[_Place]:
        for section in siblings:
            if section.id == section_id:
                return _Place(siblings, parent)
            found = search(section.children, section)
            if found:
                return found
        return None

    found = search(catalog.sections, None)
    if found is None:
        raise NotFoundError(f"section '{section_id}' does not exist")
    return found


def _descendant_ids(section: Section) -> set[str]:
    return {sub.id for sub in section.walk()}


def section_id_for(title: str, taken: set[str]) -> str:
    """A slug id for a new section (`Data Selection` -> `data-selection`), unique among `taken`."""
    base = "-".join(ascii_words(title)) or "section"
    return unique_slug(base[:60].strip("-") or "section", taken)


def _check_new_id(catalog: Catalog, section_id: str) -> None:
    if not SECTION_ID_RE.fullmatch(section_id):
        raise UsageError(f"section id '{section_id}' must be a slug: lower-case letters, digits, '-' and '_' (e.g. data-selection)")
    if catalog.section_by_id(section_id) is not None:
        raise RefusedError(f"section id '{section_id}' is taken; choose another with --id")


def _check_order(order: str) -> None:
    if order not in SECTION_ORDERS:
        raise UsageError(f"order must be one of {', '.join(SECTION_ORDERS)}, not '{order}'")


def _insert(catalog: Catalog, section: Section, *, under: Optional[str], before: Optional[str], after: Optional[str]) -> str:
    """Put `section` into the tree; returns where, in words. The anchors must not be `section` itself."""
    if before and after:
        raise UsageError("give --before or --after, not both")
    anchor_ref = before or after
    if anchor_ref:
        anchor = find_section(catalog, anchor_ref)
        place = _place_of(catalog, anchor.id)
        if under is not None:
            parent = find_section(catalog, under)
            if place.parent is None or place.parent.id != parent.id:
                raise UsageError(f"section '{anchor.id}' is not directly under '{parent.id}'; drop --under, or name one of its subsections")
        position = place.siblings.index(anchor) + (1 if after else 0)
        place.siblings.insert(position, section)
        return f"{'after' if after else 'before'} '{anchor.id}'"
    if under is not None:
        parent = find_section(catalog, under)
        parent.children.append(section)
        return f"under '{parent.id}'"
    catalog.sections.append(section)
    return "at the end"


# --- add, rename, move --------------------------------------------------------------


def add_section(
    catalog: Catalog,
    title: str,
    *,
    section_id: Optional[str] = None,
    under: Optional[str] = None,
    before: Optional[str] = None,
    after: Optional[str] = None,
    kind: str = "papers",
    description: Optional[str] = None,
    order: str = "as-written",
) -> tuple[Catalog, str]:
    """A new, empty section (or one restoring an id that entries still point at)."""
    title = collapse_whitespace(clean(title))
    if not title:
        raise UsageError("a section needs a title; give a non-empty TITLE")
    if kind not in TABLE_KINDS:
        raise UsageError(f"--kind must be one of {', '.join(TABLE_KINDS)}, not '{kind}'")
    _check_order(order)
    if section_id is None:
        section_id = section_id_for(title, set(catalog.section_ids()))
    _check_new_id(catalog, section_id)
    section = Section(id=section_id, title=title, kind=kind, description=description or None, order=order)
    toc_before = anchors_and_depths(catalog)
    where = _insert(catalog, section, under=under, before=before, after=after)
    section.layout = _layout_of_a_sibling(catalog, section) or _layout_of_a_kin(catalog, section)
    _fitheading_level(catalog, section)
    follow_sections(catalog, toc_before, placed=section.id)
    waiting = sum(1 for entry in catalog.entries if section_id in entry.sections)
    restored = f"; {waiting} entries already filed under '{section_id}' show in it again" if waiting else ""
    return catalog, f"added section '{section_id}' ({title}) {where}{restored}"


def rename_section(catalog: Catalog, ref: str, *, title: Optional[str] = None, new_id: Optional[str] = None) -> tuple[Catalog, str]:
    """A new title and/or id; a new id is rewritten in every entry that lists the section."""
    section = find_section(catalog, ref)
    if title is None and new_id is None:
        raise UsageError("nothing to change: give --title TEXT and/or --id NEW_ID")
    changes = []
    if title is not None:
        title = collapse_whitespace(clean(title))
        if not title:
            raise UsageError("a section needs a title; give a non-empty --title")
        if title != section.title:
            changes.append(f"title '{section.title}' -> '{title}'")
            _retitle_in_toc(catalog, section, title)
            section.title = title
    moved = 0
    if new_id is not None and new_id != section.id:
        _check_new_id(catalog, new_id)
        old_id = section.id
        section.id = new_id
        for entry in catalog.entries:
            if old_id in entry.sections:
                entry.sections = list(dict.fromkeys(new_id if section_id == old_id else section_id for section_id in entry.sections))
                moved += 1
        changes.append(f"id '{old_id}' -> '{new_id}' ({count(moved, 'entry')} updated)")
    if not changes:
        return catalog, f"section '{section.id}' already has that title and id; nothing changed"
    return catalog, f"renamed section: {', '.join(changes)}"


def _layout_of_a_sibling(catalog: Catalog, section: Section) -> Optional[Layout]:
    """A new section is written as the sibling beside it is (its heading level, table columns and
    padding, list marker, spacing), so it reads as one more of them; None (papercat's own table)
    when it has no sibling of its kind with a layout."""
    siblings = _place_of(catalog, section.id).siblings
    position = next(i for i, s in enumerate(siblings) if s is section)
    for sibling in [*reversed(siblings[:position]), *siblings[position + 1 :]]:
        if sibling.layout is not None and sibling.kind == section.kind and sibling.layout.block != "none":
            return replace(sibling.layout, heading=None, columns=list(sibling.layout.columns), spacing=list(sibling.layout.spacing))
    return None


def _layout_of_a_kin(catalog: Catalog, section: Section) -> Optional[Layout]:
    """With no sibling to copy: the table of the nearest section above of the same kind (a
    parent's first child is written as the list's other tables), or None."""
    kin = None
    for _, other in catalog.iter_sections():
        if other is section:
            break
        if other.layout is not None and other.kind == section.kind and other.layout.block not in ("none", "paragraph"):
            kin = other
    if kin is None or kin.layout is None:
        return None
    return replace(kin.layout, heading=None, columns=list(kin.layout.columns), spacing=list(kin.layout.spacing), level=None)


def _depth_of(catalog: Catalog, section: Section) -> int:
    return next(depth for depth, other in catalog.iter_sections() if other is section)


def _fitheading_level(catalog: Catalog, section: Section, level_before: Optional[int] = None) -> None:
    """A section placed beside siblings is headed at their level, and as the only child one
    level below its parent; its subsections shift with it. (A list imported with `##` top-level headings
    keeps explicit levels: without this, a re-nested section would still read as a sibling.)"""
    place = _place_of(catalog, section.id)
    depth = _depth_of(catalog, section)
    sibling = next((other for other in place.siblings if other is not section), None)
    if sibling is not None:
        wanted = heading_level(sibling, depth)  # beside its siblings, at their level
    elif place.parent is not None:
        wanted = min(heading_level(place.parent, depth - 1) + 1, 6)
    else:
        wanted = min(depth + 1, 6)
    shift = wanted - (level_before if level_before is not None else heading_level(section, depth))
    if section.layout is not None:  # (without a layout the heading follows its depth already)
        section.layout.level = wanted if wanted != min(depth + 1, 6) else None
    for sub in section.walk():
        if sub is not section and sub.layout is not None and sub.layout.level:
            sub.layout.level = max(1, min(sub.layout.level + shift, 6))


def _retitle_in_toc(catalog: Catalog, section: Section, title: str) -> None:
    """A table of contents kept as the list wrote it follows a section's new title: its link to
    the section gets the new anchor (and the new text, where it showed the old title), rather
    than the whole TOC being written anew for one missing anchor."""
    from .cells import escape_text
    from .render import section_anchors

    page = catalog.layout
    if page is None or not page.toc:
        return
    old_anchor = section_anchors(catalog).get(section.id)
    old_title = section.title
    section.title = title
    new_anchor = section_anchors(catalog).get(section.id)
    section.title = old_title
    if not old_anchor or not new_anchor or old_anchor == new_anchor and old_title == title:
        return

    def relink(match: re.Match[str]) -> str:
        text = match.group(1)
        if collapse_whitespace(text.replace("\\", "")) in (old_title, escape_text(old_title)):
            text = escape_text(title)
        return f"[{text}](#{new_anchor})"

    page.toc = re.sub(rf"\[([^\]\n]*)\]\(#{re.escape(old_anchor)}\)", relink, page.toc)


def move_section(
    catalog: Catalog,
    ref: str,
    *,
    before: Optional[str] = None,
    after: Optional[str] = None,
    under: Optional[str] = None,
    top: bool = False,
) -> tuple[Catalog, str]:
    """Reorder a section among its siblings or re-nest it (with its subsections and entries)."""
    section = find_section(catalog, ref)
    if not (before or after or under or top):
        raise UsageError("say where to: --before SECTION, --after SECTION, --under PARENT or --top")
    if top and (under or before or after):
        raise UsageError("--top moves the section to the end of the top level; drop the other options")
    inside = _descendant_ids(section)
    for anchor_ref in (before, after, under):
        if anchor_ref and find_section(catalog, anchor_ref).id in inside:
            raise UsageError(f"cannot move '{section.id}' next to or under itself or one of its subsections")
    place = _place_of(catalog, section.id)
    old_position = place.siblings.index(section)
    level_before = heading_level(section, _depth_of(catalog, section))
    toc_before = anchors_and_depths(catalog)
    place.siblings.remove(section)
    if top:
        catalog.sections.append(section)
        where = "to the end of the top level"
    else:
        where = _insert(catalog, section, under=under, before=before, after=after)
    new_place = _place_of(catalog, section.id)
    if new_place.siblings is place.siblings and new_place.siblings.index(section) == old_position:
        return catalog, f"section '{section.id}' is already there; nothing changed"
    if new_place.parent is not place.parent:
        _fitheading_level(catalog, section, level_before)
    follow_sections(catalog, toc_before, placed=section.id)
    return catalog, f"moved section '{section.id}' {where}"


def set_section_order(catalog: Catalog, ref: str, order: str) -> tuple[Catalog, str]:
    """How the section's rows are ordered in the README (and where `add` puts a new one)."""
    _check_order(order)
    section = find_section(catalog, ref)
    if section.order == order:
        return catalog, f"section '{section.id}' is already ordered {order}; nothing changed"
    before, section.order = section.order, order
    return catalog, f"section '{section.id}' order: {before} -> {order}"


# --- remove -------------------------------------------------------------------------


@dataclass
class Removal:
    """What removing a section does to entries: moved elsewhere, taken out, or dropped."""

    summary: str = ""
    moved: list[str] = field(default_factory=list)
    taken_out: list[str] = field(default_factory=list)
    dropped: list[Entry] = field(default_factory=list)


def remove_section(
    catalog: Catalog,
    ref: str,
    *,
    move_entries_to: Optional[str] = None,
    drop_entries: bool = False,
) -> tuple[Catalog, Removal]:
    """Delete a section. Refused while it holds entries unless they go somewhere (or `drop_entries`).

    A section id that entries point at but no section has any more (deleted by hand) can be
    removed too: that is how a catalog in that state is repaired.
    """
    if move_entries_to and drop_entries:
        raise UsageError("give --move-entries-to SECTION or --drop-entries, not both")
    text = (ref or "").strip()
    dangling = catalog.section_by_id(text) is None and any(text in entry.sections for entry in catalog.entries)
    if dangling:
        section_id, title = text, None
    else:
        section = find_section(catalog, text)
        section_id, title = section.id, section.title
        if section.children:
            names = ", ".join(child.id for child in section.children)
            raise RefusedError(
                f"section '{section_id}' has subsections ({names}); move them first "
                f"(`papercat section move {section.children[0].id} --after {section_id}`) or remove them"
            )
    holders = [entry for entry in catalog.entries if section_id in entry.sections]
    toc_before = anchors_and_depths(catalog)
    removal = Removal()
    target: Optional[Section] = None
    if move_entries_to:
        target = find_section(catalog, move_entries_to)
        if target.id == section_id:
            raise UsageError("--move-entries-to names the section being removed; choose another section")
    if holders and target is None and not drop_entries:
        raise RefusedError(
            f"section '{section_id}' holds {count(len(holders), 'entry')} (e.g. '{holders[0].id}'); "
            f"say where they go with --move-entries-to SECTION, or --drop-entries to take them out "
            f"(entries in no other section are then removed)"
        )
    for entry in holders:
        if target is not None:
            entry.sections = list(dict.fromkeys(target.id if s == section_id else s for s in entry.sections))
            removal.moved.append(entry.id)
        elif len(entry.sections) > 1:
            entry.sections = [s for s in entry.sections if s != section_id]
            removal.taken_out.append(entry.id)
        else:
            removal.dropped.append(entry)
    if removal.dropped:
        for entry in removal.dropped:
            hand_over_text(catalog, entry)
        gone = {entry.id for entry in removal.dropped}
        catalog.entries = [entry for entry in catalog.entries if entry.id not in gone]
    if not dangling:
        hand_over_text_after(catalog, section_id)
        place = _place_of(catalog, section_id)
        place.siblings[:] = [s for s in place.siblings if s.id != section_id]
    named = f"'{section_id}' ({title})" if title else f"'{section_id}' (which no section had any more)"
    parts = [f"removed section {named}" if not dangling else f"cleared the references to section {named}"]
    if removal.moved and target is not None:  # entries are moved only when there is a target
        parts.append(f"{len(removal.moved)} moved to '{target.id}'")
    if removal.taken_out:
        parts.append(f"{len(removal.taken_out)} taken out (still in other sections)")
    if removal.dropped:
        parts.append(f"{count(len(removal.dropped), 'entry')} removed from the catalog")
    removal.summary = "; ".join(parts)
    follow_sections(catalog, toc_before)
    return catalog, removal


# --- the tree ----------------------------------------------------------------------


@dataclass
class SectionRow:
    """One line of `papercat section list`."""

    depth: int
    id: str
    title: str
    kind: str
    order: str
    own: int  # entries filed directly under it
    total: int  # with those of its subsections (an entry counted once)


def section_rows(catalog: Catalog) -> tuple[list[SectionRow], list[str]]:
    """The tree with entry counts, and the ids entries point at that no section has."""
    own: dict[str, set[str]] = {}
    for entry in catalog.entries:
        for section_id in entry.sections:
            own.setdefault(section_id, set()).add(entry.id)
    rows: list[SectionRow] = []

    def visit(section: Section, depth: int) -> set[str]:
        row = SectionRow(depth, section.id, section.title, section.kind, section.order, len(own.get(section.id, ())), 0)
        rows.append(row)
        below = set(own.get(section.id, ()))
        for child in section.children:
            below |= visit(child, depth + 1)
        row.total = len(below)
        return below

    for section in catalog.sections:
        visit(section, 0)
    known = set(catalog.section_ids())
    missing = sorted(section_id for section_id in own if section_id not in known)
    return rows, missing


def format_section_tree(catalog: Catalog) -> str:
    """`papercat section list` as text: one line a section, indented by depth."""
    rows, missing = section_rows(catalog)
    if not rows and not missing:
        return 'no sections yet; create one with `papercat section add "TITLE"`\n'
    width = max((2 * row.depth + len(row.id) for row in rows), default=0)
    lines = []
    for row in rows:
        total = count(row.total, "entry")
        if row.own == row.total:
            shown = total
        elif row.own == 0:
            shown = f"{total} in subsections"
        else:
            shown = f"{total}, {row.own} directly"
        extras = [kind for kind in (row.kind,) if kind != "papers"] + ([row.order] if row.order != "as-written" else [])
        extra = f"  [{', '.join(extras)}]" if extras else ""
        lines.append(f"{'  ' * row.depth}{row.id}".ljust(width) + f"  {row.title}  ({shown}){extra}")
    for section_id in missing:
        holders = sum(1 for entry in catalog.entries if section_id in entry.sections)
        lines.append(f'{section_id}  (missing: {count(holders, "entry")} point at it; restore it with `papercat section add "TITLE" --id {section_id}`)')
    return "\n".join(lines) + "\n"


def count(number: int, noun: str) -> str:
    """`1 entry`, `3 entries`."""
    if number == 1:
        return f"1 {noun}"
    return f"{number} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"
