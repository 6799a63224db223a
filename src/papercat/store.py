"""catalog.yaml <-> Catalog: the only module that reads or writes the catalog file.

Reading is fast (see yamltext). Writing changes only the lines it must: a
changed field rewrites that field's lines, a new entry adds its lines, a removed
entry drops its lines; comments, quoting, blank lines and key order elsewhere are
untouched. Every planned text is parsed back and compared with the intended
catalog before it is written; if the targeted edit cannot prove itself, a full
ruamel.yaml round trip (slow, but it keeps comments) is tried, and failing that
nothing is written. Writes are atomic (temp file in the same folder, fsync,
replace) and serialized between processes by a lock file.
"""

from __future__ import annotations

import copy
import difflib
import functools
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Generic, Iterator, NamedTuple, Optional, TypeVar

from . import yamltext
from .catalog import (
    ENTRY_KEYS,
    Catalog,
    catalog_from_data,
    catalog_to_data,
    entry_to_data,
)
from .environment import seconds_from_env
from .errors import CatalogError, LockTimeoutError, PapercatError, UsageError, WriteError

MAX_CATALOG_BYTES = 256 * 1024 * 1024
FILE_HEADER = (
    "# papercat catalog: the source of truth for README.md.\n"
    "# Change it with papercat (add, move, remove, dedupe --merge, lint --fix) or by hand;\n"
    "# `papercat render -o README.md` regenerates the page. Format: docs/catalog-format.md\n"
)
# Test hook (documented in docs/reliability.md): seconds to pause between writing the
# temporary file and replacing the catalog, so tests can kill a writer mid-save.
PAUSE_ENV = "PAPERCAT_TEST_PAUSE_BEFORE_REPLACE"

