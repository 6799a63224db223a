"""Writing a section's entries block from its layout: a table, a list, or one paragraph an entry.

Each row, item or cell the source wrote is written back as it was while it still says what the
entry's fields say (`tables.cell_holds`, `item_holds`); otherwise papercat writes it from the fields.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from .cells import escape_text, is_web_url, link_destination, venue_cell
from .tables import (
    BEFORE_KEY,
    BETWEEN_KEY,
    EMPTY_ABOVE_KEY,
    EMPTY_BELOW_KEY,
    FIELD_COLUMNS,
    GAP_KEY,
    ITEM_KEY,
    ROW_KEY,
    Column,
    Layout,
    cell_holds,
    column_keys,
    delimiter_alignment,
    display_width,
    emphasis_of,
    extra_cell,
    gap_text,
    keep_emphasis,
    links_are_web,
)

if TYPE_CHECKING:
    from .catalog import Catalog, Entry

_DELIMITERS = {"none": " --- ", "left": ":--- ", "center": ":---:", "right": " ---:"}


def default_header_rows(columns: list[Column]) -> tuple[str, str]:
    header = "| " + " | ".join(c.header for c in columns) + " |"
    delimiter = "|" + "|".join(_DELIMITERS.get(c.align, " --- ") for c in columns) + "|"
    return header, delimiter


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def row_cells(entry: Entry, columns: list[Column], fields: set[str], keys: list[str]) -> list[str]:
    """The cells of one row: the source's own cell text while it still says what the entry says.
    `keys` are the columns' `column_keys`, worked out once a table."""
    if not entry.cells and "extra" not in fields:
        # fast path: same answer as the loop below (nothing kept as written: every cell from the
        # fields), checked by tests/test_render.py and tests/test_roundtrip_import_render.py
        return [FIELD_COLUMNS[column.field].render(entry, column, fields) for column in columns]
    cells = []
    for column, key in zip(columns, keys):
        raw = entry.cells.get(key) if entry.cells else None
        if column.field == "extra":
            cells.append(extra_cell(entry.extra.get(key) or raw or ""))
        elif raw is not None and cell_holds(entry, column, raw, fields):
            cells.append(raw)
        elif raw:
            kept = relinked_title_cell(entry, column, raw, fields) if column.field == "title" else _relabelled(column.field, entry, raw)
            if kept is None:
                kept = keep_emphasis(raw, FIELD_COLUMNS[column.field].render(entry, column, fields), code=column.field != "title")
            cells.append(kept)
        else:
            cells.append(FIELD_COLUMNS[column.field].render(entry, column, fields))
    return cells


def cells_like_neighbours(catalog: Catalog, entry: Entry) -> dict[str, str]:
    """Cells that make a new entry's row read as the rows around it in its first section's table.

    A list that bolds its titles (`[**Title**](url) <br>`), puts venues in backticks or labels
    code links `[Github](url)` gets the same for a paper `add` files there; papercat's own
    rendering of the fields would otherwise stand out. A cell's shape (its text with the
    title and link taken out; badges naming one repository each do not count) is copied when
    more neighbours share it than any other, two at least, and only as a cell that still says
    what the fields say (tables.cell_holds).
    """
    section = next((s for _, s in catalog.iter_sections() if entry.sections and s.id == entry.sections[0]), None)
    layout = section.layout if section is not None else None
    if section is None or layout is None or layout.block != "table" or not layout.columns:
        return {}
    columns = layout.columns
    fields = {column.field for column in columns}
    neighbours = [other for other in catalog.entries_in(section.id) if other is not entry]
    cells: dict[str, str] = {}
    for column, key in zip(columns, column_keys(columns)):
        spec = FIELD_COLUMNS.get(column.field)
        if spec is None or column.field in ("extra", "links"):
            continue
        fresh = spec.render(entry, column, fields)
        if fresh in ("", "-"):
            continue
        shapes = []
        for other in neighbours:
            shown = spec.render(other, column, fields)
            if shown not in ("", "-"):
                shapes.append(_shape(column.field, other, (other.cells.get(key) if other.cells else None) or shown))
        ranked = Counter(shapes).most_common(2)
        if not ranked or ranked[0][1] < 2 or len(ranked) > 1 and ranked[1][1] == ranked[0][1] or ranked[0][0] == _shape(column.field, entry, fresh):
            continue  # no shape two neighbours share more than any other, or papercat's own
        candidate = _filled(ranked[0][0], entry, fresh)
        if candidate is not None and cell_holds(entry, column, candidate, fields):
            cells[key] = candidate
    return cells


