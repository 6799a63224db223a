"""Markdown README (an awesome list) -> Catalog, faithfully.

Import keeps every row as written, defects included: the typo, the wrong URL, the
`arXiv:2306.08568` that is not a link anywhere but here. Deciding that two rows are
one paper is `dedupe`'s job and fixing a venue's case is `lint`'s; import only reads.
What it cannot read (an empty row, a row without a link) it reports with the README's
line number and keeps what it can.

The structure comes from markdown-it-py's token stream (CommonMark + GFM tables), never
from regexes over lines: headings give the section tree, tables and link lists give the
entries, and everything else in a section is kept verbatim as its description.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Optional

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .catalog import SECTION_ID_RE, Catalog, Entry, Section, ascii_words, github_anchor, make_entry_id, unique_slug
from .identity import arxiv_id_with_version
from .ids import doi_from_text, is_arxiv_doi
from .refs import shorten


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


# Words of a heading that introduces the table of contents ("## Table of Contents", "# Content").
_TOC_TITLES = frozenset({"table of contents", "table of content", "contents", "content", "toc"})
# A cell meaning "nothing here".
_EMPTY_CELL = frozenset({"", "-", "--", "—", "–", "n/a", "na", "none"})
# "arxiv 2023", "ACL Anthology 2023", "NeurIPS, 2022", "(2021)": venue then a year at the end.
_VENUE_YEAR = re.compile(r"^(?P<venue>.*?)[\s,]*\(?(?P<year>(?:19|20)\d{2})\)?$")
# A date column or trailing date such as "2017-06", "2021.9", "2026-06-30".
_DATE = re.compile(r"^\(?(?P<year>(?:19|20)\d{2})(?:[-./]\d{1,2}){0,2}\)?$")

# Column roles, recognised from the header text (lower-cased).
_TITLE_HEADERS = ("paper", "title", "dataset", "datasets", "name")
_DATASET_FIRST_HEADERS = frozenset({"dataset", "datasets", "name"})
_VENUE_HEADER = re.compile(r"publish|venue|conference|journal|publication")
_DATE_HEADER = re.compile(r"^(date|year|release|time|published date)$")
_CODE_HEADER = re.compile(r"code|project|github|repo|home|implementation")
_DOWNLOAD_HEADER = re.compile(r"download")


def _parser() -> MarkdownIt:
    """CommonMark + GFM tables, keeping every link target exactly as written.

    markdown-it refuses some targets (validateLink) and percent-encodes others
    (normalizeLink); a faithful import needs `arXiv:2306.08568` back verbatim.
    """
    md = MarkdownIt("commonmark").enable("table")
    md.validateLink = lambda url: True
    md.normalizeLink = lambda url: url
    md.normalizeLinkText = lambda url: url
    return md


def _block_parser() -> MarkdownIt:
    """The same parser without its inline pass: inline content is parsed on demand.

    Most of a big list is table cells such as `[Title](https://...)`; reading those
    with a pattern that provably gives markdown-it's answer (see `read_cell`) halves
    the time a 10k-row import takes. Everything else goes through markdown-it.
    """
    md = _parser()
    md.core.ruler.disable("inline")
    return md


_INLINE_PARSER = _parser()
_BLOCK_PARSER = _block_parser()
# The module, not the `table` rule function that markdown_it.rules_block re-exports.
_table_rule = importlib.import_module("markdown_it.rules_block.table")


def _fast_escaped_split(line: str, _original=_table_rule.escapedSplit) -> list[str]:
    """markdown-it's GFM row splitter, same result: a line without backslashes is a plain split.

    The original walks the row one character at a time; on a 10k-row list that walk was a
    quarter of the import. tests/test_importer.py checks both agree on arbitrary rows.
    """
    if "\\" not in line:
        return line.split("|")
    return _original(line)


if getattr(_table_rule.escapedSplit, "__name__", "") == "escapedSplit":
    _table_rule.escapedSplit = _fast_escaped_split


def import_readme(markdown_text: str, source_name: str = "README.md") -> ImportResult:
    """Read an awesome list's markdown into a Catalog; never raises on odd input."""
    return _Importer(markdown_text, source_name).run()


