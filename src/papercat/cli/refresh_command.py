"""`papercat refresh`: re-fetch entries' metadata and report (or apply) drift from the source."""

from __future__ import annotations

from typing import Optional

import typer

from ..text import plural
from .context import options, print_diff, print_error, print_warning, stdout_console
from .fetching import ArxivApiOption, CrossrefApiOption, fetch_with_progress

EXAMPLES = """Examples:

  papercat refresh --all

  papercat refresh metamath-bootstrap-your-own-2023 2403.04706

  papercat refresh --all --apply

  papercat refresh --all --offline

  papercat refresh --venues

  papercat refresh --venues --apply

  papercat refresh --all --apply --keep-going   # apply what was checked even if a source failed

One unreachable source does not stop the others: every entry that could be checked is
reported, and the ones that could not are listed with the reason.

Exit codes: 0 no drift (or all of it applied), 1 drift found and left in place, 2 error, or some
entries could not be checked (--apply then writes nothing unless --keep-going).
"""


def register(app: typer.Typer) -> None:
    @app.command("refresh", help="Re-fetch metadata and report where titles or years drifted from arXiv or Crossref.", epilog=EXAMPLES)
    def refresh(
        ctx: typer.Context,
        refs: Optional[list[str]] = typer.Argument(None, metavar="REF...", help="Entry ids, arXiv ids, DOIs, URLs or titles."),
        all_entries: bool = typer.Option(False, "--all", help="Every entry with an arXiv id or DOI."),
        apply: bool = typer.Option(False, "--apply", help="Update drifted titles and years (never sections or notes) and show the diff."),
        keep_going: bool = typer.Option(False, "--keep-going", help="With --apply: apply the drift that was checked even when some entries' sources failed."),
        offline: bool = typer.Option(False, "--offline", help="Compare against cached metadata only; never touch the network."),
        arxiv_api: ArxivApiOption = None,
        crossref_api: CrossrefApiOption = None,
        venues: bool = typer.Option(
            False,
            "--venues",
            help="Find where preprints were published (Semantic Scholar, DBLP, OpenAlex); without REF or --all, entries whose venue is arXiv or empty.",
        ),
        force: bool = typer.Option(False, "--force", help="With --venues --apply: also replace venues written by hand."),
        dry_run: bool = typer.Option(False, "--dry-run", help="With --venues --apply: print the diff, write nothing."),
    ) -> None:
        if venues:
            from .refresh_venues_report import run_venue_refresh

            run_venue_refresh(options(ctx).catalog_path, list(refs or []), all_entries=all_entries, apply=apply, force=force, offline=offline, dry_run=dry_run)
            return
        if force or dry_run:
            from ..errors import UsageError

            raise UsageError("--force and --dry-run go with --venues")
        from ..commands.refresh import RefreshRequest, refresh_entries
        from ..workspace import Workspace

        request = RefreshRequest(all_entries=all_entries, apply=apply, keep_going=keep_going, offline=offline, arxiv_api=arxiv_api, crossref_api=crossref_api)
        outcome = refresh_entries(Workspace.at(options(ctx).catalog_path), list(refs or []), request, fetch=fetch_with_progress)
        for warning in outcome.warnings:
            print_warning(warning)
        console = stdout_console()
        for located in outcome.drifts:
            console.print(f"{located.where}: {located.drift.entry_id}: {located.drift.message}", markup=False)
        drifts, checked, skipped = len(outcome.drifts), outcome.checked, outcome.skipped
        summary = f"{plural(drifts, 'drift')} in {plural(checked, 'entry', 'entries')} checked"
        if skipped and all_entries:
            summary += f"; {skipped} without an arXiv id or DOI skipped"
        for failure in outcome.failed:
            print_warning(f"{failure}; not checked")
        if outcome.failed:
            summary += f"; {len(outcome.failed)} could not be checked (listed above)"
        if outcome.update is not None:
            print_diff(outcome.update.diff())
            summary += f"; {len(outcome.applied)} applied"
        console.print(summary, markup=False)
        if outcome.held_back:
            print_error(
                f"{len(outcome.failed)} entr{'ies' if len(outcome.failed) != 1 else 'y'} could not be checked, so nothing was applied; "
                "`--apply --keep-going` applies the drift that was checked"
            )
        raise typer.Exit(outcome.exit_code)
