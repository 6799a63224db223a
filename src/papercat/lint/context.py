"""What a rule may read besides the catalog, and the analyses rules share, computed once.

Rules never touch the disk or the network: the README text and the metadata cache are
handed to them here. Work that several rules need (the catalog's index, duplicate detection
for PC401 and PC402) is a cached property of the context the runner binds to one catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Optional

from .settings import LintConfig

if TYPE_CHECKING:
    from ..catalog import Catalog, Locator
    from ..dedupe import DedupeReport
    from ..identity import CatalogIndex
    from ..sources.cache import MetadataCache


@dataclass
class LintContext:
    """The configuration, the files around the catalog, and (once bound) the catalog's shared analyses."""

    config: LintConfig
    catalog_name: str = "catalog.yaml"
    locate: Optional[Locator] = None
    readme_name: Optional[str] = None
    readme_text: Optional[str] = None
    metadata_cache: Optional[MetadataCache] = None
    known_selectors: frozenset[str] = frozenset()  # every rule code and name (the runner sets it)
    catalog: Optional[Catalog] = None  # the catalog the analyses below describe (the runner sets it)

    def bound_to(self, catalog: Catalog, known_selectors: frozenset[str]) -> LintContext:
        """A copy for linting `catalog`, with fresh shared analyses."""
        return replace(self, catalog=catalog, known_selectors=known_selectors)

    def _bound_catalog(self) -> Catalog:
        if self.catalog is None:
            raise RuntimeError("LintContext.bound_to(catalog) first: the shared analyses describe one catalog")
        return self.catalog

    @cached_property
    def index(self) -> CatalogIndex:
        """Entries by id, key and title, with their positions (papercat.identity)."""
        from ..identity import CatalogIndex

        return CatalogIndex.of(self._bound_catalog())

    @cached_property
    def duplicates(self) -> DedupeReport:
        """Duplicate groups and conflicts, found once for PC401 and PC402 (the costliest part of lint)."""
        from ..dedupe import find_duplicates

        return find_duplicates(self._bound_catalog(), metadata=self.known_title if self.metadata_cache else None)

    def known_title(self, arxiv_id: str) -> Optional[str]:
        """The title the metadata cache knows for an arXiv id, or None (lint never fetches)."""
        return self.metadata_cache.arxiv_title(arxiv_id) if self.metadata_cache else None
