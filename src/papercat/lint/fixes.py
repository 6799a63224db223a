"""Apply the safe fixes findings carry: pure, on a copy-free catalog passed in by the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from ..catalog import Catalog
from .model import Finding, Fix

if TYPE_CHECKING:
    from .model import FixValue

# Fixes can uncover or settle each other (a stripped dot, then a canonical arXiv URL):
# lint and fix again until nothing changes, but never loop forever.
MAX_PASSES = 5


@dataclass(frozen=True)
class AppliedFix:
    code: str
    entry: str
    field: str
    old_value: FixValue
    new_value: FixValue

    def describe(self) -> str:
        return f"{self.entry}: {self.field} {self.old_value!r} -> {self.new_value!r} ({self.code})"


def apply_fixes(catalog: Catalog, findings: Iterable[Finding]) -> list[AppliedFix]:
    """Set each fixable finding's field, in place; at most one fix per field per pass."""
    by_id = {entry.id: entry for entry in catalog.entries}
    applied: list[AppliedFix] = []
    touched: set[tuple[str, str]] = set()
    for finding in findings:
        fix: Fix | None = finding.fix
        if fix is None or (fix.entry, fix.field) in touched:
            continue
        entry = by_id.get(fix.entry)
        if entry is None or getattr(entry, fix.field) != fix.old_value:
            continue  # the catalog changed since the finding was made
        setattr(entry, fix.field, fix.value)
        touched.add((fix.entry, fix.field))
        applied.append(AppliedFix(finding.code, fix.entry, fix.field, fix.old_value, fix.value))
    return applied


def fix_until_stable(catalog: Catalog, lint: Callable[[Catalog], list[Finding]]) -> list[AppliedFix]:
    """Lint and fix repeatedly (in place) until no fixable finding is left; returns every change."""
    applied: list[AppliedFix] = []
    for _ in range(MAX_PASSES):
        changes = apply_fixes(catalog, lint(catalog))
        if not changes:
            break
        applied.extend(changes)
    return applied
