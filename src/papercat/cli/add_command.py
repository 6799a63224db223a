"""`papercat add`: file papers from arXiv or Crossref (or by hand) under one or more sections."""

from __future__ import annotations

from typing import Optional

import typer

from .completion import complete_section_ids
from .context import options, print_diff, print_warning, stdout_console
from .fetching import ArxivApiOption, CrossrefApiOption, fetch_with_progress

EXAMPLES = """Examples:

  papercat add 2305.07759 --section pretraining

  papercat add https://arxiv.org/abs/2307.08701 2309.12284 --section data-selection --section math

  papercat add 10.1073/pnas.2305016120 --section data-annotation --venue PNAS

  papercat add 2305.07759 --section pretraining --dry-run

  papercat add 2310.06825 --section pretraining --venue 'ICLR 2024'      # venue ICLR, year 2024

  papercat add https://arxiv.org/pdf/2306.02707v1.pdf --section fine-tuning   # stored as abs/2306.02707

  papercat add 2306.11644 --section pretraining --after 2305.07759      # just below that row

  papercat add --title "Q: How to Specialize ..." --url https://openaccess.thecvf.com/... --section vision
"""


def register(app: typer.Typer) -> None:
    @app.command("add", help="Add papers by arXiv id, DOI, ACL Anthology id or URL, with metadata fetched from arXiv or Crossref.", epilog=EXAMPLES)
    def add(
        ctx: typer.Context,
        refs: Optional[list[str]] = typer.Argument(None, metavar="ID_OR_URL...", help="arXiv ids or URLs, DOIs, ACL Anthology ids."),
        sections: list[str] = typer.Option(
            [], "--section", "-s", metavar="SECTION", help="Section id to file the paper under (repeatable).", autocompletion=complete_section_ids
        ),
        code: Optional[str] = typer.Option(None, "--code", metavar="URL", help="Link to the paper's code."),
        venue: Optional[str] = typer.Option(
            None, "--venue", metavar="TEXT", help="Venue to show instead of 'arXiv' (e.g. 'ICLR 2024': stored as venue ICLR, year 2024)."
        ),
        note: Optional[str] = typer.Option(None, "--note", metavar="TEXT", help="A note kept with the entry."),
        title: Optional[str] = typer.Option(None, "--title", metavar="TEXT", help="With --url: add a paper that is on neither arXiv nor Crossref."),
        url: Optional[str] = typer.Option(None, "--url", metavar="URL", help="With --title: the paper's link."),
        year: Optional[int] = typer.Option(None, "--year", min=1900, max=2999, help="The year to show (default: the source's year)."),
        keep_version: bool = typer.Option(
            False, "--keep-version", help="Keep the arXiv version of a pasted link (abs/2306.02707v1); default: the unversioned id."
        ),
        before: Optional[str] = typer.Option(None, "--before", metavar="REF", help="Place the paper just above this row (hand-ordered sections)."),
        after: Optional[str] = typer.Option(None, "--after", metavar="REF", help="Place the paper just below this row (hand-ordered sections)."),
        keep_going: bool = typer.Option(False, "--keep-going", help="Add the papers that worked and list the failures, instead of adding none."),
        force: bool = typer.Option(False, "--force", help="Add even when the same arXiv id, DOI or URL is already in the catalog."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the new entries and the diff; write nothing."),
        offline: bool = typer.Option(False, "--offline", help="Use cached metadata only; never touch the network."),
        arxiv_api: ArxivApiOption = None,
        crossref_api: CrossrefApiOption = None,
    ) -> None:
        from ..commands.add import AddRequest, add_papers
        from ..workspace import Workspace

        request = AddRequest(
            sections=sections, code=code, venue=venue, note=note, title=title, url=url, year=year,
            keep_version=keep_version, before=before, after=after,
            keep_going=keep_going, force=force, dry_run=dry_run, offline=offline,
            arxiv_api=arxiv_api, crossref_api=crossref_api,
        )  # fmt: skip
        outcome = add_papers(Workspace.at(options(ctx).catalog_path), list(refs or []), request, fetch=fetch_with_progress)
        for warning in outcome.warnings:
            print_warning(warning)
        console = stdout_console()
        verb = "would add" if dry_run else "added"
        for entry in outcome.added:
            console.print(f"{verb} {entry.id}: {entry.title} ({entry.url}) to {', '.join(entry.sections)}", markup=False)
            if entry.url in outcome.code_from:
                console.print(f"  code: {entry.code} (from the {outcome.code_from[entry.url]}; --code to give another)", markup=False)
        if dry_run and outcome.update is not None:
            print_diff(outcome.update.diff())
        for failure in outcome.failures:
            print_warning(f"not added: {failure}")
        if outcome.failures:
            raise typer.Exit(1)
