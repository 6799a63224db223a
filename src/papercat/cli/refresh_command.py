"""`papercat refresh`: re-fetch entries' metadata and report (or apply) drift from the source."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .context import options, print_diff, print_warning, stdout_console
from .fetching import ArxivApiOption, CrossrefApiOption, fetch_with_progress, source_settings

EXAMPLES = """Examples:

  papercat refresh --all

  papercat refresh metamath-bootstrap-your-own-2023 2403.04706

  papercat refresh --all --apply

  papercat refresh --all --offline

  papercat refresh --venues

  papercat refresh --venues --apply

Exit codes: 0 no drift (or all of it applied), 1 drift found and left in place, 2 error.
"""


def register(app: typer.Typer) -> None:
    @app.command("refresh", help="Re-fetch metadata and report where titles or years drifted from arXiv or Crossref.", epilog=EXAMPLES)
    def refresh(
        ctx: typer.Context,
        refs: Optional[list[str]] = typer.Argument(None, metavar="REF...", help="Entry ids, arXiv ids, DOIs, URLs or titles."),
        all_entries: bool = typer.Option(False, "--all", help="Every entry with an arXiv id or DOI."),
        apply: bool = typer.Option(False, "--apply", help="Update drifted titles and years (never sections or notes) and show the diff."),
        offline: bool = typer.Option(False, "--offline", help="Compare against cached metadata only; never touch the network."),
        arxiv_api: ArxivApiOption = None,
        crossref_api: CrossrefApiOption = None,
        venues: bool = typer.Option(
            False, "--venues", help="Find where preprints were published (Semantic Scholar, DBLP, OpenAlex); without REF or --all, entries whose venue is arXiv or empty."
        ),
        force: bool = typer.Option(False, "--force", help="With --venues --apply: also replace venues written by hand."),
        dry_run: bool = typer.Option(False, "--dry-run", help="With --venues --apply: print the diff, write nothing."),
    ) -> None:
        from .. import adding, store
        from ..errors import UsageError
        from ..refs import resolve_entry

        catalog_path: Path = options(ctx).catalog_path
        refs = list(refs or [])
        if venues:
            from .refresh_venues_report import run_venue_refresh

            run_venue_refresh(catalog_path, refs, all_entries=all_entries, apply=apply, force=force, offline=offline, dry_run=dry_run)
            return
        if force or dry_run:
            raise UsageError("--force and --dry-run go with --venues")
        if all_entries == bool(refs):
            raise UsageError("give the entries to refresh (ids, arXiv ids, DOIs or titles) or --all, not both and not neither")
        document = store.load(catalog_path)
        catalog = document.catalog
        entries = catalog.entries if all_entries else list({id(e): e for e in (resolve_entry(catalog, ref) for ref in refs)}.values())

        def where(entry_id: str) -> str:
            line = document.entry_line(entry_id)
            return f"{catalog_path}:{line}" if line else str(catalog_path)

        targets = []
        for entry in entries:
            key = adding.refresh_key(entry)
            if key is None:
                if not all_entries:
                    print_warning(f"{where(entry.id)}: {entry.id}: skipped: it has no arXiv id or DOI to refresh from")
                continue
            targets.append((entry, key))
        skipped = len(entries) - len(targets)
        # Refresh means "ask the source again": the cache is only the answer with --offline.
        settings = source_settings(catalog_path, offline=offline, arxiv_api=arxiv_api, crossref_api=crossref_api, use_cache=False)
        outcome = fetch_with_progress(list(dict.fromkeys(key for _, key in targets)), settings)

        drifts = []
        for entry, key in targets:
            if key not in outcome.found:
                print_warning(f"{where(entry.id)}: {entry.id}: {outcome.failures[key]}")
                continue
            drifts.extend(adding.find_drift(entry, key, outcome.found[key]))

        console = stdout_console()
        for drift in drifts:
            console.print(f"{where(drift.entry_id)}: {drift.entry_id}: {drift.message}", markup=False)
        checked = len(targets)
        summary = f"{len(drifts)} drift{'s' if len(drifts) != 1 else ''} in {checked} entr{'ies' if checked != 1 else 'y'} checked"
        if skipped and all_entries:
            summary += f"; {skipped} without an arXiv id or DOI skipped"

        applied = []
        if apply and any(d.applicable for d in drifts):
            update = store.update(catalog_path, lambda current: adding.apply_drift(current, drifts), known=document)
            applied = update.result
            print_diff(update.diff())
            summary += f"; {len(applied)} applied"
        console.print(summary, markup=False)
        if len(applied) < len(drifts):
            raise typer.Exit(1)
