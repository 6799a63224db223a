"""The catalog's section tree after a README edit: headings added, removed, moved or re-nested."""

from __future__ import annotations

from dataclasses import replace

from ..catalog import Catalog, Section
from ..section_edits import add_section, section_id_for

Outline = list[tuple[int, Section]]  # (depth, section) in heading order, as Catalog.iter_sections gives


def add_section_like(catalog: Catalog, outline: Outline, index: int, matched: dict[str, str]) -> tuple[Catalog, str, str]:
    """A section for the README's heading `outline[index]`, where it stands: after its previous
    sibling, or first under its parent. Returns the catalog, the new id and what was done."""
    depth, heading = outline[index]
    after = before = under = None
    for earlier_depth, earlier in reversed(outline[:index]):
        if earlier_depth < depth:  # the parent: first among its children
            under = matched.get(earlier.id)
            break
        if earlier_depth == depth and earlier.id in matched:
            after = matched[earlier.id]
            break
    if after is None:
        siblings = catalog.sections if under is None else next(s.children for _, s in catalog.iter_sections() if s.id == under)
        if siblings:
            before, under = siblings[0].id, None
    section_id = section_id_for(heading.title, set(catalog.section_ids()))
    catalog, message = add_section(catalog, heading.title, section_id=section_id, kind=heading.kind, under=under, before=before, after=after)
    return catalog, section_id, message


def remove_sections(catalog: Catalog, ids: set[str]) -> None:
    """Take the sections out of the tree and out of every entry; a removed section's subsections take its place."""
    if not ids:
        return

    def kept(sections: list[Section]) -> list[Section]:
        result = []
        for section in sections:
            section.children = kept(section.children)
            result.extend(section.children if section.id in ids else [section])
        return result

    catalog.sections = kept(catalog.sections)
    catalog.entries = [
        replace(entry, sections=[s for s in entry.sections if s not in ids]) if any(s in ids for s in entry.sections) else entry for entry in catalog.entries
    ]


def follow_outline(catalog: Catalog, written: list[Section], matched: dict[str, str]) -> bool:
    """Order and nest the catalog's sections as the README's headings are (`written`: the README's
    section tree, `matched`: its ids -> catalog ids). A section the README does not show (a heading
    absorb could not map) stays after the section it followed. True when the tree changed."""
    by_id = {section.id: section for _, section in catalog.iter_sections()}
    before = _shape(catalog.sections)
    previous: dict[str, tuple[str | None, str | None]] = {}  # id -> (parent id, previous sibling id), as it was

    def remember(sections: list[Section], parent: str | None) -> None:
        for position, section in enumerate(sections):
            previous[section.id] = (parent, sections[position - 1].id if position else None)
            remember(section.children, section.id)

    remember(catalog.sections, None)
    used: set[str] = set()

    def build(headings: list[Section]) -> list[Section]:
        tree: list[Section] = []
        for heading in headings:
            children = build(heading.children)
            section = by_id.get(matched.get(heading.id, ""))
            if section is None or section.id in used:
                tree.extend(children)  # a heading that is no section: its subsections stand in its place
                continue
            used.add(section.id)
            section.children = children
            tree.append(section)
        return tree

    roots = build(written)
    placed = {section.id: section for section in _walk(roots)}
    for section_id, (parent, sibling) in previous.items():
        if section_id in used or section_id in placed:
            continue
        section = by_id[section_id]
        section.children = [child for child in section.children if child.id not in used]
        siblings = placed[parent].children if parent in placed else roots
        position = next((i + 1 for i, s in enumerate(siblings) if s.id == sibling), 0 if parent in placed else len(siblings))
        siblings.insert(position, section)
        placed.update({s.id: s for s in _walk([section])})
    catalog.sections = roots
    return _shape(roots) != before


def _walk(sections: list[Section]) -> list[Section]:
    found = []
    for section in sections:
        found.append(section)
        found.extend(_walk(section.children))
    return found


def _shape(sections: list[Section]) -> list[tuple[str, object]]:
    return [(section.id, tuple(_shape(section.children))) for section in sections]
