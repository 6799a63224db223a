"""Shell completion of section ids and entry ids, read from the catalog the command would use.

typer completes commands and options itself (`papercat --install-completion`); these callbacks
add the values only the catalog knows. They must never fail or print: a broken or missing
catalog simply completes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

if TYPE_CHECKING:
    from ..catalog import Catalog


def _catalog_path(ctx: typer.Context) -> Path:
    """The catalog of the command line being completed: --catalog if typed, else $PAPERCAT_CATALOG, else catalog.yaml."""
    root = ctx.find_root()
    given = root.params.get("catalog") if root.params else None
    if given:
        return Path(given)
    return Path(os.environ.get("PAPERCAT_CATALOG") or "catalog.yaml")


def _catalog(ctx: typer.Context) -> Optional[Catalog]:
    from .. import store

    try:
        return store.load(_catalog_path(ctx)).catalog
    except Exception:  # noqa: BLE001 - completion offers nothing rather than an error
        return None


def complete_section_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Section ids starting with what was typed, each with its title as the help text."""
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    return [(section.id, section.title) for _, section in catalog.iter_sections() if section.id.startswith(incomplete)]


def complete_entry_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Entry ids starting with what was typed, each with its title as the help text."""
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    return [(entry.id, entry.title) for entry in catalog.entries if entry.id.startswith(incomplete)]