# --- inline helpers --------------------------------------------------------------


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _visible_text(children: list[Token], html_breaks: bool = False) -> str:
    """Text and code of inline tokens as written, line breaks (and `<br>` with `html_breaks`) as spaces; markup dropped."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (html_breaks and child.type == "html_inline" and _BR.match(child.content)):
            parts.append(" ")
    return _squash_newlines("".join(parts)).strip()


def plain_text(inline: Optional[Token]) -> str:
    """The visible text of an inline token: markup, images and HTML tags dropped."""
    return _visible_text(inline.children or [], html_breaks=True) if inline is not None else ""


def _squash_newlines(text: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", text)


@dataclass
class _Link:
    href: str
    text: str


def links_in(inline: Optional[Token]) -> list[_Link]:
    """Every link of an inline token with its target and visible text (bold etc. stripped)."""
    children = (inline.children or []) if inline is not None else []
    found: list[_Link] = []
    start: Optional[int] = None
    href = ""
    for position, child in enumerate(children):
        if child.type == "link_open":
            href, start = str(child.attrs.get("href", "")), position + 1
        elif child.type == "link_close" and start is not None:
            found.append(_Link(href, _visible_text(children[start:position])))
            start = None
    return found


@dataclass
class Cell:
    """A table cell as data: its visible text and its links."""

    text: str
    links: list[_Link]


# Characters markdown-it reads literally inside a cell (no escapes, entities, emphasis, code,
# HTML, brackets). A cell made only of these, or one `[text](https://target)` made of them,
# needs no parser: the pattern's answer is markdown-it's (tests/test_importer.py checks it).
_LITERAL = r"[^\\`*_<>&\[\]!~|\r\n]"
_LITERAL_CELL = re.compile(rf"{_LITERAL}*")
_LITERAL_LINK_CELL = re.compile(rf"\[(?P<text>{_LITERAL}+)\]\((?P<href>https?://[^\s()<>\\&]+)\)")


def read_cell(content: str, parse_inline) -> Cell:
    """A cell's text and links; `parse_inline(content)` gives markdown-it's inline token when needed."""
    if _LITERAL_CELL.fullmatch(content):
        return Cell(content.strip(), [])
    match = _LITERAL_LINK_CELL.fullmatch(content)
    if match:
        text = match.group("text").strip()
        return Cell(text, [_Link(match.group("href"), text)])
    inline = parse_inline(content)
    return Cell(plain_text(inline), links_in(inline))


def _starts_with_link(inline: Optional[Token]) -> bool:
    """True when the first visible thing of the inline is a link (wrapping bold allowed)."""
    if inline is None or not inline.children:
        return False
    for child in inline.children:
        if child.type == "link_open":
            return True
        if child.type in ("strong_open", "em_open"):
            continue
        if child.type == "text" and not child.content.strip():
            continue
        return False
    return False


def _text_after_first_link(inline: Token) -> str:
    """Visible text after the first link closes: the " - description" of a list item."""
    children = inline.children or []
    close = next((i for i, child in enumerate(children) if child.type == "link_close"), len(children))
    return re.sub(r"^[\s\-–—:*]+", "", _visible_text(children[close + 1 :])).strip()


def split_venue_year(cell: str) -> tuple[Optional[str], Optional[int]]:
    """'EMNLP 2022' -> ('EMNLP', 2022); 'arxiv' -> ('arxiv', None); '-' -> (None, None)."""
    text = cell.strip()
    if text.lower() in _EMPTY_CELL:
        return None, None
    match = _VENUE_YEAR.match(text)
    if not match:
        return text, None
    venue = match.group("venue").strip() or None
    return venue, int(match.group("year"))


def year_of_date(cell: str) -> Optional[int]:
    match = _DATE.match(cell.strip())
    return int(match.group("year")) if match else None


def identifiers_of(url: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """The normalised arXiv id (version kept only when written) and DOI a URL carries."""
    if not url:
        return None, None
    arxiv = arxiv_id_with_version(url)  # identity's arXiv-link policy: a publisher's digits are no id
    doi = doi_from_text(url)
    if doi and is_arxiv_doi(doi):
        doi = None  # arXiv's own DOI says nothing the arxiv field does not
    return arxiv, doi


def _cells_in_source_line(line: str) -> int:
    """How many cells a GFM table row line holds; markdown-it silently drops the extra ones."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return len(re.split(r"(?<!\\)\|", text))


def heading_texts(markdown: str) -> list[str]:
    """The visible text of every heading in a piece of markdown, in order."""
    tokens = _INLINE_PARSER.parse(markdown)
    return [plain_text(tokens[i + 1]) for i, token in enumerate(tokens) if token.type == "heading_open"]


# --- the importer ----------------------------------------------------------------


