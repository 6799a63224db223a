"""Catalog -> README.md markdown, as a pure function.

The layout follows the seed list: `# title`, the intro, a generated table of contents,
then each section as a heading (`#` for a top-level group, `##` below it, ...) over its
table. Everything taken from the catalog is escaped so that no title can break a table,
inject HTML or turn into a link: only http(s) URLs ever become links. Rendering is
deterministic (same catalog, same bytes) and built with lists and one join, because
`papercat render` must stay well under half a second on a 10k-entry list.
"""

from __future__ import annotations

import re

from . import blocks, tables
from .catalog import Catalog, Entry, PageLayout, Section, github_anchor, unique_slug
from .cells import (
    escape_heading,
    escape_text,
    normalize_space,
    title_cell,
    url_cell,
    venue_cell,
)
from .tables import Layout
from .text import collapse_whitespace

TABLE_OF_CONTENTS = "Table of Contents"

_HEADERS = {
    "papers": "| Paper | Published in | Code/Project |",
    "datasets": "| Dataset | Home/Github | Download link |",
}
_ALIGNMENT = "| --- |:---:|:---:|"

# What any ATX (`#`) or setext (a `===`/`---` underline, indented up to 3 spaces) heading contains.
_MAYBE_HEADING = re.compile(r"#|\n {0,3}[=-]")


def empty_section_note(section: Section) -> str:
    """What `empty_sections: note` prints under a section that has no entries yet."""
    return f"_No entries yet: add one with `papercat add <arxiv-id> --section {section.id}`._"


def render_readme(catalog: Catalog) -> str:
    """The whole README for a catalog; ends with exactly one newline (or the blank lines the list ended with)."""
    if catalog.settings.style == "awesome":
        from .awesome import render_awesome

        return render_awesome(catalog)
    rows_by_section = _entries_by_section(catalog)
    style = catalog.settings.empty_sections
    visible = visible_sections(catalog)
    page = catalog.layout or PageLayout()
    defaults: list[int | str] = [1, 1, 1, 0]
    gaps = list(page.spacing) + defaults[len(page.spacing) :]

    # (blank lines before, text) for every block of the page, in order.
    blocks: list[tuple[int | str, str]] = []
    title_line = _title_line(catalog, page)
    if title_line:
        blocks.append((1, title_line))
    if catalog.intro.strip():
        blocks.append((gaps[0], catalog.intro.strip("\n")))
    if catalog.settings.stats is not None:
        from .stats import stats_block

        blocks.append((1, stats_block(catalog) or ""))

    anchors, taken = page_anchors(catalog, visible)
    toc_at = _toc_position(page, visible)
    toc_blocks: list[tuple[int | str, str]] = []
    if visible and page.toc != "":
        toc_heading = _toc_heading(page)
        if toc_heading:
            toc_blocks.append((gaps[1], toc_heading))
        toc_blocks.append((gaps[2] if toc_heading else gaps[1], _toc_text(page, visible, anchors, taken)))
        if toc_at is None:
            blocks.extend(toc_blocks)

    for position, (depth, section) in enumerate(visible):
        if toc_at is not None and position == toc_at:
            blocks.extend(toc_blocks)
        blocks.extend(_section_blocks(catalog, section, depth, rows_by_section.get(section.id, []), style))
    if toc_at is not None and toc_at >= len(visible):
        blocks.extend(toc_blocks)

    if catalog.footer.strip():
        blocks.append((1, catalog.footer.strip("\n")))
    parts = [blocks[0][1]] if blocks else []
    for gap, text in blocks[1:]:
        parts.append(tables.gap_text(gap) + text)
    return "".join(parts) + (tables.gap_text(gaps[3]) if page.final_newline else "")


def _toc_heading(page: PageLayout) -> str:
    return f"## {TABLE_OF_CONTENTS}" if page.toc_heading is None else page.toc_heading


def _toc_position(page: PageLayout, visible: list[tuple[int, Section]]) -> int | None:
    """Index of the visible section the TOC sits above; None: right after the intro."""
    if page.toc_before is None:
        return None
    return next((i for i, (_, section) in enumerate(visible) if section.id == page.toc_before), len(visible))


