"""`papercat remove`: drop an entry (from every section), after confirmation unless --yes."""

from __future__ import annotations

import sys

import typer

from .. import store
from ..catalog import Catalog
from ..edits import remove_entry
from ..errors import RefusedError, UsageError
from ..refs import resolve_entry
from .context import options, print_diff

EXAMPLES = """\
Examples:

  papercat remove tinystories-how-small-can-2023

  papercat remove 2307.08701 --yes          # no question asked (scripts, CI)

  papercat remove "Magicoder: Source code is all you need" --dry-run

REF is an entry id, an arXiv id or URL, a DOI, a URL or a title (fuzzy; an ambiguous title lists the candidates).
To take an entry out of one of several sections instead, use `papercat move REF --from SECTION`.
"""


def stdin_is_interactive() -> bool:
    """Can we ask a question? (tests replace this to answer through CliRunner's input)"""
    return sys.stdin is not None and sys.stdin.isatty()


def register(app: typer.Typer) -> None:
    @app.command("remove", help="Remove an entry from the catalog (from every section it is in).", epilog=EXAMPLES)
    def remove(
        ctx: typer.Context,
        ref: str = typer.Argument(..., metavar="REF", help="Entry id, arXiv id/URL, DOI, URL or title."),
        yes: bool = typer.Option(False, "--yes", "-y", help="Remove without asking."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the diff; write nothing."),
    ) -> None:
        catalog_path = options(ctx).catalog_path
        entry = resolve_entry(store.load(catalog_path).catalog, ref)
        if not (yes or dry_run):
            if not stdin_is_interactive():
                raise UsageError(f"remove asks for confirmation but stdin is not a terminal; pass --yes to remove '{entry.id}'")
            sections = ", ".join(entry.sections) or "no section"
            if not typer.confirm(f"Remove '{entry.id}' ({entry.title}) from {sections}?", default=False):
                raise RefusedError(f"'{entry.id}' was not removed")

        def transform(catalog: Catalog):
            return remove_entry(catalog, entry.id)

        update = store.update(catalog_path, transform, dry_run=dry_run)
        if dry_run:
            print_diff(update.diff())
            typer.echo(f"{update.result} (dry run: nothing written)")
        else:
            typer.echo(update.result)
