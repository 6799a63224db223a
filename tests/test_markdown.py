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


def _structure(tokens):
    """Every token but a table body's cells: (type, line map, nesting level)."""
    kept, in_body = [], False
    for token in tokens:
        if token.type in ("tbody_open", "tbody_close"):
            in_body = token.type == "tbody_open"
        elif in_body and token.type in ("td_open", "inline", "td_close"):
            continue
        kept.append((token.type, token.map, token.level))
    return kept


_TABLE_TEXT = st.text(st.sampled_from("ab |-:\\`>*\n "), max_size=120)
_TABLE_LINES = st.lists(
    st.sampled_from(["| a | b |", "|---|:-:|", "| x |", "a | b", "| [t](u) | \\| |", "", "> q", "- item", "    code", "| --- |", "---", "c"]),
    max_size=12,
).map("\n".join)


@settings(max_examples=500, deadline=None)
@given(_TABLE_TEXT | _TABLE_LINES)
def test_the_lean_table_rule_finds_the_same_tables_and_rows_as_markdown_its(markdown):
    """The importer's parser skips a table body's cell tokens; every other token, and where each
    table and row begins and ends, must be what the full rule gives."""
    from papercat.markdown import block_parser

    assert _structure(block_parser().parse(markdown)) == _structure(block_parser(lean_tables=False).parse(markdown))


def test_the_lean_table_rule_agrees_on_every_real_list():
    from pathlib import Path

    from papercat.markdown import block_parser

    data = Path(__file__).parent / "data"
    lists = [p for p in sorted(data.rglob("*.md")) if p.name != "LICENSES.md"]
    assert len(lists) > 10
    for path in lists:
        text = path.read_text(encoding="utf-8")
        assert _structure(block_parser().parse(text)) == _structure(block_parser(lean_tables=False).parse(text)), path.name
