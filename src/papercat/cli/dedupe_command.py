"""`papercat dedupe`: report duplicate entries and conflicting links; `--merge` merges duplicates."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Optional

import typer

from ..text import plural
from .context import colour_console, options, print_diff, print_warning, stdin_is_interactive, stdout_console

if TYPE_CHECKING:  # the library is imported when the command runs, not at every start-up
    from rich.table import Table
    from rich.text import Text

    from .. import store
    from ..catalog import Entry
    from ..dedupe import DedupeReport

# papercat.dedupe.DEFAULT_THRESHOLD, repeated so --help need not import dedupe (a test keeps them equal).
THRESHOLD_DEFAULT = 92.0

EXAMPLES = """\
Evidence: the same arXiv id (any version or link form), DOI, URL or normalized title, or a close
title (rapidfuzz, --threshold). A shared id on different titles is a conflict (one link is wrong),
never a duplicate. Exit code 0: nothing found; 1: something found; 2: error.

Examples:

  papercat dedupe                       # report; exit 1 if anything is found

  papercat dedupe --format json         # for scripts and CI

  papercat dedupe --threshold 95        # stricter fuzzy title matching

  papercat dedupe --merge               # merge group by group, asking each time

  papercat dedupe --merge --yes         # merge every group in one write

  papercat dedupe --merge --dry-run     # show the merges as diffs, write nothing
