"""`render`: the README (and the files beside it) from the catalog: returned, checked or written."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..workspace import Workspace

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..store import Document


@dataclass
class RenderedPage:
    """What `papercat render` writes: the README's text and the files beside it (name -> text)."""

    readme: str
    beside: dict[str, str] = field(default_factory=dict)  # the settings.stats chart


@dataclass
class PageCheck:
    """A README compared with what render writes."""

    readme: Path
    diff: str = ""  # of the README, "" when it is what render writes
    stale: list[Path] = field(default_factory=list)  # the README and the files beside it that differ

    @property
    def up_to_date(self) -> bool:
        return not self.stale


def render_page(workspace: Workspace) -> RenderedPage:
    """The page for the workspace's catalog; refused (CatalogError) while entries name a missing section."""
    return _rendered(workspace)[1]


def check_readme(workspace: Workspace, readme: Path, *, on_diff: Callable[[str], None] = lambda diff: None) -> PageCheck:
    """Compare `readme` and the files beside it with what render writes; nothing is written.

    `on_diff` is given the README's diff as soon as it is known, before the files beside it
    are read (one of those may be unreadable: the diff is still shown first).
    """
    from .. import store

    page = render_page(workspace)
    missing = f"no such file; write it with `papercat render -o {readme}`"
    home = workspace.readme_path()
    if not readme.exists() and home.is_file() and home.resolve() != readme.resolve():
        # run from a sub-folder: the catalog was found above, its README is there, not here
        missing = f"no such file here; the catalog's README is {os.path.relpath(home)}: pass that path"
    current = store.read_readme(readme, missing=missing)
    check = PageCheck(readme=readme)
    if current != page.readme:
        check.diff = store.unified_diff(current, page.readme, name=str(readme))
        check.stale.append(readme)
        on_diff(check.diff)
    for name, text in page.beside.items():
        beside = readme.parent / name
        if not beside.is_file() or store.read_readme(beside) != text:
            check.stale.append(beside)
    return check


def write_readme(workspace: Workspace, output: Path, *, force: bool = False) -> list[Path]:
    """Write the README to `output` (atomically) and the files beside it; the paths written.

    Without `force`, refused (RefusedError) when `output` holds rows the catalog lacks (a
    contributor's edit, for `papercat absorb`) or is, or reads as, a catalog.
    """
    from .. import files, store

    document, page = _rendered(workspace)
    if not force:
        refuse_to_drop_rows(document.catalog, output, page.readme, workspace.catalog_path)
    store.write_page(output, page.readme, catalog_path=workspace.catalog_path, force=force)
    from ..absorbing.ledger import forget_removed

    forget_removed(workspace.catalog_path)  # the rows of removed entries are off the README now
    written = [output]
    for name, text in page.beside.items():
        files.write_atomic(output.parent / name, text)
        written.append(output.parent / name)
    return written


def _rendered(workspace: Workspace) -> tuple[Document, RenderedPage]:
    from .. import store
    from ..render import render_files, render_readme

    document = store.load(workspace.catalog_path)
    refuse_missing_sections(document)
    return document, RenderedPage(readme=render_readme(document.catalog), beside=render_files(document.catalog))


def refuse_to_drop_rows(catalog: Catalog, output: Path, rendered: str, catalog_path: Path | None = None) -> None:
    """Writing over a README that holds rows the catalog lacks (a contributor's edit) would lose them;
    rows of entries papercat removed itself (absorbing/ledger.py) are meant to go."""
    from .. import store

    if not output.is_file():
        return
    current = store.read_readme(output)
    if current == rendered:
        return
    from ..absorbing.ledger import removed_keys
    from ..absorbing.rows import rows_not_in_catalog
    from ..errors import RefusedError
    from ..text import plural, shorten

    removed = frozenset(removed_keys(catalog_path)) if catalog_path is not None else frozenset()
    missing = rows_not_in_catalog(catalog, current, output.name, removed, rendered=rendered)
    if not missing:
        return
    named = ", ".join(f"'{shorten(title, 40)}' (line {line})" for line, title in missing[:3])
    more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
    raise RefusedError(
        f"{output} has {plural(len(missing), 'row')} the catalog does not: {named}{more}; "
        f"bring them into the catalog with `papercat absorb {output}`, or overwrite them with --force; nothing was written"
    )


def refuse_missing_sections(document: Document) -> None:
    """Entries filed under a section that no longer exists would vanish from the page: refuse."""
    from ..errors import CatalogError

    missing = document.catalog.missing_section_references()
    if not missing:
        return
    _, entry, section_id = missing[0]
    line = document.entry_line(entry.id)
    more = f" (and {len(missing) - 1} more; `papercat lint --select PC101` lists them)" if len(missing) > 1 else ""
    raise CatalogError(
        f"entry '{entry.id}' is filed under section '{section_id}', which does not exist{more}; "
        f'bring the section back with `papercat section add "TITLE" --id {section_id}` '
        f"or refile with `papercat move {entry.id} --from {section_id} --to SECTION`; nothing was rendered",
        path=str(document.path),
        line=line,
    )
