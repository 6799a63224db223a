"""The targeted edit: change only the lines a new catalog needs, keep every other byte.

A changed field rewrites that field's lines (in its old quoting style, keeping its
trailing comment), a new entry adds its lines, a removed entry drops its lines. When
the layout is beyond what `SourceIndex` reads, `CannotSplice` says why and the store
tries the round trip instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .. import yaml_emit
from ..catalog import Catalog
from ..catalog_data import ENTRY_KEYS, catalog_to_data, entry_to_data
from .document import Document
from .layout import SourceIndex, _Block, comment_of, comments_of, is_filler

if TYPE_CHECKING:
    from ..catalog import Entry

# An edit of the file's lines: lines[start:end] become the replacement lines.
_Edit = tuple[int, int, list[str]]


class CannotSplice(Exception):
    pass


def _trailing_comment(value_text: str) -> str:
    """The `  # comment` after a one-line value, with its spacing, so an edit keeps it."""
    stripped = value_text.lstrip()
    offset = len(value_text) - len(stripped)
    end = None
    if stripped.startswith('"'):
        position = 1
        while position < len(stripped):
            if stripped[position] == "\\":
                position += 2
                continue
            if stripped[position] == '"':
                end = position + 1
                break
            position += 1
    elif stripped.startswith("'"):
        position = 1
        while position < len(stripped):
            if stripped[position] == "'":
                if stripped[position + 1 : position + 2] == "'":
                    position += 2
                    continue
                end = position + 1
                break
            position += 1
    elif stripped.startswith("["):
        end = stripped.find("]") + 1 or None
    else:
        found = re.search(r"[ \t]+#", stripped)
        end = found.start() if found else None
    if end is None:
        return ""
    rest = value_text[offset + end :]
    return rest if rest.strip().startswith("#") else ""


def _rewritten_field(key: str, value: Any, indent: int, old_line: str, one_line: bool) -> list[str]:
    """`key: value` lines to replace a field, in the old line's quoting style, keeping its comment."""
    old_value = _ANCHOR_PREFIX.sub("", old_line.split(":", 1)[1])  # style and comment follow an anchor
    style = _quote_style(old_value)
    if isinstance(value, list) and not old_value.strip().startswith("["):
        style = "block"
    replacement = yaml_emit.emit_mapping_item(key, value, indent, style)
    quoted = _QUOTED_KEY.match(old_line)
    if quoted and quoted.group("key") == key:  # `"title": ...` stays `"title": ...`
        quote = quoted.group("quote")
        replacement[0] = replacement[0].replace(f"{key}:", f"{quote}{key}{quote}:", 1)
    if len(replacement) == 1 and one_line:
        replacement[0] += _trailing_comment(old_value)
    return replacement


_QUOTED_KEY = re.compile(r"""^ *(?:- +)?(?P<quote>["'])(?P<key>[A-Za-z_][\w-]*)(?P=quote)[ \t]*:""")


def _quote_style(line_value: str) -> str:
    value = line_value.lstrip()
    if value.startswith('"'):
        return "double"
    if value.startswith("'"):
        return "single"
    return "plain"


