"""`lint`: check the catalog (and its README) against papercat's rules; apply the safe fixes.

The rules, their runner (a second process for the costly analyses on a large catalog) and
the output formats are `papercat.lint`'s; this is the workflow around them: fix or lint,
then the baseline (written, or its known findings taken out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, cast

from ..workspace import Workspace

if TYPE_CHECKING:
    from ..lint import FixOutcome
    from ..lint.model import Finding
    from ..lint.report import Counts
    from ..store import Update


@dataclass
class LintRequest:
    """The command line's options, as plain data."""

    fix: bool = False  # apply every safe fix in one minimal-diff write, then lint what is left
    diff: bool = False  # with `fix`: plan the fixes, write nothing
    select: Optional[tuple[str, ...]] = None  # replaces the configured select
    ignore: tuple[str, ...] = ()  # adds to the configured ignore
    readme: Optional[Path] = None  # an explicit README to compare (it must exist)
    strict: bool = False  # warnings fail too
    baseline: Optional[Path] = None  # known findings, not reported
    write_baseline: Optional[Path] = None  # write the findings here instead of reporting them


@dataclass
class LintOutcome:
    findings: list[Finding]  # to report: without the baseline's known ones
    counts: Optional[Counts] = None  # what was not reported (noqa, baseline); None when the catalog is unreadable
    fixes: Optional[FixOutcome] = None  # with `fix`: what was (with `diff`: would be) changed
    failing: list[Finding] = field(default_factory=list)  # errors, and warnings when strict
    would_fix: bool = False  # with `diff`: the fixes would change the file
    unreadable: bool = False  # the catalog could not be read: `findings` is the one finding saying why
    baseline_written: Optional[Path] = None

    @property
    def fix_update(self) -> Optional[Update[Any]]:
        """The fixes' write (with `diff`: the plan, nothing written)."""
        return cast("Update[Any]", self.fixes.update) if self.fixes is not None else None

    @property
    def exit_code(self) -> int:
        """0 clean (or a baseline written); 1 findings fail, or `diff` shows fixes; 2 the catalog could not be read."""
        if self.unreadable:
            return 2
        if self.baseline_written is not None:
            return 0
        return 1 if self.would_fix or self.failing else 0


def lint_files(workspace: Workspace, request: LintRequest, *, on_fixes: Callable[[FixOutcome], None] = lambda fixes: None) -> LintOutcome:
    """Lint (or fix, then lint) the workspace's catalog; an unreadable catalog is an outcome, not an error.

    `on_fixes` is told what `fix` did as soon as it is done, before the baseline is read or
    written, so a person hears what was written even when the baseline then fails.
    """
    from .. import lint
    from ..errors import CatalogError, UsageError
    from ..lint.report import Counts

    if request.diff and not request.fix:
        raise UsageError("--diff shows what --fix would change; use it together with --fix")
    if request.write_baseline and request.baseline:
        raise UsageError("use either --baseline or --write-baseline, not both")
    catalog_path = workspace.catalog_path
    selection = lint.Selection(select=request.select, ignore=request.ignore, readme=request.readme)
    fixes = None
    try:
        if request.fix:
            fixes = lint.fix_path(catalog_path, selection, dry_run=request.diff)
            result = fixes.remaining
        else:
            result = lint.lint_path(catalog_path, selection)
    except CatalogError as error:
        return LintOutcome(findings=[lint.unreadable_finding(error, str(catalog_path))], unreadable=True)
    if fixes is not None:
        on_fixes(fixes)

    outcome = LintOutcome(findings=result.findings, fixes=fixes)
    if request.write_baseline:
        from ..lint.baseline import write_baseline

        write_baseline(request.write_baseline, result.findings)
        outcome.baseline_written = request.write_baseline
        return outcome
    known: list[Finding] = []
    if request.baseline:
        from ..lint.baseline import read_baseline, split_by_baseline

        outcome.findings, known = split_by_baseline(result.findings, read_baseline(request.baseline))
    outcome.counts = Counts(silenced=len(result.silenced), baselined=len(known))
    outcome.failing = outcome.findings if request.strict else [finding for finding in outcome.findings if finding.severity == "error"]
    update = outcome.fix_update
    outcome.would_fix = request.diff and update is not None and update.changed
    return outcome
