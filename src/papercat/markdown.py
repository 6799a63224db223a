"""The markdown parser papercat reads lists with, and the inline helpers import and render share.

One configuration (CommonMark + GFM tables, every link target kept as written) and one
faster GFM row splitter, installed on papercat's own parser instances only: other users of
markdown-it in the same process keep markdown-it's own table rule untouched.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from markdown_it import MarkdownIt
from markdown_it.rules_block import table as _table_module
from markdown_it.token import Token

if TYPE_CHECKING:
    from markdown_it.rules_block.state_block import StateBlock
    from markdown_it.utils import EnvType

# `markdown_it.rules_block.table` is the rule function; its module holds `escapedSplit`.
_TABLE_RULE = _table_module if callable(_table_module) else _table_module.table
_ORIGINAL_SPLIT: Callable[[str], list[str]] = _TABLE_RULE.__globals__["escapedSplit"]


def fast_escaped_split(line: str) -> list[str]:
    """markdown-it's GFM row splitter, same result: a line without backslashes is a plain split.

    The original walks the row one character at a time; on a 10k-row list that walk was a
    quarter of the import. tests/test_markdown.py checks both agree on arbitrary rows.
    """
    if "\\" not in line:
        return line.split("|")
    return _ORIGINAL_SPLIT(line)


def split_row(line: str) -> list[str]:
    """A GFM table row's cells as written (outer pipes dropped), each stripped."""
    text = line.strip()
    text = text.removeprefix("|")
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    if "\\" in text:
        parts = re.split(r"(?<!\\)\|", text)  # an escaped pipe belongs to its cell
    else:
        parts = fast_escaped_split(text)
    return [part.strip() for part in parts]


def escaped_split(line: str) -> list[str]:
    """markdown-it's own row splitter (the reference `fast_escaped_split` is checked against)."""
    return _ORIGINAL_SPLIT(line)


# The table rule again, reading `escapedSplit` from a private copy of its module globals: the
# fast splitter then serves papercat's parsers and nobody else's.
_fast_table_rule = types.FunctionType(
    _TABLE_RULE.__code__,
    {**_TABLE_RULE.__globals__, "escapedSplit": fast_escaped_split},
    "table",
    _TABLE_RULE.__defaults__,
    _TABLE_RULE.__closure__,
)


def parser() -> MarkdownIt:
    """CommonMark + GFM tables, keeping every link target exactly as written.

    markdown-it refuses some targets (validateLink) and percent-encodes others
    (normalizeLink); a faithful import needs `arXiv:2306.08568` back verbatim.
    """
    md = MarkdownIt("commonmark").enable("table")
    md.block.ruler.at("table", _fast_table_rule, {"alt": ["paragraph", "reference"]})
    # Per-instance overrides of markdown-it's hooks (mypy flags any assignment to a method: ignored).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.normalizeLinkText = lambda link: link  # type: ignore[method-assign]
    return md


class _Discarded:
    """Stands in for a body cell's token: the table rule sets these on it, and nobody reads them."""

    __slots__ = ("attrs", "map", "content", "children")


_DISCARDED = _Discarded()
_BODY_CELL_TOKENS = frozenset(("td_open", "inline", "td_close"))


