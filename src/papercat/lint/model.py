"""The vocabulary of lint: rules, the problems they yield, findings, and fixes.

A rule is a plain generator function over (catalog, context) wrapped in a `Rule`
that carries its stable code, kebab-case name, default severity and rationale
(the function's docstring, which is also its entry in docs/rules.md).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional, Union

from ..text import collapse_whitespace

if TYPE_CHECKING:
    from ..catalog import Catalog, Entry
    from ..edits import FieldValue

    # What a fix sets a field to: a field value, or a list field's new items (aliases, authors).
    FixValue = Union[FieldValue, list[str]]
    from ..errors import DataPath
    from .context import LintContext

SEVERITIES = ("error", "warning")
# What a rule may declare it needs besides the catalog (the runner reads these):
# "readme" the README text, "metadata" the metadata cache, "duplicates" the shared duplicate
# analysis (LintContext.duplicates), "render" a render of the whole catalog.
NEEDS = ("readme", "metadata", "duplicates", "render")


@dataclass(frozen=True)
class Fix:
    """A safe correction: set one field of one entry to a new value."""

    entry: str
    field: str
    value: FixValue
    old_value: FixValue = None


@dataclass(frozen=True)
class Problem:
    """What a rule yields: a message about a place in the catalog, maybe with a fix.

    `where` is a path into the catalog file such as ("entries", 3, "url"); the runner
    turns it into a line and column. `file` is set only for problems outside the catalog
    (README.md); then `line` is given directly.
    """

    where: DataPath
    message: str
    entry: Optional[str] = None
    section: Optional[str] = None
    fix: Optional[Fix] = None
    file: Optional[str] = None
    line: Optional[int] = None
    anchor: Optional[DataPath] = None  # where to point instead of `where`, e.g. a missing field's entry id


@dataclass(frozen=True)
class Finding:
    """A problem as reported: located, with its rule's code, name and effective severity."""

    code: str
    name: str
    severity: str
    message: str
    path: str
    line: Optional[int]
    column: Optional[int]
    entry: Optional[str] = None
    section: Optional[str] = None
    field: Optional[str] = None
    fix: Optional[Fix] = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    @property
    def subject(self) -> str:
        """What the finding is about, for grouping and baselines: an entry, a section or a file."""
        if self.entry:
            return self.entry
        if self.section:
            return f"section {self.section}"
        return self.path


CheckFunction = Callable[["Catalog", "LintContext"], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    check: CheckFunction
    fixable: bool = False
    silenceable: bool = True  # False: an entry's noqa cannot hide this rule's findings
    needs: tuple[str, ...] = ()  # from NEEDS
    post_pass: bool = False  # runs after every other rule (the rules about noqa itself)

    @property
    def summary(self) -> str:
        return self.docstring.split("\n\n", 1)[0].replace("\n", " ").strip()

    @property
    def rationale(self) -> str:
        parts = self.docstring.split("\n\n", 1)
        return collapse_whitespace(parts[1]) if len(parts) > 1 else ""

    @property
    def docstring(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    def run(self, catalog: "Catalog", context: "LintContext") -> Iterator[Problem]:
        yield from self.check(catalog, context)


def rule(
    code: str,
    name: str,
    severity: str,
    *,
    fixable: bool = False,
    silenceable: bool = True,
    needs: tuple[str, ...] = (),
    post_pass: bool = False,
) -> Callable[[CheckFunction], Rule]:
    """Declare a rule: `@rule("PC201", "url-not-absolute", "error", fixable=True)` over a check function."""
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}")
    unknown = [need for need in needs if need not in NEEDS]
    if unknown:
        raise ValueError(f"rule {code} needs {unknown}; known needs: {NEEDS}")

    def wrap(check: CheckFunction) -> Rule:
        return Rule(code=code, name=name, severity=severity, check=check, fixable=fixable, silenceable=silenceable, needs=needs, post_pass=post_pass)

    return wrap


def entry_problem(index: int, entry: Entry, field_name: Optional[str], message: str, fix_value: FixValue = None, *, fixable: bool = False) -> Problem:
    """A problem about one field of the entry at `index`, with an optional fix to `fix_value`."""
    where: DataPath = ("entries", index, field_name) if field_name else ("entries", index)
    current = getattr(entry, field_name) if field_name else None
    fix = Fix(entry.id, field_name, fix_value, current) if fixable and field_name else None
    anchor = ("entries", index, "id") if not field_name or current in (None, "", []) else None
    return Problem(where=where, message=message, entry=entry.id, fix=fix, anchor=anchor)
