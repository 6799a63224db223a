"""`papercat import`: turn an existing awesome-list README into a new catalog file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .context import options

EXAMPLES = """\
Examples:

  papercat import README.md                      # writes ./catalog.yaml (or --catalog PATH)

  papercat import README.md -o catalog.yaml

  papercat import README.md -o catalog.yaml --force   # replace an existing catalog

  papercat import README.md --layout papercat    # render in papercat's layout, not the list's

Import keeps the list's own layout by default: `papercat render --check README.md` right
after it passes, or names the lines that still differ (docs/adopt.md).

Import is faithful: rows are kept as written, typos, odd links and duplicates included.
What it cannot read (an empty row, a row without a link) is reported as README.md:LINE
on stderr and does not change the exit code.

Exit codes: 0 written; 1 the output exists (pass --force); 2 the README cannot be read.
"""


def register(app: typer.Typer) -> None:
    @app.command("import", help="Create a catalog from an existing README (headings, tables, link lists).", epilog=EXAMPLES)
    def import_command(
        ctx: typer.Context,
        readme: Path = typer.Argument(..., metavar="README", help="The markdown list to import, e.g. README.md."),
        output: Optional[Path] = typer.Option(
            None, "--output", "-o", metavar="CATALOG", help="Where to write the catalog (default: the global --catalog path)."
        ),
        force: bool = typer.Option(False, "--force", help="Replace the output file if it already exists."),
        layout: str = typer.Option(
            "source",
            "--layout",
            metavar="LAYOUT",
            help="source: keep the list's own layout (columns, padding, headings, TOC) so render gives it back as it was; papercat: render in papercat's layout.",
        ),
    ) -> None:
        from ..commands.import_readme import import_readme_file
        from ..errors import UsageError

        if layout not in ("source", "papercat"):
            raise UsageError(f"--layout must be 'source' or 'papercat', not '{layout}'")
        target = output if output is not None else options(ctx).catalog_path
        result = import_readme_file(readme, target, force=force, keep_layout=layout == "source")

        for problem in result.problems:
            sys.stderr.write(f"{readme}:{problem.line}: {problem.message}\n")
        sys.stderr.flush()
        catalog = result.catalog
        sections = sum(1 for _ in catalog.iter_sections())
        summary = f"Imported {len(catalog.entries)} entries in {sections} sections ({len(catalog.sections)} top-level) from {readme} into {target}"
        if result.problems:
            summary += f"; {len(result.problems)} problem(s) reported above"
        typer.echo(summary)
        catalog_option = "" if target == Path("catalog.yaml") else f" --catalog {target}"
        if not sections:
            # An empty list (a README with no headings yet) is a fine start: say what comes next.
            typer.echo(
                f'Next: create a section with `papercat{catalog_option} section add "TITLE"`, then add papers to it with `papercat{catalog_option} add ARXIV_ID --section ID`'
            )
