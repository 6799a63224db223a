"""`papercat render`: write README.md from the catalog, or check that it is up to date."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ..errors import UsageError
from ..text import plural
from .context import options, print_diff

if TYPE_CHECKING:
    from .. import store

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
    """The exact bytes (UTF-8), whatever the terminal's locale, so `> README.md` is faithful."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def refuse_to_drop_rows(catalog, output: Path, rendered: str) -> None:
    """Writing over a README that holds rows the catalog lacks (a contributor's edit) would lose them."""
    from .. import store
    from ..absorbing import rows_not_in_catalog
    from ..errors import RefusedError
    from ..refs import shorten

    if not output.is_file():
        return
    current = store.read_readme(output)
    if current == rendered:
        return
    missing = rows_not_in_catalog(catalog, current, output.name)
    if not missing:
        return
    named = ", ".join(f"'{shorten(title, 40)}' (line {line})" for line, title in missing[:3])
    more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
    raise RefusedError(
        f"{output} has {plural(len(missing), 'row')} the catalog does not: {named}{more}; "
        f"bring them into the catalog with `papercat absorb {output}`, or overwrite them with --force; nothing was written"
    )


def refuse_missing_sections(document: store.Document) -> None:
    """Entries filed under a section that no longer exists would vanish from the page: refuse."""
    from ..errors import CatalogError

    missing = document.catalog.missing_section_references()
    if not missing:
        return
    index, entry, section_id = missing[0]
    line = document.entry_line(entry.id)
    more = f" (and {len(missing) - 1} more; `papercat lint --select PC101` lists them)" if len(missing) > 1 else ""
    raise CatalogError(
        f"entry '{entry.id}' is filed under section '{section_id}', which does not exist{more}; "
        f'bring the section back with `papercat section add "TITLE" --id {section_id}` '
        f"or refile with `papercat move {entry.id} --from {section_id} --to SECTION`; nothing was rendered",
        path=str(document.path),
        line=line,
    )


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
        from .. import files, store
        from ..render import render_files, render_readme

        if output is not None and check is not None:
            raise UsageError("use either -o/--output or --check, not both")
        document = store.load(options(ctx).catalog_path)
        refuse_missing_sections(document)
        catalog = document.catalog
        rendered = render_readme(catalog)
        # Files beside the README (the settings.stats chart), checked and written with it.
        extra = render_files(catalog)
        if check is not None:
            current = store.read_readme(check, missing=f"no such file; write it with `papercat render -o {check}`")
            stale = []
            if current != rendered:
                print_diff(store.unified_diff(current, rendered, name=str(check)))
                stale.append(str(check))
            for name, text in extra.items():
                beside = check.parent / name
                if not beside.is_file() or store.read_readme(beside) != text:
                    stale.append(str(beside))
            if not stale:
                sys.stderr.write(f"{check} is up to date\n")
                return
            sys.stderr.write(
                f"{', '.join(stale)} {'is' if len(stale) == 1 else 'are'} not what `papercat render` writes; update with `papercat render -o {check}`\n"
            )
            raise typer.Exit(1)
        if output is not None:
            if not force:
                refuse_to_drop_rows(catalog, output, rendered)
            store.write_page(output, rendered, catalog_path=options(ctx).catalog_path, force=force)
            for name, text in extra.items():
                files.write_atomic(output.parent / name, text)
            written = ", ".join([str(output), *(str(output.parent / name) for name in extra)])
            sys.stderr.write(f"wrote {written}\n")
            return
        if extra:
            sys.stderr.write(f"note: {', '.join(extra)} (the README's chart) is written only with -o\n")
        _write_stdout(rendered)
