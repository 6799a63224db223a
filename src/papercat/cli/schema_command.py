"""`papercat schema`: print the catalog's JSON Schema (the file shipped in the package)."""

from __future__ import annotations

import sys

import typer

EXAMPLES = """\
Examples:

  papercat schema > catalog.schema.json          # a local copy for editors or check-jsonschema

  papercat schema --url                          # where this release's schema is on the web

A catalog written by `papercat import` starts with the line

  # yaml-language-server: $schema=<the --url address>

so VS Code (YAML extension) and other YAML language servers complete and check it.

Exit codes: 0 printed.
"""


def register(app: typer.Typer) -> None:
    @app.command("schema", help="Print the JSON Schema of catalog.yaml (for editors and validators).", epilog=EXAMPLES)
    def schema_command(
        url: bool = typer.Option(False, "--url", help="Print the schema's web address for this version instead of the schema."),
    ) -> None:
        from ..schema import schema_text, schema_url

        sys.stdout.write(f"{schema_url()}\n" if url else schema_text())
        sys.stdout.flush()