"""


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command(
        "dedupe",
        help="Find duplicate entries and links shared by different papers; --merge merges duplicates.",
        epilog=EXAMPLES,
    )
    def dedupe(
        ctx: typer.Context,
        output_format: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text (tables) or json (stable, documented)."),
        threshold: float = typer.Option(THRESHOLD_DEFAULT, "--threshold", min=0, max=100, help="Minimum fuzzy title score (0-100) for a title-only match."),
        merge: bool = typer.Option(False, "--merge", help="Merge each duplicate group into its first entry, asking first."),
        yes: bool = typer.Option(False, "--yes", "-y", help="With --merge: merge every group without asking."),
        dry_run: bool = typer.Option(False, "--dry-run", help="With --merge: show the diffs, write nothing."),
    ) -> None:
        import json
        import sys

        from ..commands.dedupe import find_duplicates_in
        from ..errors import UsageError
        from ..workspace import Workspace

        catalog_path = options(ctx).catalog_path
        if (yes or dry_run) and not merge:
            raise UsageError("--yes and --dry-run only apply to --merge")
        if merge and not yes and not dry_run and not stdin_is_interactive():
            raise UsageError("--merge asks before each merge but stdin is not a terminal; pass --yes to merge every group, or --dry-run")
        findings = find_duplicates_in(Workspace.at(catalog_path), threshold)
        doc, report = findings.document, findings.report
        if not merge:
            if output_format is OutputFormat.json:
                sys.stdout.write(json.dumps(report.to_data(), indent=2, ensure_ascii=False) + "\n")
            else:
                print_report(report, doc)
            raise typer.Exit(1 if report.found_anything else 0)
        if output_format is OutputFormat.json:
            raise UsageError("--merge talks to a person; use it without --format json")
        left = run_merge(doc, report, ask=not (yes or dry_run), dry_run=dry_run)
        raise typer.Exit(1 if left else 0)


# --- reporting ---------------------------------------------------------------------------


def print_report(report: DedupeReport, doc: store.Document) -> None:
    console = stdout_console()
    rows = _Rows(doc)
    # Tables for a person at a colour terminal; into a file or a pipe (or under NO_COLOR), one
    # plain line per entry that is never wrapped, so `grep 2308.09583` finds the whole row.
    show = _entries_table if colour_console() is not None else _entries_lines
    for number, group in enumerate(report.duplicates, 1):
        evidence = ", ".join((f"{e.kind}: {e.detail}" if e.detail else e.kind) if e.score >= 100 else f"{e.kind} {e.score:.1f}" for e in group.evidence)
        console.print(show(f"Duplicate group {number} ({evidence})", group.entries, rows))
    for conflict in report.conflicts:
        wrong = f"; wrong link: {conflict.wrong}" if conflict.wrong else "; which link is wrong is unknown"
        caption = f"Conflict: {conflict.key} is shared by different papers{wrong}"
        console.print(show(caption, conflict.entries, rows, conflict.wrong))
    if report.found_anything:
        console.print(
            f"{plural(len(report.duplicates), 'duplicate group')}, {plural(len(report.conflicts), 'conflict')}; "
            "`papercat dedupe --merge` merges duplicates, conflicts need a hand fix",
            markup=False,
        )
    else:
        console.print("no duplicates or conflicts found", markup=False)


class _Rows:
    """Entries and their lines in the catalog file by id: one index, not a scan per entry (100k catalogs)."""

    def __init__(self, doc: store.Document):
        from ..identity import CatalogIndex

        self.doc = doc
        self.positions = CatalogIndex.of(doc.catalog).positions

    def entry(self, entry_id: str) -> Entry:
        return self.doc.catalog.entries[self.positions[entry_id]]

    def line(self, entry_id: str) -> Optional[int]:
        found = self.doc.locate(("entries", self.positions[entry_id]))
        return found[0] if found else None


def _entries_lines(caption: str, entry_ids: list[str], rows: _Rows, marked: Optional[str] = None) -> Text:
    """The plain-text form of `_entries_table`: the caption, then `  id (wrong)  line N  [sections]  title  url`."""
    from rich.text import Text

    lines = [caption]
    for entry_id in entry_ids:
        entry = rows.entry(entry_id)
        line = rows.line(entry_id)
        parts = [
            f"  {entry_id}{' (wrong)' if entry_id == marked else ''}",
            f"line {line}" if line else "",
            f"[{', '.join(entry.sections)}]",
            entry.title,
            entry.url or "",
        ]
        lines.append("  ".join(part for part in parts if part))
    return Text("\n".join(lines) + "\n", no_wrap=True, overflow="ignore")


def _entries_table(caption: str, entry_ids: list[str], rows: _Rows, marked: Optional[str] = None) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(caption), title_justify="left", show_lines=True)
    table.add_column("entry id", no_wrap=True, min_width=max(len(entry_id) + (8 if entry_id == marked else 0) for entry_id in entry_ids))
    table.add_column("line", no_wrap=True, justify="right")
    table.add_column("sections / title / url", overflow="fold")
    for entry_id in entry_ids:
        entry = rows.entry(entry_id)
        line = rows.line(entry_id)
        label = Text(entry_id)
        if entry_id == marked:
            label.append(" (wrong)", style="bold red")
        paper = Text(", ".join(entry.sections), style="cyan")
        paper.append("\n" + entry.title)
        if entry.url:
            paper.append("\n" + entry.url, style="dim")
        table.add_row(label, Text(str(line or "")), paper)
    return table


# --- merging ------------------------------------------------------------------------------


def run_merge(doc: store.Document, report: DedupeReport, *, ask: bool, dry_run: bool) -> int:
    """Merge the groups (asking each time when `ask`), print what happened; returns how many findings are left."""
    from ..catalog_data import entry_to_data
    from ..commands.dedupe import MergeEvent, NotMerged, Proposal, Stale, merge_duplicates

    console = stdout_console()

    def notify(event: MergeEvent) -> None:
        if isinstance(event, NotMerged):
            print_warning(f"group {event.number} not merged: {event.reason}")
            return
        if isinstance(event, Stale):  # found changed when re-checked under the lock
            if event.warning:
                print_warning(event.reason)
            elif event.already_merged:
                console.print(event.reason, markup=False)
            else:
                print_warning(event.reason)
            return
        console.print(f"Group {event.number}: merge {', '.join(event.dropped)} into '{event.merged.id}'; the merged entry:", markup=False)
        for key, value in entry_to_data(event.merged).items():
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            console.print(f"  {key}: {shown}", markup=False)

    def confirm(proposal: Proposal) -> bool:
        print_diff(proposal.diff)
        return typer.confirm(f"Merge group {proposal.number}?", default=False)

    outcome = merge_duplicates(doc, report, confirm=confirm if ask else None, notify=notify, dry_run=dry_run)
    if outcome.merged and outcome.update is not None:  # groups are merged through one store update
        if dry_run:
            print_diff(outcome.update.diff())
            console.print(f"would merge {plural(outcome.merged, 'group')} (dry run: nothing written)", markup=False)
        else:
            console.print(f"merged {plural(outcome.merged, 'group')} in {outcome.update.path.name}", markup=False)
    else:
        console.print("nothing merged", markup=False)
    if report.conflicts:
        console.print(f"{plural(len(report.conflicts), 'conflict')} left: conflicts are never merged automatically; fix the wrong link by hand", markup=False)
    return outcome.left