@dataclass
class _Block:
    """One top-level block of the document: its tokens and 0-based [start, end) lines."""

    tokens: list[Token]
    start: int
    end: int

    @property
    def kind(self) -> str:
        return self.tokens[0].type

    @property
    def inline(self) -> Optional[Token]:
        return next((t for t in self.tokens if t.type == "inline"), None)


def _top_level_blocks(tokens: list[Token]) -> list[_Block]:
    blocks: list[_Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = index
        if token.nesting == 1:
            depth = 0
            for end in range(index, len(tokens)):
                depth += tokens[end].nesting
                if depth == 0:
                    break
        start_line, end_line = token.map if token.map else (0, 0)
        blocks.append(_Block(tokens[index : end + 1], start_line, end_line))
        index = end + 1
    return blocks


def _heading_level(block: _Block) -> int:
    return int(block.tokens[0].tag[1:])


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
        self.env: dict = {}  # shared by block and inline parsing: link reference definitions

    def parse_inline(self, content: str) -> Token:
        """markdown-it's inline token for one piece of content (links by reference resolved)."""
        parsed = _INLINE_PARSER.parseInline(content, self.env)
        return parsed[0] if parsed else Token("inline", "", 0)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(ImportProblem(line, message))

    def source(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start:end]).strip("\n")

    def run(self) -> ImportResult:
        tokens = _BLOCK_PARSER.parse(self.text, self.env)
        in_table_body = False
        for token in tokens:
            if token.type in ("tbody_open", "tbody_close"):
                in_table_body = token.type == "tbody_open"
            elif token.type == "inline" and not in_table_body:
                token.children = self.parse_inline(token.content).children
        blocks = _top_level_blocks(tokens)
        headings = [i for i, b in enumerate(blocks) if b.kind == "heading_open"]
        title = None
        title_index = None
        if headings and _heading_level(blocks[headings[0]]) == 1:
            title_index = headings[0]
            title = plain_text(blocks[title_index].inline)
            self._report_heading_markup(blocks[title_index], "the title")
            headings = headings[1:]
        if not title:
            title = PurePath(self.source_name).stem or "Papers"
            self.problem(1, f"no '# title' heading at the top; using '{title}' as the list's title")

        # Sections: each heading owns the blocks up to the next heading.
        spans = []
        for position, heading_index in enumerate(headings):
            stop = headings[position + 1] if position + 1 < len(headings) else len(blocks)
            spans.append((blocks[heading_index], blocks[heading_index + 1 : stop]))
        spans = [(h, body) for h, body in spans if not self._is_table_of_contents(h, body)]

        # The intro is everything above the first heading after the title (the TOC's or a section's).
        first_heading_line = blocks[headings[0]].start if headings else len(self.lines)
        if title_index is not None:
            parts = [self.source(0, blocks[title_index].start), self.source(blocks[title_index].end, first_heading_line)]
        else:
            parts = [self.source(0, first_heading_line)]
        intro = "\n\n".join(part for part in parts if part.strip())

        catalog = Catalog(title=title, intro=intro)
        catalog.sections = self._section_tree(spans)
        catalog.entries = self.entries
        return ImportResult(catalog, self.problems, self.section_lines, self.entry_lines)

    def _report_heading_markup(self, heading: _Block, what: str) -> None:
        """Titles are plain text in the catalog: say so when a heading's badge or link is left out."""
        children = heading.inline.children if heading.inline is not None else None
        if any(child.type in ("image", "link_open", "html_inline") for child in children or []):
            self.problem(heading.start + 1, f"{what} holds links, images or HTML (badges?); only its text was kept, add them to the intro if you want them")

    def _is_table_of_contents(self, heading: _Block, body: list[_Block]) -> bool:
        """A "Contents" heading over nothing but lists of in-page (#anchor) links."""
        words = " ".join(re.findall(r"[a-z]+", plain_text(heading.inline).lower()))
        if words not in _TOC_TITLES or not body:
            return False
        for block in body:
            if block.kind not in ("bullet_list_open", "ordered_list_open"):
                return False
            for token in block.tokens:
                if token.type == "inline" and any(not link.href.startswith("#") for link in links_in(token)):
                    return False
        return True

    def _section_tree(self, spans: list[tuple[_Block, list[_Block]]]) -> list[Section]:
        """Nest headings by level: a heading is the child of the nearest shallower one above it."""
        roots: list[Section] = []
        stack: list[tuple[int, Section]] = []
        for heading, body in spans:
            level = _heading_level(heading)
            # Runs of spaces in a heading are invisible on the page; keeping them would give ids
            # with `--` that change the moment the title is rendered back.
            section_title = " ".join(plain_text(heading.inline).split())
            if not section_title:
                section_title = f"Section at line {heading.start + 1}"
                self.problem(heading.start + 1, f"heading has no text; named it '{section_title}'")
            self._report_heading_markup(heading, f"the heading '{shorten(section_title)}'")
            section = Section(id=self._section_id(section_title), title=section_title)
            self.section_lines[section.id] = heading.start + 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            (stack[-1][1].children if stack else roots).append(section)
            stack.append((level, section))
            self._fill_section(section, body)
        return roots

    def _section_id(self, title: str) -> str:
        base = github_anchor(title).strip("-_")
        if not SECTION_ID_RE.fullmatch(base):
            base = "-".join(ascii_words(title)) or "section"
        slug = unique_slug(base, self.section_ids)
        self.section_ids.add(slug)
        return slug

    def _fill_section(self, section: Section, body: list[_Block]) -> None:
        description: list[str] = []
        kind: Optional[str] = None
        for block in body:
            items = _list_items(block) if block.kind in ("bullet_list_open", "ordered_list_open") else []
            if block.kind == "table_open":
                table_kind = self._read_table(section, block)
                kind = kind or table_kind
            elif _is_link_list(items):
                for line, inline, links in items:
                    self._read_link_line(section, inline, line, links)
            elif block.kind == "paragraph_open" and block.end - block.start == 1 and _starts_with_link(block.inline):
                # a one-line paragraph that starts with a link, e.g. `[**Title**](url) 2021.9`
                self._read_link_line(section, block.inline, block.start + 1, links_in(block.inline))
            else:
                description.append(self.source(block.start, block.end))
        section.kind = kind or "papers"
        text = "\n\n".join(part for part in description if part.strip())
        section.description = text or None

    # --- entries ---------------------------------------------------------------

    def _add_entry(self, section: Section, line: int, title: str, url: Optional[str], **values) -> None:
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
        self.entry_lines[entry.id] = line
        self.entries.append(entry)

    def _entry_id(self, title: str, year: Optional[int]) -> str:
        """make_entry_id's readable id, made unique with a counter per base (a list may repeat a title often)."""
        base = make_entry_id(title, year, set())
        entry_id = base
        while entry_id in self.entry_ids:
            self.id_suffix[base] = self.id_suffix.get(base, 0) + 1
            entry_id = f"{base}-{self.id_suffix[base]}"
        return entry_id

    def _read_table(self, section: Section, block: _Block) -> str:
        rows: list[tuple[int, list[Cell]]] = []
        header: list[str] = []
        in_head = False
        current: list[Token] = []
        row_line = block.start
        for token in block.tokens:
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                current = []
                row_line = token.map[0] if token.map else row_line
            elif token.type == "inline":
                current.append(token)
            elif token.type == "tr_close":
                if in_head:
                    header = [plain_text(cell) for cell in current]
                else:
                    rows.append((row_line, [read_cell(cell.content, self.parse_inline) for cell in current]))
        roles = _column_roles(header, rows)
        kind = "datasets" if header and header[0].strip().lower() in _DATASET_FIRST_HEADERS else "papers"
        for row_line, cells in rows:
            self._read_row(section, header, roles, row_line, cells)
        return kind

    def _read_row(self, section: Section, header: list[str], roles: dict[str, int], row_line: int, cells: list[Cell]) -> None:
        line = row_line + 1
        if all(not cell.text and not cell.links for cell in cells):
            self.problem(line, "empty table row; nothing to import")
            return
        raw_line = self.lines[row_line] if row_line < len(self.lines) else ""
        extra = _cells_in_source_line(raw_line) - len(header) if raw_line.count("|") > len(header) + 1 else 0
        if extra > 0:
            self.problem(line, f"row has {extra} more cell(s) than the header's {len(header)}; the extra cells were not imported")

        title_cell = cells[roles["title"]]
        title_links = [link for link in title_cell.links if link.text]
        if title_links:
            title, url = title_links[0].text, title_links[0].href
        else:
            title, url = title_cell.text, None
        if not title:
            self.problem(line, f"row has no title in its '{header[roles['title']]}' column; skipped it")
            return
        if not title_links:
            self.problem(line, f"row has no link in its '{header[roles['title']]}' column; kept '{shorten(title)}' without a url")
        elif not url:
            self.problem(line, f"the link of '{shorten(title)}' has an empty target; kept it without a url")

        values: dict = {}
        if "venue" in roles:
            values["venue"], values["year"] = split_venue_year(cells[roles["venue"]].text)
        if "date" in roles and not values.get("year"):
            values["year"] = year_of_date(cells[roles["date"]].text)
        if "code" in roles:
            values["code"] = _link_or_text(cells[roles["code"]])
        if "download" in roles:
            values["download"] = _link_or_text(cells[roles["download"]])
        # Columns papercat has no field for are kept, as written, in the note.
        notes = []
        used_columns = set(roles.values())
        for index, name in enumerate(header):
            if index in used_columns and index != roles.get("date"):
                continue
            value = _link_or_text(cells[index]) if index < len(cells) else None
            if index == roles.get("date") and (not value or value == str(values.get("year"))):
                continue  # a bare year went to `year`; "2017-06" keeps its month here
            if value:
                notes.append(f"{name or f'column {index + 1}'}: {value}")
        if notes:
            values["note"] = "; ".join(notes)
        self._add_entry(section, line, title, url, **values)

    def _read_link_line(self, section: Section, inline: Token, line: int, links: list[_Link]) -> None:
        """One list item or paragraph; `links` are its links when it starts with one, else []."""
        links = [link for link in links if link.text]
        if not links:
            title = plain_text(inline)
            if title:
                self.problem(line, f"list item has no link; kept '{shorten(title)}' without a url")
                self._add_entry(section, line, title, None)
            return
        first = links[0]
        rest = _text_after_first_link(inline)
        values: dict = {}
        if rest:
            year = year_of_date(rest)
            if year:
                values["year"] = year
            else:
                values["note"] = rest
        if not first.href:
            self.problem(line, f"the link of '{shorten(first.text)}' has an empty target; kept it without a url")
        self._add_entry(section, line, first.text, first.href or None, **values)


