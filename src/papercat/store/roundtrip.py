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

from ..catalog import Catalog, catalog_to_data
from ..errors import WriteError
from .document import Document
from .layout import SourceIndex, comments_of

_START = re.compile(r"^---(?:[ \t]|$)", re.MULTILINE)
_END = re.compile(r"^\.\.\.[ \t]*$", re.MULTILINE)


def round_trip_edit(doc: Document, new: Catalog) -> tuple[str, Counter]:
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
    _merge_into(tree, old_data, new_data)
    stream = StringIO()
    yaml.dump(tree, stream)
    return _keep_unchanged_blocks(doc, stream.getvalue(), old_data, new_data), removable


def _keep_unchanged_blocks(doc: Document, body: str, old_data: dict, new_data: dict) -> str:
    """Top-level keys whose value did not change get their old lines back, byte for byte."""
    old_index, new_index = doc.index, SourceIndex(body, None)
    lines = new_index.lines
    swaps = [
        (new_index.top[key], old_index.top[key])
        for key in new_index.top
        if key in old_index.top and old_data.get(key) == new_data.get(key)
    ]
    for new_block, old_block in sorted(swaps, reverse=True):
        lines[new_block.start : new_block.end] = old_index.lines[old_block.start : old_block.end]
    return "\n".join(lines) + "\n" if lines else ""


def _comments_of_removed_entries(doc: Document, tree: Any, kept: set[str]) -> Counter:
    items = tree.get("entries") if isinstance(tree, dict) else None
    if not isinstance(items, list):
        return Counter()
    lines = doc.body.split("\n")
    starts = [getattr(item, "lc", None) and item.lc.line for item in items]
    removable: Counter = Counter()
    for position, item in enumerate(items):
        if not isinstance(item, dict) or str(item.get("id")) in kept or starts[position] is None:
            continue
        end = next((line for line in starts[position + 1 :] if line is not None), len(lines))
        removable.update(comments_of("\n".join(lines[starts[position] : end])))
    return removable


def _merge_into(node: Any, old: Any, new: Any) -> Any:
    """`node` changed in place to hold `new` where `old` (its meaning) differs; returns the node to keep."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if old == new:
        return node
    if isinstance(node, CommentedMap) and isinstance(old, dict) and isinstance(new, dict):
        for key in [key for key in node if key not in new]:
            del node[key]
        for position, (key, value) in enumerate(new.items()):
            if key in node:
                node[key] = _merge_into(node[key], old.get(key), value)
            else:
                node.insert(min(position, len(node)), key, copy.deepcopy(value))
        return node
    if isinstance(node, CommentedSeq) and isinstance(old, list) and isinstance(new, list) and len(node) == len(old):
        merged = _merge_sequence(node, old, new)
        if merged is not None:
            return merged
    if isinstance(node, CommentedSeq) and isinstance(new, list):  # a list rebuilt keeps its flow or block style
        fresh = CommentedSeq(copy.deepcopy(new))
        if node.fa.flow_style():
            fresh.fa.set_flow_style()
        return fresh
    return copy.deepcopy(new)


def _merge_sequence(node: Any, old: list, new: list) -> Any:
    """Items matched by id (entries, sections) or, for plain values, kept where they stay in order."""

    def key(value: Any) -> Any:
        return ("id", value.get("id")) if isinstance(value, dict) and "id" in value else ("value", repr(value))

    old_keys, new_keys = [key(value) for value in old], [key(value) for value in new]
    if len(set(old_keys)) != len(old_keys) or len(set(new_keys)) != len(new_keys):
        return None
    kept = [k for k in new_keys if k in old_keys]
    if kept != [k for k in old_keys if k in new_keys]:
        return None  # reordered: rebuilt by the caller
    for position in range(len(old) - 1, -1, -1):  # deleting through the list shifts its comments too
        if old_keys[position] not in new_keys:
            del node[position]
    where = {k: position for position, k in enumerate(k for k in old_keys if k in new_keys)}
    old_by_key = dict(zip(old_keys, old))
    for position, (k, value) in enumerate(zip(new_keys, new)):
        if k in where:
            node[position] = _merge_into(node[position], old_by_key[k], value)
        else:
            node.insert(position, copy.deepcopy(value))
    return node
