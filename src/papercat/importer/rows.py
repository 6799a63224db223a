"""Rows: tables and link lists -> entries, every cell and link kept.

Known columns fill entry fields (tables.FIELD_COLUMNS says which headers mean which field);
other columns are kept verbatim under `extra`; links beyond the ones a field holds go to
`links` with their labels. Where papercat's own rendering of the fields would differ from
the source (a badge beside the title, bold link text, padding), the source's cell, row or
list item is kept under `cells`, so the first render gives the list back as it was.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown_it.token import Token

from .. import blocks, tables
from ..catalog import Entry
from ..generic_titles import is_generic_title
from ..markdown import (
    Cell,
    Link,
    links_in,
    plain_text,
    read_cell,
    split_row,
    starts_with_link,
    text_after_first_link,
    visible_text,
)
from ..tables import EMPTY_ABOVE_KEY, EMPTY_BELOW_KEY, GAP_KEY, ITEM_KEY, ROW_KEY, Column, Layout, blank_gap, column_keys
from ..text import shorten
from .structure import Block

Problem = Callable[[int, str], None]
AddEntry = Callable[..., Entry]


def read_table(block: Block, lines: list[str], parse: Callable[[str], Token], problem: Problem, add: AddEntry) -> tuple[Layout, str, list[Entry]]:
    """A table block's layout, kind and entries."""
    start = block.start
    header_line = lines[start] if start < len(lines) else ""
    delimiter_line = lines[start + 1] if start + 1 < len(lines) else ""
    headers = split_row(header_line)
    aligns = [tables.delimiter_alignment(cell) for cell in split_row(delimiter_line)]
    rows: list[tuple[int, list[str], list[Cell]]] = []
    for token in block.tokens:
        if token.type == "tr_open" and token.map and token.map[0] >= start + 2:
            line = token.map[0]
            raw = split_row(lines[line]) if line < len(lines) else []
            rows.append((line, raw, [read_cell(content, parse) for content in raw]))
    by_column = [[cells[i] for _, _, cells in rows if i < len(cells)] for i in range(len(headers))]
    fields = tables.column_fields([plain_text(parse(h)) if h else "" for h in headers], by_column)
    columns = [Column(header, fields[i], aligns[i] if i < len(aligns) else "none") for i, header in enumerate(headers)]
    kind = "datasets" if headers and headers[0].strip().lower() in tables.DATASET_FIRST_HEADERS else "papers"
    layout = Layout(block="table", columns=columns)
    default_header, default_delimiter = blocks.default_header_rows(columns)
    if header_line != default_header:
        layout.header_row = header_line
    if delimiter_line != default_delimiter:
        layout.delimiter_row = delimiter_line
    entries = []
    raw_cells = {line: raw for line, raw, _ in rows}
    shared = _table(columns)
    empty_rows: list[str] = []  # kept with the next entry's row (or the last one's), as the source placed them
    for line, raw, cells in rows:
        if all(not cell.text and not cell.links for cell in cells) and tables.links_are_web(lines[line]):
            empty_rows.append(lines[line])
            continue
        entry = _read_row(shared, line, raw, cells, problem, add)
        if entry is not None:
            if empty_rows:
                entry.cells[EMPTY_ABOVE_KEY] = "\n".join(empty_rows)
                empty_rows = []
            entries.append((line, entry))
    if empty_rows and entries:
        entries[-1][1].cells[EMPTY_BELOW_KEY] = "\n".join(empty_rows)
    elif empty_rows:
        problem(rows[0][0] + 1, "table of empty rows only; nothing to import")
    # The rows as papercat would write them; where one differs, the source's row is kept.
    padded = bool(entries) and "  |" in header_line
    if padded:
        layout.padded = True
        layout.delimiter_row = delimiter_line
        if blocks.padded_header_rows(columns, [e for _, e in entries], layout) == (header_line, delimiter_line):
            layout.header_row = None
        else:
            layout.padded = False
    if layout.padded:
        rendered = blocks.table_rows(layout, [e for _, e in entries])[1]
    else:
        # Unpadded, each cell comes back as written (kept in `cells` where papercat's own differs),
        # so the row papercat writes is the cells joined: no second rendering of every row.
        rendered = [_joined(raw_cells[line], len(columns), entry, columns) for line, entry in entries]
    for (line, entry), written in zip(entries, rendered):
        if written != lines[line]:
            entry.cells[ROW_KEY] = lines[line]
    return layout, kind, [e for _, e in entries]