def _list_items(block: _Block) -> list[tuple[int, Token, list[_Link]]]:
    """(1-based line, inline, its links if it starts with one else []) for the first inline of
    each item of a top-level list (nested lists included, in order)."""
    items = []
    expect = False
    for token in block.tokens:
        if token.type == "list_item_open":
            expect = True
        elif token.type == "inline" and expect:
            line = (token.map[0] if token.map else block.start) + 1
            items.append((line, token, links_in(token) if _starts_with_link(token) else []))
            expect = False
    return items


def _is_link_list(items: list[tuple[int, Token, list[_Link]]]) -> bool:
    """A list whose items start with a link: the classic `- [name](url) - what it is` list.

    A list of in-page `#anchor` links is navigation, not papers: it stays in the description.
    """
    return any(links and not links[0].href.startswith("#") for _, _, links in items)


def _column_roles(header: list[str], rows: list[tuple[int, list[Cell]]]) -> dict[str, int]:
    """Which column holds the title, venue, date, code and download link."""
    names = [name.strip().lower() for name in header]
    roles: dict[str, int] = {}
    candidates = [i for i, name in enumerate(names) if name in _TITLE_HEADERS or name.startswith(("paper", "title"))]
    if not candidates:
        candidates = list(range(len(names)))

    def preference(index: int) -> tuple[int, int]:
        """Most links first (the "Name | Paper" tables link in the second column), then header words."""
        links = sum(1 for _, cells in rows if index < len(cells) and cells[index].links)
        name = names[index]
        rank = next((r for r, h in enumerate(_TITLE_HEADERS) if name.startswith(h)), len(_TITLE_HEADERS))
        return (-links, rank)

    roles["title"] = min(candidates, key=preference) if names else 0
    for index, name in enumerate(names):
        if index == roles["title"]:
            continue
        if "venue" not in roles and _VENUE_HEADER.search(name):
            roles["venue"] = index
        elif "date" not in roles and _DATE_HEADER.match(name):
            roles["date"] = index
        elif "download" not in roles and _DOWNLOAD_HEADER.search(name):
            roles["download"] = index
        elif "code" not in roles and _CODE_HEADER.search(name):
            roles["code"] = index
    return roles


def _link_or_text(cell: Optional[Cell]) -> Optional[str]:
    """A cell's first link target, else its text; None for '-' or empty."""
    if cell is None:
        return None
    for link in cell.links:
        if link.href:
            return link.href
    return None if cell.text.lower() in _EMPTY_CELL else cell.text
