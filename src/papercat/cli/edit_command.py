"""`papercat edit`: correct fields of one entry in place (a wrong link, a typo, a venue)."""

from __future__ import annotations

from typing import Optional

import typer

from .completion import complete_entry_ids
from .context import options, report_update

EXAMPLES = """\
Examples:

  papercat edit diversify-your-vision-datasets-2023 --url https://arxiv.org/abs/2305.16289

  papercat edit 2309.12284 --title "MetaMath: Bootstrap Your Own Mathematical Questions for Large Language Models"

  papercat edit "Code alpaca" --venue GitHub --year 2023 --dry-run

  papercat edit star-bootstrapping-reasoning-with-2022 --note ""      # "" clears a field

REF is an entry id, an arXiv id or URL, a DOI, a URL or a title (fuzzy). The row keeps its place;
a replaced URL is kept under `aliases`, and an arXiv id or DOI in the new URL updates `arxiv`/`doi`.
Sections are changed with `papercat move`; fetched metadata with `papercat refresh --apply`.
"""


def register(app: typer.Typer) -> None:
    @app.command("edit", help="Correct fields of one entry in place: title, url, venue, year, code, note...", epilog=EXAMPLES)
    def edit(
        ctx: typer.Context,
        ref: str = typer.Argument(..., metavar="REF", help="Entry id, arXiv id/URL, DOI, URL or title.", autocompletion=complete_entry_ids),
        title: Optional[str] = typer.Option(None, "--title", help="The title as the list should show it."),
        url: Optional[str] = typer.Option(None, "--url", help="The paper's link (the old one is kept under aliases)."),
        venue: Optional[str] = typer.Option(None, "--venue", help="Venue, e.g. EMNLP; with a year (EMNLP 2023) it sets the year too."),
        year: Optional[str] = typer.Option(None, "--year", help="Four-digit year."),
        code: Optional[str] = typer.Option(None, "--code", help="Code or project link."),
        download: Optional[str] = typer.Option(None, "--download", help="Datasets: the download link."),
        doi: Optional[str] = typer.Option(None, "--doi", help="DOI, e.g. 10.1073/pnas.2305016120."),
        note: Optional[str] = typer.Option(None, "--note", help="Free text for curators."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the diff; write nothing."),
    ) -> None:
        from ..commands.edit import edit_paper
        from ..workspace import Workspace

        given = {"title": title, "url": url, "venue": venue, "year": year, "code": code, "download": download, "doi": doi, "note": note}
        changes = {key: value for key, value in given.items() if value is not None}
        report_update(edit_paper(Workspace.at(options(ctx).catalog_path), ref, changes, dry_run=dry_run), dry_run)
