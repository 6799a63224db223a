"""`config`: read or change the list's title, intro, footer and empty-section style."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ..workspace import Workspace

if TYPE_CHECKING:
    from ..store import Update

MAX_VALUE_BYTES = 16 * 1024 * 1024  # an intro or footer: far below this


def list_settings(workspace: Workspace) -> dict[str, str]:
    """Every list-wide setting (`papercat.edits.LIST_SETTINGS`, in that order) with its value."""
    from .. import store
    from ..edits import LIST_SETTINGS, list_setting

    catalog = store.load(workspace.catalog_path).catalog
    return {name: list_setting(catalog, name) for name in LIST_SETTINGS}


def setting_value(workspace: Workspace, key: str) -> str:
    """One setting's value ("" for an unset intro or footer); an unknown key is a UsageError."""
    from .. import store
    from ..edits import list_setting

    return list_setting(store.load(workspace.catalog_path).catalog, key)


def read_setting_file(path: Path) -> str:
    """A setting's new value from a UTF-8 file (`config intro --file docs/list-intro.md`)."""
    from .. import files
    from ..errors import UsageError

    return files.read_text(path, error=UsageError, limit=MAX_VALUE_BYTES, what="setting values", fix="save it as UTF-8")


def set_setting(workspace: Workspace, key: str, value: Optional[str], *, dry_run: bool = False) -> Update[str]:
    """Change one setting; None resets it to its default. The Update's `result` is the summary."""
    from .. import store
    from ..edits import set_list_setting

    return store.update(workspace.catalog_path, lambda catalog: set_list_setting(catalog, key, value), dry_run=dry_run)
