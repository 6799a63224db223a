"""`papercat absorb README.md`: a contributor's hand edit of the README, turned into catalog changes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import store
from ..absorbing import AbsorbReport, absorb_readme, new_row_ids
from ..ids import PaperId
from ..sources.metadata import PaperMetadata

# Fetches metadata for the new rows' ids: found, and a reason per id that failed.
Fetch = Callable[[list[PaperId]], tuple[Mapping[PaperId, PaperMetadata], Mapping[PaperId, str]]]


@dataclass
class AbsorbOutcome:
    update: store.Update[AbsorbReport] | None
    report: AbsorbReport
    fetch_failures: list[str]

    @property
    def exit_code(self) -> int:
        """0 everything absorbed; 1 parts of the README could not be (or metadata was missing)."""
        return 1 if self.report.unmapped or self.fetch_failures else 0


def absorb(catalog_path: Path, readme_path: Path, *, dry_run: bool = False, fetch: Fetch | None = None) -> AbsorbOutcome:
    """Compare README.md with what the catalog renders and write the difference into the catalog, once."""
    readme_text = store.read_readme(readme_path)
    document = store.load(catalog_path)
    metadata: Mapping[PaperId, PaperMetadata] = {}
    failures: list[str] = []
    if fetch is not None:
        wanted = new_row_ids(document.catalog, readme_text)
        if wanted:
            metadata, failed = fetch(wanted)
            failures = [f"{reason} (the row was kept as written)" for reason in failed.values()]
    name = readme_path.name

    def transform(catalog):
        return absorb_readme(catalog, readme_text, name, metadata)

    update = store.update(catalog_path, transform, dry_run=dry_run, known=document)
    return AbsorbOutcome(update=update, report=update.result, fetch_failures=failures)
