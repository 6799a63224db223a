"""`papercat refresh --venues`: runs papercat.commands.refresh_venues and prints its outcome."""

from __future__ import annotations

from pathlib import Path

import typer

from .context import print_diff, print_warning, stdout_console


def run_venue_refresh(catalog_path: Path, refs: list[str], *, all_entries: bool, apply: bool, force: bool, offline: bool, dry_run: bool) -> None:
    """Exit 0 when nothing is left to change, 1 when findings were left in place, 2 when a source failed."""
    from ..commands.refresh_venues import VenueRefreshRequest, refresh_venues
    from ..workspace import Workspace

    request = VenueRefreshRequest(all_entries=all_entries, apply=apply, force=force, dry_run=dry_run, offline=offline)
    outcome = refresh_venues(Workspace.at(catalog_path), refs, request)

    def where(entry_id: str) -> str:
        line = outcome.lines.get(entry_id)
        return f"{catalog_path}:{line}" if line else str(catalog_path)

    console = stdout_console()
    for message in outcome.failures.values():
        print_warning(f"{message} (its answers are missing from this run)")
    for message in outcome.skipped.values():
        print_warning(message)
    for entry_id in outcome.not_cached:
        print_warning(f"{where(entry_id)}: {entry_id}: no cached venue answers; run without --offline to ask")
    for finding in outcome.findings:
        hand = " (venue written by hand: --force to replace it)" if finding.hand_written and finding.applicable and not force else ""
        console.print(f"{where(finding.entry_id)}: {finding.entry_id}: {finding.headline()}{hand}", markup=False)
        if finding.applicable:
            for evidence in finding.evidence:
                console.print(f"    {evidence.describe()}", markup=False)
            if finding.doi:
                console.print(f"    DOI {finding.doi}", markup=False)
    if outcome.diff:
        print_diff(outcome.diff)
    changes, ambiguous = len(outcome.changes), len(outcome.ambiguous)
    summary = (
        f"{changes} venue change{'s' if changes != 1 else ''}, {ambiguous} ambiguous, in {outcome.checked} entr{'ies' if outcome.checked != 1 else 'y'} checked"
    )
    if outcome.already_published:
        summary += f"; {outcome.already_published} with a venue already not asked (--all to ask)"
    if outcome.without_ids:
        summary += f"; {outcome.without_ids} without an arXiv id, DOI or ACL id skipped"
    sent = sum(outcome.requests_sent.values())
    summary += f"; {sent} request{'s' if sent != 1 else ''} sent"
    if apply:
        summary += f"; {len(outcome.applied)} applied" + (" (dry run: nothing written)" if dry_run else "")
    console.print(summary, markup=False)
    if outcome.failures:
        raise typer.Exit(2)
    if len(outcome.applied) < len(outcome.findings) or (dry_run and outcome.applied):
        raise typer.Exit(1)
