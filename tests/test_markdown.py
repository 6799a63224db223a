"""papercat.markdown: one parser configuration, fast paths that give markdown-it's answers."""

from __future__ import annotations

import importlib

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from papercat.markdown import INLINE_PARSER as _INLINE_PARSER
from papercat.markdown import (
    escaped_split,
    fast_escaped_split,
    links_in,
    plain_text,
    read_cell,
)

CELL_ALPHABET = st.sampled_from(list("ab Z09:/.-?!#$%'\"()[]<>&;*_`~\\|é数") + ["https://", "](", "[x](https://a.org/b_c)", "&amp;"])


@settings(max_examples=400, deadline=None)
@given(st.lists(CELL_ALPHABET, max_size=25).map("".join))
def test_fast_cell_reading_agrees_with_markdown_it(content):
    content = content.strip()
    inline = _INLINE_PARSER.parseInline(content, {})[0] if content else None
    expected = (plain_text(inline), [(link.href, link.text) for link in links_in(inline)])
    cell = read_cell(content, lambda text: _INLINE_PARSER.parseInline(text, {})[0])
    assert (cell.text, [(link.href, link.text) for link in cell.links]) == expected


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("ab |\\`"), max_size=30))
def test_fast_row_splitting_agrees_with_markdown_it(line):
    assert fast_escaped_split(line) == escaped_split(line)


def test_importing_papercat_leaves_markdown_its_own_table_rule_alone():
    import papercat.importer
    import papercat.render  # noqa: F401

    table_module = importlib.import_module("markdown_it.rules_block.table")
    assert table_module.escapedSplit.__name__ == "escapedSplit"
    assert table_module.escapedSplit is escaped_split.__globals__["_ORIGINAL_SPLIT"]
    # another user's parser still reads tables the standard way
    html = MarkdownIt("commonmark").enable("table").render("| a \\| b |\n|---|\n| c |\n")
    assert "<td>c</td>" in html


def test_papercat_parser_reads_tables_with_its_own_splitter():
    tokens = _INLINE_PARSER.parse("| a | b \\| c |\n|---|---|\n| 1 | 2 |\n")
    assert [t.content for t in tokens if t.type == "inline"] == ["a", "b | c", "1", "2"]
