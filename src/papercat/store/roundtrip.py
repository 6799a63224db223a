"""The slow, general path: a ruamel.yaml round trip of the whole file, keeping comments."""

from __future__ import annotations

import copy

from ..catalog import Catalog, catalog_to_data, entry_to_data
from ..errors import WriteError
from .document import Document

def round_trip_edit(doc: Document, new: Catalog) -> str:
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

