"""`papercat show`: every field of one entry, and where it renders in the README."""

from __future__ import annotations

import typer

from .context import options

EXAMPLES = """\
Examples:

  papercat show tinystories-how-small-can-2023

  papercat show 2305.07759                        # by arXiv id (or URL, DOI, title)

  papercat show "STaR: Bootstrapping"

REF is an entry id, an arXiv id or URL, a DOI, a URL or a title (fuzzy; an ambiguous title lists the candidates).
"""


def register(app: typer.Typer) -> None:
    @app.command("show", help="Show every field of one entry and where it renders (section, anchor, row).", epilog=EXAMPLES)
    def show(
        ctx: typer.Context,
        ref: str = typer.Argument(..., metavar="REF", help="Entry id, arXiv id/URL, DOI, URL or title."),
    ) -> None:
        from ..commands.listing import show_entry
        from ..workspace import Workspace

        typer.echo(show_entry(Workspace.at(options(ctx).catalog_path), ref), nl=False)
