"""`papercat list`: the catalog's entries, filtered, as a table, JSON or CSV."""

from __future__ import annotations

from typing import Optional

import typer

from .context import options

EXAMPLES = """\
Examples:

  papercat list                                   # every entry, in catalog order

  papercat list --section fine-tuning             # a section and its subsections, in README order

  papercat list --year 2023 --venue ICLR

  papercat list --year 2022- distillation         # from 2022 on, with 'distillation' in the title, authors or note

  papercat list --section math --format json | jq '.[].url'

QUERY words must all appear (any case) in the title, id, authors, note or links.
"""


def register(app: typer.Typer) -> None:
    @app.command("list", help="List entries, filtered by section, year, venue or words (table, json or csv).", epilog=EXAMPLES)
    def list_(
        ctx: typer.Context,
        query: Optional[list[str]] = typer.Argument(None, metavar="[QUERY]...", help="Words that must all appear."),
        section: Optional[str] = typer.Option(None, "--section", "-s", metavar="SECTION", help="Section id or title (subsections included)."),
        year: Optional[str] = typer.Option(None, "--year", metavar="YEAR", help="A year or a range: 2023, 2021-2023, 2022-, -2020."),
        venue: Optional[str] = typer.Option(None, "--venue", metavar="TEXT", help="Venues containing this text (any case)."),
        output_format: str = typer.Option("table", "--format", metavar="table|json|csv", help="Output format."),
    ) -> None:
        from ..commands.listing import list_entries
        from ..workspace import Workspace

        text = list_entries(
            Workspace.at(options(ctx).catalog_path), section=section, year=year, venue=venue,
            query=" ".join(query or []) or None, output_format=output_format,
        )  # fmt: skip
        typer.echo(text, nl=False)
