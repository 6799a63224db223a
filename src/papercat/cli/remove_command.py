"""`papercat remove`: drop an entry (from every section), after confirmation unless --yes."""

from __future__ import annotations

import typer

from .completion import complete_entry_ids
from .context import options, report_update, stdin_is_interactive

EXAMPLES = """\
Examples:

  papercat remove tinystories-how-small-can-2023

  papercat remove 2307.08701 --yes          # no question asked (scripts, CI)

  papercat remove "Magicoder: Source code is all you need" --dry-run

REF is an entry id, an arXiv id or URL, a DOI, a URL or a title (fuzzy; an ambiguous title lists the candidates).
To take an entry out of one of several sections instead, use `papercat move REF --from SECTION`.
"""


def register(app: typer.Typer) -> None:
    @app.command("remove", help="Remove an entry from the catalog (from every section it is in).", epilog=EXAMPLES)
    def remove(
        ctx: typer.Context,
        ref: str = typer.Argument(..., metavar="REF", help="Entry id, arXiv id/URL, DOI, URL or title.", autocompletion=complete_entry_ids),
        yes: bool = typer.Option(False, "--yes", "-y", help="Remove without asking."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the diff; write nothing."),
    ) -> None:
        from ..catalog import Entry
        from ..commands.remove import remove_paper
        from ..errors import UsageError
        from ..workspace import Workspace

        def confirm(entry: Entry) -> bool:
            if yes:
                return True
            if not stdin_is_interactive():
                raise UsageError(f"remove asks for confirmation but stdin is not a terminal; pass --yes to remove '{entry.id}'")
            sections = ", ".join(entry.sections) or "no section"
            return typer.confirm(f"Remove '{entry.id}' ({entry.title}) from {sections}?", default=False)

        report_update(remove_paper(Workspace.at(options(ctx).catalog_path), ref, confirm=confirm, dry_run=dry_run), dry_run)
