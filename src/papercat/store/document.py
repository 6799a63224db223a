"""A loaded catalog file: its exact text, the parsed data, the validated Catalog."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, cast

from .. import files, yamltext
from ..catalog import Catalog
from ..catalog_data import catalog_from_data
from ..errors import CatalogError, UsageError
from .layout import SourceIndex

if TYPE_CHECKING:
    from ..errors import DataPath

MAX_CATALOG_BYTES = files.MAX_TEXT_BYTES
MISSING_CATALOG = "no such file; create one with `papercat import README.md` or pass --catalog"


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

    def locate(self, where: DataPath) -> Optional[tuple[int, int]]:
        """1-based (line, column) of a path such as ("entries", 3, "title"), or None."""
        return self.index.locate(where)

    def entry_line(self, entry_id: str) -> Optional[int]:
        if self._positions is None:  # callers ask once per finding: index the ids once
            self._positions = {entry.id: position for position, entry in enumerate(self.catalog.entries)}
        position = self._positions.get(entry_id)
        found = self.locate(("entries", position)) if position is not None else None
        return found[0] if found else None


def read_text(path: os.PathLike[str] | str) -> str:
    """The catalog's exact text (a BOM kept), or one CatalogError naming the file."""
    return files.read_text(path, error=CatalogError, missing=MISSING_CATALOG, limit=MAX_CATALOG_BYTES, what="catalogs")


def read_readme(path: os.PathLike[str] | str, missing: str = "no such file") -> str:
    """A README to compare with what render writes: UTF-8, universal newlines (a Windows
    checkout with CRLF is the same page), or one UsageError naming the file."""
    text = files.read_text(path, error=UsageError, missing=missing, what="READMEs", fix="save it as UTF-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load(path: os.PathLike[str] | str) -> Document:
    path = Path(path)
    return load_text(read_text(path), path=path)


def load_text(text: str, path: os.PathLike[str] | str = "catalog.yaml") -> Document:
    path = Path(path)
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    newline = "\r\n" if "\r\n" in body else "\n"
    body = body.replace("\r\n", "\n")
    data = yamltext.parse_yaml(body.encode("utf-8"), str(path))
    doc = Document(path=path, text=text, body=body, newline=newline, bom=bom, data=data, catalog=cast(Catalog, None))
    doc.catalog = catalog_from_data(data, path=str(path), locate=doc.locate)  # errors get positions lazily
    return doc
