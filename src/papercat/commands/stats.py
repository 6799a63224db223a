"""`stats`: how the list is made up, computed from the catalog (no network, no cache)."""

from __future__ import annotations

from ..stats import CatalogStats
from ..workspace import Workspace


def catalog_statistics(workspace: Workspace) -> CatalogStats:
    from .. import store
    from ..stats import catalog_stats

    return catalog_stats(store.load(workspace.catalog_path).catalog)
