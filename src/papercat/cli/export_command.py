"""`papercat export`: the catalog's entries as BibTeX, CSV or JSON, on stdout or into a file."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .context import options, print_warning

EXAMPLES = """\
Examples:

  papercat export --format bibtex -o papers.bib

  papercat export --format csv --section pretraining

  papercat export --format json > papers.json

  papercat export --format bibtex --fetch -o papers.bib    # fetch authors the catalog lacks

Exit codes: 0 exported; 2 error (unknown section, unreadable catalog, a failed fetch).
"""


class ExportFormat(str, Enum):
    bibtex = "bibtex"
    csv = "csv"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("export", help="Export the entries as BibTeX, CSV or JSON (stdout by default).", epilog=EXAMPLES)
    def export(
        ctx: typer.Context,
        output_format: ExportFormat = typer.Option(ExportFormat.bibtex, "--format", help="bibtex, csv (one row per entry) or json."),
        section: Optional[str] = typer.Option(None, "--section", metavar="SECTION", help="Only entries in this section (or below it)."),
        output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to this file (atomically) instead of stdout."),
        fetch: bool = typer.Option(False, "--fetch", help="Fetch the authors of entries that have none (arXiv, Crossref); the catalog is not changed."),
        offline: bool = typer.Option(False, "--offline", help="With --fetch: use the cache only."),
    ) -> None:
        from .. import files
        from ..commands.export import ExportRequest, export_entries
        from ..workspace import Workspace
        from .fetching import fetch_with_progress

        request = ExportRequest(format=output_format.value, section=section, fetch=fetch, offline=offline)
        outcome = export_entries(Workspace.at(options(ctx).catalog_path), request, fetch=fetch_with_progress)
        for failure in outcome.fetch_failures:
            print_warning(failure)
        if outcome.without_authors and output_format is ExportFormat.bibtex:
            count = len(outcome.without_authors)
            hint = "" if fetch else "; --fetch fetches them"
            print_warning(f"{count} entr{'ies' if count != 1 else 'y'} exported without authors (the catalog and the cache have none){hint}")
        if output is not None:
            files.write_atomic(output, outcome.text, streams=True)
            sys.stderr.write(f"wrote {outcome.count} entr{'ies' if outcome.count != 1 else 'y'} to {output}\n")
            return
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(outcome.text)
        else:
            buffer.write(outcome.text.encode("utf-8"))
            buffer.flush()
