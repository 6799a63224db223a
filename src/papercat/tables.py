"""Table and list layouts as data: which columns a section shows, and how a cell is read and written.

A `Layout` is what `catalog.yaml` says about one section's block (a table, a bullet list or a
numbered list; a table's columns in order with their header text as written, alignment and the
entry field each shows). A `FieldColumn` says, for one entry field, which source headers mean it,
how its cell is rendered from an entry and how a cell is read back into entry fields. render,
import, catalog validation and the JSON Schema's enums all read these tables, so a new column
kind is one entry here and one test.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .cells import (
    escape_text,
    is_web_url,
    link_destination,
    title_cell,
    url_cell,
    venue_cell,
)
from .generic_titles import GENERIC_LINK_TEXTS, is_generic_title  # noqa: F401 - GENERIC_LINK_TEXTS: part of this module's vocabulary

if TYPE_CHECKING:
    from .catalog import Entry
    from .markdown import Cell

BLOCKS = ("table", "bullet", "numbered", "paragraph", "none")
ALIGNMENTS = ("none", "left", "center", "right")
# A cell meaning "nothing here".
EMPTY_CELL = frozenset({"", "-", "--", "—", "–", "n/a", "na", "none"})


@dataclass
class Column:
    """One column of a table layout: its header as written, alignment, and the field it shows."""

    header: str
    field: str
    align: str = "none"


@dataclass
class Layout:
    """How one section's entries are written: block kind, columns, and the source's own style.

    `header_row` and `delimiter_row` are the table's first two lines as the source wrote them;
    render uses them while they still read as these columns. `padded` pads every column to its
    widest cell, as formatters such as prettier write tables. `level` is the heading level when
    it is not the section's depth + 1, `heading` the heading line as written (used while it still
    reads as the section's title). `spacing` holds blank lines before the description, the
    entries and the text after them when not one each (a count, or the lines as written when they hold spaces).
    """

    block: str = "table"
    columns: list[Column] = field(default_factory=list)
    header_row: str | None = None
    delimiter_row: str | None = None
    padded: bool = False
    marker: str | None = None
    level: int | None = None
    heading: str | None = None
    spacing: list[int | str] = field(default_factory=list)


def blank_gap(blank_lines: list[str]) -> int | str:
    """The spacing the source put between two blocks: how many empty lines, or the lines as
    written when one holds spaces (gap_text writes either back)."""
    return "\n".join(blank_lines) if any(blank_lines) else len(blank_lines)


def gap_text(gap: int | str) -> str:
    """What goes between two blocks: `gap` empty lines, or (a string) the blank lines as written."""
    return "\n" * (gap + 1) if isinstance(gap, int) else "\n" + gap + "\n"


# --- the table kinds of a new list (the shipped list's layout) ------------------------

TABLE_KINDS: dict[str, list[Column]] = {
    "papers": [Column("Paper", "title"), Column("Published in", "venue", "center"), Column("Code/Project", "code", "center")],
    "datasets": [Column("Dataset", "title"), Column("Home/Github", "code", "center"), Column("Download link", "download", "center")],
}
TABLE_KIND_NAMES = tuple(TABLE_KINDS)


def kind_layout(kind: str) -> Layout:
    """The default layout of a section of this kind."""
    return Layout(columns=[Column(c.header, c.field, c.align) for c in TABLE_KINDS.get(kind, TABLE_KINDS["papers"])])


# --- fields: which headers mean them, how a cell is rendered and read ------------------------


def split_venue_year(cell: str) -> tuple[str | None, int | None]:
    """'EMNLP 2022' -> ('EMNLP', 2022); 'arxiv' -> ('arxiv', None); '-' -> (None, None)."""
    text = cell.strip()
    if text.lower() in EMPTY_CELL:
        return None, None
    match = _VENUE_YEAR.match(text)
    if not match:
        return text, None
    venue = match.group("venue").strip() or None
    return venue, int(match.group("year"))


def year_of_date(cell: str) -> int | None:
    match = _DATE.match(cell.strip())
    return int(match.group("year")) if match else None


# "arxiv 2023", "ACL Anthology 2023", "NeurIPS, 2022", "(2021)": venue then a year at the end.
_VENUE_YEAR = re.compile(r"^(?P<venue>.*?)[\s,]*\(?(?P<year>(?:19|20)\d{2})\)?$")
# A date column or trailing date such as "2017-06", "2021.9", "2026-06-30".
_DATE = re.compile(r"^\(?(?P<year>(?:19|20)\d{2})(?:[-./]\d{1,2}){0,2}\)?$")


def link_or_text(cell: Cell | None) -> str | None:
    """A cell's first link target, else its text; None for '-' or empty."""
    if cell is None:
        return None
    for link in cell.links:
        if link.href:
            return link.href
    return None if cell.text.lower() in EMPTY_CELL else cell.text


