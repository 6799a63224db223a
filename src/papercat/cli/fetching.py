"""What `add` and `refresh` share on the command line: the endpoint options and a progress display."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from ..ids import PaperId
    from ..sources.fetch import FetchOutcome, SourceSettings

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


def fetch_with_progress(paper_ids: list[PaperId], settings: SourceSettings) -> FetchOutcome:
    """Fetch metadata, telling a person what happens: one line per retry (the wait is otherwise silent),
    and at a terminal, for more than a few ids, a live spinner with the elapsed time over a bar that
    advances per answered batch."""
    from dataclasses import replace

    from ..sources import fetch_metadata
    from .context import message_line, print_warning, stderr_console

    # Only a person at a terminal sees a live display; pipes and CI logs get the retry lines only.
    console = stderr_console()
    if len(paper_ids) < PROGRESS_FROM or not console.is_terminal:
        return fetch_metadata(paper_ids, replace(settings, on_retry=print_warning))
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("fetching metadata"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("fetch", total=len(paper_ids))

        def on_retry(message: str) -> None:
            progress.console.print(message_line("warning", message), markup=False, highlight=False)  # above the live bar, as print_warning writes it

        return fetch_metadata(paper_ids, replace(settings, on_retry=on_retry), on_progress=lambda done, total: progress.update(task, completed=done))