def _joined(raw: list[str], width: int, entry: Entry, columns: list[Column]) -> str:
    """The row render writes for an entry read from `raw` (the full rendering when cells are missing or unsafe)."""
    if len(raw) != width or any(("](" in cell or "<" in cell) and not tables.links_are_web(cell) for cell in raw):
        return blocks.table_rows(Layout(block="table", columns=columns), [entry])[1][0]
    return "| " + " | ".join(raw) + " |"


@dataclass
class _Table:
    """What every row of one table shares, worked out once: columns, their keys and fields."""

    columns: list[Column]
    keys: list[str]
    fields: set[str]
    specs: list[tables.FieldColumn | None]
    title_header: str


def _table(columns: list[Column]) -> _Table:
    return _Table(
        columns=columns,
        keys=column_keys(columns),
        fields={column.field for column in columns},
        specs=[None if column.field == "extra" else tables.FIELD_COLUMNS[column.field] for column in columns],
        title_header=next((c.header for c in columns if c.field == "title"), ""),
    )


def _read_row(table: _Table, line_index: int, raw: list[str], cells: list[Cell], problem: Problem, add: AddEntry) -> Entry | None:
    columns, fields = table.columns, table.fields
    line = line_index + 1
    if all(not cell.text and not cell.links for cell in cells):
        problem(line, "empty table row; nothing to import")
        return None
    if len(raw) > len(columns):
        problem(line, f"row has {len(raw) - len(columns)} more cell(s) than the header's {len(columns)}; they were kept under 'extra'")
    values: dict[str, Any] = {}
    extra: dict[str, str] = {}
    width = len(columns)
    for index, cell in enumerate(cells):
        spec = table.specs[index] if index < width else None
        if spec is None:
            if raw[index]:
                extra[table.keys[index] if index < width else f"column {index + 1}"] = raw[index]
            continue
        read = spec.read(cell, raw[index])
        if spec.name == "title" and "url" in fields:
            read.pop("url", None)
        for name, value in read.items():
            if value not in (None, "", []) and values.get(name) in (None, "", []):
                values[name] = value
    title = values.pop("title", None)
    url = values.pop("url", None)
    if title and is_generic_title(title):
        # `[dataset](...)` in the title column: the row's named link (a Model column) says which paper
        named = next(
            (
                link.text
                for index, cell in enumerate(cells)
                if index < width and table.specs[index] is None  # a column no field claims (Model, Name)
                for link in cell.links
                if link.text and not is_generic_title(link.text)
            ),
            None,
        )
        title = named or title
    title_column = table.title_header
    if not title:
        problem(line, f"row has no title in its '{title_column}' column; skipped it")
        return None
    if not url:
        has_link = any(link.href == "" and link.text for cell in cells for link in cell.links)
        if has_link:
            problem(line, f"the link of '{shorten(title)}' has an empty target; kept it without a url")
        else:
            problem(line, f"row has no link in its '{title_column}' column; kept '{shorten(title)}' without a url")
    if values.get("date") and not values.get("year"):
        values["year"] = tables.year_of_date(values["date"])
    links = _other_links(cells, {url, values.get("code"), values.get("download")} - {None})
    entry = add(title, url, line=line, extra=extra, links=links, **values)
    # Cells papercat would write differently are kept as written (see tables.cell_holds).
    for index, spec in enumerate(table.specs):
        if spec is not None and index < len(raw):
            written = spec.render(entry, columns[index], fields)
            if written != raw[index]:
                entry.cells[table.keys[index]] = raw[index]
    return entry


def _other_links(cells: list[Cell], taken: set[str]) -> list[dict[str, str]]:
    """Every link of the row not already held by url, code or download, with its label."""
    found = []
    seen = set(taken)
    for cell in cells:
        for link in cell.links:
            if link.href and link.href not in seen:
                found.append({"label": link.text, "url": link.href})
                seen.add(link.href)
    return found