_TITLE_MARK, _URL_MARK = "\x00title\x00", "\x00url\x00"


def _shape(field: str, entry: Entry, raw: str) -> str:
    """A cell with the entry's own title and link taken out (the marks above), else its emphasis."""
    if field == "title" and entry.url:
        link = _link_to(raw, entry.url)
        text = link.group("text") if link else ""
        for written in (entry.title, escape_text(entry.title)):
            if link is not None and written and written in text:
                return f"{raw[: link.start()]}[{text.replace(written, _TITLE_MARK, 1)}]({_URL_MARK}){raw[link.end() :]}"
        return raw
    if field == "code" and entry.code and raw.count(entry.code) == 1:
        return raw.replace(entry.code, _URL_MARK)
    opened, closed = emphasis_of(raw, code=field != "title")
    return f"{opened}\x00{closed}" if opened else "\x00"


def _filled(shape: str, entry: Entry, fresh: str) -> str | None:
    """A shape filled with the entry's title and link (or wrapped around its fresh cell)."""
    if _TITLE_MARK in shape or _URL_MARK in shape:
        url = entry.code if _TITLE_MARK not in shape else entry.url
        if not is_web_url(url):
            return None
        return shape.replace(_TITLE_MARK, escape_text(entry.title)).replace(_URL_MARK, link_destination(url))
    return shape.replace("\x00", fresh, 1) if "\x00" in shape else None


def _split(line: str) -> list[str]:
    # imported on first use: markdown-it (behind papercat.markdown) is not needed to render most rows
    from .markdown import split_row

    return split_row(line)


def padded_header_rows(columns: list[Column], entries: list[Entry], layout: Layout) -> tuple[str, str]:
    header, _ = _padded(columns, entries, layout)
    return header[0], header[1]


def _padded(columns: list[Column], entries: list[Entry], layout: Layout) -> tuple[list[str], list[list[str]]]:
    fields = {c.field for c in columns}
    keys = column_keys(columns)
    rows = [row_cells(entry, columns, fields, keys) for entry in entries]
    widths = [max([display_width(columns[i].header), 3, *(display_width(row[i]) for row in rows if i < len(row))]) for i in range(len(columns))]
    header = "| " + " | ".join(_pad(c.header, w) for c, w in zip(columns, widths)) + " |"
    # A padded table keeps its delimiter row's style: dashes under the spaces (prettier) or not.
    spaced = layout.delimiter_row is not None and bool(re.match(r"^\s*\|? -", layout.delimiter_row))
    delimiter_cells = []
    for column, width in zip(columns, widths):
        lead = ":" if column.align in ("left", "center") else " " if spaced else "-"
        trail = ":" if column.align in ("right", "center") else " " if spaced else "-"
        delimiter_cells.append(lead + "-" * width + trail)
    lines = [header, "|" + "|".join(delimiter_cells) + "|"]
    lines.extend("| " + " | ".join(_pad(cell, w) for cell, w in zip(row, widths)) + " |" for row in rows)
    return lines, rows


