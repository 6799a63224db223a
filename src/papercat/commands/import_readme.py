"""`import`: turn an existing awesome-list README into a new catalog file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..catalog import Catalog

if TYPE_CHECKING:
    from ..importer import ImportProblem


@dataclass
class ImportOutcome:
    catalog: Catalog
    target: Path
    problems: list[ImportProblem]  # what could not be read, by README line


def read_readme(path: Path) -> str:
    """The README's text, or one clear error naming the file."""
    from .. import files
    from ..errors import UsageError

    return files.read_text(
        path,
        error=UsageError,
        missing="no such file; give the path of the README to import",
        strip_bom=True,
        what="READMEs",
        fix="save it as UTF-8 and import again",
    )


def import_readme_file(readme: Path, target: Path, *, force: bool = False) -> ImportOutcome:
    """Read the README, build the catalog, prove it reads back, write it atomically under the lock.

    Refuses (RefusedError) when `target` exists, unless `force`: early (before the work)
    and again at the write, which creates the file exclusively, so a racing import or a
    file that appears while this one waits for the lock is never overwritten.
    """
    from .. import store
    from ..errors import RefusedError
    from ..importer import import_readme

    text = read_readme(readme)
    if target.exists() and not force:
        raise RefusedError("already exists; pass --force to replace it, or -o to write somewhere else", path=str(target))
    result = import_readme(text, source_name=readme.name)
    store.create(target, result.catalog, force=force)  # checks again under the lock, creates exclusively
    return ImportOutcome(catalog=result.catalog, target=target, problems=list(result.problems))
