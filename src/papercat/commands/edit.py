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

    changes = _venue_year_split(changes)

    def transform(catalog: Catalog) -> tuple[Catalog, str]:
        entry = resolve_entry(catalog, ref)
        return edit_entry(catalog, entry.id, dict(changes))

    return store.update(workspace.catalog_path, transform, dry_run=dry_run)


def _venue_year_split(changes: Mapping[str, str]) -> dict[str, str]:
    """`--venue 'NeurIPS 2023'` is venue NeurIPS and year 2023, as for `add` (it would render
    "NeurIPS 2023 2023" otherwise); refused when `--year` says another year."""
    from ..adding import venue_and_year

    venue = changes.get("venue")
    if not venue:
        return dict(changes)
    given_year = changes.get("year") or ""
    bare, year = venue_and_year(venue, int(given_year) if given_year.strip().isdigit() else None)
    split = dict(changes, venue=bare or "")
    if year is not None and not given_year:
        split["year"] = str(year)
    return split
