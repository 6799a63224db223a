"""Findings -> text | concise | json | github | sarif (papercat.lint.sarif). Pure: every function returns a string.

The text format is also available as styled segments (`text_segments`) so the CLI can
colour it with rich without this module knowing about terminals.

JSON (`--format json`) is a list of objects, one per finding, in report order (the
catalog's findings by line, column, code; then other files such as README.md):
`code`, `name`, `severity` ("error"|"warning"), `message`, `entry` (entry id or null),
`section` (section id or null), `path` (the file), `line`, `column` (1-based or null),
`field` (where in the catalog, e.g. "entries[3].url", or null), `fixable` (bool),
`fix` (null or {"field", "value"}). New keys may be added; existing ones keep their meaning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Optional, Sequence

from ..errors import format_location
from ..text import plural
from .model import Finding

if TYPE_CHECKING:
    from typing import TypedDict

    from .model import FixValue

    class FixData(TypedDict):
        field: str
        value: FixValue

    class FindingData(TypedDict):
        """One finding of `papercat lint --format json`."""

        code: str
        name: str
        severity: str
        message: str
        entry: Optional[str]
        section: Optional[str]
        path: str
        line: Optional[int]
        column: Optional[int]
        field: Optional[str]
        fixable: bool
        fix: Optional[FixData]


FORMATS = ("text", "concise", "json", "github", "sarif")
FIX_MARK = "[*]"

Segment = tuple[str, str]  # (text, style name: location, error, warning, code, subject, message, fixable, summary, plain)


@dataclass(frozen=True)
class Counts:
    """What was not reported, for the summary line."""

    silenced: int = 0
    baselined: int = 0


def location(finding: Finding) -> str:
    return format_location(finding.path, finding.line, finding.column)


def _label(finding: Finding) -> str:
    return f"[{finding.subject}] " if finding.entry or finding.section else ""


def summary(findings: Sequence[Finding], counts: Counts = Counts()) -> str:
    """`Found 3 problems (2 errors, 1 warning); 2 fixable with `papercat lint --fix`.`"""
    notes = []
    if counts.silenced:
        notes.append(f"{counts.silenced} silenced by noqa")
    if counts.baselined:
        notes.append(f"{counts.baselined} in the baseline")
    tail = f" ({', '.join(notes)})" if notes else ""
    if not findings:
        return f"All checks passed{tail}."
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    fixable = sum(1 for f in findings if f.fixable)
    text = f"Found {plural(len(findings), 'problem')} ({plural(errors, 'error')}, {plural(warnings, 'warning')})"
    if fixable:
        text += f"; {fixable} fixable with `papercat lint --fix`"
    return text + tail + "."


def format_concise(findings: Iterable[Finding], counts: Counts = Counts()) -> str:
    """One line per finding: `catalog.yaml:12:5: PC201 [entry-id] message [*]`, then the summary."""
    findings = list(findings)
    lines = [f"{location(f)}: {f.code} {_label(f)}{f.message}{' ' + FIX_MARK if f.fixable else ''}" for f in findings]
    lines.append(summary(findings, counts))
    return "\n".join(lines) + "\n"


def text_segments(findings: Iterable[Finding], counts: Counts = Counts()) -> list[list[Segment]]:
    """The text format as lines of styled segments: findings grouped by what they are about."""
    findings = list(findings)
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.subject, []).append(finding)
    lines: list[list[Segment]] = []
    for subject, members in groups.items():
        lines.append([(subject, "subject")])
        for f in members:
            line: list[Segment] = [
                ("  ", "plain"),
                (location(f), "location"),
                ("  ", "plain"),
                (f.code, "code"),
                (" ", "plain"),
                (f"{f.severity:<7}", f.severity),
                (" ", "plain"),
                (f.message, "message"),
            ]
            if f.fixable:
                line += [(" ", "plain"), (FIX_MARK, "fixable")]
            lines.append(line)
        lines.append([])
    lines.append([(summary(findings, counts), "summary")])
    return lines


def format_text(findings: Iterable[Finding], counts: Counts = Counts()) -> str:
    return "".join("".join(text for text, _ in line) + "\n" for line in text_segments(findings, counts))


def finding_to_data(finding: Finding) -> FindingData:
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity,
        "message": finding.message,
        "entry": finding.entry,
        "section": finding.section,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "field": finding.field,
        "fixable": finding.fixable,
        "fix": {"field": finding.fix.field, "value": finding.fix.value} if finding.fix else None,
    }


def format_json(findings: Iterable[Finding]) -> str:
    return json.dumps([finding_to_data(f) for f in findings], indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escaping: https://github.com/actions/toolkit (core/src/command.ts)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(findings: Iterable[Finding]) -> str:
    """`::error file=catalog.yaml,line=12,col=5,title=PC201::[entry] message`: annotations on a pull request."""
    lines = []
    for f in findings:
        level = "error" if f.severity == "error" else "warning"
        properties = [f"file={_escape_property(f.path)}"]
        if f.line is not None:
            properties.append(f"line={f.line}")
            if f.column is not None:
                properties.append(f"col={f.column}")
        properties.append(f"title={_escape_property(f.code)}")
        lines.append(f"::{level} {','.join(properties)}::{_escape_data(_label(f) + f.message)}")
    return "".join(line + "\n" for line in lines)


def format_findings(findings: Iterable[Finding], output_format: str, counts: Optional[Counts] = None) -> str:
    counts = counts or Counts()
    if output_format == "text":
        return format_text(findings, counts)
    if output_format == "concise":
        return format_concise(findings, counts)
    if output_format == "json":
        return format_json(findings)
    if output_format == "github":
        return format_github(findings)
    if output_format == "sarif":
        from .sarif import format_sarif

        return format_sarif(findings)
    raise ValueError(f"unknown format {output_format!r}; expected one of {', '.join(FORMATS)}")
