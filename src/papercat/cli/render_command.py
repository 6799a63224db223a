"""`papercat render`: write README.md from the catalog, or check that it is up to date."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..errors import UsageError
from .context import options, print_diff

EXAMPLES = """\
Examples:

  papercat render > README.md                  # the whole README on stdout

  papercat render -o README.md                 # write it atomically (refused if README.md has rows
                                               # the catalog lacks: `papercat absorb README.md` first)

  papercat render --check README.md            # exit 1 and print a diff when README.md is stale

  papercat --catalog lists/catalog.yaml render -o lists/README.md

Exit codes: 0 written or up to date; 1 --check found a difference, or -o would drop rows;
2 the catalog or the checked file could not be read.
"""


def _write_stdout(text: str) -> None:
    """The exact bytes (UTF-8), whatever the terminal's locale, so `> README.md` is faithful; on
    a terminal, a control character a hand-edited catalog holds is shown as an escape (lint PC310)."""
    if sys.stdout.isatty():
        from ..untrusted import escape

        text = escape(text)
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def register(app: typer.Typer) -> None:
    @app.command("render", help="Render README.md from the catalog (stdout by default).", epilog=EXAMPLES)
    def render(
        ctx: typer.Context,
        output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="README", help="Write the README to this file (atomically)."),
        check: Optional[Path] = typer.Option(None, "--check", metavar="README", help="Compare with this file: exit 1 and print a diff when it differs."),
        force: bool = typer.Option(
            False, "--force", help="With -o: write even over README rows that are not in the catalog, or over a file that reads as a catalog."
        ),
    ) -> None:
        from ..commands.render import check_readme, render_page, write_readme
        from ..workspace import Workspace

        if output is not None and check is not None:
            raise UsageError("use either -o/--output or --check, not both")
        workspace = Workspace.at(options(ctx).catalog_path)
        if check is not None:
            outcome = check_readme(workspace, check, on_diff=print_diff)
            if outcome.up_to_date:
                sys.stderr.write(f"{check} is up to date\n")
                return
            stale = [str(path) for path in outcome.stale]
            sys.stderr.write(
                f"{', '.join(stale)} {'is' if len(stale) == 1 else 'are'} not what `papercat render` writes; update with `papercat render -o {check}`\n"
            )
            raise typer.Exit(1)
        if output is not None:
            written = write_readme(workspace, output, force=force)
            sys.stderr.write(f"wrote {', '.join(str(path) for path in written)}\n")
            return
        page = render_page(workspace)
        if page.beside:
            sys.stderr.write(f"note: {', '.join(page.beside)} (the README's chart) is written only with -o\n")
        _write_stdout(page.readme)