def targeted_edit(doc: Document, new: Catalog) -> str:
    index = doc.index
    if not index.regular:
        raise CannotSplice("irregular layout")
    old = doc.catalog
    lines = list(index.lines)
    # (start, end, replacement lines); applied bottom-up so positions stay valid.
    edits: list[_Edit] = []

    old_data = catalog_to_data(old, with_entries=False)
    new_data = catalog_to_data(new, with_entries=False)
    for key in ("version", "title", "intro", "footer", "settings", "sections"):
        if old_data.get(key) == new_data.get(key):
            continue
        block = index.top.get(key)
        if key not in new_data:
            if block is not None:
                edits.append((block.start, block.end, []))
            continue
        if block is not None:
            replacement = _rewritten_field(key, new_data[key], 0, lines[block.start], block.end == block.start + 1)
            edits.append((block.start, block.end, replacement))
        else:
            anchor = index.top.get("sections") or index.top.get("entries")
            at = anchor.start if anchor is not None else len(lines)
            edits.append((at, at, yaml_emit.emit_mapping_item(key, new_data[key], 0)))

    old_positions = {entry.id: position for position, entry in enumerate(old.entries)}
    kept = [entry.id for entry in new.entries if entry.id in old_positions]
    # Entries placed elsewhere (`move --before/--after`) leave their old lines and are written
    # again, with their own lines, where they now belong; the others stay where they are.
    moved = _moved_entries(kept, old_positions)
    new_ids = {entry.id for entry in new.entries}
    for entry in old.entries:
        if entry.id not in new_ids or entry.id in moved:
            block = index.entry_blocks[old_positions[entry.id]]
            edits.append((block.start, block.end, []))

    pending: list[str] = []  # lines of new entries waiting for the next kept entry
    item_indent = index.item_indent
    entries_block = index.top.get("entries")

    def flush_before(line_number: int) -> None:
        if pending:
            edits.append((line_number, line_number, list(pending)))
            pending.clear()

    for entry in new.entries:
        if entry.id not in old_positions:
            pending.extend(yaml_emit.emit_sequence_item(entry_to_data(entry), item_indent))
            continue
        if entry.id in moved:
            pending.extend(_entry_lines(index, old_positions[entry.id], lines, old.entries[old_positions[entry.id]], entry))
            continue
        position = old_positions[entry.id]
        flush_before(index.entry_blocks[position].start)
        old_entry = old.entries[position]
        if old_entry != entry:
            edits.extend(_entry_field_edits(index, position, lines, entry_to_data(old_entry), entry_to_data(entry)))
    if pending:
        if entries_block is None:
            at = len(lines)
            edits.append((at, at, ["entries:"] + pending))
        else:
            at = index.entry_blocks[-1].end if index.entry_blocks else entries_block.end
            edits.append((at, at, list(pending)))
        pending.clear()

    edits.extend(_materialize_orphaned_aliases(index, lines, edits, old, new))
    for start, end, replacement in edits:  # a rewritten field keeps every comment it had
        if replacement and end > start and comments_of("\n".join(lines[start:end])) - comments_of("\n".join(replacement)):
            raise CannotSplice(f"rewriting line {start + 1} would lose a comment")
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        lines[start:end] = replacement
    return "\n".join(lines) + "\n" if lines else ""


def _moved_entries(kept: list[str], old_positions: dict[str, int]) -> set[str]:
    """The fewest entries whose moving explains the new order: all but a longest run kept in order."""
    from bisect import bisect_left

    positions = [old_positions[entry_id] for entry_id in kept]
    if all(a < b for a, b in zip(positions, positions[1:])):
        return set()
    tails: list[int] = []  # patience sorting: tails[k] ends the best increasing run of length k + 1
    tail_index: list[int] = []
    previous = [-1] * len(positions)
    for index, position in enumerate(positions):
        k = bisect_left(tails, position)
        if k == len(tails):
            tails.append(position)
            tail_index.append(index)
        else:
            tails[k] = position
            tail_index[k] = index
        previous[index] = tail_index[k - 1] if k else -1
    in_order: set[int] = set()
    index = tail_index[-1]
    while index != -1:
        in_order.add(index)
        index = previous[index]
    return {entry_id for index, entry_id in enumerate(kept) if index not in in_order}


