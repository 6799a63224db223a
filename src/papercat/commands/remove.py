"""`remove`: drop an entry from the catalog (from every section it is in)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..workspace import Workspace

if TYPE_CHECKING:
    from ..catalog import Entry
    from ..store import Update


def remove_paper(workspace: Workspace, ref: str, *, confirm: Callable[[Entry], bool] = lambda entry: True, dry_run: bool = False) -> Update[str]:
    """Take the entry REF names out of the catalog; the Update's `result` is the summary.

    `confirm` is asked (before the lock is taken, never for a dry run) with the entry found;
    declining raises RefusedError and the file stays as it was.
    """
    from .. import store
    from ..edits import remove_entry
    from ..errors import RefusedError
    from ..refs import resolve_entry

    document = store.load(workspace.catalog_path)
    entry = resolve_entry(document.catalog, ref)
    if not dry_run and not confirm(entry):
        raise RefusedError(f"'{entry.id}' was not removed")
    update = store.update(workspace.catalog_path, lambda catalog: remove_entry(catalog, entry.id), dry_run=dry_run, known=document)
    if not dry_run:
        from ..absorbing.ledger import note_removed

        note_removed(workspace.catalog_path, [entry])  # so `render -o` may drop its README row
    return update
