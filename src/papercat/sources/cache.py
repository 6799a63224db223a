"""Fetched metadata kept on disk, one JSON file per paper, so a second run needs no network.

Lint and dedupe read this cache (never the network) through `MetadataCache.get_arxiv`.
The default directory is `.papercat-cache/` next to the catalog; $PAPERCAT_CACHE_DIR overrides it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from ..errors import WriteError
from .metadata import PaperMetadata

CACHE_DIR_ENV = "PAPERCAT_CACHE_DIR"
DEFAULT_CACHE_DIR_NAME = ".papercat-cache"


def default_cache_dir(catalog_path: Path | str) -> Path:
    """$PAPERCAT_CACHE_DIR, else `.papercat-cache/` beside the catalog."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    return Path(catalog_path).resolve().parent / DEFAULT_CACHE_DIR_NAME


# What makes git ignore the folder, as pytest's and ruff's caches do: nothing to add to the
# list repository's own .gitignore, and `git status` stays clean after any papercat command.
GITIGNORE_TEXT = "# Created by papercat automatically.\n*\n"


def make_cache_folder(directory: Path) -> None:
    """Create the cache folder (and its parents) with its own `.gitignore` of `*`; OSError on failure."""
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        ignore.write_text(GITIGNORE_TEXT, encoding="utf-8")


class MetadataCache:
    """Per-paper JSON files: `arxiv/<id>.json`, `crossref/<doi>.json` and the venue services' `<source>/<key>.json`, each with its fetch time."""

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)

    def get_arxiv(self, arxiv_id: str) -> Optional[PaperMetadata]:
        """Cached metadata for a bare arXiv id, or None (also when the file is unreadable)."""
        return self._read(self._path("arxiv", arxiv_id))

    def get_doi(self, doi: str) -> Optional[PaperMetadata]:
        return self._read(self._path("crossref", doi.lower()))

    def put(self, metadata: PaperMetadata) -> None:
        """Store metadata; written atomically so a crash never leaves half a file.

        An unwritable cache folder raises WriteError (fetching happens before the catalog is touched).
        """
        kind = "arxiv" if metadata.source == "arxiv" else "crossref"
        self.put_data(kind, metadata.id, metadata.to_data())

    def get_data(self, kind: str, key: str) -> Optional[dict]:
        """The JSON object stored under `kind/key` (e.g. `semantic_scholar/arxiv:2212.10560`), or None."""
        try:
            data = json.loads(self._path(kind, key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put_data(self, kind: str, key: str, data: dict) -> None:
        """Store one JSON object under `kind/key`, atomically; an unwritable folder raises WriteError."""
        import tempfile

        path = self._path(kind, key)
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        temporary = None
        try:
            if not path.parent.is_dir():
                make_cache_folder(self.directory)
                path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException as error:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            if isinstance(error, OSError):
                raise WriteError(
                    f"cannot write to the metadata cache {self.directory} ({error.strerror or error}); "
                    f"make it writable or set ${CACHE_DIR_ENV} to a folder that is; the catalog was not changed"
                ) from None
            raise

    def _path(self, kind: str, key: str) -> Path:
        # Old-style arXiv ids and DOIs contain '/': quote them into one safe file name.
        return self.directory / kind / f"{quote(key, safe='.-')}.json"

    @staticmethod
    def _read(path: Path) -> Optional[PaperMetadata]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return PaperMetadata.from_data(data) if isinstance(data, dict) else None
        except (OSError, ValueError, TypeError):
            return None
