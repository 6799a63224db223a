"""Where a catalog's files live, decided in one place: the catalog, its README, the metadata
cache and the pyproject.toml settings.

Every command asks a `Workspace` instead of working the paths out itself, so `add` fills the
cache folder that `lint` and `dedupe` read (before, a `cache:` in the lint settings moved lint's
folder and not add's).

Precedence for the cache folder: the `cache` lint setting (`settings.lint` in the catalog, then
`[tool.papercat.lint]` in pyproject.toml, relative to the catalog), else $PAPERCAT_CACHE_DIR,
else `.papercat-cache/` beside the catalog. The README is the `readme` lint setting, else
README.md beside the catalog. Values of the wrong type are left to lint's settings check,
which reports them with their line.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Optional, cast

from .catalog import Catalog
from .errors import UsageError

DEFAULT_README = "README.md"


@dataclass(frozen=True)
class Workspace:
    """The files around one catalog file."""

    catalog_path: Path

    @classmethod
    def at(cls, catalog_path: Path | str) -> "Workspace":
        return cls(Path(catalog_path))

    @property
    def directory(self) -> Path:
        return self.catalog_path.parent

    @property
    def pyproject_path(self) -> Path:
        return self.directory / "pyproject.toml"

    @cached_property
    def pyproject_lint_settings(self) -> Optional[dict[str, Any]]:
        """`[tool.papercat.lint]` from the pyproject.toml beside the catalog, or None."""
        return read_pyproject_lint_settings(self.directory)

    def setting(self, key: str, catalog: Optional[Catalog] = None) -> Optional[str]:
        """A path-valued lint setting (`readme`, `cache`): the catalog's, else pyproject's, else None."""
        for layer in (_lint_settings_of(catalog), self.pyproject_lint_settings):
            value = layer.get(key) if isinstance(layer, dict) else None
            if isinstance(value, str) and value:
                return value
        return None

    def cache_dir(self, catalog: Optional[Catalog] = None) -> Path:
        """The metadata cache folder every command reads and fills (see the module docstring)."""
        from .sources.cache import default_cache_dir

        configured = self.setting("cache", catalog)
        if configured:
            return self.directory / configured
        return default_cache_dir(self.catalog_path)

    def readme_path(self, catalog: Optional[Catalog] = None) -> Path:
        """The rendered README that lint compares with the catalog."""
        return self.directory / (self.setting("readme", catalog) or DEFAULT_README)


MAX_PYPROJECT_BYTES = 16 * 1024 * 1024


def _lint_settings_of(catalog: Optional[Catalog]) -> Optional[dict[str, Any]]:
    return catalog.settings.lint if catalog is not None else None


def read_pyproject_lint_settings(directory: Path) -> Optional[dict[str, Any]]:
    """`[tool.papercat.lint]` from pyproject.toml in `directory`, or None."""
    pyproject = directory / "pyproject.toml"
    if not pyproject.is_file():
        return None
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    from . import files

    text = files.read_text(pyproject, error=UsageError, limit=MAX_PYPROJECT_BYTES, what="pyproject.toml files", fix="save it as UTF-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{pyproject}: cannot read it as TOML ({error}); fix the file or remove it") from None
    settings = data.get("tool", {}).get("papercat", {}).get("lint")
    return cast(Optional[dict[str, Any]], settings)  # any shape: lint's settings check reports a wrong one


DEFAULT_CATALOG = "catalog.yaml"


@dataclass(frozen=True)
class CatalogSearch:
    """Where the catalog of a command run from `start` is: `found`, or None and how far the search went."""

    found: Optional[Path]
    searched_up_to: Path


def find_catalog(start: Path, name: str = DEFAULT_CATALOG) -> CatalogSearch:
    """`name` in `start` or the nearest folder above it, up to the repository root, as git and ruff look.

    The search stops at the first folder holding `.git` (a list's repository root), so a catalog
    of an enclosing repository is never picked up by mistake; outside a repository it goes to `/`.
    """
    folder = start.resolve()
    while True:
        candidate = folder / name
        if candidate.is_file():
            return CatalogSearch(candidate, folder)
        if (folder / ".git").exists() or folder.parent == folder:
            return CatalogSearch(None, folder)
        folder = folder.parent
