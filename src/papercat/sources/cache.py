"""Fetched metadata kept on disk, one JSON file per paper, so a second run needs no network.

Lint and dedupe read this cache (never the network) through `MetadataCache.get_arxiv`.
The default directory is `.papercat-cache/` next to the catalog; $PAPERCAT_CACHE_DIR overrides it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional
from urllib.parse import quote, unquote

from .. import files
from ..errors import PapercatError, WriteError
from .metadata import PaperMetadata

if TYPE_CHECKING:
    from ..ids import PaperId
    from .published import PublishedRecord

CACHE_DIR_ENV = "PAPERCAT_CACHE_DIR"
DEFAULT_CACHE_DIR_NAME = files.CACHE_FOLDER_NAME
MAX_ENTRY_BYTES = 1024 * 1024


def default_cache_dir(catalog_path: Path | str) -> Path:
    """$PAPERCAT_CACHE_DIR, else `.papercat-cache/` beside the catalog."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    return Path(catalog_path).resolve().parent / DEFAULT_CACHE_DIR_NAME


def lookup_key(paper_id: PaperId) -> tuple[str, str]:
    """Which source and key answer for an id: arXiv by bare id; DOIs and ACL ids through Crossref."""
    if paper_id.kind == "arxiv":
        return "arxiv", paper_id.value
    if paper_id.kind == "acl":
        # Every ACL Anthology paper has the DOI 10.18653/v1/<anthology id>, registered with Crossref.
        return "crossref", f"10.18653/v1/{paper_id.value}".lower()
    return "crossref", paper_id.value


class MetadataCache:
    """Per-paper JSON files: `arxiv/<id>.json`, `crossref/<doi>.json` and the venue services' `<source>/<key>.json`, each with its fetch time."""

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)
        self._names: dict[str, set[str]] = {}  # kind -> file names in its folder, listed once

    def get_arxiv(self, arxiv_id: str) -> Optional[PaperMetadata]:
        """Cached metadata for a bare arXiv id, or None (also when the file is unreadable)."""
        names = self._listing("arxiv")
        if not names:
            return None  # an empty cache (a folder holding only the lock): no file name to work out
        name = self._file_name(arxiv_id)
        if name not in names:
            return None  # lint asks for each of 10k entries: one folder listing, not 10k failed opens
        return self._read(self.directory / "arxiv" / name)

    def holds(self, kind: str) -> bool:
        """Whether any record of `kind` ("arxiv", ...) is cached: lint skips a rule that would find none."""
        return bool(self._listing(kind))

    def _listing(self, kind: str) -> set[str]:
        """The file names in a kind's folder, listed once per cache object."""
        names = self._names.get(kind)
        if names is None:
            try:
                names = set(os.listdir(self.directory / kind))
            except OSError:
                names = set()
            self._names[kind] = names
        return names

    def arxiv_title(self, arxiv_id: str) -> Optional[str]:
        """arXiv's title of an id as cached (titles change between versions), or None; never fetches."""
        metadata = self.get_arxiv(arxiv_id)
        return metadata.title if metadata else None

    def get_doi(self, doi: str) -> Optional[PaperMetadata]:
        return self._read(self._path("crossref", doi.lower()))

    def get_paper(self, paper_id: PaperId) -> Optional[PaperMetadata]:
        """Cached metadata for an arXiv id, a DOI or an ACL id (by its Crossref DOI), or None."""
        source, key = lookup_key(paper_id)
        return self.get_arxiv(key) if source == "arxiv" else self.get_doi(key)

    def put(self, metadata: PaperMetadata) -> None:
        """Store metadata; written atomically so a crash never leaves half a file.

        An unwritable cache folder raises WriteError (fetching happens before the catalog is touched).
        """
        kind = "arxiv" if metadata.source == "arxiv" else "crossref"
        self.put_data(kind, metadata.id, metadata.to_data())

    def get_data(self, kind: str, key: str) -> Optional[dict[str, Any]]:
        """The JSON object stored under `kind/key` (e.g. `semantic_scholar/arxiv:2212.10560`), or None."""
        return self._read_json(self._path(kind, key))

    def get_record(self, source: str, key: str) -> Optional[PublishedRecord]:
        """A venue service's cached record of a key, or None: a file that is missing, unreadable or not a record is a miss (fetched again)."""
        from .published import PublishedRecord  # lint reads the cache without the venue records

        data = self.get_data(source, key)
        if data is None:
            return None
        try:
            return PublishedRecord.from_data(data)
        except (TypeError, ValueError):
            return None

    def keys(self, kind: str) -> set[str]:
        """Every key stored under `kind` (the file names decoded), read from one listing of its folder; none when there is no folder."""
        try:
            names = os.listdir(self.directory / kind)
        except OSError:
            return set()
        return {unquote(name.removesuffix(".json")) for name in names if name.endswith(".json")}

    def put_data(self, kind: str, key: str, data: dict[str, Any]) -> None:
        """Store one JSON object under `kind/key`, atomically; an unwritable folder raises WriteError."""
        path = self._path(kind, key)
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        try:
            if not path.parent.is_dir():
                files.make_ignored_folder(self.directory)
                path.parent.mkdir(parents=True, exist_ok=True)
            files.write_atomic(path, text, record=False)
            if kind in self._names:  # a listing taken before this write now holds it too
                self._names[kind].add(path.name)
        except (OSError, WriteError) as error:
            reason = error.strerror if isinstance(error, OSError) else error.message
            raise WriteError(
                f"cannot write to the metadata cache {self.directory} ({reason or error}); "
                f"make it writable or set ${CACHE_DIR_ENV} to a folder that is; the catalog was not changed"
            ) from None

    def _path(self, kind: str, key: str) -> Path:
        return self.directory / kind / self._file_name(key)

    @staticmethod
    def _file_name(key: str) -> str:
        # Old-style arXiv ids and DOIs contain '/': quote them into one safe file name (`keys` unquotes it).
        return f"{quote(key, safe='.-')}.json"

    @classmethod
    def _read(cls, path: Path) -> Optional[PaperMetadata]:
        """The cached metadata, None when there is none or it cannot be read as a JSON object (it
        is fetched again); an object holding values of the wrong shape is refused by the schema,
        naming the file."""
        data = cls._read_json(path)
        return PaperMetadata.from_data(data, source_name=f"the cache file {path}") if data is not None else None

    @staticmethod
    def _read_json(path: Path) -> Optional[dict[str, Any]]:
        """One entry's JSON object, or None (missing, unreadable, not JSON, not an object).

        A cache entry is a few KB: a huge or special file is not one of ours, so it is never read whole.
        """
        try:
            data = json.loads(files.read_text(path, limit=MAX_ENTRY_BYTES, what="cache entries"))
        except (PapercatError, RecursionError, ValueError):
            return None
        return data if isinstance(data, dict) else None