# A title longer than this that holds a sentence break is a title and its description.
LONG_TITLE = 180
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9)\]])[.!?] +(?=[A-Z])|\s+[-–—]\s+")


def split_long_title(text: str) -> tuple[str, str | None]:
    """A paragraph-long title -> (its first sentence, the rest as a description); short titles stay whole."""
    if len(text) <= LONG_TITLE:
        return text, None
    match = _SENTENCE_BREAK.search(text, 10)
    if not match or match.start() > LONG_TITLE:
        return text, None
    return text[: match.start()].strip(), text[match.end() :].strip() or None


def _read_title(cell: Cell, raw: str) -> dict[str, Any]:
    named = [link for link in cell.links if link.text and not is_generic_title(link.text)]
    if named:
        return {"title": named[0].text, "url": named[0].href or None}
    texted = [link for link in cell.links if link.text]
    if texted and not cell.text.replace(texted[0].text, "").strip(" -|:"):
        return {"title": texted[0].text, "url": texted[0].href or None}
    title, description = split_long_title(cell.text)
    values = {"title": title, "url": texted[0].href or None if texted else None}
    if description:
        values["note"] = description
    return values


def _read_url(cell: Cell, raw: str) -> dict[str, Any]:
    target = next((link.href for link in cell.links if link.href), None)
    return {"url": target}


def _read_venue(cell: Cell, raw: str) -> dict[str, Any]:
    venue, year = split_venue_year(cell.text)
    return {"venue": venue, "year": year}


def _read_date(cell: Cell, raw: str) -> dict[str, Any]:
    text = cell.text.strip()
    return {"date": None if text.lower() in EMPTY_CELL else text}


def _read_code(cell: Cell, raw: str) -> dict[str, Any]:
    return {"code": link_or_text(cell)}


def _read_download(cell: Cell, raw: str) -> dict[str, Any]:
    return {"download": link_or_text(cell)}


def _read_authors(cell: Cell, raw: str) -> dict[str, Any]:
    text = cell.text.strip()
    if text.lower() in EMPTY_CELL:
        return {"authors": []}
    return {"authors": [name.strip() for name in re.split(r",\s*|\s+and\s+", text) if name.strip()]}


def _render_title(entry: Entry, column: Column, fields: set[str]) -> str:
    return escape_text(entry.title) if "url" in fields else title_cell(entry)


def _render_venue(entry: Entry, column: Column, fields: set[str]) -> str:
    if "date" in fields:
        return escape_text(entry.venue) if entry.venue else "-"
    return venue_cell(entry)


def _render_url(entry: Entry, column: Column, fields: set[str]) -> str:
    return f"[link]({link_destination(entry.url)})" if is_web_url(entry.url) else "-"


def _render_date(entry: Entry, column: Column, fields: set[str]) -> str:
    # a paper added with papercat has its first version's date, or at least a year
    date = entry.date or entry.published or (str(entry.year) if entry.year else None)
    return escape_text(date) if date else "-"


def _render_authors(entry: Entry, column: Column, fields: set[str]) -> str:
    return escape_text(", ".join(entry.authors)) if entry.authors else "-"


def _render_links(entry: Entry, column: Column, fields: set[str]) -> str:
    links = [f"[{escape_text(label)}]({url})" for label, url in entry.link_pairs()]
    return ", ".join(links) if links else "-"


def _read_links(cell: Cell, raw: str) -> dict[str, Any]:
    return {}  # a links column's links are collected with every other cell's (see rows)


def _render_extra(entry: Entry, column: Column, fields: set[str]) -> str:
    return extra_cell(entry.extra.get(column.header) or "-")


def extra_cell(markdown: str) -> str:
    """A column papercat has no field for, as written; as escaped text if it would run a script."""
    return markdown if links_are_web(markdown) else escape_text(markdown)


