"""papercat lint: rules with stable codes over a catalog, their findings, and safe fixes.

    from papercat import lint
    result = lint.lint_path("catalog.yaml")          # a LintResult
    outcome = lint.fix_path("catalog.yaml")          # one minimal-diff write

The rules themselves are in `papercat.lint.rules` (one module per family), listed in
`papercat.lint.registry`; the output formats in `papercat.lint.report`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

from ..catalog import Catalog
from ..errors import CatalogError, UsageError
from ..workspace import Workspace
from .config import LintConfig, load_config, split_selectors
from .context import LintContext
from .fixes import AppliedFix, fix_until_stable
from .model import Finding, Fix, Problem, Rule
from .registry import ALL_RULES, RULE_SELECTORS
from .runner import LintResult, lint_catalog, unreadable_finding

if TYPE_CHECKING:
    import os

    from ..sources.cache import MetadataCache
    from ..store import Document, Update

__all__ = [
    "ALL_RULES",
    "RULE_SELECTORS",
    "AppliedFix",
    "Finding",
    "Fix",
    "FixOutcome",
    "LintConfig",
    "LintContext",
    "LintResult",
    "Problem",
    "Rule",
    "Selection",
    "fix_path",
    "lint_catalog",
    "lint_document",
    "lint_path",
    "summarize_fixes",
    "unreadable_finding",
]


@dataclass(frozen=True)
class Selection:
    """Command-line choices layered over the file configuration."""

    select: Optional[tuple[str, ...]] = None  # replaces the configured select
    ignore: tuple[str, ...] = ()  # adds to the configured ignore
    readme: Optional[Path] = None  # an explicit README path: it must exist


def effective_config(catalog: Catalog, catalog_path: Optional[Path], selection: Selection) -> LintConfig:
    config = load_config(catalog.settings.lint, catalog_path)
    if selection.select is not None:
        config = replace(config, select=split_selectors(selection.select))
    if selection.ignore:
        config = replace(config, ignore=config.ignore + split_selectors(selection.ignore))
    return config


def _readme(workspace: Workspace, catalog: Catalog, selection: Selection) -> tuple[Optional[str], Optional[str]]:
    """(display name, text) of the README to compare with the render, or (None, None)."""
    if selection.readme is not None:
        if not selection.readme.is_file():
            raise UsageError(f"--readme {selection.readme}: no such file")
        path = selection.readme
    else:
        path = workspace.readme_path(catalog)
        if not path.is_file():
            return None, None
    from .. import store

    return str(path), store.read_readme(path)


def _metadata_cache(workspace: Workspace, catalog: Catalog) -> Optional[MetadataCache]:
    """The metadata cache the workspace names, if it exists; lint never fills it."""
    from ..sources.cache import MetadataCache

    directory = workspace.cache_dir(catalog)
    return MetadataCache(directory) if directory.is_dir() else None


def context_for(document: Document, selection: Selection = Selection(), *, with_files: bool = True) -> LintContext:
    """Everything the rules need for a loaded catalog file (store.Document)."""
    try:
        config = effective_config(document.catalog, document.path, selection)
    except CatalogError as error:
        if error.line is not None or error.path != str(document.path):
            raise
        position = document.locate(("settings", "lint"))  # point at the settings block
        raise CatalogError(error.message, path=error.path, line=position[0] if position else None, column=position[1] if position else None) from None
    context = LintContext(config=config, catalog_name=str(document.path), locate=document.locate)
    if with_files:
        workspace = Workspace.at(document.path)
        context.readme_name, context.readme_text = _readme(workspace, document.catalog, selection)
        context.metadata_cache = _metadata_cache(workspace, document.catalog)
    return context


def lint_document(document: Document, selection: Selection = Selection()) -> LintResult:
    return lint_catalog(document.catalog, context_for(document, selection))


def lint_path(path: os.PathLike[str] | str, selection: Selection = Selection()) -> LintResult:
    """Load and lint a catalog file. Raises CatalogError when it cannot be read."""
    from .. import store

    return lint_document(store.load(path), selection)


@dataclass
class FixOutcome:
    applied: list[AppliedFix]
    update: Update[list[AppliedFix]]
    remaining: LintResult


def fix_path(path: os.PathLike[str] | str, selection: Selection = Selection(), *, dry_run: bool = False) -> FixOutcome:
    """Apply every safe fix in one minimal-diff atomic write; lint the result for what is left."""
    from .. import store

    path = Path(path)
    before = store.load(path)
    before_config = context_for(before, selection, with_files=False).config  # settings errors get their line

    def transform(catalog: Catalog) -> tuple[Catalog, list[AppliedFix]]:
        # The file may have changed before the lock was taken; its lint settings then count.
        same = catalog.settings.lint == before.catalog.settings.lint
        config = before_config if same else effective_config(catalog, path, selection)
        fixable = [r for r in ALL_RULES if r.fixable]

        def lint_once(current: Catalog) -> list[Finding]:
            return lint_catalog(current, LintContext(config=config, catalog_name=str(path)), fixable).findings

        return catalog, fix_until_stable(catalog, lint_once)

    update = store.update(path, transform, dry_run=dry_run, known=before)
    after = before if update.new_text == before.text else store.load_text(update.new_text, path=path)
    return FixOutcome(applied=update.result, update=update, remaining=lint_document(after, selection))


def summarize_fixes(applied: Iterable[AppliedFix]) -> list[AppliedFix]:
    """One change per field: a url fixed twice (dot stripped, then made canonical) shows first -> last."""
    merged: dict[tuple[str, str], AppliedFix] = {}
    for fix in applied:
        key = (fix.entry, fix.field)
        if key in merged:
            first = merged[key]
            merged[key] = AppliedFix(f"{first.code},{fix.code}", fix.entry, fix.field, first.old_value, fix.new_value)
        else:
            merged[key] = fix
    return list(merged.values())