def page_anchors(catalog: Catalog, visible: list[tuple[int, Section]]) -> tuple[dict[str, str], set[str]]:
    """Section id -> the `#anchor` GitHub gives its heading, and every anchor the page has.

    GitHub numbers equal anchors in document order, counting every heading on the page:
    the title, headings inside the intro, the TOC's own heading where it sits, then each
    section's heading followed by any headings inside its description and its `after` text.
    """
    page = catalog.layout or PageLayout()
    taken: set[str] = set()
    title_line = _title_line(catalog, page)
    for text in _headings_in(title_line) if title_line else []:
        take_anchor(text, taken)
    for text in _headings_in(catalog.intro):
        take_anchor(text, taken)
    with_toc = bool(visible) and page.toc != ""
    toc_at = _toc_position(page, visible)
    anchors: dict[str, str] = {}
    for position, (_, section) in enumerate(visible):
        if with_toc and (position == toc_at or (toc_at is None and position == 0)):
            for text in _headings_in(_toc_heading(page)):
                take_anchor(text, taken)
        anchors[section.id] = take_anchor(section.title, taken)
        for text in _headings_in(section.description or "") + _headings_in(section.after or ""):
            take_anchor(text, taken)
    return anchors, taken


def _title_line(catalog: Catalog, page: PageLayout) -> str:
    """The title heading: as the source wrote it while it still reads as the title; none if it had none."""
    if page.title == "":
        return ""
    if (
        page.title is not None
        and tables.links_are_web(page.title)
        and [collapse_whitespace(t) for t in _headings_in(page.title)] == [collapse_whitespace(catalog.title)]
    ):
        return page.title
    return f"# {escape_heading(catalog.title)}"


_TOC_LINK = re.compile(r"\]\(#([^)\s]*)\)")


def _toc_text(page: PageLayout, visible: list[tuple[int, Section]], anchors: dict[str, str], taken: set[str]) -> str:
    """The TOC as the source wrote it while every anchor it links is on the page (or was already
    missing from the source page), else generated."""
    if page.toc and tables.links_are_web(page.toc) and set(_missing_anchors(page.toc, taken)) <= set(page.toc_broken):
        return page.toc
    indent = " " * page.toc_indent
    return "\n".join(f"{indent * depth}{page.toc_marker} [{escape_text(section.title)}](#{anchors[section.id]})" for depth, section in visible)


def _missing_anchors(toc: str, taken: set[str]) -> list[str]:
    # (GitHub keeps the `-` a badge's space leaves at the end of an anchor; papercat's anchors drop it)
    known = {anchor.rstrip("-") for anchor in taken}
    return [anchor for anchor in _TOC_LINK.findall(toc) if anchor.rstrip("-") not in known]


def missing_toc_anchors(catalog: Catalog) -> list[str]:
    """The anchors the TOC as written links that the page has no heading for (import records them)."""
    page = catalog.layout
    if page is None or not page.toc:
        return []
    return _missing_anchors(page.toc, page_anchors(catalog, visible_sections(catalog))[1])


def heading_level(section: Section, depth: int) -> int:
    """The level of a section's heading: its layout's, else one below its depth (`##` at depth 1)."""
    return section.layout.level if section.layout and section.layout.level else min(depth + 1, 6)


def _section_blocks(catalog: Catalog, section: Section, depth: int, rows: list[Entry], style: str) -> list[tuple[int | str, str]]:
    layout = section.layout
    gaps: list[int | str] = (list(layout.spacing) if layout else []) + [1] * 5
    heading = f"{'#' * heading_level(section, depth)} {escape_heading(section.title)}"
    if layout and layout.heading and tables.links_are_web(layout.heading) and [collapse_whitespace(t) for t in _headings_in(layout.heading)] == [section.title]:
        heading = layout.heading
    blocks = [(gaps[0], heading)]
    if section.description and section.description.strip():
        blocks.append((gaps[1], section.description.strip("\n")))
    entries = _entries_block(section, layout, rows, style)
    if entries is not None:
        blocks.append((gaps[2], entries))
    if section.after and section.after.strip():
        blocks.append((gaps[3], section.after.strip("\n")))
    return blocks


def _entries_block(section: Section, layout: Layout | None, rows: list[Entry], style: str) -> str | None:
    if layout is not None and layout.block != "none":
        if rows or (layout.block == "table" and style == "table"):
            return blocks.render_block(layout, rows)
        return _empty(section, style) if layout.block == "table" else None
    if rows:
        return render_section_table(section.kind, rows)
    if layout is not None:
        return None  # the source had no entries here
    if section.children:
        # A group: its children carry the tables. A datasets group keeps its header so
        # the kind survives a re-import when empty tables are the style.
        return render_section_table(section.kind, []) if section.kind != "papers" and style == "table" else None
    return _empty(section, style)


def _empty(section: Section, style: str) -> str | None:
    if style == "table":
        return render_section_table(section.kind, [])
    if style == "note":
        return empty_section_note(section)
    return None