# --- lists -------------------------------------------------------------------------------------

_MARKER = re.compile(r"^(?P<indent> {0,3})(?P<marker>[-*+]|\d{1,9}[.)])(?P<space>[ \t]+|$)")


def list_items(block: Block) -> list[tuple[Token, Token | None]]:
    """(list_item_open, its first inline) for each top-level item of a list block."""
    items: list[tuple[Token, Token | None]] = []
    depth = 0
    for token in block.tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open" and depth == 1:
            items.append((token, None))
        elif token.type == "inline" and items and items[-1][1] is None and depth == 1:
            items[-1] = (items[-1][0], token)
    return items


def is_link_list(items: list[tuple[Token, Token | None]]) -> bool:
    """Whether a list's items (`list_items`) hold papers: most top-level items start with a link that is not an #anchor."""
    linked = [inline for _, inline in items if _is_paper_item(inline)]
    return bool(linked) and len(linked) * 2 >= len(items)


def _is_paper_item(inline: Token | None) -> bool:
    """An item that starts with a link, or names a paper and then links it as `[pdf]`."""
    all_links = links_in(inline)
    links = [link for link in all_links if link.href and not link.href.startswith("#")]
    if not links:
        return False
    return starts_with_link(inline) and not all_links[0].href.startswith("#") or is_generic_title(links[0].text)


def read_list(block: Block, items: list[tuple[Token, Token | None]], lines: list[str], problem: Problem, add: AddEntry) -> tuple[Layout, list[Entry]]:
    """A list block's layout and entries; `items` are its `list_items`."""
    ordered = block.kind == "ordered_list_open"
    first_marker = ""
    found: list[tuple[str, Entry, int | str]] = []
    previous_end: int | None = None
    for item, inline in items:
        start, end = item.map if item.map else (block.start, block.end)
        end = min(end, len(lines))
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        gap = blank_gap(lines[previous_end:start]) if previous_end is not None else 0
        previous_end = end
        text = "\n".join(lines[start:end])
        match = _MARKER.match(text)
        first_marker = first_marker or (match.group("marker") if match else "")
        entry = _read_item(inline, start + 1, problem, add)
        if entry is not None:
            entry.code = entry.code or code_in_sub_lines(text)  # (the first line's code link: read above)
            found.append((text, entry, gap))
    layout = Layout(block="numbered" if ordered else "bullet", marker=first_marker or ("1." if ordered else "-"))
    gaps = Counter(gap for _, _, gap in found[1:] if isinstance(gap, int))
    usual = gaps.most_common(1)[0][0] if gaps else 0
    if usual:
        layout.spacing = [1, 1, 1, 1, usual]  # a loose list: blank lines between its items
    entries = [entry for _, entry, _ in found]
    for (text, entry, item_gap), written in zip(found, blocks.render_list_lines(layout, entries)):
        if written != text:
            entry.cells[ITEM_KEY] = text
        if item_gap != usual and entry is not entries[0]:
            entry.cells[GAP_KEY] = str(item_gap)  # a count of empty lines, or blank lines holding spaces as written
    return layout, entries


def code_in_sub_lines(text: str) -> str | None:
    """The code link a sub-line of an item names (`  - Code: [Official](url)`), or None."""
    found = _CODE_LINE.search(text)
    if found is not None and tables.is_code_label(found.group("label")):
        return found.group("href") or found.group("bare")
    return None


def code_in_item(text: str) -> str | None:
    """The code link an item names, on a sub-line or in its first line, or None."""
    from ..markdown import INLINE_PARSER

    below = code_in_sub_lines(text)
    if below is not None:
        return below
    inline = next((token for token in INLINE_PARSER.parse(text.split("\n", 1)[0]) if token.type == "inline"), None)
    values = item_values(inline)
    code = values[2].get("code") if values else None
    return code if isinstance(code, str) else None


_CODE_LINE = re.compile(r"(?m)^[ \t]+[-*+][ \t]+(?P<label>[^:\n\[\]]{1,30}):[ \t]*(?:\[[^\]\n]*\]\((?P<href>[^)\s]+)\)|(?P<bare>https?://\S+))")


