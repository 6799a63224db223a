"""`papercat add`: file papers from arXiv or Crossref (or by hand) under one or more sections."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .context import options, print_diff, print_warning, stdout_console
from .fetching import ArxivApiOption, CrossrefApiOption, fetch_with_progress, source_settings

EXAMPLES = """Examples:

  papercat add 2305.07759 --section pretraining

  papercat add https://arxiv.org/abs/2307.08701 2309.12284 --section data-selection --section math

  papercat add 10.1073/pnas.2305016120 --section data-annotation --venue PNAS

  papercat add 2305.07759 --section pretraining --dry-run

  papercat add --title "Q: How to Specialize ..." --url https://openaccess.thecvf.com/... --section vision
"""


def register(app: typer.Typer) -> None:
    @app.command("add", help="Add papers by arXiv id, DOI, ACL Anthology id or URL, with metadata fetched from arXiv or Crossref.", epilog=EXAMPLES)
    def add(
        ctx: typer.Context,
        refs: Optional[list[str]] = typer.Argument(None, metavar="ID_OR_URL...", help="arXiv ids or URLs, DOIs, ACL Anthology ids."),
        sections: list[str] = typer.Option([], "--section", "-s", metavar="SECTION", help="Section id to file the paper under (repeatable)."),
        code: Optional[str] = typer.Option(None, "--code", metavar="URL", help="Link to the paper's code."),
        venue: Optional[str] = typer.Option(None, "--venue", metavar="TEXT", help="Venue to show instead of 'arXiv' (e.g. 'ICLR 2024')."),
        note: Optional[str] = typer.Option(None, "--note", metavar="TEXT", help="A note kept with the entry."),
        title: Optional[str] = typer.Option(None, "--title", metavar="TEXT", help="With --url: add a paper that is on neither arXiv nor Crossref."),
        url: Optional[str] = typer.Option(None, "--url", metavar="URL", help="With --title: the paper's link."),
        year: Optional[int] = typer.Option(None, "--year", min=1900, max=2999, help="With --title/--url: the paper's year."),
        keep_going: bool = typer.Option(False, "--keep-going", help="Add the papers that worked and list the failures, instead of adding none."),
        force: bool = typer.Option(False, "--force", help="Add even when the same arXiv id, DOI or URL is already in the catalog."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the new entries and the diff; write nothing."),
        offline: bool = typer.Option(False, "--offline", help="Use cached metadata only; never touch the network."),
        arxiv_api: ArxivApiOption = None,
        crossref_api: CrossrefApiOption = None,
    ) -> None:
        from .. import adding, store
        from ..errors import SourceError, UsageError
        from ..ids import parse_paper_id

        catalog_path: Path = options(ctx).catalog_path
        refs = list(refs or [])
        by_hand = title is not None or url is not None
        if by_hand and refs:
            raise UsageError("give either ids to fetch or --title and --url for a paper added by hand, not both")
        if not by_hand and not refs:
            raise UsageError("nothing to add: give an arXiv id, DOI or URL (or --title and --url)")
        paper_ids = list(dict.fromkeys(parse_paper_id(ref) for ref in refs))

        document = store.load(catalog_path)
        adding.check_sections(document.catalog, sections)
        adding.require_web_links(url=url, code=code)
        add_options = adding.AddOptions(sections=sections, code=code, venue=venue, note=note)

        def where(entry_id: str) -> str:
            line = document.entry_line(entry_id)
            return f"{catalog_path}:{line}" if line else ""

        candidates = []
        failures: list[str] = []
        if by_hand:
            candidates.append(adding.manual_entry(title or "", url or "", add_options, year))
        else:
            # Refuse duplicates before going to the network: no request for a paper we already have.
            early = adding.refusals_before_fetch(document.catalog, paper_ids, sections, force=force, locate=where)
            adding.refuse_if_any(list(early.values()), keep_going)
            failures.extend(early.values())
            wanted = [p for p in paper_ids if p not in early]
            settings = source_settings(catalog_path, offline=offline, arxiv_api=arxiv_api, crossref_api=crossref_api)
            outcome = fetch_with_progress(wanted, settings)
            fetch_failures = []
            for paper_id in wanted:
                if paper_id in outcome.found:
                    candidates.append(adding.entry_from_metadata(paper_id, outcome.found[paper_id], add_options))
                else:
                    fetch_failures.append(outcome.failures[paper_id])
            if fetch_failures and not keep_going:
                more = f" (and {len(fetch_failures) - 1} more)" if len(fetch_failures) > 1 else ""
                raise SourceError(f"{fetch_failures[0]}{more}; nothing was added (--keep-going adds the others)")
            failures.extend(fetch_failures)

        def transform(catalog):
            new_catalog, report = adding.plan_additions(catalog, candidates, force=force, locate=where)
            adding.refuse_if_any(report.refused, keep_going)
            return new_catalog, report

        update = store.update(catalog_path, transform, dry_run=dry_run, known=document) if candidates else None
        report = update.result if update else adding.AddReport()
        for warning in report.warnings:
            print_warning(warning)
        failures.extend(report.refused)
        console = stdout_console()
        verb = "would add" if dry_run else "added"
        for entry in report.added:
            console.print(f"{verb} {entry.id}: {entry.title} ({entry.url}) to {', '.join(entry.sections)}", markup=False)
        if dry_run and update is not None:
            print_diff(update.diff())
        for failure in failures:
            print_warning(f"not added: {failure}")
        if failures:
            raise typer.Exit(1)