def _entry_lines(index: SourceIndex, position: int, lines: list[str], old_entry: Entry, new_entry: Entry) -> list[str]:
    """An entry's own lines (comments and quoting kept), with its changed fields rewritten."""
    block = index.entry_blocks[position]
    chunk = lines[block.start : block.end]
    if old_entry != new_entry:
        field_edits = _entry_field_edits(index, position, lines, entry_to_data(old_entry), entry_to_data(new_entry))
        for start, end, replacement in sorted(field_edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
            chunk[start - block.start : end - block.start] = replacement
    return chunk


_ANCHOR_PREFIX = re.compile(r"^\s*&[^\s,\[\]{}]+")
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&([^\s,\[\]{}]+)")


def _materialize_orphaned_aliases(index: SourceIndex, lines: list[str], edits: list[_Edit], old: Catalog, new: Catalog) -> list[_Edit]:
    """Edits that write out the values of aliases whose anchor an edit removes.

    Papercat never writes anchors, so a rewritten or deleted line that held `&name` takes
    the anchor with it; an entry elsewhere reading `*name` then gets its intended value
    written explicitly, instead of the whole file going through the slow fallback.
    """
    edited = [(start, end) for start, end, _ in edits if end > start]
    removed: set[str] = set()
    for start, end in edited:
        for line in lines[start:end]:
            removed.update(_ANCHOR.findall(line))
    if not removed:
        return []
    alias = re.compile(r"(?<![^\s\[{,:-])\*(" + "|".join(re.escape(name) for name in removed) + r")(?![^\s,\]}])")

    def untouched(number: int) -> bool:
        return not any(start <= number < end for start, end in edited)

    users = [number for number, line in enumerate(lines) if alias.search(line) and untouched(number)]
    if not users:
        return []
    new_by_id = {entry.id: entry for entry in new.entries}
    extra = []
    done: set[tuple[int, str]] = set()
    for number in users:
        position = next((p for p, block in enumerate(index.entry_blocks) if block.start <= number < block.end), None)
        if position is None:
            raise CannotSplice("an alias outside the entries lost its anchor")
        entry = new_by_id.get(old.entries[position].id)
        if entry is None:
            continue  # the entry using the alias is being removed anyway
        fields_ = index.entry_fields(position)
        if fields_ is None:
            raise CannotSplice("entry is not in block style")
        key = next((k for k, block in fields_.items() if block.start <= number < block.end), None)
        if key is None or (position, key) in done:
            raise CannotSplice("alias is not a field value")
        done.add((position, key))
        block = fields_[key]
        data = entry_to_data(entry)
        if block.start == index.entry_blocks[position].start or key not in data:
            raise CannotSplice("alias on the dash line or of a dropped key")
        key_indent = index.key_indent(position)
        extra.append((block.start, block.end, yaml_emit.emit_mapping_item(key, data[key], key_indent, "plain")))
    return extra


def _entry_field_edits(index: SourceIndex, position: int, lines: list[str], old: dict[str, Any], new: dict[str, Any]) -> list[_Edit]:
    fields_ = index.entry_fields(position)
    if fields_ is None:
        raise CannotSplice("entry is not in block style")
    block = index.entry_blocks[position]
    key_indent = index.key_indent(position)
    edits: list[_Edit] = []
    for key in ENTRY_KEYS:
        if old.get(key) == new.get(key):
            continue
        where = fields_.get(key)
        if key not in new:
            if where is None:
                continue  # present only as an empty value, which already means "none"
            if where.start == block.start:
                raise CannotSplice("cannot delete the key on the dash line")
            edits.append((where.start, where.end, []))
            continue
        if where is not None:
            first = lines[where.start]
            items = _block_list_items(lines, where, old.get(key), new[key])
            if items is not None:
                edits.extend(items)
                continue
            replacement = _rewritten_field(key, new[key], key_indent, first, where.end == where.start + 1)
            if where.start == block.start:  # the key shares its line with the entry's dash
                replacement[0] = first[:key_indent] + replacement[0][key_indent:]
            edits.append((where.start, where.end, replacement))
        else:
            at = _insertion_line(fields_, key, block)
            edits.append((at, at, yaml_emit.emit_mapping_item(key, new[key], key_indent)))
    return edits


def _block_list_items(lines: list[str], where: _Block, old: Any, new: Any) -> list[_Edit] | None:
    """Edits for a block list of one-line items, changed item by item: an item that stays keeps its
    line (and its comment), a dropped one loses its line, a new one gets a line like its neighbours,
    comment lines stay; None when the field is not such a list."""
    if not (isinstance(old, list) and isinstance(new, list) and new and where.end > where.start + 1):
        return None
    if not all(isinstance(value, str) for value in old + new) or len(set(old)) != len(old) or len(set(new)) != len(new):
        return None
    first = where.start + 1
    item_lines = [number for number in range(first, where.end) if not is_filler(lines[number])]
    if len(item_lines) != len(old) or not all(lines[n].lstrip().startswith("- ") for n in item_lines):
        return None
    indent = len(lines[item_lines[0]]) - len(lines[item_lines[0]].lstrip())
    if len(old) == len(new):  # items replaced in place (`move`): each line keeps its comment
        replaced = []
        for number, before, after in zip(item_lines, old, new):
            if before != after:
                line = lines[number]
                emitted = yaml_emit.emit_sequence_item(after, indent)
                comment = comment_of(line)
                if len(emitted) != 1:
                    return None
                if comment:
                    value_end = len(line) - len(comment)
                    spacing = line[len(line[:value_end].rstrip()) : value_end]
                    emitted[0] += spacing + comment
                replaced.append((number, number + 1, emitted))
        return replaced
    kept = [value for value in new if value in old]
    if kept != [value for value in old if value in new]:
        return None  # reordered: rewrite the field
    line_of = dict(zip(old, item_lines))
    edits: list[_Edit] = [(line_of[value], line_of[value] + 1, []) for value in old if value not in new]
    at = item_lines[0]
    added: list[str] = []
    for value in new:
        if value in line_of:
            if added:
                edits.append((at, at, added))
                added = []
            at = line_of[value] + 1
        else:
            added.extend(yaml_emit.emit_sequence_item(value, indent))
    if added:
        edits.append((at, at, added))
    return edits


def _insertion_line(fields_: dict[str, _Block], key: str, block: _Block) -> int:
    """After the nearest key that comes before `key` in papercat's key order."""
    order = list(ENTRY_KEYS)
    for earlier in reversed(order[: order.index(key)]):
        if earlier in fields_:
            return fields_[earlier].end
    return max(found.end for found in fields_.values()) if fields_ else block.end
