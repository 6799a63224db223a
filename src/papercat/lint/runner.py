"""Run the enabled rules over a catalog and turn their problems into located findings.

The runner decides where each rule runs, from what the rule declares it needs: the rules
that need one of the costly shared analyses (SECOND_PROCESS_ANALYSES) run in a second
process on a large catalog, one group per analysis, while this process runs the rest;
the post-pass rules (those about noqa itself) run last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Iterable, Optional

from ..catalog import Catalog
from ..errors import CatalogError
from .background import MIN_ENTRIES_TO_FORK, Background, can_fork
from .config import enabled_rules, severity_of
from .context import LintContext
from .model import Finding, Problem, Rule
from .registry import ALL_RULES, RULE_SELECTORS, SCHEMA_RULE

if TYPE_CHECKING:
    from ..errors import DataPath

# The analyses worth a second core on a large catalog, in the order the child starts them:
# duplicate detection (PC401, PC402) and the README render (PC501) share nothing with the
# other rules but the catalog. Measured at 10k entries: docs/performance.md.
SECOND_PROCESS_ANALYSES = ("duplicates", "render")


def second_process_groups(rules: Iterable[Rule]) -> list[list[Rule]]:
    """The rules to run aside, grouped by the costly analysis they share, in SECOND_PROCESS_ANALYSES order."""
    rules = list(rules)
    groups = [[rule for rule in rules if analysis in rule.needs] for analysis in SECOND_PROCESS_ANALYSES]
    seen: set[str] = set()
    unique = []
    for group in groups:
        group = [rule for rule in group if rule.code not in seen]
        seen.update(rule.code for rule in group)
        if group:
            unique.append(group)
    return unique


@dataclass
class LintResult:
    findings: list[Finding]
    silenced: list[Finding] = field(default_factory=list)  # by an entry's noqa


def field_label(where: DataPath) -> Optional[str]:
    """`("entries", 3, "url")` -> `entries[3].url`: where in the file, for JSON consumers."""
    if not where:
        return None
    label = ""
    for part in where:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else str(part))
    return label


def locate(context: LintContext, where: DataPath) -> tuple[Optional[int], Optional[int]]:
    """Line and column of `where`, or of its nearest located parent (a missing field's entry)."""
    if context.locate is None:
        return None, None
    for size in range(len(where), 0, -1):
        position = context.locate(where[:size])
        if position:
            return position
    return None, None


def to_finding(rule: Rule, problem: Problem, severity: str, context: LintContext) -> Finding:
    if problem.file is not None:
        path, (line, column) = problem.file, (problem.line, 1 if problem.line else None)
    else:
        path, (line, column) = context.catalog_name, locate(context, problem.anchor or problem.where)
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=problem.message,
        path=path,
        line=line,
        column=column,
        entry=problem.entry,
        section=problem.section,
        field=field_label(problem.where) if problem.file is None else None,
        fix=problem.fix,
    )


def is_silenced(finding: Finding, noqa_by_entry: dict[str, dict[str, str]]) -> bool:
    noqa = noqa_by_entry.get(finding.entry or "")
    return noqa is not None and (finding.code in noqa or finding.name in noqa)


def run_rules(rules: Iterable[Rule], catalog: Catalog, context: LintContext) -> dict[str, list[Problem]]:
    """Each rule's problems by code (what the second process sends back)."""
    return {rule.code: list(rule.run(catalog, context)) for rule in rules}


def lint_catalog(catalog: Catalog, context: LintContext, only: Optional[Iterable[Rule]] = None) -> LintResult:
    """All findings for `catalog`, sorted by position; noqa-silenced ones kept apart.

    `only` narrows the configured rules further (the fix loop runs just the fixable ones).
    """
    rules = enabled_rules(context.config, ALL_RULES)
    if only is not None:
        wanted = {r.code for r in only}
        rules = [r for r in rules if r.code in wanted]
    context = context.bound_to(catalog, RULE_SELECTORS)
    # The costliest rules start first, on a second core when the catalog is large, while
    # this process runs the rest; their problems are collected after, the post-pass last.
    groups = second_process_groups(rules)
    aside = [rule for group in groups for rule in group]
    post = [rule for rule in rules if rule.post_pass and rule not in aside]
    here = [rule for rule in rules if rule not in aside and rule not in post]
    pending = None
    if groups:
        fork = len(catalog.entries) >= MIN_ENTRIES_TO_FORK and can_fork()
        pending = Background([partial(run_rules, group, catalog, context) for group in groups], fork=fork)
    noqa_by_entry = {entry.id: entry.noqa for entry in catalog.entries if entry.noqa}
    findings: list[Finding] = []
    silenced: list[Finding] = []

    def report(rule: Rule, problems: Iterable[Problem]) -> None:
        severity = severity_of(rule, context.config)
        for problem in problems:
            finding = to_finding(rule, problem, severity, context)
            if rule.silenceable and is_silenced(finding, noqa_by_entry):
                silenced.append(finding)
            else:
                findings.append(finding)

    try:
        for rule in here:
            report(rule, rule.run(catalog, context))
        if pending is not None:
            for group, problems_by_code in zip(groups, pending.results()):
                for rule in group:
                    report(rule, problems_by_code[rule.code])
        for rule in post:
            report(rule, rule.run(catalog, context))
    finally:
        if pending is not None:
            pending.cancel()  # an error or Ctrl-C before it was collected; else nothing to do

    def catalog_first(finding: Finding) -> tuple[bool, int, int, str]:
        return (finding.path != context.catalog_name, finding.line or 0, finding.column or 0, finding.code)

    findings.sort(key=catalog_first)
    return LintResult(findings=findings, silenced=silenced)


def unreadable_finding(error: CatalogError, catalog_name: str) -> Finding:
    """The one finding lint reports when the catalog cannot be read (exit code 2)."""
    return Finding(
        code=SCHEMA_RULE.code,
        name=SCHEMA_RULE.name,
        severity="error",
        message=error.message,
        path=error.path or catalog_name,
        line=error.line,
        column=error.column,
    )