def render_table_lines(layout: Layout, entries: list[Entry]) -> list[str]:
    """A table's lines: header, delimiter, then one row an entry, with the empty rows the source had."""
    head, rows = table_rows(layout, entries)
    if not any(entry.cells and (EMPTY_ABOVE_KEY in entry.cells or EMPTY_BELOW_KEY in entry.cells) for entry in entries):
        return head + rows
    # A padded table's empty row takes today's column widths; an unpadded one stays as written.
    padded_empty = "|" + "|".join(" " * len(cell) for cell in head[1].split("|")[1:-1]) + "|" if layout.padded else None
    lines = head
    for entry, row in zip(entries, rows):
        lines.extend(_empty_rows(entry, EMPTY_ABOVE_KEY, padded_empty))
        lines.append(row)
        lines.extend(_empty_rows(entry, EMPTY_BELOW_KEY, padded_empty))
    return lines


# A table row of nothing but pipes and spaces: a padded table writes it at today's widths.
_EMPTY_ROW = re.compile(r"[ \t]*\|?(?:[ \t]*\|)+[ \t]*")


def _empty_rows(entry: Entry, key: str, padded_empty: str | None) -> list[str]:
    """Rows with no entry kept as written (`|  |  |`, or a `&nbsp;` line the table took in), while harmless."""
    written = entry.cells.get(key) if entry.cells else None
    if not written:
        return []
    rows = []
    for row in written.split("\n"):
        if _EMPTY_ROW.fullmatch(row):
            rows.append(padded_empty if padded_empty is not None else row)
        elif row.strip() and links_are_web(row):
            rows.append(row)
    return rows


def table_rows(layout: Layout, entries: list[Entry]) -> tuple[list[str], list[str]]:
    """A table's header and delimiter lines, and one row an entry (as written, where that still holds)."""
    columns = layout.columns
    fields = {c.field for c in columns}
    if layout.padded:
        lines, rows = _padded(columns, entries, layout)
    else:
        header, delimiter = default_header_rows(columns)
        if layout.header_row is not None and [h for h in _split(layout.header_row)] == [c.header for c in columns]:
            header = layout.header_row
        if layout.delimiter_row is not None and [delimiter_alignment(d) for d in _split(layout.delimiter_row)] == [c.align for c in columns]:
            delimiter = layout.delimiter_row
        keys = column_keys(columns)
        rows = [row_cells(entry, columns, fields, keys) for entry in entries]
        lines = [header, delimiter] + ["| " + " | ".join(row) + " |" for row in rows]
    for index, (entry, row) in enumerate(zip(entries, rows)):
        raw = entry.cells.get(ROW_KEY) if entry.cells else None
        if raw is not None and _row_holds(_split(raw), row) and links_are_web(raw):
            lines[index + 2] = raw
    return lines[:2], lines[2:]


def _row_holds(written: list[str], row: list[str]) -> bool:
    """A row as written says what papercat's cells say: extra cells beyond the header, or fewer
    cells where papercat's would be empty, are the source's own business."""
    if len(written) >= len(row):
        return written[: len(row)] == row
    return written == row[: len(written)] and not any(row[len(written) :])


def render_item_body(entry: Entry) -> str:
    """A list item from the entry's fields: `[title](url)`, its venue and year, its note, its code.

    An item without a venue or code reads as before (`[title](url) 2023`, `[title](url) - note`);
    with them, the page shows what the catalog says (`... - ICLR 2024 [[code]](https://...)`)
    rather than an item that hides a field `add` or `edit` set.
    """
    from .cells import title_cell as link

    text = link(entry)
    if entry.venue:
        text += f" - {venue_cell(entry)}"
    if entry.note:
        text += f" - {escape_text(entry.note)}"
    elif entry.year and not entry.venue:
        text += f" {entry.year}"
    if is_web_url(entry.code):
        text += f" [[code]]({link_destination(entry.code)})"
    return text


