"""`move`: file an entry under another section, or one more (`copy`), or out of one (`from_section`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ..workspace import Workspace

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..store import Update


@dataclass
class MoveRequest:
    """Where the entry goes: the command line's options, as plain data."""

    to_section: Optional[str] = None
    from_section: Optional[str] = None
    copy: bool = False  # keep it where it is and add `to_section` as one more section
    before: Optional[str] = None  # REF of a row to place it above (hand-ordered sections)
    after: Optional[str] = None
    dry_run: bool = False


def move_paper(workspace: Workspace, ref: str, request: MoveRequest) -> Update[str]:
    """Re-file (or only re-place) the entry REF names in one write; the Update's `result` is the summary."""
    from .. import store
    from ..edits import move_entry, place_next_to
    from ..errors import UsageError
    from ..refs import resolve_entry

    if request.before and request.after:
        raise UsageError("give --before or --after, not both")
    anchor_ref = request.before or request.after

    def transform(catalog: Catalog) -> tuple[Catalog, str]:
        entry = resolve_entry(catalog, ref)
        if request.to_section is None and request.from_section is None and anchor_ref:
            new, summary = catalog, ""
        else:
            new, summary = move_entry(catalog, entry.id, request.to_section, from_section=request.from_section, copy_only=request.copy)
        if anchor_ref:
            anchor = resolve_entry(new, anchor_ref)
            moved = new.entry_by_id(entry.id)
            sections = [request.to_section] if request.to_section else moved.sections if moved is not None else []
            where = place_next_to(new, [entry.id], anchor.id, after=bool(request.after), sections=sections)
            summary = f"placed '{entry.id}' {where}" if not summary or "nothing changed" in summary else f"{summary}, {where}"
        return new, summary

    return store.update(workspace.catalog_path, transform, dry_run=request.dry_run)
