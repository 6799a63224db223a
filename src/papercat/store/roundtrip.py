"""The slow, general path: a ruamel.yaml round trip of the whole file, keeping comments.

Used when the splice cannot read the layout. The tree ruamel loaded is changed in place,
node by node, and only where the catalog changed: a list or mapping that stays keeps its
comments (the one before a list's first item, the `# end of list` after its last), an item
matched by id keeps its own, and `---` / `...` are written back when the file had them.
Whatever is still lost is caught by the store's comment check, which then refuses.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from typing import Any

from ..catalog import Catalog
from ..catalog_data import catalog_to_data
from ..errors import WriteError
from .document import Document
from .layout import SourceIndex, comments_of

_START = re.compile(r"^---(?:[ \t]|$)", re.MULTILINE)
_END = re.compile(r"^\.\.\.[ \t]*$", re.MULTILINE)


def round_trip_edit(doc: Document, new: Catalog) -> tuple[str, Counter[str]]:
    """The new body, and the comments it may drop: those inside entries that were removed."""
    from io import StringIO

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16
    old_data, new_data = catalog_to_data(doc.catalog), catalog_to_data(new)
    changed = [key for key in new_data if old_data.get(key) != new_data.get(key)]
    # ruamel indents every list alike: take the indent of the list that changes (the others are kept verbatim below).
    indent = doc.index.item_indent if "entries" in changed or "sections" not in changed else doc.index.list_indent("sections")
    yaml.indent(mapping=2, sequence=2 + indent, offset=indent)
    yaml.explicit_start = bool(_START.search(doc.body))
    yaml.explicit_end = bool(_END.search(doc.body))
    try:
        tree = yaml.load(doc.body)
    except Exception as error:  # noqa: BLE001
        raise WriteError(f"could not re-read the catalog to edit it: {error}", path=str(doc.path)) from None
    if tree is None:
        tree = CommentedMap()
    removable = _comments_of_removed_entries(doc, tree, {entry.id for entry in new.entries})
    _merge_into(tree, old_data, new_data, _Dropped(doc.body.split("\n"), removable))
    stream = StringIO()
    yaml.dump(tree, stream)
    return _keep_unchanged_blocks(doc, stream.getvalue(), old_data, new_data), removable


def _keep_unchanged_blocks(doc: Document, body: str, old_data: dict[str, Any], new_data: dict[str, Any]) -> str:
    """Top-level keys whose value did not change get their old lines back, byte for byte."""
    old_index, new_index = doc.index, SourceIndex(body, None)
    lines = new_index.lines
    swaps = [(new_index.top[key], old_index.top[key]) for key in new_index.top if key in old_index.top and old_data.get(key) == new_data.get(key)]
    for new_block, old_block in sorted(swaps, reverse=True):
        lines[new_block.start : new_block.end] = old_index.lines[old_block.start : old_block.end]
    return "\n".join(lines) + "\n" if lines else ""


def _comments_of_removed_entries(doc: Document, tree: Any, kept: set[str]) -> Counter[str]:
    items = tree.get("entries") if isinstance(tree, dict) else None
    if not isinstance(items, list):
        return Counter()
    lines = doc.body.split("\n")
    starts = [getattr(item, "lc", None) and item.lc.line for item in items]
    removable: Counter[str] = Counter()
    for position, item in enumerate(items):
        if not isinstance(item, dict) or str(item.get("id")) in kept or starts[position] is None:
            continue
        end = next((line for line in starts[position + 1 :] if line is not None), len(lines))
        removable.update(comments_of("\n".join(lines[starts[position] : end])))
    return removable


class _Dropped:
    """The file's lines, and the comments of list items the change removes (they may go)."""

    def __init__(self, lines: list[str], removable: Counter[str]):
        self.lines = lines
        self.removable = removable

    def item_removed(self, node: Any, position: int) -> None:
        start = _line_of(node[position])
        if start is None:
            return
        end = next((line for line in map(_line_of, node[position + 1 :]) if line is not None), None)
        if end is None:  # the last item: up to its own last content line, not the comments after it
            end = start + 1
            while end < len(self.lines) and self.lines[end].startswith(" " * _indent(self.lines[start])):
                end += 1
        self.removable.update(comments_of("\n".join(self.lines[start:end])))


def _line_of(node: Any) -> int | None:
    lc = getattr(node, "lc", None)
    return lc.line if lc is not None else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" -"))


