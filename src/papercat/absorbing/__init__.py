"""A README.md edited by hand -> catalog changes (`papercat absorb`), as pure functions.

Contributors send pull requests that edit README.md, not catalog.yaml. Absorbing reads
both the README and what the catalog renders with the importer, so rows are compared as
parsed entries (title, link, venue, year, code...) whatever the list's layout, and every
row the catalog renders is known to be one entry in one section. The difference becomes
catalog changes:

- a row that matches no entry becomes a new entry in that section, at that position;
- a row whose cells changed becomes a field edit of its entry;
- a row missing from a section takes the entry out of it (out of the catalog when it is
  left in no section);
- a row that moved to another section (or place) re-files the entry.

What has no catalog equivalent (a heading that changed, prose between the tables, a row
the importer cannot read) is reported with its README line and left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .plan import absorb_readme, new_row_ids
    from .report import AbsorbReport, Finding
    from .rows import rows_not_in_catalog

__all__ = ["AbsorbReport", "Finding", "absorb_readme", "new_row_ids", "rows_not_in_catalog"]

# Loaded on first use: `render -o` asks the ledger and the row keys (absorbing.ledger, .rows)
# without paying for the planner and the importer behind it.
_HOMES = {"absorb_readme": "plan", "new_row_ids": "plan", "AbsorbReport": "report", "Finding": "report", "rows_not_in_catalog": "rows"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