# A venue and year alone after an item's link: a few words of a name (no sentence), then the year.
_ITEM_VENUE_YEAR = re.compile(r"(?P<venue>[A-Za-z][\w&'.+-]*(?: [A-Za-z][\w&'.+-]*){0,3}) (?P<year>(?:19|20)\d{2})")


def item_values(inline: Token | None) -> tuple[str, str | None, dict[str, Any]] | None:
    """(title, url, other fields) of a list item's first paragraph; None when it names nothing."""
    if inline is None:
        return None
    all_links = links_in(inline)
    links = [link for link in all_links if link.href and not link.href.startswith("#")]
    leading = starts_with_link(inline)
    if not leading or not links:
        title = plain_text(inline)
        if not title:
            return None
        if not links:
            return title, None, {}
    first = all_links[0] if leading else links[0]
    title = first.text
    values: dict[str, Any] = {}
    if not title or is_generic_title(title):
        before = _text_before_first_link(inline)
        if before:
            title, description = tables.split_long_title(before)
            if description:
                values["note"] = description
    rest = text_after_first_link(inline) if leading else ""
    others = [link for link in all_links if link is not first]
    code = next((link for link in others if link.href and tables.is_code_label(link.text)), None)
    if code is not None:
        values["code"] = code.href
        rest = rest.removesuffix(f"[{code.text}]").removesuffix(code.text).rstrip()  # `[[code]](url)`: the link is read
    if rest and "note" not in values:
        year = tables.year_of_date(rest)
        venue_year = _ITEM_VENUE_YEAR.fullmatch(rest)
        if year:
            values["year"] = year
        elif venue_year:  # `- [Title](url) - ICLR 2024`, as render writes an item's venue
            values["venue"], values["year"] = venue_year.group("venue"), int(venue_year.group("year"))
        else:
            values["note"] = rest
    values["links"] = _unique([{"label": link.text, "url": link.href} for link in others if link.href and link is not code], first)
    return title or first.href, first.href or None, values


def read_item_fields(raw: str) -> tuple[str, str | None] | None:
    """The title and url a list item (or link paragraph) as written gives; render checks kept items with it."""
    from ..markdown import INLINE_PARSER

    tokens = INLINE_PARSER.parse(raw)
    inline = next((token for token in tokens if token.type == "inline"), None)
    found = item_values(inline)
    return (found[0], found[1]) if found else None


def _read_item(inline: Token | None, line: int, problem: Problem, add: AddEntry) -> Entry | None:
    found = item_values(inline)
    if found is None:
        return None
    title, url, values = found
    if url is None and not values:
        problem(line, f"list item has no link; kept '{shorten(title)}' without a url")
    elif not url:
        problem(line, f"the link of '{shorten(title)}' has an empty target; kept it without a url")
    return add(title, url, line=line, **values)


def _unique(links: list[dict[str, str]], first: Link) -> list[dict[str, str]]:
    seen = {first.href}
    kept = []
    for link in links:
        if link["url"] not in seen:
            kept.append(link)
            seen.add(link["url"])
    return kept


def _text_before_first_link(inline: Token) -> str:
    """The item's text up to its first link, or up to its first line break when the link is on a later line."""
    children = inline.children or []
    position = next((i for i, child in enumerate(children) if child.type == "link_open"), len(children))
    brk = next((i for i, child in enumerate(children[:position]) if child.type in ("softbreak", "hardbreak")), position)
    return re.sub(r"[\s\-–—:*|\[(,]+$", "", visible_text(children[:brk])).strip(" -–—:*")


def read_link_paragraph(block: Block, lines: list[str], problem: Problem, add: AddEntry) -> Entry | None:
    """A one-line paragraph that starts with a link, e.g. `[**Title**](url) 2021.9`."""
    entry = _read_item(block.inline, block.start + 1, problem, add)
    if entry is not None:
        text = lines[block.start]
        if text != blocks.render_item_body(entry):
            entry.cells[ITEM_KEY] = text
    return entry