T = TypeVar("T")

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_ITEM_KEY = re.compile(r"^( *)(?:- +)?([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
# Lines, found in "\n" + text (a "filler" line is blank or a comment). Each pattern starts
# with the newline before its line: the engine then jumps from newline to newline instead
# of trying `^` at every character (5 times faster on a 10k-entry file).
_TOP_LEVEL_LINE = re.compile(r"\n[^ #\t\n]")  # a line that starts in column 1
_CONTENT_LINE = re.compile(r"\n( *)(?![^\S\n]*(?:#|$))", re.MULTILINE)  # not filler
_ITEM_START = re.compile(r"-(?: |$)", re.MULTILINE)  # after the indent: a sequence item


@functools.lru_cache(maxsize=None)
def _item_lines(indent: int) -> re.Pattern:
    """A sequence item (`- ...`) at exactly this indent: an entry's first line."""
    return re.compile(r"\n {%d}-(?: |$)" % indent, re.MULTILINE)


@functools.lru_cache(maxsize=None)
def _outdented_lines(indent: int) -> re.Pattern:
    """A line at or left of the items' indent that is neither filler nor an item."""
    return re.compile(r"\n(?! {%d})(?![^\S\n]*(?:#|$))(?! {%d}-(?: |$))" % (indent + 1, indent), re.MULTILINE)


@functools.lru_cache(maxsize=None)
def _key_lines(indent: int) -> re.Pattern:
    """A `key:` line at exactly this indent (an entry's field, not a nested value)."""
    return re.compile(r"^ {%d}([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)" % indent, re.MULTILINE)


# --- reading ------------------------------------------------------------------


@dataclass
class Document:
    """A loaded catalog file: its exact text, the parsed data, the validated Catalog."""

    path: Path
    text: str  # the file as read (BOM and line endings as they are)
    body: str  # the text without BOM, with "\n" line endings: what edits work on
    newline: str
    bom: bool
    data: Any
    catalog: Catalog
    _index: Optional["SourceIndex"] = field(default=None, repr=False)
    _positions: Optional[dict[str, int]] = field(default=None, repr=False)

    @property
    def index(self) -> "SourceIndex":
        if self._index is None:
            self._index = SourceIndex(self.body, self.data)
        return self._index

    def locate(self, where: tuple) -> Optional[tuple[int, int]]:
        """1-based (line, column) of a path such as ("entries", 3, "title"), or None."""
        return self.index.locate(where)

    def entry_line(self, entry_id: str) -> Optional[int]:
        if self._positions is None:  # callers ask once per finding: index the ids once
            self._positions = {entry.id: position for position, entry in enumerate(self.catalog.entries)}
        position = self._positions.get(entry_id)
        found = self.locate(("entries", position)) if position is not None else None
        return found[0] if found else None


def read_text(path: Path) -> str:
    """The catalog's exact text (a BOM kept), or one CatalogError naming the file."""
    return read_utf8(path, error=CatalogError, missing="no such file; create one with `papercat import README.md` or pass --catalog")


def read_utf8(
    path: Path,
    *,
    error: type[PapercatError] = CatalogError,
    missing: str = "no such file",
    limit: int = MAX_CATALOG_BYTES,
    strip_bom: bool = False,
    what: str = "catalogs",
    fix: str = "save it as UTF-8",
) -> str:
    """A UTF-8 file's text, or one `error` naming the file (and the line of a bad byte)."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise error(f"the file is {size:,} bytes; papercat reads {what} up to {limit:,} bytes", path=str(path))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error(missing, path=str(path)) from None
    except IsADirectoryError:
        raise error("is a folder, not a file", path=str(path)) from None
    except PermissionError:
        raise error("cannot be read: permission denied", path=str(path)) from None
    try:
        return raw.decode("utf-8-sig" if strip_bom else "utf-8")
    except UnicodeDecodeError as bad:
        line = raw[: bad.start].count(b"\n") + 1
        raise error(f"is not valid UTF-8; {fix}", path=str(path), line=line) from None


def read_readme(path: Path, missing: str = "no such file") -> str:
    """A README to compare with what render writes: UTF-8, universal newlines (a Windows
    checkout with CRLF is the same page), or one UsageError naming the file."""
    text = read_utf8(path, error=UsageError, missing=missing, what="READMEs", fix="save it as UTF-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load(path: os.PathLike | str) -> Document:
    path = Path(path)
    return load_text(read_text(path), path=path)


def load_text(text: str, path: os.PathLike | str = "catalog.yaml") -> Document:
    path = Path(path)
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    newline = "\r\n" if "\r\n" in body else "\n"
    body = body.replace("\r\n", "\n")
    data = yamltext.parse_yaml(body.encode("utf-8"), str(path))
    doc = Document(path=path, text=text, body=body, newline=newline, bom=bom, data=data, catalog=None)
    doc.catalog = catalog_from_data(data, path=str(path), locate=doc.locate)  # errors get positions lazily
    return doc


# --- where things are in the text -------------------------------------------------


class _Block(NamedTuple):  # a tuple: tens of thousands are made for a large catalog
    start: int  # first line (0-based)
    end: int  # one past the last line that belongs to it


class SourceIndex:
    """Line positions of top-level keys, entries and entry fields, from one scan of the text.

    It understands the block layout papercat writes and people usually keep. When
    the layout is anything else (flow-style entries, odd nesting) it says so with
    `regular = False`, and writers fall back to a full round trip.
    """

    def __init__(self, body: str, data: Any):
        self.lines = body.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.regular = True
        self.top: dict[str, _Block] = {}
        self.item_indent = 2
        self.entry_blocks: list[_Block] = []
        self._field_cache: dict[int, dict[str, _Block]] = {}
        self._scan(body, data)

    def _is_filler(self, line: str) -> bool:
        stripped = line.strip()
        return not stripped or stripped.startswith("#")

    def _scan(self, body: str, data: Any) -> None:
        # The regular expressions below walk the text in C; Python sees only the lines
        # that matter (top-level keys, entry starts), not every line of a 10k-entry file.
        lines, text = self.lines, "\n" + body
        order: list[tuple[str, int]] = []
        number, offset = 0, 0
        for found in _TOP_LEVEL_LINE.finditer(text):
            number += text.count("\n", offset, found.start())
            offset = found.start()
            line = lines[number]
            if line.startswith(("---", "...", "%")):
                continue
            match = _TOP_KEY.match(line)
            if not match:
                self.regular = False
                continue
            order.append((match.group(1), number))
        for position, (key, start) in enumerate(order):
            end = order[position + 1][1] if position + 1 < len(order) else len(lines)
            while end > start + 1 and self._is_filler(lines[end - 1]):
                end -= 1
            self.top[key] = _Block(start, end)
        entries = data.get("entries") if isinstance(data, dict) else None
        block = self.top.get("entries")
        if block is None:
            self.regular = self.regular and not entries
            return
        first_line = lines[block.start]
        after_colon = first_line.split(":", 1)[1].strip()
        if after_colon and not after_colon.startswith("#"):
            self.regular = self.regular and after_colon.startswith("[]") and not entries
            return
        inside = "\n" + "\n".join(lines[block.start + 1 : block.end])
        first = _CONTENT_LINE.search(inside)
        if first is None:
            self.item_indent = 2
            self.regular = self.regular and not entries
            return
        indent = len(first.group(1))
        if not _ITEM_START.match(inside, first.end()):
            self.regular = False
            return
        if _outdented_lines(indent).search(inside):  # a line that breaks the layout
            self.regular = False
            return
        starts: list[int] = []
        number, offset = block.start, 0
        for found in _item_lines(indent).finditer(inside):
            number += inside.count("\n", offset, found.start() + 1)
            offset = found.start() + 1
            starts.append(number)
        self.item_indent = indent
        if len(starts) != len(entries or []):
            self.regular = False
            return
        for position, start in enumerate(starts):
            end = starts[position + 1] if position + 1 < len(starts) else block.end
            while end > start + 1 and self._is_filler(lines[end - 1]) and self._indent_of(lines[end - 1]) <= self.item_indent:
                end -= 1
            while end > start + 1 and not lines[end - 1].strip():
                end -= 1
            self.entry_blocks.append(_Block(start, end))

    @staticmethod
    def _indent_of(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    def entry_fields(self, position: int) -> Optional[dict[str, _Block]]:
        """Line blocks of each key of one entry, or None when the entry is not block style."""
        if position in self._field_cache:
            return self._field_cache[position]
        if not self.regular or position >= len(self.entry_blocks):
            return None
        block = self.entry_blocks[position]
        lines = self.lines
        first = lines[block.start]
        match = _ITEM_KEY.match(first)
        if not match:
            self._field_cache[position] = None
            return None
        key_indent = self.key_indent(position)
        keys = _key_lines(key_indent).findall("\n".join(lines[block.start + 1 : block.end]))
        if len(keys) == block.end - block.start - 1:  # one line a field (most entries): nothing else to read
            fields_ = {match.group(2): _Block(block.start, block.start + 1)}
            for number, key in enumerate(keys, start=block.start + 1):
                fields_[key] = _Block(number, number + 1)
            self._field_cache[position] = fields_
            return fields_
        fields_ = {}
        current, current_start, last_content = match.group(2), block.start, block.start
        for number in range(block.start + 1, block.end):
            line = lines[number]
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":  # filler (blank or a comment), inlined: a hot loop
                continue
            if stripped[0].isspace() and self._is_filler(stripped):
                continue
            indent = len(line) - len(stripped)
            if indent > key_indent:  # a continuation line of the current value
                last_content = number
                continue
            if indent == key_indent:
                key_match = _ITEM_KEY.match(line)
                if not key_match or stripped[0] == "-":
                    self._field_cache[position] = None
                    return None
                fields_[current] = _Block(current_start, last_content + 1)
                current, current_start = key_match.group(2), number
            elif indent < key_indent:
                self._field_cache[position] = None
                return None
            last_content = number
        fields_[current] = _Block(current_start, last_content + 1)
        self._field_cache[position] = fields_
        return fields_

    def key_indent(self, position: int) -> int:
        first = self.lines[self.entry_blocks[position].start]
        stripped = first.lstrip(" ")
        return len(first) - len(stripped) + (len(stripped) - len(stripped[1:].lstrip(" ")))

    def locate(self, where: tuple) -> Optional[tuple[int, int]]:
        if not where:
            return (1, 1)
        top = self.top.get(where[0]) if isinstance(where[0], str) else None
        if top is None:
            return None
        if where[0] == "entries" and len(where) >= 2 and self.regular and where[1] < len(self.entry_blocks):
            block = self.entry_blocks[where[1]]
            line = self.lines[block.start]
            if len(where) == 2:
                return (block.start + 1, self._indent_of(line) + 1)
            fields_ = self.entry_fields(where[1])
            if fields_ and where[2] in fields_:
                number = fields_[where[2]].start
                text = self.lines[number]
                column = text.find(where[2])
                if len(where) >= 4 and isinstance(where[3], int):
                    found = self._list_item(fields_[where[2]], where[3])
                    if found:
                        return found
                return (number + 1, column + 1)
            return (block.start + 1, self._indent_of(line) + 1)
        if len(where) >= 2 and where[0] != "entries":
            found = self._locate_nested(top, where)
            if found:
                return found
        return (top.start + 1, 1)

    def _list_item(self, block: _Block, item: int) -> Optional[tuple[int, int]]:
        first = self.lines[block.start]
        if "[" in first:
            inside = first[first.index("[") + 1 :]
            column = first.index("[") + 1
            for position, part in enumerate(inside.split(",")):
                if position == item:
                    return (block.start + 1, column + len(part) - len(part.lstrip()) + 1)
                column += len(part) + 1
            return None
        items = [n for n in range(block.start + 1, block.end) if self.lines[n].lstrip().startswith("- ")]
        if item < len(items):
            line = self.lines[items[item]]
            return (items[item] + 1, self._indent_of(line) + 3)
        return None

    def _locate_nested(self, top: _Block, where: tuple) -> Optional[tuple[int, int]]:
        """Small blocks (sections, settings): ask ruamel for exact marks of that block only."""
        from ruamel.yaml import YAML

        text = "\n".join(self.lines[top.start : top.end]) + "\n"
        try:
            node = YAML(typ="rt").load(text)
        except Exception:  # noqa: BLE001 - positions are best effort
            return None
        position: Optional[tuple[int, int]] = None
        for step in where:
            try:
                if isinstance(step, str) and hasattr(node, "lc") and isinstance(node, dict) and step in node:
                    line, column = node.lc.key(step)
                    position = (top.start + line + 1, column + 1)
                elif isinstance(step, int) and isinstance(node, list) and step < len(node):
                    line, column = node.lc.item(step)
                    position = (top.start + line + 1, column + 1)
                else:
                    break
                node = node[step]
            except Exception:  # noqa: BLE001
                break
        return position


# --- writing ------------------------------------------------------------------------


def dump_catalog(catalog: Catalog) -> str:
    """The full text of a new catalog file, in papercat's canonical layout.

    Its first line names the JSON Schema, so YAML language servers (VS Code...) check it.
    """
    from .schema import modeline

    return yamltext.emit_document(catalog_to_data(catalog), header=f"{modeline()}\n{FILE_HEADER}")


def plan_text(doc: Document, new_catalog: Catalog) -> str:
    """The new file text for `new_catalog`, changing as few lines of `doc` as it can."""
    if new_catalog == doc.catalog:
        return doc.text
    try:
        body = _targeted_edit(doc, new_catalog)
    except _CannotEdit:
        body = None
    if body is not None and _holds(body, new_catalog, doc.path):
        return _restore_encoding(doc, body)
    body = _round_trip_edit(doc, new_catalog)
    if _holds(body, new_catalog, doc.path):
        return _restore_encoding(doc, body)
    raise WriteError("could not write the change without disturbing other lines; nothing was written (please report this)", path=str(doc.path))


def _restore_encoding(doc: Document, body: str) -> str:
    if doc.newline != "\n":
        body = body.replace("\n", doc.newline)
    return ("\ufeff" if doc.bom else "") + body


def _holds(body: str, intended: Catalog, path: Path) -> bool:
    try:
        return load_text(body, path).catalog == intended
    except CatalogError:
        return False


class _CannotEdit(Exception):
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
    replacement = yamltext.emit_mapping_item(key, value, indent, style)
    if len(replacement) == 1 and one_line:
        replacement[0] += _trailing_comment(old_value)
    return replacement


def _quote_style(line_value: str) -> str:
    value = line_value.lstrip()
    if value.startswith('"'):
        return "double"
    if value.startswith("'"):
        return "single"
    return "plain"


def _targeted_edit(doc: Document, new: Catalog) -> str:
    index = doc.index
    if not index.regular:
        raise _CannotEdit("irregular layout")
    old = doc.catalog
    lines = list(index.lines)
    # (start, end, replacement lines); applied bottom-up so positions stay valid.
    edits: list[tuple[int, int, list[str]]] = []

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
            edits.append((at, at, yamltext.emit_mapping_item(key, new_data[key], 0)))

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
            pending.extend(yamltext.emit_sequence_item(entry_to_data(entry), item_indent))
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


def _entry_lines(index: "SourceIndex", position: int, lines: list[str], old_entry, new_entry) -> list[str]:
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


def _materialize_orphaned_aliases(index: "SourceIndex", lines: list[str], edits: list, old: Catalog, new: Catalog) -> list:
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
            raise _CannotEdit("an alias outside the entries lost its anchor")
        entry = new_by_id.get(old.entries[position].id)
        if entry is None:
            continue  # the entry using the alias is being removed anyway
        fields_ = index.entry_fields(position)
        if fields_ is None:
            raise _CannotEdit("entry is not in block style")
        key = next((k for k, block in fields_.items() if block.start <= number < block.end), None)
        if key is None or (position, key) in done:
            raise _CannotEdit("alias is not a field value")
        done.add((position, key))
        block = fields_[key]
        data = entry_to_data(entry)
        if block.start == index.entry_blocks[position].start or key not in data:
            raise _CannotEdit("alias on the dash line or of a dropped key")
        key_indent = index.key_indent(position)
        extra.append((block.start, block.end, yamltext.emit_mapping_item(key, data[key], key_indent, "plain")))
    return extra


def _entry_field_edits(index: SourceIndex, position: int, lines: list[str], old: dict, new: dict) -> list[tuple[int, int, list[str]]]:
    fields_ = index.entry_fields(position)
    if fields_ is None:
        raise _CannotEdit("entry is not in block style")
    block = index.entry_blocks[position]
    key_indent = index.key_indent(position)
    edits: list[tuple[int, int, list[str]]] = []
    for key in ENTRY_KEYS:
        if old.get(key) == new.get(key):
            continue
        where = fields_.get(key)
        if key not in new:
            if where is None:
                continue  # present only as an empty value, which already means "none"
            if where.start == block.start:
                raise _CannotEdit("cannot delete the key on the dash line")
            edits.append((where.start, where.end, []))
            continue
        if where is not None:
            first = lines[where.start]
            replacement = _rewritten_field(key, new[key], key_indent, first, where.end == where.start + 1)
            if where.start == block.start:  # the key shares its line with the entry's dash
                replacement[0] = first[:key_indent] + replacement[0][key_indent:]
            edits.append((where.start, where.end, replacement))
        else:
            at = _insertion_line(fields_, key, block)
            edits.append((at, at, yamltext.emit_mapping_item(key, new[key], key_indent)))
    return edits


def _insertion_line(fields_: dict[str, _Block], key: str, block: _Block) -> int:
    """After the nearest key that comes before `key` in papercat's key order."""
    order = list(ENTRY_KEYS)
    for earlier in reversed(order[: order.index(key)]):
        if earlier in fields_:
            return fields_[earlier].end
    return max(found.end for found in fields_.values()) if fields_ else block.end


def _round_trip_edit(doc: Document, new: Catalog) -> str:
    """The slow, general path: ruamel.yaml round trip of the whole file, keeping comments."""
    from io import StringIO

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16
    yaml.indent(mapping=2, sequence=2 + doc.index.item_indent, offset=doc.index.item_indent)
    try:
        tree = yaml.load(doc.body)
    except Exception as error:  # noqa: BLE001
        raise WriteError(f"could not re-read the catalog to edit it: {error}", path=str(doc.path)) from None
    if tree is None:
        tree = CommentedMap()
    new_data = catalog_to_data(new)
    old_data = catalog_to_data(doc.catalog, with_entries=False)
    old_entries = {entry.id: entry for entry in doc.catalog.entries}
    for key in [k for k in list(tree.keys()) if k not in new_data]:
        del tree[key]
    for key, value in new_data.items():
        if key == "entries":
            old_items = {}
            for item in tree.get("entries") or []:
                if isinstance(item, dict) and "id" in item:
                    old_items[str(item["id"])] = item
            sequence = CommentedSeq()
            for entry_data in value:
                item = old_items.get(entry_data["id"])
                if item is None:
                    sequence.append(CommentedMap(entry_data))
                    continue
                old_entry = entry_to_data(old_entries[entry_data["id"]])
                for entry_key in list(item.keys()):
                    if entry_key not in entry_data:
                        del item[entry_key]
                for entry_key, entry_value in entry_data.items():
                    if old_entry.get(entry_key) != entry_value:
                        item[entry_key] = entry_value
                sequence.append(item)
            tree["entries"] = sequence
        elif old_data.get(key) != value:
            tree[key] = copy.deepcopy(value)
    stream = StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def clone_catalog(catalog: Catalog) -> Catalog:
    """A copy a transform may change freely; much cheaper than deepcopy for 100k entries."""
    clone = copy.copy(catalog)
    clone.sections = copy.deepcopy(catalog.sections)
    clone.settings = copy.deepcopy(catalog.settings)
    entries = []
    for entry in catalog.entries:
        twin = copy.copy(entry)
        twin.sections = list(entry.sections)
        twin.aliases = list(entry.aliases)
        twin.authors = list(entry.authors)
        twin.noqa = dict(entry.noqa)
        entries.append(twin)
    clone.entries = entries
    return clone


def unified_diff(old: str, new: str, name: str = "catalog.yaml") -> str:
    return "".join(
        difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=f"a/{name}", tofile=f"b/{name}")
    )


