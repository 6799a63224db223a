"""`edit`: correct fields of one entry in place (a wrong link, a typo, a venue)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..workspace import Workspace

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..store import Update


def edit_paper(workspace: Workspace, ref: str, changes: Mapping[str, str], *, dry_run: bool = False) -> Update[str]:
    """Set the fields in `changes` (field name -> new text; "" clears one) on the entry REF names.

    The fields are those of `papercat.edits.EDITABLE_FIELDS`; the Update's `result` is the summary.
    """
    from .. import store
    from ..edits import edit_entry
    from ..refs import resolve_entry

    def transform(catalog: Catalog) -> tuple[Catalog, str]:
        entry = resolve_entry(catalog, ref)
        return edit_entry(catalog, entry.id, dict(changes))

    return store.update(workspace.catalog_path, transform, dry_run=dry_run)
