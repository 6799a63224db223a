"""catalog.yaml <-> Catalog: the one way commands read and write the catalog.

Commands import this facade only (an import-linter contract keeps `papercat.cli` so):

- `load(path)` -> Document (exact text, data, validated Catalog); `load_text` for text in hand.
- `update(path, transform)`: under the catalog's lock, load, transform, plan, write.
- `preview(doc, catalog)` -> the text `update` would write for that catalog (nothing written).
- `create(path, catalog)`: a new catalog file, never over an existing one unless `force`.
- `write_page(path, text, catalog_path=...)`: a rendered README, never over a catalog.

The transform contract, once: a transform is called with a private clone of the catalog
as it is on disk under the lock, may change that clone freely, and returns
`(new_catalog, result)`; nothing it did reaches the file unless the planned text, parsed
back, equals `new_catalog`.

Writing changes only the lines it must (`splice`); if the splice cannot prove itself, a
full ruamel.yaml round trip (`roundtrip`, slow, keeps comments) is tried, and failing that
nothing is written. Files are read, written (atomic, fsync, links and modes kept) and
locked by `papercat.files`.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Generic, Optional, TypeVar

from .. import files
from ..catalog import Catalog, Entry
from ..catalog_data import catalog_to_data
from ..errors import CatalogError, RefusedError, WriteError
from .document import MAX_CATALOG_BYTES, Document, load, load_text, read_readme, read_text
from .layout import SourceIndex, comments_of

# The writers (yaml_emit, .roundtrip, .splice) are imported where a write is planned: render,
# lint, list and show only read, and skip their import (start-up: docs/performance.md).

__all__ = [
    "MAX_CATALOG_BYTES",
    "Document",
    "SourceIndex",
    "Update",
    "clone_catalog",
    "create",
    "dump_catalog",
    "load",
    "load_text",
    "preview",
    "read_readme",
    "read_text",
    "unified_diff",
    "update",
    "write_page",
]

FILE_HEADER = (
    "# papercat catalog: the source of truth for README.md.\n"
    "# Change it with papercat (add, move, remove, dedupe --merge, lint --fix) or by hand;\n"
    "# `papercat render -o README.md` regenerates the page. Format: docs/catalog-format.md\n"
)

T = TypeVar("T")
_CATALOG_KEY = re.compile(r"^entries[ \t]*:", re.MULTILINE)


def dump_catalog(catalog: Catalog) -> str:
    """The full text of a new catalog file, in papercat's canonical layout.

    Its first line names the JSON Schema, so YAML language servers (VS Code...) check it.
    """
    from .. import yaml_emit
    from ..schema import modeline

    return yaml_emit.emit_document(catalog_to_data(catalog), header=f"{modeline()}\n{FILE_HEADER}")


def preview(doc: Document, new_catalog: Catalog) -> str:
    """The new file text for `new_catalog`, changing as few lines of `doc` as it can."""
    if new_catalog == doc.catalog:
        return doc.text
    from .roundtrip import round_trip_edit
    from .splice import CannotSplice, targeted_edit

    try:
        body: Optional[str] = targeted_edit(doc, new_catalog)
    except CannotSplice:
        body = None
    if body is not None and _holds(body, new_catalog, doc.path):
        return _restore_encoding(doc, body)
    body, removable = round_trip_edit(doc, new_catalog)
    if _holds(body, new_catalog, doc.path):
        lost = comments_of(doc.body) - comments_of(body) - removable
        if lost:
            comment = next(iter(lost))
            line = next((n for n, text in enumerate(doc.body.split("\n"), 1) if comment in text), None)
            raise WriteError(
                f"this change would lose the comment {comment[:60]!r} (the file's layout is beyond what papercat edits line by line); "
                "nothing was written: make the change by hand, or move the comment onto its own line",
                path=str(doc.path),
                line=line,
            )
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


def clone_catalog(catalog: Catalog) -> Catalog:
    """A copy a transform may change freely; much cheaper than deepcopy for 100k entries."""
    clone = copy.copy(catalog)
    clone.sections = copy.deepcopy(catalog.sections)
    clone.settings = copy.deepcopy(catalog.settings)
    clone.layout = copy.deepcopy(catalog.layout)
    entries = []
    new_entry = object.__new__
    for entry in catalog.entries:
        # Copying the field dict directly is four times faster than copy.copy, which goes
        # through __reduce_ex__ for every one of 10k entries.
        twin = new_entry(Entry)
        fields_ = twin.__dict__
        fields_.update(entry.__dict__)
        fields_["sections"] = list(entry.sections)
        fields_["aliases"] = list(entry.aliases)
        fields_["authors"] = list(entry.authors)
        fields_["noqa"] = dict(entry.noqa)
        fields_["links"] = [dict(link) for link in entry.links]
        fields_["extra"] = dict(entry.extra)
        fields_["cells"] = dict(entry.cells)
        entries.append(twin)
    clone.entries = entries
    return clone


def unified_diff(old: str, new: str, name: str = "catalog.yaml", context: int = 3) -> str:
    """A unified diff of two texts, quick for edits anywhere in a large file.

    difflib compares every line with every other (seconds, even tens of seconds, for a few edits
    spread over a 10k-entry catalog); papercat.diffing anchors on the lines that occur once in
    both texts, as `git diff --patience` does, and gives difflib only the short gaps between them.
    """
    from ..diffing import unified_diff as anchored_unified_diff

    return anchored_unified_diff(old, new, fromfile=f"a/{name}", tofile=f"b/{name}", context=context)


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
    path: os.PathLike[str] | str,
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
    with files.locked(path, timeout=lock_timeout):
        text = read_text(path)  # once: compared with `known`, else parsed
        doc = known if known is not None and text == known.text else load_text(text, path=path)
        new_catalog, result = transform(clone_catalog(doc.catalog))
        new_text = preview(doc, new_catalog)
        if not dry_run and new_text != doc.text:
            files.write_atomic(path, new_text)
    return Update(path=path, old_text=doc.text, new_text=new_text, result=result)


def create(path: os.PathLike[str] | str, catalog: Catalog, *, force: bool = False) -> str:
    """Write a new catalog file for `catalog` and return its text.

    Without `force` an existing file is never replaced: the check is made again under
    the lock and the file is created exclusively, so a racing import or an editor that
    saves meanwhile wins and this one is refused.
    """
    path = Path(path)
    text = dump_catalog(catalog)
    load_text(text, path)  # prove the new file reads back before writing it
    with files.locked(path):  # a papercat writer busy with the old file finishes first
        if force:
            files.write_atomic(path, text)
        elif not files.write_new(path, text):
            raise RefusedError("already exists; pass --force to replace it, or -o to write somewhere else", path=str(path))
    return text


def looks_like_catalog(path: Path) -> bool:
    """Whether the file at `path` reads as a papercat catalog (so a README must not replace it)."""
    try:
        text = read_text(path)
    except CatalogError:
        return False
    # a README: not worth a YAML parse (the substring test first: it is cheaper than a regex walk of the page)
    if not (text.startswith("entries") or "\nentries" in text) or not _CATALOG_KEY.search(text):
        return False
    try:
        load_text(text, path)
    except CatalogError:
        return False
    return True


def write_page(path: os.PathLike[str] | str, text: str, *, catalog_path: os.PathLike[str] | str, force: bool = False) -> None:
    """Write a rendered page: atomically to a regular file, as a stream to a FIFO or device.

    Refused without `force` when `path` is the catalog itself or any file that reads as a catalog.
    """
    path = Path(path)
    if not force:
        if files.same_file(path, catalog_path):
            raise RefusedError("is the catalog itself; rendering over it would lose the catalog (pass --force if you mean it)", path=str(path))
        if files.is_regular(path) and looks_like_catalog(path):
            raise RefusedError("reads as a papercat catalog; rendering over it would lose it (pass --force if you mean it)", path=str(path))
    files.write_atomic(path, text, streams=True)