def _read_extra(cell: Cell, raw: str) -> dict[str, Any]:
    return {}  # kept verbatim by the reader, under the column's header


@dataclass(frozen=True)
class FieldColumn:
    """One entry field shown as a column: the headers that mean it, its writer and its reader."""

    name: str
    headers: re.Pattern[str]
    render: Callable[[Entry, Column, set[str]], str]
    read: Callable[[Cell, str], dict[str, Any]]


# Order matters: a header is given to the first field whose pattern matches it.
FIELD_COLUMNS: dict[str, FieldColumn] = {
    spec.name: spec
    for spec in (
        FieldColumn("title", re.compile(r"^(paper|title|dataset|datasets|name)\b"), _render_title, _read_title),
        FieldColumn("url", re.compile(r"^(paper|pdf|link|arxiv|url)s?$"), _render_url, _read_url),
        FieldColumn("venue", re.compile(r"publish|venue|conference|journal|publication"), _render_venue, _read_venue),
        FieldColumn("date", re.compile(r"^(date|year|release|time|published date)$"), _render_date, _read_date),
        FieldColumn("download", re.compile(r"download"), lambda e, c, f: url_cell(e.download), _read_download),
        FieldColumn("code", re.compile(r"code|project|github|repo|home|implementation"), lambda e, c, f: url_cell(e.code), _read_code),
        FieldColumn("authors", re.compile(r"^authors?$"), _render_authors, _read_authors),
        FieldColumn("links", re.compile(r"^(links|resources)$"), _render_links, _read_links),
        FieldColumn("extra", re.compile(r"(?!)"), _render_extra, _read_extra),
    )
}
FIELD_NAMES = tuple(FIELD_COLUMNS)
# The title column is the first of these headers found (then the one with most links).
TITLE_HEADERS = ("paper", "title", "dataset", "datasets", "name")
DATASET_FIRST_HEADERS = frozenset({"dataset", "datasets", "name"})


def column_fields(header: list[str], cells_by_column: list[list[Cell]]) -> list[str]:
    """Which field each column of a source table shows, from its header and its cells."""
    names = [name.strip().lower() for name in header]
    if not names:
        return []

    counts: dict[tuple[int, bool], int] = {}

    def link_count(index: int, generic: bool) -> int:
        """Cells of the column holding a named (or, with `generic`, a `[pdf]`-like) link."""
        if (index, generic) not in counts:
            counts[(index, generic)] = sum(
                1
                for cell in (cells_by_column[index] if index < len(cells_by_column) else [])
                if any(link.text and is_generic_title(link.text) == generic for link in cell.links)
            )
        return counts[(index, generic)]

    candidates = [i for i, name in enumerate(names) if name in TITLE_HEADERS or name.startswith(("paper", "title"))]
    candidates = candidates or list(range(len(names)))

    def preference(index: int) -> tuple[int, int]:
        """Most named links first (the "Name | Paper" tables link in the second column), then header words."""
        rank = next((r for r, h in enumerate(TITLE_HEADERS) if names[index].startswith(h)), len(TITLE_HEADERS))
        return (-link_count(index, False), rank)

    title = min(candidates, key=preference)
    if link_count(title, False) == 0:
        # The title-like column links only `[dataset]`-like texts: a column of named links names the rows.
        # (only a column no field claims: a Model or Name column, never a Code or Download link)
        claimed = {i for i, name in enumerate(names) for spec in FIELD_COLUMNS.values() if spec.name not in ("title", "extra") and spec.headers.search(name)}
        named = [i for i in range(len(names)) if link_count(i, False) > 0 and not names[i].startswith("title") and i not in claimed]
        if named and not any(i != title and names[i].startswith("title") for i in range(len(names))):
            title = max(named, key=lambda i: link_count(i, False))
    fields = ["extra"] * len(names)
    fields[title] = "title"
    used = {"title"}
    # A title column whose links are all `[pdf]`-like takes its title from a "Title" column beside it.
    if link_count(title, False) == 0 and link_count(title, True) > 0:
        texts = [i for i, name in enumerate(names) if i != title and name.startswith("title")]
        if texts:
            fields[title], fields[texts[0]] = "url", "title"
            used.add("url")
    for index, name in enumerate(names):
        if fields[index] != "extra":
            continue
        for spec in FIELD_COLUMNS.values():
            if spec.name in used or spec.name in ("title", "extra"):
                continue
            if spec.name == "url" and not link_count(index, True):
                continue
            if spec.headers.search(name):
                fields[index] = spec.name
                used.add(spec.name)
                break
    return fields