def write_atomic(path: os.PathLike | str, text: str) -> None:
    """Replace `path` with `text` so that readers see the old bytes or the new, never a mix."""
    path = Path(path)
    folder = path.parent
    _remove_stale_temporaries(path)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    temporary = folder / f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as error:
        raise WriteError(f"cannot write in {folder}: {error.strerror}; {path.name} was not changed", path=str(path)) from None
    except BaseException:
        # Ctrl-C is delivered as the open returns: the file exists but nobody would remove it.
        temporary.unlink(missing_ok=True)
        raise
    try:
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(text.encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
            pause = os.environ.get(PAUSE_ENV)
            if pause:
                time.sleep(float(pause))
            os.replace(temporary, path)
        except OSError as error:
            raise WriteError(f"writing failed ({error.strerror}); {path.name} was not changed", path=str(path)) from None
        _fsync_folder(folder)
    finally:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _remove_stale_temporaries(path: Path) -> None:
    """Temp files of writers that were killed: their process is gone, so nobody will finish them."""
    folder = path.parent
    try:
        candidates = list(folder.glob(f".{path.name}.*.tmp"))
    except OSError:
        return
    for candidate in candidates:
        parts = candidate.name[len(path.name) + 2 :].split(".")
        if not parts or not parts[0].isdigit():
            continue
        pid = int(parts[0])
        if pid == os.getpid() or _process_alive(pid):
            continue
        try:
            candidate.unlink()
        except OSError:
            pass


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lock_path(path: Path) -> Path:
    return path.parent / f".{path.name}.lock"


@contextmanager
def locked(path: os.PathLike | str, timeout: float = 10.0) -> Iterator[None]:
    """Hold the catalog's lock file so concurrent papercat processes take turns."""
    from filelock import FileLock, Timeout

    path = Path(path)
    folder = path.parent
    if not folder.is_dir():  # filelock would create it; a missing folder is the user's typo
        raise WriteError(f"cannot write in {folder}: No such file or directory", path=str(path))
    lock = FileLock(str(lock_path(path)), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LockTimeoutError(
            f"another papercat process has held the lock {lock_path(path).name} for {timeout:g} s; try again when it is done",
            path=str(path),
        ) from None
    except OSError as error:
        raise WriteError(f"cannot create the lock file next to the catalog ({error.strerror})", path=str(path)) from None
    try:
        yield
    finally:
        lock.release()


LOCK_TIMEOUT_ENV = "PAPERCAT_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0


def lock_timeout_from_env() -> float:
    """Seconds to wait for another process's lock: $PAPERCAT_LOCK_TIMEOUT, else 10."""
    return seconds_from_env(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT, UsageError)


@dataclass
class Update(Generic[T]):
    path: Path
    old_text: str
    new_text: str
    result: T

    @property
    def changed(self) -> bool:
        return self.old_text != self.new_text

    def diff(self) -> str:
        return unified_diff(self.old_text, self.new_text, self.path.name)


def update(
    path: os.PathLike | str,
    transform: Callable[[Catalog], tuple[Catalog, T]],
    *,
    dry_run: bool = False,
    lock_timeout: float | None = None,
    known: Optional[Document] = None,
) -> Update[T]:
    """Load, transform, and write back with a minimal diff, all under the catalog's lock.

    `lock_timeout` None means $PAPERCAT_LOCK_TIMEOUT seconds, else 10. `known` is a
    Document the caller loaded before taking the lock (e.g. to refuse a duplicate before
    going to the network); it is reused only if the file still holds exactly its text.
    """
    path = Path(path)
    if lock_timeout is None:
        lock_timeout = lock_timeout_from_env()
    with locked(path, timeout=lock_timeout):
        doc = known if known is not None and read_text(path) == known.text else load(path)
        new_catalog, result = transform(clone_catalog(doc.catalog))
        new_text = plan_text(doc, new_catalog)
        if not dry_run and new_text != doc.text:
            write_atomic(path, new_text)
    return Update(path=path, old_text=doc.text, new_text=new_text, result=result)
