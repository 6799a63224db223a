"""`papercat config`: read or change the list's title, intro, footer and empty-section style."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .context import options, report_update

EXAMPLES = """\
Examples:

  papercat config                                  # show every setting

  papercat config empty_sections note              # empty sections invite a contribution

  papercat config intro --file docs/list-intro.md  # the markdown under the title

  papercat config title "Awesome Data Synthesis" --dry-run

Settings: title, intro, footer (markdown), empty_sections (table | note | hide).
Lint configuration lives in the catalog's settings.lint or pyproject.toml: see docs/rules.md.
"""


def register(app: typer.Typer) -> None:
    @app.command("config", help="Show or change the list's title, intro, footer and empty-section style.", epilog=EXAMPLES)
    def config(
        ctx: typer.Context,
        key: Optional[str] = typer.Argument(None, help="title, intro, footer or empty_sections."),
        value: Optional[str] = typer.Argument(None, help="The new value (or use --file)."),
        file: Optional[Path] = typer.Option(None, "--file", "-f", help="Read the new value from this file (UTF-8 markdown)."),
        unset: bool = typer.Option(False, "--unset", help="Reset the setting to its default."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the diff; write nothing."),
    ) -> None:
        from ..commands import config as settings
        from ..errors import UsageError
        from ..workspace import Workspace

        workspace = Workspace.at(options(ctx).catalog_path)
        if key is None:
            for name, current in settings.list_settings(workspace).items():
                lines = current.splitlines()
                first = lines[0] if lines else ""
                more = f" ... ({len(lines)} lines)" if len(lines) > 1 else ""
                typer.echo(f"{name}: {first}{more}")
            return
        if sum((value is not None, file is not None, unset)) > 1:
            raise UsageError("give one of VALUE, --file or --unset")
        if value is None and file is None and not unset:
            typer.echo(settings.setting_value(workspace, key))
            return
        if file is not None:
            value = settings.read_setting_file(file)
        report_update(settings.set_setting(workspace, key, None if unset else value, dry_run=dry_run), dry_run)
