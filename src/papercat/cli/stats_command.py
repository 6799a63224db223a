"""`papercat stats`: entries per section, year and venue, the arXiv-only share, entries without code."""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import TYPE_CHECKING

import typer

from .context import options, stdout_console

if TYPE_CHECKING:
    from ..stats import CatalogStats

EXAMPLES = """\
Examples:

  papercat stats

  papercat stats --format json

A README block with the same figures and a papers-per-year chart: `settings.stats: true` in the
catalog, then `papercat render -o README.md` (docs/commands/stats.md).
"""

BAR_WIDTH = 30


class StatsFormat(str, Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("stats", help="Show the list's shape: entries per section, year and venue, arXiv-only share, entries without code.", epilog=EXAMPLES)
    def stats(
        ctx: typer.Context,
        output_format: StatsFormat = typer.Option(StatsFormat.text, "--format", help="text (tables with bars) or json (stable, documented)."),
    ) -> None:
        from ..commands.stats import catalog_statistics
        from ..workspace import Workspace

        figures = catalog_statistics(Workspace.at(options(ctx).catalog_path))
        if output_format is StatsFormat.json:
            sys.stdout.write(json.dumps(figures.to_data(), indent=2, ensure_ascii=False) + "\n")
            return
        print_tables(figures)


def bar(count: int, highest: int) -> str:
    """A bar of block characters, BAR_WIDTH at the highest count; a count above 0 shows at least one."""
    if highest <= 0 or count <= 0:
        return ""
    return "█" * max(1, round(BAR_WIDTH * count / highest))


def print_tables(figures: CatalogStats) -> None:
    from rich.table import Table

    console = stdout_console()

    def table(title: str, first: str, rows: list[tuple[str, int]]) -> None:
        grid = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
        grid.add_column(first)
        grid.add_column("entries", justify="right")
        grid.add_column("", style="blue", no_wrap=True)
        highest = max((count for _, count in rows), default=0)
        for label, count in rows:
            grid.add_row(label, str(count), bar(count, highest))
        console.print(grid)
        console.print()

    table("Entries per section", "section", [("  " * s.depth + s.title, s.entries) for s in figures.sections])
    table("Entries per year", "year", figures.years)
    table("Entries per venue", "venue", figures.venues)
    console.print(
        f"{figures.total} entries; {figures.arxiv_only} on arXiv only ({figures.arxiv_only_share:.0%}); {figures.without_code} without a code link",
        markup=False,
    )