def _lean_table_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """The table rule, keeping only the rows of a table's body (`tr_open` with its line map).

    The importer reads body cells from the row's line itself (importer/rows.py), so their
    three tokens a cell are never looked at; not making them is a fifth of a 10k-row import.
    Where the table ends, its header and every row's line are markdown-it's own answer, checked
    by tests/test_markdown.py against the full rule.
    """
    if silent:
        return bool(_fast_table_rule(state, start, end, True))
    push = state.push
    in_body = False

    def lean_push(ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        nonlocal in_body
        if ttype == "tbody_open":
            in_body = True
        if in_body and ttype in _BODY_CELL_TOKENS:
            return _DISCARDED  # type: ignore[return-value]  # attributes set on it, never read
        return push(ttype, tag, nesting)

    state.push = lean_push  # type: ignore[method-assign]  # for this one rule's run
    try:
        return bool(_fast_table_rule(state, start, end, silent))
    finally:
        del state.push


def block_parser(lean_tables: bool = True) -> MarkdownIt:
    """The same parser without its inline pass: inline content is parsed on demand.

    Most of a big list is table cells such as `[Title](https://...)`; reading those
    with a pattern that provably gives markdown-it's answer (see `read_cell`) halves
    the time a 10k-row import takes. Everything else goes through markdown-it.
    With `lean_tables`, table bodies hold their rows but not their cells (see _lean_table_rule).
    """
    md = parser()
    md.core.ruler.disable("inline")
    if lean_tables:
        md.block.ruler.at("table", _lean_table_rule, {"alt": ["paragraph", "reference"]})
    return md


INLINE_PARSER = parser()
BLOCK_PARSER = block_parser()


# --- inline helpers --------------------------------------------------------------

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def squash_newlines(text: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", text)


def visible_text(children: list[Token], html_breaks: bool = False) -> str:
    """Text and code of inline tokens as written, line breaks (and `<br>` with `html_breaks`) as spaces; markup dropped."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (html_breaks and child.type == "html_inline" and _BR.match(child.content)):
            parts.append(" ")
    return squash_newlines("".join(parts)).strip()


def plain_text(inline: Token | None) -> str:
    """The visible text of an inline token: markup, images and HTML tags dropped."""
    return visible_text(inline.children or [], html_breaks=True) if inline is not None else ""


@dataclass
class Link:
    """One link of a piece of markdown: its target as written and its visible text."""

    href: str
    text: str


def links_in(inline: Token | None) -> list[Link]:
    """Every link of an inline token with its target and visible text (bold etc. stripped)."""
    children = (inline.children or []) if inline is not None else []
    found: list[Link] = []
    start: int | None = None
    href = ""
    for position, child in enumerate(children):
        if child.type == "link_open":
            href, start = str(child.attrs.get("href", "")), position + 1
        elif child.type == "link_close" and start is not None:
            found.append(Link(href, visible_text(children[start:position])))
            start = None
    return found


def parse_inline(content: str, env: EnvType | None = None) -> Token:
    """markdown-it's inline token for one piece of content (`env` holds link reference definitions)."""
    parsed = INLINE_PARSER.parseInline(content, {} if env is None else env)
    return parsed[0] if parsed else Token("inline", "", 0)


@dataclass
class Cell:
    """A table cell as data: its visible text and its links."""

    text: str
    links: list[Link]


# Characters markdown-it reads literally inside a cell (no escapes, entities, emphasis, code,
# HTML, brackets). A cell made only of these, or one `[text](https://target)` made of them,
# needs no parser: the pattern's answer is markdown-it's (tests/test_markdown.py checks it).
_LITERAL = r"[^\\`*_<>&\[\]!~|\r\n]"
_LITERAL_CELL = re.compile(rf"{_LITERAL}*")
_LITERAL_LINK_CELL = re.compile(rf"\[(?P<text>{_LITERAL}+)\]\((?P<href>https?://[^\s()<>\\&]+)\)")


def read_cell(content: str, parse: Callable[[str], Token] = parse_inline) -> Cell:
    """A cell's text and links; `parse(content)` gives markdown-it's inline token when needed."""
    if _LITERAL_CELL.fullmatch(content):
        return Cell(content.strip(), [])
    match = _LITERAL_LINK_CELL.fullmatch(content)
    if match:
        text = match.group("text").strip()
        return Cell(text, [Link(match.group("href"), text)])
    inline = parse(content)
    return Cell(plain_text(inline), links_in(inline))


def starts_with_link(inline: Token | None) -> bool:
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


def text_after_first_link(inline: Token) -> str:
    """Visible text after the first link closes: the " - description" of a list item."""
    children = inline.children or []
    close = next((i for i, child in enumerate(children) if child.type == "link_close"), len(children))
    return re.sub(r"^[\s\-–—:*]+", "", visible_text(children[close + 1 :])).strip()


def heading_texts(markdown: str) -> list[str]:
    """The visible text of every heading in a piece of markdown, in order."""
    tokens = INLINE_PARSER.parse(markdown)
    return [plain_text(tokens[i + 1]) for i, token in enumerate(tokens) if token.type == "heading_open"]