# --- what render and import share about written cells ------------------------------------------

ROW_KEY = "_row"  # entry.cells key: the whole table row as written
ITEM_KEY = "_item"  # the whole list item (or link paragraph) as written
GAP_KEY = "_gap"  # blank lines above this entry's list item, when not the list's usual spacing
BEFORE_KEY = "_before"  # markdown between the previous entries block and this entry's block
BETWEEN_KEY = "_between"  # the same, line for line, where the blocks are not one empty line away from it
EMPTY_ABOVE_KEY = "_empty_above"  # empty table rows the source wrote right above this entry's row
EMPTY_BELOW_KEY = "_empty_below"  # empty table rows below the table's last entry
_CODE_LABEL = re.compile(r"code|github|official|repo|implementation", re.IGNORECASE)


def is_code_label(text: str) -> bool:
    return bool(_CODE_LABEL.search(text))


def delimiter_alignment(cell: str) -> str:
    text = cell.strip()
    left, right = text.startswith(":"), text.endswith(":")
    return "center" if left and right else "left" if left else "right" if right else "none"


def display_width(text: str) -> int:
    """Columns a text takes in a monospace editor (wide East Asian characters and emoji count two)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


# A link target in markdown as written: `](target` up to a space or the closing parenthesis.
_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
# Web links, anchors, mail, and relative links (no scheme at all: `docs/x.md`, `arxiv.org/abs/...`).
# Web URLs, anchors, mail, relative paths, and an identifier written as a target (`arXiv:2306.08568`,
# `doi:10.1145/...`: no browser follows one, GitHub shows it as text, lint's PC201 offers the web URL).
_SAFE_TARGET = re.compile(r"(https?://|#|mailto:|arxiv:[0-9a-z]|doi:10\.|(?![A-Za-z][A-Za-z0-9+.-]*:))", re.IGNORECASE)


# HTML a list commonly writes inside cells and headings (line breaks, badges, emphasis).
SAFE_TAGS = frozenset(["br", "img", "sup", "sub", "b", "i", "em", "strong", "font", "center", "p", "div", "span", "code", "kbd", "a", "details", "summary"])
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)([^>]*)>?")
_UNSAFE_ATTRIBUTE = re.compile(r"\bon[a-z]+\s*=|javascript:|data:|vbscript:|style\s*=", re.IGNORECASE)


_ENTITY = re.compile(r"&#?[A-Za-z0-9]+;")
# `](target)` with nothing in the target that could open or close another link: read as written.
_SIMPLE_TARGET = re.compile(r"\]\(([^()\s<>\[\]\\]*)\)")


def _parsed_targets(raw: str) -> list[str]:
    """Every link target of a piece of markdown as markdown-it reads it (`&#106;avascript:` is `javascript:`)."""
    from .markdown import INLINE_PARSER

    found = []
    # Read as inline text (a cell, a list item's text): "```" there opens no code block.
    tokens = INLINE_PARSER.parse(raw) + INLINE_PARSER.parseInline(raw, {})
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrs.get("href", "")).strip())
    return found


def links_are_web(raw: str) -> bool:
    """True when every link target in a piece of markdown is a web URL or an #anchor, and its HTML is harmless.

    Text kept as written is rendered as it stands, so it must keep render's promise that
    only http(s) URLs become links (an empty `[Coming soon]()` target links nowhere): a
    `javascript:` or `data:` target, a `<script>` or an `onerror=` sends the cell back to
    being written from the entry's fields. An `arXiv:ID` target is kept: it links nowhere either.
    """
    if "](" in raw:
        targets = _SIMPLE_TARGET.findall(raw)
        if len(targets) != raw.count("](") or any(_ENTITY.search(target) for target in targets):
            targets = _parsed_targets(raw)  # nested brackets, entities, escapes: read the targets as markdown does
        if not all(not target or _SAFE_TARGET.match(target) for target in targets):
            return False
    if "<" in raw:
        for match in _TAG.finditer(raw):
            if match.group(1).lower() not in SAFE_TAGS or _UNSAFE_ATTRIBUTE.search(match.group(2)):
                return False
        if re.search(r"<[^>\sA-Za-z/]", raw) or "<!" in raw or "<?" in raw:
            return False
    return True


# A title cell as lists write it: an optional star badge and `<br>`, then `[title](url)` or
# `[**title**](url)` of plain characters, then an optional `<br>`.
_PLAIN = r"[^\\`*_<>&\[\]!~|\r\n]"
_BADGED_TITLE = re.compile(
    rf"(?:!\[{_PLAIN}*\]\(https?://[^\s()<>\\&]*\) *<br> *)?"
    rf"\[(?P<bold>\*\*)?(?P<text>{_PLAIN}+)(?P=bold)\]\((?P<href>https?://[^\s()<>\\&]+)\)(?: *<br>)?"
)


def cell_holds(entry: Entry, column: Column, raw: str, fields: set[str]) -> bool:
    """True while a cell as the source wrote it still says what the entry's fields say."""
    spec = FIELD_COLUMNS.get(column.field)
    if not links_are_web(raw):
        return False
    if spec is None or column.field in ("extra", "links"):
        return True
    if column.field == "title" and "url" not in fields:
        badged = _BADGED_TITLE.fullmatch(raw)
        if badged and not is_generic_title(badged.group("text")):
            # fast path: same answer as reading the cell, checked by tests/test_adopt.py on every corpus list
            return (badged.group("text").strip(), badged.group("href")) == (entry.title, entry.url)
    from .markdown import parse_inline, read_cell  # here, not at import: loading a catalog needs no markdown parser

    values = spec.read(read_cell(raw, parse_inline), raw)
    if column.field == "title" and "url" in fields:
        values.pop("url", None)
    if column.field == "title" and is_generic_title(values.get("title") or ""):
        values.pop("title", None)  # `[pdf]`: the title came from beside it
    if column.field == "venue" and "date" in fields:
        values.pop("year", None)
    return all(getattr(entry, name) == (value if value != [] else []) for name, value in values.items())


