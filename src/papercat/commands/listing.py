"""`papercat list` and `papercat show` as plain functions: read the catalog, return the text to print."""

from __future__ import annotations

from typing import Optional

from ..workspace import Workspace


def list_entries(
    workspace: Workspace,
    *,
    section: Optional[str] = None,
    year: Optional[str] = None,
    venue: Optional[str] = None,
    query: Optional[str] = None,
    output_format: str = "table",
) -> str:
    from .. import store
    from ..listing import format_entries, select_entries

    catalog = store.load(workspace.catalog_path).catalog
    entries = select_entries(catalog, section=section, year=year, venue=venue, query=query)
    return format_entries(entries, output_format, total=len(catalog.entries))


def show_entry(workspace: Workspace, ref: str) -> str:
    from .. import store
    from ..listing import describe_entry
    from ..refs import resolve_entry

    document = store.load(workspace.catalog_path)
    entry = resolve_entry(document.catalog, ref)
    line = document.entry_line(entry.id)
    location = f"{workspace.catalog_path}:{line}" if line else str(workspace.catalog_path)
    readme = workspace.readme_path(document.catalog)
    return describe_entry(document.catalog, entry, readme=readme.name if readme.parent == workspace.directory else str(readme), location=location)
