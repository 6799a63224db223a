"""What a README edit changes besides its papers: prose, layout and the way rows are written.

The planner (plan.py) turns rows into entry changes. What is left of the difference is how the
page is written: the intro, a section's text and table layout, a row's cells as written, the
columns papercat keeps as data (date, extra columns, more links). Both READMEs were read with
the importer, so each of these is compared as the importer's reading of the rendered page
("ours") against its reading of the edited one ("theirs"); where they differ, the edited
README's reading is taken, and the next render writes it back as the contributor did.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional

from ..catalog import Catalog, Entry, PageLayout, Section
from ..importer import ImportResult
from ..text import collapse_whitespace, shorten
from .report import AbsorbReport, Finding

LineOf = Callable[[str, str, int], int]

# Data a row shows that the planner does not compare as fields: kept as the README has it.
DATA_FIELDS = ("date", "extra", "links")


def absorb_page(
    catalog: Catalog, ours: ImportResult, theirs: ImportResult, ids: tuple[dict[str, str], dict[str, str]], intro_line: int, report: AbsorbReport
) -> None:
    """The list's title, intro and page layout (title line, TOC, spacing), where the README changed them.

    `ids` maps the section ids of each reading (ours, then theirs) to catalog ids.
    """
    ours_ids, matched = ids
    old, new = ours.catalog, theirs.catalog
    if collapse_whitespace(old.title) != collapse_whitespace(new.title):
        catalog.title = new.title
        report.changes.append(Finding(1, f"the list's title -> '{shorten(new.title)}'"))
    if old.intro != new.intro:
        # The README's reading has no final newline; the catalog's block scalar keeps its own (`|`, not `|-`).
        kept_newline = "\n" if catalog.intro.endswith("\n") and new.intro and not new.intro.endswith("\n") else ""
        catalog.intro = new.intro + kept_newline
        report.changes.append(Finding(intro_line, "the text above the sections changed -> absorbed as the catalog's intro"))
    # The TOC anchors tolerated as broken are the ones the list had when it was imported: one an
    # edit breaks (a heading renamed, the TOC not) is drift, and render writes the TOC anew.
    tolerated = catalog.layout.toc_broken if catalog.layout else []
    old_page = replace(old.layout or PageLayout(), toc_broken=tolerated)
    new_page = replace(new.layout or PageLayout(), toc_broken=tolerated)
    if new_page.toc_before:  # the importer names the section the TOC sits above by the README's ids
        new_page = replace(new_page, toc_before=matched.get(new_page.toc_before, new_page.toc_before))
    if old_page.toc_before:
        old_page = replace(old_page, toc_before=ours_ids.get(old_page.toc_before, old_page.toc_before))
    if old_page != new_page:
        catalog.layout = new_page if new_page != PageLayout() else None
        report.changes.append(Finding(1, "the page's title line, table of contents or spacing changed -> absorbed as the page layout"))


def absorb_sections(catalog: Catalog, ours: dict[str, Section], theirs: ImportResult, matched: dict[str, str], line_of: LineOf, report: AbsorbReport) -> None:
    """Each section's text before and after its entries, its kind and its layout, where the README changed them.

    `ours` holds the rendered README's reading of each catalog section (by catalog id); a
    section absorb just created has none, and takes everything from the README. `line_of(old,
    new, start)` is the README line of the first line of `new` that `old` lacks.
    """
    by_id = {section.id: section for _, section in catalog.iter_sections()}
    for _, written in theirs.catalog.iter_sections():
        catalog_id = matched.get(written.id)
        target = by_id.get(catalog_id) if catalog_id else None
        if target is None:
            continue
        old = ours.get(target.id)
        changed = [
            name
            for name in ("description", "after", "kind", "layout")
            if (getattr(old, name) if old is not None else None) != getattr(written, name) and getattr(target, name) != getattr(written, name)
        ]
        for name in changed:
            setattr(target, name, getattr(written, name))
        if changed and old is not None:
            what = ", ".join({"description": "text above its entries", "after": "text after them", "kind": "kind", "layout": "layout"}[n] for n in changed)
            start = theirs.section_lines.get(written.id, 1)
            texts = [(getattr(old, n) or "", getattr(written, n) or "") for n in changed if n in ("description", "after")]
            line = line_of(*texts[0], start) if texts else start
            report.changes.append(Finding(line, f"section '{target.id}': {what} changed -> absorbed"))


def absorb_rows(catalog: Catalog, pairs: dict[str, tuple[Entry, Optional[Entry], int]], report: AbsorbReport) -> None:
    """Each entry's row as written (`cells`) and the data fields rows carry, from the README.

    `pairs` maps an entry id to its row in the README, the same row in the rendered README
    (None for a new entry) and the README line.
    """
    position = {entry.id: number for number, entry in enumerate(catalog.entries)}
    for entry_id, (written, rendered, line) in pairs.items():
        number = position.get(entry_id)
        if number is None:
            continue
        entry = catalog.entries[number]
        changes: dict[str, object] = {}
        if rendered is None or written.cells != rendered.cells:
            if written.cells != entry.cells:
                changes["cells"] = dict(written.cells)
        for name in DATA_FIELDS:
            value = getattr(written, name)
            if (rendered is None or value != getattr(rendered, name)) and value != getattr(entry, name):
                changes[name] = value
                if rendered is not None:
                    report.changes.append(Finding(line, f"'{entry_id}': its row's {_DATA_NAMES[name]} changed -> absorbed"))
        if changes:
            catalog.entries[number] = replace(entry, **changes)  # type: ignore[arg-type]


_DATA_NAMES = {"date": "date", "extra": "extra columns", "links": "links"}
