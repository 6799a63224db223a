"""`papercat section ...` as plain functions: load, transform, write once (or only diff), report.

Each writing function returns the store's Update, whose `result` is the one-line summary;
`dry_run` computes the same diff and writes nothing. A failure raises before anything is
written, so the catalog stays byte-identical.
"""

from __future__ import annotations

from typing import Callable, Optional

from .. import store
from ..catalog import Catalog, Entry
from ..section_edits import Removal, add_section, format_section_tree, move_section, remove_section, rename_section, set_section_order
from ..workspace import Workspace


def add(
    workspace: Workspace,
    title: str,
    *,
    section_id: Optional[str] = None,
    under: Optional[str] = None,
    before: Optional[str] = None,
    after: Optional[str] = None,
    kind: str = "papers",
    description: Optional[str] = None,
    order: str = "as-written",
    dry_run: bool = False,
) -> store.Update[str]:
    return store.update(
        workspace.catalog_path,
        lambda catalog: add_section(
            catalog, title, section_id=section_id, under=under, before=before, after=after, kind=kind, description=description, order=order
        ),
        dry_run=dry_run,
    )


def rename(workspace: Workspace, ref: str, *, title: Optional[str] = None, new_id: Optional[str] = None, dry_run: bool = False) -> store.Update[str]:
    return store.update(workspace.catalog_path, lambda catalog: rename_section(catalog, ref, title=title, new_id=new_id), dry_run=dry_run)


def move(
    workspace: Workspace,
    ref: str,
    *,
    before: Optional[str] = None,
    after: Optional[str] = None,
    under: Optional[str] = None,
    top: bool = False,
    dry_run: bool = False,
) -> store.Update[str]:
    return store.update(workspace.catalog_path, lambda catalog: move_section(catalog, ref, before=before, after=after, under=under, top=top), dry_run=dry_run)


def order(workspace: Workspace, ref: str, new_order: str, *, dry_run: bool = False) -> store.Update[str]:
    return store.update(workspace.catalog_path, lambda catalog: set_section_order(catalog, ref, new_order), dry_run=dry_run)


def remove(
    workspace: Workspace,
    ref: str,
    *,
    move_entries_to: Optional[str] = None,
    drop_entries: bool = False,
    confirm: Callable[[Removal], bool] = lambda removal: True,
    dry_run: bool = False,
) -> store.Update[str]:
    """`confirm` is asked (before the lock is taken) only when entries would leave the catalog, never for a dry run."""
    from ..errors import RefusedError

    document = store.load(workspace.catalog_path)
    _, preview = remove_section(store.clone_catalog(document.catalog), ref, move_entries_to=move_entries_to, drop_entries=drop_entries)
    if preview.dropped and not dry_run and not confirm(preview):
        raise RefusedError(f"nothing removed: the section and its {len(preview.dropped)} entries are kept")

    dropped: list[Entry] = []

    def transform(catalog: Catalog) -> tuple[Catalog, str]:
        new, removal = remove_section(catalog, ref, move_entries_to=move_entries_to, drop_entries=drop_entries)
        dropped[:] = removal.dropped
        return new, removal.summary

    update = store.update(workspace.catalog_path, transform, dry_run=dry_run, known=document)
    if dropped and not dry_run:
        from ..absorbing.ledger import note_removed

        note_removed(workspace.catalog_path, dropped)  # so `render -o` may drop their README rows
    return update


def tree(workspace: Workspace) -> str:
    """The text of `papercat section list`."""
    return format_section_tree(store.load(workspace.catalog_path).catalog)
