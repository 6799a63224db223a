"""Markdown README (an awesome list) -> Catalog, faithfully.

Import keeps every row as written, defects included: the typo, the wrong URL, the
`arXiv:2306.08568` that is not a link anywhere but here. Deciding that two rows are
one paper is `dedupe`'s job and fixing a venue's case is `lint`'s; import only reads.
What it cannot read (an empty row, a row without a link) it reports with the README's
line number and keeps what it can.

The structure comes from markdown-it-py's token stream (CommonMark + GFM tables), never
from regexes over lines: headings give the section tree (`structure`), tables and link
lists give the entries (`rows`), and everything else in a section is kept verbatim as its
description (above the entries) or its `after` text. The layout each section was written
in (columns, headers, padding, heading level, list markers) is recorded so the first render
gives the list back as it was.

Public API (stable; `absorb` and others build on it): import_readme, ImportResult,
ImportProblem, plain_text, links_in, read_cell, Cell, heading_texts, split_venue_year,
year_of_date, identifiers_of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from markdown_it.token import Token

from .. import tables
from ..catalog import (
    SECTION_ID_RE,
    Catalog,
    Entry,
    PageLayout,
    Section,
    ascii_words,
    github_anchor,
    make_entry_id,
    unique_slug,
)
from ..cells import escape_heading, escape_text
from ..identity import arxiv_id_with_version
from ..ids import doi_from_text, is_arxiv_doi
from ..markdown import (
    BLOCK_PARSER,
    INLINE_PARSER,
    Cell,
    heading_texts,
    links_in,
    plain_text,
    read_cell,
    starts_with_link,
)
from ..render import missing_toc_anchors
from ..tables import split_venue_year, year_of_date
from ..text import collapse_whitespace, shorten
from . import rows
from .structure import (
    Block,
    Toc,
    heading_level,
    is_table_of_contents,
    toc_style,
    top_level_blocks,
)

__all__ = [
    "Cell",
    "ImportProblem",
    "ImportResult",
    "drop_layout",
    "heading_texts",
    "identifiers_of",
    "import_readme",
    "links_in",
    "plain_text",
    "read_cell",
    "split_venue_year",
    "year_of_date",
]


@dataclass
class ImportProblem:
    """Something import could not read as data; `line` is 1-based in the README."""

    line: int
    message: str


@dataclass
class ImportResult:
    catalog: Catalog
    problems: list[ImportProblem] = field(default_factory=list)
    # Where each section's heading and each entry's row or item is, 1-based in the README
    # (`absorb` names README lines with these).
    section_lines: dict[str, int] = field(default_factory=dict)
    entry_lines: dict[str, int] = field(default_factory=dict)


def import_readme(markdown_text: str, source_name: str = "README.md", keep_layout: bool = True) -> ImportResult:
    """Read an awesome list's markdown into a Catalog; never raises on odd input.

    With `keep_layout` (the default) the catalog records how the list was written (columns,
    headers, padding, headings, TOC, cells as written) so the first render gives it back as
    it was; without, the catalog renders in papercat's own layout (the shipped list's).
    """
    from ..untrusted import clean_page

    # A README is untrusted (a pull request's edit): ESC, BEL and bidi controls never enter the catalog.
    markdown_text, unsafe_line = clean_page(markdown_text)
    result = _Importer(markdown_text, source_name).run()
    if unsafe_line is not None:
        result.problems.insert(0, ImportProblem(unsafe_line, "control or bidi characters (such as ESC or U+202E) removed from the text"))
    if not keep_layout:
        drop_layout(result.catalog)
    return result


def drop_layout(catalog: Catalog) -> None:
    """Forget how the source wrote the list: render then writes papercat's own layout."""
    catalog.layout = None
    for _, section in catalog.iter_sections():
        section.layout = None
        if section.after:
            section.description = "\n\n".join(part for part in (section.description, section.after) if part)
            section.after = None
    for entry in catalog.entries:
        entry.cells = {}


def identifiers_of(url: str | None) -> tuple[str | None, str | None]:
    """The normalised arXiv id (version kept only when written) and DOI a URL carries."""
    if not url:
        return None, None
    arxiv = arxiv_id_with_version(url)  # identity's arXiv-link policy: a publisher's digits are no id
    doi = doi_from_text(url)
    if doi and is_arxiv_doi(doi):
        doi = None  # arXiv's own DOI says nothing the arxiv field does not
    return arxiv, doi


