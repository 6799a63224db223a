"""`absorb`: a contributor's hand edit of README.md, turned into catalog changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ..absorbing import AbsorbReport, absorb_readme, new_row_ids
from ..workspace import Workspace
from .sources import Fetch, fetch_quietly, source_settings

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..ids import PaperId
    from ..sources.metadata import PaperMetadata
    from ..store import Update


@dataclass
class AbsorbRequest:
    """The command line's options, as plain data."""

    readme: Optional[Path] = None  # None: the workspace's README
    fetch: bool = False  # new rows' metadata from arXiv/Crossref, else kept as written
    dry_run: bool = False
    offline: bool = False
    arxiv_api: Optional[str] = None
    crossref_api: Optional[str] = None


@dataclass
class AbsorbOutcome:
    readme: Path
    report: AbsorbReport
    update: Optional[Update[AbsorbReport]] = None
    fetch_failures: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 everything absorbed (or nothing to); 1 parts of the README could not be, or metadata was missing."""
        return 1 if self.report.unmapped or self.fetch_failures else 0


def absorb(workspace: Workspace, request: AbsorbRequest, *, fetch: Fetch = fetch_quietly) -> AbsorbOutcome:
    """Compare the README with what the catalog renders and write the difference into the catalog, once."""
    from .. import store

    document = store.load(workspace.catalog_path)
    readme = request.readme if request.readme is not None else workspace.readme_path(document.catalog)
    readme_text = store.read_readme(readme)
    metadata: Mapping[PaperId, PaperMetadata] = {}
    failures: list[str] = []
    if request.fetch:
        wanted = new_row_ids(document.catalog, readme_text)
        if wanted:
            settings = source_settings(workspace, document.catalog, offline=request.offline, arxiv_api=request.arxiv_api, crossref_api=request.crossref_api)
            fetched = fetch(wanted, settings)
            metadata = fetched.found
            failures = [f"{reason} (the row was kept as written)" for reason in fetched.failures.values()]

    def transform(catalog: Catalog) -> tuple[Catalog, AbsorbReport]:
        return absorb_readme(catalog, readme_text, readme.name, metadata)

    update = store.update(workspace.catalog_path, transform, dry_run=request.dry_run, known=document)
    return AbsorbOutcome(readme=readme, report=update.result, update=update, fetch_failures=failures)