def item_holds(entry: Entry, raw: str) -> bool:
    """True while a list item as written still names the entry's title and url."""
    # The importer's own reading of an item (generic titles, a title before the link) is the
    # reference: a kept item must read back as this entry. It is import's knowledge, not markdown's.
    from .importer.rows import read_item_fields

    if not links_are_web(raw):
        return False
    if entry.url and _PLAIN_TITLE.fullmatch(entry.title):
        # fast path: same answer as the parse below, checked by tests/test_adopt.py on every corpus list
        lead = _LEADING_LINK.match(raw)
        if lead and lead.group("text") == entry.title and lead.group("href") == entry.url:
            return True
    found = read_item_fields(raw)
    return found is not None and found == (entry.title, entry.url)


def _recoded(entry: Entry, kept: str | None) -> str | None:
    """An item kept as written with its code link changed to the entry's (after `edit --code`)."""
    if kept is None or not is_web_url(entry.code) or entry.code in kept:
        return kept  # (the usual case: the code link is in the item as written, or there is none)
    from .importer.rows import code_in_item

    old = code_in_item(kept)
    return kept.replace(old, link_destination(entry.code), 1) if old else kept


def relinked_item(entry: Entry, raw: str | None) -> str | None:
    """The item as written with its link's title and target changed to the entry's, or None.

    After `edit --title` (or a changed url) the item keeps what surrounds the link: its
    emphasis (`**[New](url)**`), its marker and the words after it (`, ICLR 2024`).
    None when the item reads otherwise (a generic `[pdf]` link, a title beside the link).
    """
    from .importer.rows import read_item_fields

    if not raw or not is_web_url(entry.url):
        return None
    old_title, old_url = read_item_fields(raw) or ("", None)
    candidate = relinked(raw, old_title, old_url, entry) if old_title and old_url else None
    return candidate if candidate is not None and item_holds(entry, candidate) else None


def _relabelled(field: str, entry: Entry, raw: str) -> str | None:
    """A code or download cell written as one labelled link (`[Github](old)`) keeps its label for the new link."""
    url = getattr(entry, field) if field in ("code", "download") else None
    found = re.fullmatch(r"\[([^\]\[\n]+)\]\((\S+)\)", raw.strip()) if is_web_url(url) else None
    return f"[{found.group(1)}]({link_destination(url)})" if found and url else None


def relinked_title_cell(entry: Entry, column: Column, raw: str, fields: set[str]) -> str | None:
    """A title cell as written with its link changed to the entry's title and url, or None: an
    edited title keeps what surrounds it in the cell (`[**New**](url)`, a badge, a `<br>`)."""
    if not is_web_url(entry.url):
        return None
    from .markdown import parse_inline, read_cell

    values = FIELD_COLUMNS["title"].read(read_cell(raw, parse_inline), raw)
    old_title, old_url = values.get("title"), values.get("url")
    if not isinstance(old_title, str) or not isinstance(old_url, str) or not old_title or not old_url:
        return None
    candidate = relinked(raw, old_title, old_url, entry)
    return candidate if candidate is not None and cell_holds(entry, column, candidate, fields) else None


def relinked(raw: str, old_title: str, old_url: str, entry: Entry) -> str | None:
    """`raw` with its link to `old_url` retargeted to the entry's url, and retitled where its text
    holds the old title (a `[Paper](pdf)` link beside the title keeps its label); None without one."""
    link = _link_to(raw, old_url)
    if link is not None and old_title not in link.group("text") and old_title != entry.title:
        if old_title not in raw:
            return None  # a title that changed but is not written in the item: cannot say where
        raw = raw.replace(old_title, escape_text(entry.title), 1)
        link = _link_to(raw, old_url)
    if link is None or not is_web_url(entry.url):
        return None
    text = link.group("text").replace(old_title, escape_text(entry.title), 1)
    return f"{raw[: link.start()]}[{text}]({link_destination(entry.url)}){raw[link.end() :]}"


def _link_to(raw: str, url: str) -> re.Match[str] | None:
    """The first `[text](url)` in `raw` with exactly this target."""
    return re.search(r"\[(?P<text>[^\]\n]*)\]\(" + re.escape(url) + r"\)", raw)