# An HTML banner's title: `<h1>👨‍💻 Awesome Code LLM</h1>`.
_HTML_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)


class _Importer:
    def __init__(self, text: str, source_name: str):
        self.text = text
        # markdown-it's line numbers count \n, \r\n and \r only (str.splitlines also splits
        # on \x0c, \u2028, ... and would shift every line number after one of those).
        self.lines = re.split(r"\r\n|\r|\n", text)
        self.source_name = source_name
        self.problems: list[ImportProblem] = []
        self.entries: list[Entry] = []
        self.entry_ids: set[str] = set()
        self.id_suffix: dict[str, int] = {}
        self.section_ids: set[str] = set()
        self.section_lines: dict[str, int] = {}
        self.entry_lines: dict[str, int] = {}
        self.env: dict[str, Any] = {}  # shared by block and inline parsing: link reference definitions

    def parse_inline(self, content: str) -> Token:
        """markdown-it's inline token for one piece of content (links by reference resolved)."""
        parsed = INLINE_PARSER.parseInline(content, self.env)
        return parsed[0] if parsed else Token("inline", "", 0)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(ImportProblem(line, message))

    def source(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start:end]).strip("\n")

    def blank_above(self, line: int) -> int | str:
        """Blank lines right above a 0-based line, the spacing the source put before a block: their
        count, or the lines as written when one holds spaces (a gap, see tables.gap_text)."""
        count = 0
        while line - count - 1 >= 0 and not self.lines[line - count - 1].strip():
            count += 1
        return tables.blank_gap(self.lines[line - count : line])

    def run(self) -> ImportResult:
        tokens = BLOCK_PARSER.parse(self.text, self.env)
        in_table_body = False
        for token in tokens:
            if token.type in ("tbody_open", "tbody_close"):
                in_table_body = token.type == "tbody_open"
            elif token.type == "inline" and not in_table_body:
                token.children = self.parse_inline(token.content).children
        blocks = top_level_blocks(tokens)
        headings = [i for i, b in enumerate(blocks) if b.kind == "heading_open"]
        page = PageLayout()
        title = None
        title_index = None
        if headings and heading_level(blocks[headings[0]]) == 1:
            title_index = headings[0]
            title = plain_text(blocks[title_index].inline)
            self._report_heading_markup(blocks[title_index], "the title")
            headings = headings[1:]
        if not title:
            first_heading_line = blocks[headings[0]].start if headings else len(self.lines)
            banner = _HTML_H1.search(self.source(0, first_heading_line))
            title = collapse_whitespace(re.sub(r"<[^>]*>", "", banner.group(1))) if banner else ""
            if not title:
                title = PurePath(self.source_name).stem or "Papers"
                self.problem(1, f"no '# title' heading at the top; using '{title}' as the list's title")
            page.title = ""
        else:
            block = blocks[title_index]  # type: ignore[index]
            written = self.source(block.start, block.end)
            if self.source(0, block.start).strip():
                page.title = ""  # text above the title (a comment, badges): the title line stays in the intro
            elif block.start > 0:
                page.title = "\n".join(self.lines[: block.end])  # blank lines above the title, as written
            elif written != f"# {escape_text(title)}":
                page.title = written

        # Sections: each heading owns the blocks up to the next heading.
        spans = []
        for position, heading_index in enumerate(headings):
            stop = headings[position + 1] if position + 1 < len(headings) else len(blocks)
            spans.append((blocks[heading_index], blocks[heading_index + 1 : stop]))
        toc = None
        kept: list[tuple[Block, list[Block]]] = []
        for heading, body in spans:
            is_toc = is_table_of_contents(heading, body)
            if toc is None and is_toc:
                toc = self._toc(heading, body, len(kept))
            elif not is_toc:
                kept.append((heading, body))

        # The intro is everything above the first heading after the title (the TOC's or a section's).
        first_heading_line = blocks[headings[0]].start if headings else len(self.lines)
        if title_index is not None and page.title != "":
            parts = [self.source(0, blocks[title_index].start), self.source(blocks[title_index].end, first_heading_line)]
            intro_start = blocks[title_index].end
        else:
            parts = [self.source(0, first_heading_line)]
            intro_start = 0
        intro = "\n\n".join(part for part in parts if part.strip())

        catalog = Catalog(title=title, intro=intro)
        catalog.sections = self._section_tree(kept)
        catalog.entries = self.entries
        intro_gap = next((self.blank_above(i) for i in range(intro_start, first_heading_line) if self.lines[i].strip()), 1)
        toc_gaps = self._page_toc(page, toc, kept)
        trailing = 0
        while len(self.lines) - trailing - 2 >= 0 and not self.lines[len(self.lines) - trailing - 2] and self.text.endswith("\n"):
            trailing += 1
        spacing = [intro_gap if intro else 1, *toc_gaps, trailing]
        page.spacing = spacing if spacing != [1, 1, 1, 0] else []
        page.final_newline = self.text.endswith("\n") or not self.text
        catalog.layout = page if page != PageLayout() else None
        if page.toc:
            page.toc_broken = missing_toc_anchors(catalog)  # the source's own: kept as written
        return ImportResult(catalog, self.problems, self.section_lines, self.entry_lines)

    def _toc(self, heading: Block, body: list[Block], before: int) -> Toc:
        start, end = body[0].start, body[-1].end
        marker, indent = toc_style(self.lines[start:end])
        return Toc(self.source(heading.start, heading.end), self.source(start, end), marker, indent, before, heading.start, start, end)

    def _page_toc(self, page: PageLayout, toc: Toc | None, kept: list[tuple[Block, list[Block]]]) -> list[int | str]:
        """Record where and how the TOC was written; the blank lines above its heading and its list."""
        if toc is None:
            page.toc = ""
            return [1, 1]
        if toc.heading != "## Table of Contents":
            page.toc_heading = toc.heading
        page.toc = toc.text
        page.toc_marker, page.toc_indent = toc.marker, toc.indent
        if toc.before == 0:
            pass  # right after the intro: the default place
        elif toc.before is not None and toc.before < len(kept):
            page.toc_before = self._span_ids[toc.before]
        elif toc.before is not None and kept:
            page.toc_before = ""  # after the last section
        return [self.blank_above(toc.heading_start), self.blank_above(toc.start)]

    def _report_heading_markup(self, heading: Block, what: str) -> None:
        """Titles are plain text in the catalog: say so when a heading's badge or link is left out."""
        children = heading.inline.children if heading.inline is not None else None
        if any(child.type in ("image", "link_open", "html_inline") for child in children or []):
            self.problem(heading.start + 1, f"{what} holds links, images or HTML (badges?); only its text was kept, add them to the intro if you want them")

    def _section_tree(self, spans: list[tuple[Block, list[Block]]]) -> list[Section]:
        """Nest headings by level: a heading is the child of the nearest shallower one above it."""
        roots: list[Section] = []
        stack: list[tuple[int, Section]] = []
        self._span_ids: list[str] = []
        for heading, body in spans:
            level = heading_level(heading)
            # Runs of spaces in a heading are invisible on the page; keeping them would give ids
            # with `--` that change the moment the title is rendered back.
            section_title = collapse_whitespace(plain_text(heading.inline))
            if not section_title:
                section_title = f"Section at line {heading.start + 1}"
                self.problem(heading.start + 1, f"heading has no text; named it '{section_title}'")
            self._report_heading_markup(heading, f"the heading '{shorten(section_title)}'")
            section = Section(id=self._section_id(section_title), title=section_title)
            self.section_lines[section.id] = heading.start + 1
            self._span_ids.append(section.id)
            while stack and stack[-1][0] >= level:
                stack.pop()
            depth = len(stack)
            (stack[-1][1].children if stack else roots).append(section)
            stack.append((level, section))
            self._fill_section(section, heading, body, level, depth)
        return roots

    def _section_id(self, title: str) -> str:
        base = github_anchor(title).strip("-_")
        if not SECTION_ID_RE.fullmatch(base):
            base = "-".join(ascii_words(title)) or "section"
        slug = unique_slug(base, self.section_ids)
        self.section_ids.add(slug)
        return slug

    def _fill_section(self, section: Section, heading: Block, body: list[Block], level: int, depth: int) -> None:
        description: list[Block] = []
        after: list[Block] = []
        entry_blocks: list[Block] = []
        layout: tables.Layout | None = None
        kind: str | None = None

        def add(title: str, url: str | None, line: int = 0, **values: Any) -> Entry:
            entry = self._add_entry(section, title, url, **values)
            self.entry_lines[entry.id] = line
            return entry

        for block in body:
            found: tables.Layout | None = None
            first_new = len(self.entries)
            if block.kind == "table_open":
                found, table_kind, _ = rows.read_table(block, self.lines, self.parse_inline, self.problem, add)
                kind = kind or table_kind
            elif block.kind in ("bullet_list_open", "ordered_list_open") and rows.is_link_list(items := rows.list_items(block)):
                found, _ = rows.read_list(block, items, self.lines, self.problem, add)
            elif block.kind == "paragraph_open" and block.end - block.start == 1 and _starts_with_web_link(block.inline):
                entry = rows.read_link_paragraph(block, self.lines, self.problem, add)
                found = tables.Layout(block="paragraph")
                blank = self.lines[entry_blocks[-1].end : block.start] if entry_blocks and not after else [""]
                if entry is not None and blank != [""]:
                    entry.cells[tables.GAP_KEY] = str(tables.blank_gap(blank))
            else:
                (after if entry_blocks else description).append(block)
                continue
            paragraphs = block.kind == "paragraph_open" and bool(entry_blocks) and entry_blocks[-1].kind == "paragraph_open"
            if entry_blocks and len(self.entries) > first_new and not (paragraphs and not after):
                # a second block of entries: what stood between the two goes back between them
                key, between = self._between(entry_blocks[-1], block)
                self.entries[first_new].cells[key] = between
                after = []
            if len(self.entries) > first_new or not entry_blocks:
                entry_blocks.append(block)
            layout = layout or found
        section.kind = kind or "papers"
        section.description = self._text(description)
        section.after = self._text(after)
        section.layout = self._section_layout(section, heading, layout, level, depth, [description, entry_blocks, after])

    def _between(self, previous: Block, block: Block) -> tuple[str, str]:
        """The source between two blocks of entries, as written: less the one empty line on each side
        (the usual spacing, under `_before`), or line for line where the spacing is not that (`_between`)."""
        end = previous.end
        while end > previous.start and not self.lines[end - 1].strip():
            end -= 1
        between = self.lines[end : block.start]
        if between == [""] or (len(between) >= 2 and between[0] == "" and between[-1] == ""):
            return tables.BEFORE_KEY, "\n".join(between[1:-1])
        return tables.BETWEEN_KEY, "\n".join(between)

    def _text(self, blocks: list[Block]) -> str | None:
        text = self.source(blocks[0].start, blocks[-1].end) if blocks else ""
        return text if text.strip() else None

    def _section_layout(
        self, section: Section, heading: Block, layout: tables.Layout | None, level: int, depth: int, parts: list[list[Block]]
    ) -> tables.Layout | None:
        """The section's layout, or None when it is its kind's default (the shipped list's)."""
        layout = layout or tables.Layout(block="none")
        if level != depth + 1:
            layout.level = level
        written = self.source(heading.start, heading.end)
        if written != f"{'#' * level} {escape_heading(section.title)}":
            layout.heading = written
        spacing = [self.blank_above(heading.start)] + [self.blank_above(blocks[0].start) if blocks else 1 for blocks in parts]
        if layout.block in ("bullet", "numbered") and len(layout.spacing) > 4:
            spacing.append(layout.spacing[4])  # a loose list: blank lines between items
        if spacing[:4] != [1, 1, 1, 1] or len(spacing) > 4:
            layout.spacing = spacing
        else:
            layout.spacing = []
        if (
            layout.block == "table"
            and layout.columns == tables.kind_layout(section.kind).columns
            and layout.header_row is None
            and layout.delimiter_row is None
            and not layout.padded
            and layout.level is None
            and layout.heading is None
            and not layout.spacing
        ):
            return None
        return layout

    # --- entries ---------------------------------------------------------------

    def _add_entry(self, section: Section, title: str, url: str | None, **values: Any) -> Entry:
        arxiv, doi = identifiers_of(url)
        entry = Entry(
            id=self._entry_id(title, values.get("year")),
            title=title,
            url=url or None,
            arxiv=arxiv,
            doi=doi,
            sections=[section.id],
            **values,
        )
        self.entry_ids.add(entry.id)
        self.entries.append(entry)
        return entry

    def _entry_id(self, title: str, year: int | None) -> str:
        """make_entry_id's readable id, made unique with a counter per base (a list may repeat a title often)."""
        base = make_entry_id(title, year, set())
        entry_id = base
        while entry_id in self.entry_ids:
            self.id_suffix[base] = self.id_suffix.get(base, 0) + 1
            entry_id = f"{base}-{self.id_suffix[base]}"
        return entry_id


def _starts_with_web_link(inline: Token | None) -> bool:
    return starts_with_link(inline) and not links_in(inline)[0].href.startswith("#")