def visible_sections(catalog: Catalog) -> list[tuple[int, Section]]:
    """(depth, section) of every section the page shows (`empty_sections: hide` leaves some out)."""
    hidden = empty_section_ids(catalog) if catalog.settings.empty_sections == "hide" else set()
    return [(depth, section) for depth, section in catalog.iter_sections() if section.id not in hidden]


def section_anchors(catalog: Catalog, visible: list[tuple[int, Section]] | None = None) -> dict[str, str]:
    """Section id -> the `#anchor` GitHub gives its heading on the rendered page (see page_anchors)."""
    return page_anchors(catalog, visible_sections(catalog) if visible is None else visible)[0]


def empty_section_ids(catalog: Catalog) -> set[str]:
    """Ids of sections with no entries anywhere beneath them (a group of empty sections is empty)."""
    used = {section_id for entry in catalog.entries for section_id in entry.sections}
    empty: set[str] = set()

    def visit(section: Section) -> bool:
        children_empty = [visit(child) for child in section.children]
        is_empty = all(children_empty) and section.id not in used
        if is_empty:
            empty.add(section.id)
        return is_empty

    for section in catalog.sections:
        visit(section)
    return empty


def take_anchor(title: str, taken: set[str]) -> str:
    """The anchor GitHub gives a heading with this text, the page's anchors so far `taken` (it joins them)."""
    anchor = unique_slug(github_anchor(normalize_space(title)), taken)
    taken.add(anchor)
    return anchor


# One ATX heading line of plain text: its visible text is the text itself, no parser needed.
_PLAIN_HEADING_LINE = re.compile(r"#{1,6} +([^\\`*_<>&\[\]!~|#\r\n]*[^\\`*_<>&\[\]!~|#\s])")


def _headings_in(markdown: str) -> list[str]:
    """Headings inside verbatim markdown (intro, descriptions); they take anchors too."""
    plain = _PLAIN_HEADING_LINE.fullmatch(markdown)
    if plain:  # fast path: same answer as heading_texts, checked by tests/test_render.py
        return [plain.group(1)]
    if not _MAYBE_HEADING.search(markdown):
        return []  # no ATX or setext heading possible: skip the parser (and its import)
    from .markdown import heading_texts

    return heading_texts(markdown)


def _entries_by_section(catalog: Catalog) -> dict[str, list[Entry]]:
    """Section id -> its rows in README order, in one pass over the entries."""
    rows: dict[str, list[Entry]] = {}
    for entry in catalog.entries:
        for section_id in dict.fromkeys(entry.sections):
            rows.setdefault(section_id, []).append(entry)
    for _, section in catalog.iter_sections():
        if section.order != "as-written" and section.id in rows:
            rows[section.id] = ordered_rows(rows[section.id], section.order)
    return rows


def section_rows(catalog: Catalog) -> dict[str, list[Entry]]:
    """Each section's rows as the README shows them (the section's order applied)."""
    return _entries_by_section(catalog)


def ordered_rows(entries: list[Entry], order: str) -> list[Entry]:
    """A section's rows in its order; ties (and `as-written`) keep the catalog's order.

    `newest-first` and `by-year` compare the year, then the first-version date where arXiv
    gave one; rows without a year go last either way.
    """
    if order == "newest-first":
        return sorted(entries, key=lambda entry: (entry.year or 0, entry.published or ""), reverse=True)
    if order == "by-year":
        return sorted(entries, key=lambda entry: (entry.year is None, entry.year or 0, entry.published or ""))
    if order == "by-title":
        return sorted(entries, key=lambda entry: normalize_space(entry.title).casefold())
    return list(entries)


def render_section_table(kind: str, entries: list[Entry]) -> str:
    lines = [_HEADERS.get(kind, _HEADERS["papers"]), _ALIGNMENT]
    if kind == "datasets":
        for entry in entries:
            lines.append(f"| {title_cell(entry)} | {url_cell(entry.code)} | {url_cell(entry.download)} |")
    else:
        for entry in entries:
            lines.append(f"| {title_cell(entry)} | {venue_cell(entry)} | {url_cell(entry.code)} |")
    return "\n".join(lines)


def render_files(catalog: Catalog) -> dict[str, str]:
    """Files written next to the README besides it (the `settings.stats` chart): name -> text.

    The awesome style (papercat.awesome) shows no statistics block, so it writes no chart.
    """
    if catalog.settings.stats is None or catalog.settings.style == "awesome":
        return {}
    from .stats import chart_name, papers_per_year_svg

    return {chart_name(catalog) or "": papers_per_year_svg(catalog)}
