"""The structure of a list: top-level blocks, the title, the intro, the TOC and the section spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from ..markdown import links_in, plain_text

# Words of a heading that introduces the table of contents ("## Table of Contents", "# Content").
TOC_TITLES = frozenset({"table of contents", "table of content", "contents", "content", "toc"})


@dataclass
class Block:
    """One top-level block of the document: its tokens and 0-based [start, end) lines."""

    tokens: list[Token]
    start: int
    end: int

    @property
    def kind(self) -> str:
        return self.tokens[0].type

    @property
    def inline(self) -> Token | None:
        return next((t for t in self.tokens if t.type == "inline"), None)


def top_level_blocks(tokens: list[Token]) -> list[Block]:
    blocks: list[Block] = []
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
        blocks.append(Block(tokens[index : end + 1], start_line, end_line))
        index = end + 1
    return blocks


def heading_level(block: Block) -> int:
    return int(block.tokens[0].tag[1:])


def is_anchor_list(block: Block) -> bool:
    """A list of nothing but in-page (#anchor) links: navigation."""
    if block.kind not in ("bullet_list_open", "ordered_list_open"):
        return False
    seen = False
    for token in block.tokens:
        if token.type == "inline":
            for link in links_in(token):
                if not link.href.startswith("#"):
                    return False
                seen = True
    return seen


def is_table_of_contents(heading: Block, body: list[Block]) -> bool:
    """A "Contents" heading over nothing but lists of in-page (#anchor) links (or bracketed words)."""
    words = " ".join(re.findall(r"[a-z]+", plain_text(heading.inline).lower()))
    if words not in TOC_TITLES or not body or body[0].kind not in ("bullet_list_open", "ordered_list_open"):
        return False
    for block in body:
        if block.kind not in ("bullet_list_open", "ordered_list_open"):
            # after the lists only spacing such as `&nbsp;`, a rule or HTML without links
            if block.kind in ("hr", "html_block") or (block.kind == "paragraph_open" and not links_in(block.inline)):
                continue
            return False
        for token in block.tokens:
            if token.type == "inline" and any(not link.href.startswith("#") for link in links_in(token)):
                return False
    return True


@dataclass
class Toc:
    """A table of contents as the source wrote it: its heading line ("" for none) and its list."""

    heading: str
    text: str
    marker: str
    indent: int
    before: int | None  # index into the section spans it sits above; None: right after the intro
    heading_start: int
    start: int
    end: int


def toc_style(lines: list[str]) -> tuple[str, int]:
    """The bullet marker and indent width a TOC list uses."""
    marker, indent = "*", 2
    for line in lines:
        match = re.match(r"^( *)([-*+]) ", line)
        if match:
            if not match.group(1):
                marker = match.group(2)
            elif indent == 2 and len(match.group(1)) in (2, 3, 4):
                indent = len(match.group(1))
    return marker, indent