# An item that opens with `[title](url)` or `[**title**](url)`, the title of plain characters.
_PLAIN_TITLE = re.compile(r"[^\\`*_<>&\[\]!~|\r\n]+")
_LEADING_LINK = re.compile(r"^(?: {0,3}(?:[-*+]|\d{1,9}[.)]) +)?\[(?P<bold>\*\*)?(?P<text>[^\\`*_<>&\[\]!~|\r\n]+)(?P=bold)\]\((?P<href>[^\s()<>\\&]+)\)")


def render_list_lines(layout: Layout, entries: list[Entry]) -> list[str]:
    """A list's items (each possibly several lines). Items kept as written keep their own number;
    a numbered item papercat writes takes the number after the one above it."""
    marker = layout.marker or ("1." if layout.block == "numbered" else "-")
    numbered = re.fullmatch(r"(\d+)([.)])", marker)
    number = int(numbered.group(1)) - 1 if numbered else 0
    items = []
    for entry in entries:
        raw = entry.cells.get(ITEM_KEY) if entry.cells else None
        kept = _recoded(entry, raw if raw is not None and item_holds(entry, raw) else relinked_item(entry, raw))
        if kept is not None:
            found = _NUMBER.match(kept)
            number = int(found.group(2)) if found else number + 1
            items.append(kept)
            continue
        number += 1
        bullet = f"{number}{numbered.group(2)}" if numbered else marker
        items.append(f"{bullet} {render_item_body(entry)}")
    return items


_NUMBER = re.compile(r"^( {0,3})(\d{1,9})[.)]")


def render_paragraph_lines(entries: list[Entry]) -> list[str]:
    items = []
    for entry in entries:
        raw = entry.cells.get(ITEM_KEY) if entry.cells else None
        kept = _recoded(entry, raw if raw is not None and item_holds(entry, raw) else relinked_item(entry, raw))
        items.append(kept if kept is not None else render_item_body(entry))
    return items


def usual_gap(layout: Layout) -> int | str:
    """Blank lines between a block's items: a loose list's (its layout's fifth spacing), else none."""
    if layout.block == "paragraph":
        return 1
    return layout.spacing[4] if len(layout.spacing) > 4 else 0


def render_block(layout: Layout, entries: list[Entry]) -> str:
    """A section's entries as its layout writes them; text kept between two blocks goes back between them."""
    segments: list[tuple[str, list[Entry]]] = [("", [])]
    for entry in entries:
        joint = _joint_above(entry) if entry.cells and segments[-1][1] else None
        if joint is not None:
            segments.append((joint, []))
        segments[-1][1].append(entry)
    return "".join(joint + _render_segment(layout, group) for joint, group in segments)


def _joint_above(entry: Entry) -> str | None:
    """What goes between the previous block and the one this entry opens (None: it opens none)."""
    between = entry.cells.get(BETWEEN_KEY)
    if between is not None:
        return "\n" + between + "\n" if between else "\n"
    before = entry.cells.get(BEFORE_KEY)
    if before is None:
        return None
    return "\n\n" + before + "\n\n" if before.strip() else "\n\n"


def _render_segment(layout: Layout, entries: list[Entry]) -> str:
    if layout.block == "table":
        return "\n".join(render_table_lines(layout, entries))
    items = render_paragraph_lines(entries) if layout.block == "paragraph" else render_list_lines(layout, entries)
    gap = usual_gap(layout)
    text = items[0] if items else ""
    for entry, item in zip(entries[1:], items[1:]):
        written = entry.cells.get(GAP_KEY) if entry.cells else None
        if written is not None and not written.isdigit():
            text += "\n" + written + "\n" + item  # blank lines holding spaces, as written
            continue
        text += gap_text(int(written) if written is not None else gap) + item
    return text
