"""`papercat absorb`: bring a contributor's hand edit of README.md back into the catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .context import options, print_diff, print_warning
from .fetching import ArxivApiOption, CrossrefApiOption, fetch_with_progress

EXAMPLES = """\
Examples:

  papercat absorb README.md --dry-run       # the plan: a diff of catalog.yaml, nothing written

  papercat absorb README.md                 # write it; then `papercat render --check README.md` passes

  papercat absorb README.md --fetch         # new rows get title, authors and year from arXiv/Crossref

A new row becomes an entry in that section at that position, a changed cell a field edit, a
removed row takes the entry out of that section, a moved row re-files it. What has no catalog
equivalent (a changed heading, prose) is reported with its README line and left alone.

Exit codes: 0 absorbed (or nothing to absorb); 1 parts of the README were not absorbed;
2 the catalog or the README could not be read.
"""


def register(app: typer.Typer) -> None:
    @app.command("absorb", help="Turn hand edits of README.md (a contributor's pull request) into catalog changes.", epilog=EXAMPLES)
    def absorb(
        ctx: typer.Context,
        readme: Optional[Path] = typer.Argument(None, metavar="[README]", help="The edited README (default: the catalog's README.md).", show_default=False),
        fetch: bool = typer.Option(False, "--fetch", help="Fetch new rows' metadata from arXiv or Crossref (else keep them as written)."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan as a diff of the catalog; write nothing."),
        offline: bool = typer.Option(False, "--offline", help="With --fetch: use cached metadata only."),
        arxiv_api: ArxivApiOption = None,
        crossref_api: CrossrefApiOption = None,
    ) -> None:
        from ..commands.absorb import AbsorbRequest
        from ..commands.absorb import absorb as run_absorb
        from ..workspace import Workspace

        catalog_path: Path = options(ctx).catalog_path
        request = AbsorbRequest(readme=readme, fetch=fetch, dry_run=dry_run, offline=offline, arxiv_api=arxiv_api, crossref_api=crossref_api)
        outcome = run_absorb(Workspace.at(catalog_path), request, fetch=fetch_with_progress)
        report = outcome.report
        readme = outcome.readme
        if outcome.update is not None:
            print_diff(outcome.update.diff())
        for finding in report.changes:
            typer.echo(f"{readme}:{finding.line}: {finding.message}")
        for failure in outcome.fetch_failures:
            print_warning(f"no metadata: {failure}")
        for finding in report.unmapped:
            print_warning(f"{readme}:{finding.line}: {finding.message}")
        ending = " (dry run: nothing written)" if dry_run and not report.up_to_date else ""
        if not dry_run and outcome.update is not None and outcome.update.changed:
            ending = f"; wrote {catalog_path}"
        typer.echo(f"{report.summary}{ending}")
        if report.up_to_date:
            return
        if not report.unmapped and fetch:
            typer.echo(f"fetched metadata may differ from the rows as written: run `papercat render -o {readme}`")
        raise typer.Exit(outcome.exit_code)
