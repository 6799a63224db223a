"""Where rows stand when entries leave or merge: each section's row order, and the text above a row.

One catalog order is every section's row order (Catalog.entries_in), so an edit that drops or
merges entries decides what the rows around them do; edits and dedupe ask here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .catalog import Catalog, Entry
from .tables import BEFORE_KEY, BETWEEN_KEY


def hand_over_text(catalog: Catalog, leaving: Entry) -> None:
    """The list's own text written above a leaving entry's row (a heading-less paragraph, a banner:
    its `_before`) goes to the next row of its section, or after the section's rows, not away with it."""
    text = (leaving.cells or {}).get(BEFORE_KEY)
    if not text or not leaving.sections:
        return
    section_id = leaving.sections[0]
    position = next((index for index, entry in enumerate(catalog.entries) if entry is leaving), None)
    if position is None:
        return  # not in this catalog (any more): nothing stands around it
    following = next((entry for entry in catalog.entries[position + 1 :] if section_id in entry.sections), None)
    if following is not None and BETWEEN_KEY not in (following.cells or {}):
        own = (following.cells or {}).get(BEFORE_KEY)
        following.cells = {**(following.cells or {}), BEFORE_KEY: f"{text}\n\n{own}" if own else text}
        return
    section = catalog.section_by_id(section_id)
    if section is not None and following is None:
        section.after = f"{text}\n\n{section.after}" if section.after else text


def rows_as_written(catalog: Catalog, into: Mapping[str, str]) -> dict[str, list[str]]:
    """Each as-written section's rows by id (section id -> ids), a merged entry's id standing where each of its rows was."""
    rows: dict[str, list[str]] = {section.id: [] for _, section in catalog.iter_sections() if section.order == "as-written"}
    for entry in catalog.entries:
        for section_id in entry.sections:
            if section_id in rows:
                rows[section_id].append(into.get(entry.id, entry.id))
    return {section_id: list(dict.fromkeys(ids)) for section_id, ids in rows.items()}


def keeping_row_order(entries: list[Entry], rows: Iterable[list[str]]) -> list[Entry]:
    """`entries` reordered so that each section lists its rows in the order `rows` gives.

    One catalog order serves every section, so a merged entry that joins a second section
    keeps its old row there only if entries around it move (dedupe --merge). Nothing moves that
    need not; unchanged when two sections contradict each other.
    """
    from .absorbing.order import order_entries  # the one topological sort of rows (absorb's too)

    ordered, stuck = order_entries(entries, set(), {str(number): ids for number, ids in enumerate(rows)})
    return entries if stuck else ordered  # stuck: two sections list two entries in opposite orders


def hand_over_text_after(catalog: Catalog, section_id: str) -> None:
    """Text the list wrote after a removed section's rows (a `---` divider before the next
    heading, a closing paragraph) stays on the page, after the rows of the section above it."""
    order = [section for _, section in catalog.iter_sections()]
    at = next(index for index, section in enumerate(order) if section.id == section_id)
    text = order[at].after
    if not text or at == 0:
        return
    above = order[at - 1]
    above.after = f"{above.after}\n\n{text}" if above.after else text
