"""`papercat move`: file an entry under another section, or one more (--copy), or out of one (--from)."""

from __future__ import annotations

from typing import Optional

import typer

from .. import store
from ..catalog import Catalog
from ..edits import move_entry
from ..refs import resolve_entry
from .context import options, print_diff

EXAMPLES = """\
Examples:

  papercat move tinystories-how-small-can-2023 --to pretraining

  papercat move 2203.14465 --to fine-tuning --copy           # also list it under fine-tuning

  papercat move "STaR: Bootstrapping" --from data-synthesis --to fine-tuning

  papercat move 2203.14465 --from data-synthesis            # take it out of one of its sections

  papercat move 2305.07759 --to pretraining --dry-run        # show the diff, write nothing

REF is an entry id, an arXiv id or URL, a DOI, a URL or a title (fuzzy; an ambiguous title lists the candidates).
"""


def register(app: typer.Typer) -> None:
    @app.command("move", help="Move an entry to another section, copy it into one more, or take it out of one.", epilog=EXAMPLES)
    def move(
        ctx: typer.Context,
        ref: str = typer.Argument(..., metavar="REF", help="Entry id, arXiv id/URL, DOI, URL or title."),
        to_section: Optional[str] = typer.Option(None, "--to", metavar="SECTION", help="The section to file the entry under."),
        from_section: Optional[str] = typer.Option(
            None, "--from", metavar="SECTION", help="The section to take it out of (needed when it sits in several)."
        ),
        copy: bool = typer.Option(False, "--copy", help="Keep the entry where it is and add --to as one more section."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the diff; write nothing."),
    ) -> None:
        def transform(catalog: Catalog):
            entry = resolve_entry(catalog, ref)
            return move_entry(catalog, entry.id, to_section, from_section=from_section, copy_only=copy)

        update = store.update(options(ctx).catalog_path, transform, dry_run=dry_run)
        if dry_run:
            print_diff(update.diff())
            typer.echo(f"{update.result} (dry run: nothing written)")
        else:
            typer.echo(update.result)
