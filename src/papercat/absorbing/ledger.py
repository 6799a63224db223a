"""Rows papercat itself took out of the catalog, which `render -o` may then drop from the README.

`render -o README.md` refuses to write over README rows that no entry holds: usually they are a
contributor's additions, for `papercat absorb`. Right after `papercat remove` (or `section remove
--drop-entries`) the removed paper's row is such a row too, and absorb would add it back. So the
commands that remove entries note their rows' keys here, beside the catalog in papercat's own
ignored folder (as the lock is), and the next `render -o` that writes the README forgets them.
Best effort: a ledger that cannot be read or written only brings the refusal back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ..catalog import Entry
from ..files import CACHE_FOLDER_NAME, make_ignored_folder, resolve_target, write_atomic

_LIMIT = 4 << 20  # bytes: a ledger is a few keys per removed paper


def ledger_path(catalog_path: Path) -> Path:
    target = resolve_target(catalog_path)
    return target.parent / CACHE_FOLDER_NAME / f"{target.name}.removed.json"


def removed_keys(catalog_path: Path) -> set[str]:
    """The row keys of entries removed since the README was last written (empty when none, or unreadable)."""
    path = ledger_path(catalog_path)
    try:
        if path.stat().st_size > _LIMIT:
            return set()
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return set()
    return {key for key in data if isinstance(key, str)} if isinstance(data, list) else set()


def note_removed(catalog_path: Path, entries: Iterable[Entry]) -> None:
    from .rows import row_keys  # the row reader: imported by the removing commands, not by every `render -o`

    keys = removed_keys(catalog_path)
    keys.update(key for entry in entries for key in row_keys(entry))
    path = ledger_path(catalog_path)
    try:
        make_ignored_folder(path.parent)
        write_atomic(path, json.dumps(sorted(keys), ensure_ascii=False))
    except OSError:
        pass


def forget_removed(catalog_path: Path) -> None:
    try:
        ledger_path(catalog_path).unlink()
    except OSError:
        pass