def _merge_into(node: Any, old: Any, new: Any, dropped: _Dropped) -> Any:
    """`node` changed in place to hold `new` where `old` (its meaning) differs; returns the node to keep."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if old == new:
        return node
    if isinstance(node, CommentedMap) and isinstance(old, dict) and isinstance(new, dict):
        for key in [key for key in node if key not in new]:
            del node[key]
        for position, (key, value) in enumerate(new.items()):
            if key in node:
                node[key] = _merge_into(node[key], old.get(key), value, dropped)
            else:
                node.insert(min(position, len(node)), key, copy.deepcopy(value))
        return node
    if isinstance(node, CommentedSeq) and isinstance(old, list) and isinstance(new, list) and len(node) == len(old):
        merged = _merge_sequence(node, old, new, dropped)
        if merged is not None:
            return merged
    if isinstance(node, CommentedSeq) and isinstance(new, list):  # a list rebuilt keeps its flow or block style
        fresh = CommentedSeq(copy.deepcopy(new))
        if node.fa.flow_style():
            fresh.fa.set_flow_style()
        return fresh
    return copy.deepcopy(new)


def _merge_sequence(node: Any, old: list[Any], new: list[Any], dropped: _Dropped) -> Any:
    """Items matched by id (entries, sections) or by value, carrying their comments; reordered
    items move with their own comments (ruamel keeps an item's comments inside it)."""

    def key(value: Any) -> Any:
        return ("id", value.get("id")) if isinstance(value, dict) and "id" in value else ("value", repr(value))

    if len(old) == len(new) and not any(isinstance(value, (dict, list)) for value in old + new):
        for position, (before, after) in enumerate(zip(old, new)):  # replaced in place: comments stay
            if before != after:
                node[position] = copy.deepcopy(after)
        return node
    old_keys, new_keys = [key(value) for value in old], [key(value) for value in new]
    if len(set(old_keys)) != len(old_keys) or len(set(new_keys)) != len(new_keys):
        return None
    kept = [k for k in new_keys if k in old_keys]
    if kept != [k for k in old_keys if k in new_keys]:  # reordered: same items, new order
        if node.ca.items or not all(hasattr(item, "ca") for item in node):
            return None  # comments on the list's own lines would not follow: rebuilt by the caller
        following = _detach_following_comments(node[-1])  # the lines after the list stay after it
        by_key = dict(zip(old_keys, list(node)))
        for position in range(len(old) - 1, -1, -1):
            if old_keys[position] not in new_keys:
                dropped.item_removed(node, position)
        del node[:]
        old_by_key = dict(zip(old_keys, old))
        for k, value in zip(new_keys, new):
            node.append(_merge_into(by_key[k], old_by_key[k], value, dropped) if k in by_key else copy.deepcopy(value))
        if following and not _attach_following_comments(node[-1], following):
            return None
        return node
    last_changes = bool(old_keys and new_keys) and old_keys[-1] != new_keys[-1]
    following = _detach_following_comments(node[-1]) if last_changes and not node.ca.items else ""
    for position in range(len(old) - 1, -1, -1):  # deleting through the list shifts its comments too
        if old_keys[position] not in new_keys:
            dropped.item_removed(node, position)
            del node[position]
    where = {k: position for position, k in enumerate(k for k in old_keys if k in new_keys)}
    old_by_key = dict(zip(old_keys, old))
    for position, (k, value) in enumerate(zip(new_keys, new)):
        if k in where:
            node[position] = _merge_into(node[position], old_by_key[k], value, dropped)
        else:
            node.insert(position, copy.deepcopy(value))
    if following and not _attach_following_comments(node[-1], following):
        return None
    return node


def _detach_following_comments(item: Any) -> str:
    """ruamel keeps the comment lines after a list on its last item's last key: take them off."""
    items = getattr(getattr(item, "ca", None), "items", None)
    if not isinstance(item, dict) or not item or not items:
        return ""
    entry = items.get(list(item.keys())[-1])
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None:
        return ""
    value: str = token.value  # a ruamel CommentToken's text
    if "\n" not in value.rstrip("\n"):
        return ""
    own, rest = value.split("\n", 1)
    if own:
        token.value = own + "\n"
    else:
        entry[2] = None
    return rest


def _attach_following_comments(item: Any, text: str) -> bool:
    """Put detached comment lines after this item (now the list's last); False if it cannot take them."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not isinstance(item, dict) or not item or not hasattr(item, "ca"):
        return False
    key = list(item.keys())[-1]
    if not isinstance(item[key], (str, int, float)) or item[key] is None:
        return False  # a nested value holds its own comments: too fragile to move into
    entry = item.ca.items.setdefault(key, [None, None, None, None])
    token = entry[2]
    if token is None:
        entry[2] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        token.value = token.value.rstrip("\n") + "\n" + text
    return True