# Emphasis a list puts around a whole cell (`**[Title](url)**`); kept when the cell's text changes.
_EMPHASIS_PAIRS = (("**", "**"), ("__", "__"), ("*", "*"), ("_", "_"), ("<b>", "</b>"), ("<strong>", "</strong>"), ("<em>", "</em>"), ("<i>", "</i>"))


def keep_emphasis(raw: str, fresh: str, *, code: bool = True) -> str:
    """`fresh` (a cell rendered from the fields) inside the emphasis `raw` wrapped its whole text in.

    An edited title in a list that bolds its titles stays bold: `**[Old](u)**` with a new
    title renders `**[New](u)**`, not a plain link among bold ones; a venue in backticks
    (`` `ICML'23` ``) stays in backticks when `code`.
    """
    opened, closed = emphasis_of(raw, code=code)
    if not opened or not fresh or fresh.startswith(opened):
        return fresh
    return f"{opened}{fresh}{closed}"


def emphasis_of(raw: str, *, code: bool = True) -> tuple[str, str]:
    """The marks wrapped around the whole of a cell (`**`, `<b>`, with `code` a backtick), opening and closing."""
    opened, closed, inner = "", "", raw.strip()
    pairs = (*_EMPHASIS_PAIRS, ("`", "`")) if code else _EMPHASIS_PAIRS  # a code span: not around a link
    while True:
        pair = next((pair for pair in pairs if _wraps(pair, inner)), None)
        if pair is None:
            return opened, closed
        opened, closed, inner = opened + pair[0], pair[1] + closed, inner[len(pair[0]) : -len(pair[1])].strip()


def _wraps(pair: tuple[str, str], text: str) -> bool:
    """`**...**` around the whole text, not `**a** and **b**` (the marks occur once each)."""
    start, end = pair
    if len(text) <= len(start) + len(end) or not (text.startswith(start) and text.endswith(end)):
        return False
    inner = text[len(start) : -len(end)]
    return start not in inner and end not in inner


def column_keys(columns: list[Column]) -> list[str]:
    """The names the columns' cells are kept under: a header, or `column N` when empty or repeated."""
    counts = Counter(column.header for column in columns)
    return [column.header if column.header and counts[column.header] == 1 else f"column {index + 1}" for index, column in enumerate(columns)]
