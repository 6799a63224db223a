"""Where things are in a catalog's text: line blocks of top-level keys, entries and fields.

`SourceIndex` reads the block layout papercat writes and people usually keep, from one
scan of the text. When the layout is anything else it says so (`regular = False`) and
the store falls back to a full round trip.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import TYPE_CHECKING, Any, NamedTuple, Optional

if TYPE_CHECKING:
    from ..errors import DataPath

# Keys as people write them: bare, "double" or 'single' quoted (the key is group "key").
_KEY = r"""(?P<quote>["']?)(?P<key>[A-Za-z_][\w-]*)(?P=quote)[ \t]*:(?:[ \t]|$)"""
_TOP_KEY = re.compile(r"^" + _KEY)
_ITEM_KEY = re.compile(r"^( *)(?:- +)?" + _KEY)
_DOCUMENT_MARKER = ("---", "...", "%")  # `---` / `...` document start and end, `%YAML` directives
# Lines, found in "\n" + text (a "filler" line is blank or a comment). Each pattern starts
# with the newline before its line: the engine then jumps from newline to newline instead
# of trying `^` at every character (5 times faster on a 10k-entry file).
_TOP_LEVEL_LINE = re.compile(r"\n[^ #\t\n]")  # a line that starts in column 1
_CONTENT_LINE = re.compile(r"\n( *)(?![^\S\n]*(?:#|$))", re.MULTILINE)  # not filler
_ITEM_START = re.compile(r"-(?: |$)", re.MULTILINE)  # after the indent: a sequence item


@functools.lru_cache(maxsize=None)
def _item_lines(indent: int) -> re.Pattern[str]:
    """A sequence item (`- ...`) at exactly this indent: an entry's first line."""
    return re.compile(r"\n {%d}-(?: |$)" % indent, re.MULTILINE)


@functools.lru_cache(maxsize=None)
def _outdented_lines(indent: int) -> re.Pattern[str]:
    """A line at or left of the items' indent that is neither filler nor an item."""
    return re.compile(r"\n(?! {%d})(?![^\S\n]*(?:#|$))(?! {%d}-(?: |$))" % (indent + 1, indent), re.MULTILINE)


@functools.lru_cache(maxsize=None)
def _key_lines(indent: int) -> re.Pattern[str]:
    """A `key:` line at exactly this indent (an entry's field, not a nested value); one group, the key,
    so `findall` gives the keys themselves (a loaded file's quotes are balanced: no backreference needed)."""
    return re.compile(r"^ {%d}" % indent + r"""["']?([A-Za-z_][\w-]*)["']?[ \t]*:(?:[ \t]|$)""", re.MULTILINE)


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
        self._field_cache: dict[int, Optional[dict[str, _Block]]] = {}
        self._scan(body, data)

    def _scan(self, body: str, data: Any) -> None:
        # The regular expressions below walk the text in C; Python sees only the lines
        # that matter (top-level keys, entry starts), not every line of a 10k-entry file.
        lines, text = self.lines, "\n" + body
        order: list[tuple[Optional[str], int]] = []  # None: a document marker, which ends a block
        number, offset = 0, 0
        for found in _TOP_LEVEL_LINE.finditer(text):
            number += text.count("\n", offset, found.start())
            offset = found.start()
            line = lines[number]
            if line.startswith(_DOCUMENT_MARKER):
                order.append((None, number))
                continue
            if line.startswith("-") and (len(line) == 1 or line[1] == " ") and order and order[-1][0] is not None:
                continue  # a sequence item at indent 0 (`entries:` / `- id: x`): inside the block above
            match = _TOP_KEY.match(line)
            if not match:
                self.regular = False
                continue
            order.append((match.group("key"), number))
        for position, (key, start) in enumerate(order):
            if key is None:
                continue
            end = order[position + 1][1] if position + 1 < len(order) else len(lines)
            while end > start + 1 and is_filler(lines[end - 1]):
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
            while end > start + 1 and is_filler(lines[end - 1]) and self._indent_of(lines[end - 1]) <= self.item_indent:
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
        keys: list[str] = _key_lines(key_indent).findall("\n".join(lines[block.start + 1 : block.end]))
        if len(keys) == block.end - block.start - 1:  # one line a field (most entries): nothing else to read
            fields_ = {match.group("key"): _Block(block.start, block.start + 1)}
            for number, key in enumerate(keys, start=block.start + 1):
                fields_[key] = _Block(number, number + 1)
            self._field_cache[position] = fields_
            return fields_
        fields_ = {}
        current, current_start, last_content = match.group("key"), block.start, block.start
        for number in range(block.start + 1, block.end):
            line = lines[number]
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":  # filler (blank or a comment), inlined: a hot loop
                continue
            if stripped[0].isspace() and is_filler(stripped):
                continue
            indent = len(line) - len(stripped)
            if indent > key_indent:  # a continuation line of the current value
                last_content = number
                continue
            if indent == key_indent:
                if stripped[0] == "-" and (stripped[1:2] in ("", " ")) and _opens_block(lines[last_content]):
                    last_content = number  # `sections:` / `- a` at the key's indent: YAML's indentless list
                    continue
                key_match = _ITEM_KEY.match(line)
                if not key_match or stripped[0] == "-":
                    self._field_cache[position] = None
                    return None
                fields_[current] = _Block(current_start, last_content + 1)
                current, current_start = key_match.group("key"), number
            elif indent < key_indent:
                self._field_cache[position] = None
                return None
            last_content = number
        fields_[current] = _Block(current_start, last_content + 1)
        self._field_cache[position] = fields_
        return fields_

    def list_indent(self, key: str) -> int:
        """The indent of the first item under a top-level key (2 when it has none)."""
        block = self.top.get(key)
        if block is not None:
            for line in self.lines[block.start + 1 : block.end]:
                if line.strip() and not line.lstrip().startswith("#"):
                    return self._indent_of(line)
        return 2

    def key_indent(self, position: int) -> int:
        first = self.lines[self.entry_blocks[position].start]
        stripped = first.lstrip(" ")
        return len(first) - len(stripped) + (len(stripped) - len(stripped[1:].lstrip(" ")))

    def locate(self, where: DataPath) -> Optional[tuple[int, int]]:
        if not where:
            return (1, 1)
        top = self.top.get(where[0]) if isinstance(where[0], str) else None
        if top is None:
            return None
        position = where[1] if where[0] == "entries" and len(where) >= 2 else None
        if isinstance(position, int) and self.regular and position < len(self.entry_blocks):
            block = self.entry_blocks[position]
            line = self.lines[block.start]
            if len(where) == 2:
                return (block.start + 1, self._indent_of(line) + 1)
            fields_ = self.entry_fields(position)
            key = where[2]
            if fields_ and isinstance(key, str) and key in fields_:
                number = fields_[key].start
                text = self.lines[number]
                column = text.find(key)
                if len(where) >= 4 and isinstance(where[3], int):
                    found = self._list_item(fields_[key], where[3])
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

    def _locate_nested(self, top: _Block, where: DataPath) -> Optional[tuple[int, int]]:
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
                    line, column = node.lc.key(step)  # type: ignore[attr-defined]  # a ruamel CommentedMap, narrowed to dict above
                    position = (top.start + line + 1, column + 1)
                elif isinstance(step, int) and isinstance(node, list) and step < len(node):
                    line, column = node.lc.item(step)  # type: ignore[attr-defined]  # a ruamel CommentedSeq, narrowed to list above
                    position = (top.start + line + 1, column + 1)
                else:
                    break
                node = node[step]
            except Exception:  # noqa: BLE001
                break
        return position


_PLAIN_COMMENT = re.compile(r"(?:^|[ \t])(#.*)")


def is_filler(line: str) -> bool:
    """A blank line or a whole-line comment."""
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _opens_block(line: str) -> bool:
    """A `key:` line with no value (a comment aside), or an item of the list that such a line opens."""
    stripped = line.lstrip(" ")
    if stripped.startswith("-"):
        return True
    value = line.split(":", 1)[1] if ":" in line else "x"
    return not value.strip() or value.strip().startswith("#")


def comment_of(line: str) -> str:
    """The `# comment` on a line (a whole-line one or one after a value), '' if none.

    Quotes are followed so a `#` inside "a string" is not a comment; a `#` counts only
    at the start of the line or after a space or tab, as in YAML.
    """
    if '"' not in line and "'" not in line:  # fast path: same answer as the scan below
        found = _PLAIN_COMMENT.search(line)
        return found.group(1).rstrip() if found else ""
    quote = ""
    previous = " "
    position = 0
    while position < len(line):
        char = line[position]
        if quote:
            if char == "\\" and quote == '"':
                position += 2
                continue
            if char == quote:
                if quote == "'" and line[position + 1 : position + 2] == "'":
                    position += 2
                    continue
                quote = ""
        elif char == "#" and previous in " \t":
            return line[position:].rstrip()
        elif char in "\"'" and previous in " \t[{,:-":
            quote = char
        previous = char
        position += 1
    return ""


def comments_of(text: str) -> Counter[str]:
    """Every comment in a text, counted (what a write must keep, wherever it moves)."""
    found: Counter[str] = Counter()
    if "#" not in text:
        return found
    for line in text.split("\n"):
        if "#" in line:
            comment = comment_of(line)
            if comment:
                found[comment] += 1
    return found
