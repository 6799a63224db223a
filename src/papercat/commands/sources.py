"""What `add` and `refresh` share: source settings for a workspace, and the fetch service's type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional

from ..catalog import Catalog
from ..ids import PaperId
from ..workspace import Workspace

if TYPE_CHECKING:
    from ..sources.fetch import FetchOutcome, SourceSettings

# Fetches metadata for the ids; the CLI passes one that shows a progress display.
Fetch = Callable[[list[PaperId], "SourceSettings"], "FetchOutcome"]


def fetch_quietly(paper_ids: list[PaperId], settings: SourceSettings) -> FetchOutcome:
    """The default fetch service: no progress display."""
    from ..sources.fetch import fetch_metadata

    return fetch_metadata(paper_ids, settings)


def source_settings(
    workspace: Workspace,
    catalog: Optional[Catalog],
    *,
    offline: bool,
    arxiv_api: Optional[str] = None,
    crossref_api: Optional[str] = None,
    use_cache: bool = True,
) -> SourceSettings:
    """Where metadata comes from for this workspace: its cache folder, the endpoints, online or not."""
    from ..sources.arxiv import arxiv_api_url
    from ..sources.crossref import crossref_api_url
    from ..sources.fetch import SourceSettings

    return SourceSettings(
        cache_dir=workspace.cache_dir(catalog),
        arxiv_api=arxiv_api_url(arxiv_api),
        crossref_api=crossref_api_url(crossref_api),
        offline=offline,
        use_cache=use_cache,
    )
