"""What `add` and `refresh` share on the command line: the endpoint options and a progress display."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

# The endpoints both commands take (the tests point them at a local server).
ArxivApiOption = Annotated[
    Optional[str],
    typer.Option("--arxiv-api", metavar="URL", envvar="PAPERCAT_ARXIV_API", help="arXiv API endpoint.", show_default=False),
]
CrossrefApiOption = Annotated[
    Optional[str],
    typer.Option("--crossref-api", metavar="URL", envvar="PAPERCAT_CROSSREF_API", help="Crossref works endpoint.", show_default=False),
]

# A progress bar for one or two ids is noise; from this many on it helps.
PROGRESS_FROM = 4


def fetch_with_progress(paper_ids: list, settings):
    """Fetch metadata, showing a rich progress bar on stderr when there are more than a few ids."""
    from ..sources import fetch_metadata

    from .context import stderr_console

    # Only a person at a terminal sees a progress bar; pipes and CI logs get no stray lines.
    if len(paper_ids) < PROGRESS_FROM or not stderr_console().is_terminal:
        return fetch_metadata(paper_ids, settings)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("fetching metadata"), BarColumn(), MofNCompleteColumn(), console=stderr_console(), transient=True) as progress:
        task = progress.add_task("fetch", total=len(paper_ids))
        return fetch_metadata(paper_ids, settings, on_progress=lambda done, total: progress.update(task, completed=done))
