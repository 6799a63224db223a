"""`papercat lint`: check the catalog (and README.md) against papercat's rules; fix what is safe."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence, cast

import typer

from ..errors import UsageError
from .context import colour_console, options, print_diff

if TYPE_CHECKING:
    from ..lint import FixOutcome
    from ..lint.model import Finding
    from ..lint.report import Counts
    from ..store import Update

EXAMPLES = """\
Examples:

  papercat lint                             # every rule; exit 1 on errors

  papercat lint --fix                       # apply safe fixes in one minimal-diff write

  papercat lint --fix --diff                # show what --fix would change; write nothing

  papercat lint --format github             # annotations on a pull request (the default when GITHUB_ACTIONS=true)

  papercat lint --format sarif > papercat.sarif   # SARIF 2.1.0 for GitHub code scanning

  papercat lint --select PC2,PC301 --ignore PC204

  papercat lint --baseline lint-baseline.json   # report only findings not in the baseline

  papercat lint --list-rules

Exit codes: 0 clean (warnings allowed unless --strict), 1 findings, 2 the catalog
could not be read or the command was misused. Rules: docs/rules.md.
"""

# Colours for the text format's segment styles (see papercat.lint.report.text_segments).
STYLES = {
    "subject": "bold",
    "location": "cyan",
    "code": "bold",
    "error": "red",
    "warning": "yellow",
    "fixable": "green",
    "summary": "bold",
}


def register(app: typer.Typer) -> None:
    @app.command("lint", help="Check catalog.yaml (and README.md) for problems; --fix repairs the safe ones.", epilog=EXAMPLES)
    def lint_command(
        ctx: typer.Context,
        fix: bool = typer.Option(False, "--fix", help="Apply every safe fix with one minimal-diff atomic write, then report what is left."),
        diff: bool = typer.Option(False, "--diff", help="With --fix: print the diff the fixes would make and write nothing."),
        output_format: Optional[str] = typer.Option(
            None,
            "--format",
            help="Output: text, concise, json, github (annotations) or sarif (code scanning). Default: github when GITHUB_ACTIONS=true, else text.",
            metavar="FORMAT",
        ),
        select: Optional[list[str]] = typer.Option(None, "--select", help="Only these rules (codes, prefixes like PC2, names); comma-separated or repeated."),
        ignore: Optional[list[str]] = typer.Option(None, "--ignore", help="Skip these rules, in addition to the configured ignore list."),
        strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
        baseline: Optional[Path] = typer.Option(None, "--baseline", help="JSON file of known findings not to report.", metavar="FILE"),
        write_baseline: Optional[Path] = typer.Option(
            None, "--write-baseline", help="Write the current findings to FILE as a baseline and exit 0.", metavar="FILE"
        ),
        readme: Optional[Path] = typer.Option(
            None, "--readme", help="The README to compare with the rendered catalog (default: README.md beside the catalog, if present).", metavar="PATH"
        ),
        list_rules: bool = typer.Option(False, "--list-rules", help="List every rule with its code, severity and summary, and exit."),
    ) -> None:
        from ..commands.lint import LintRequest, lint_files
        from ..lint.report import FORMATS
        from ..workspace import Workspace

        if list_rules:
            sys.stdout.write(rules_table())
            return
        output_format = output_format or default_format()
        if output_format not in FORMATS:
            raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not '{output_format}'")
        catalog_path = options(ctx).catalog_path
        request = LintRequest(
            fix=fix,
            diff=diff,
            select=tuple(select) if select else None,
            ignore=tuple(ignore or ()),
            readme=readme,
            strict=strict,
            baseline=baseline,
            write_baseline=write_baseline,
        )
        outcome = lint_files(Workspace.at(catalog_path), request, on_fixes=lambda fixes: report_fixes(fixes, output_format, catalog_path, diff))
        if outcome.unreadable:
            emit(outcome.findings, output_format)
            raise typer.Exit(outcome.exit_code)
        if outcome.baseline_written is not None:
            sys.stderr.write(f"papercat: wrote {len(outcome.findings)} findings to the baseline {outcome.baseline_written}\n")
            return
        emit(outcome.findings, output_format, outcome.counts, colour=True)
        if outcome.exit_code:
            raise typer.Exit(outcome.exit_code)


def default_format() -> str:
    """As ruff does: inside GitHub Actions, findings become annotations unless --format says otherwise."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


_colour_console: Callable[[], Any] = colour_console  # a typed name for the console lookup: the report is typed, context.py not yet


def emit(findings: Sequence[Finding], output_format: str, counts: Optional[Counts] = None, *, colour: bool = False) -> None:
    """Print a report; with `colour`, the text format in colour when stdout is a terminal."""
    from ..lint.report import Counts, format_findings, text_segments

    console = _colour_console() if colour and output_format == "text" else None
    if console is None:
        sys.stdout.write(format_findings(findings, output_format, counts))
        sys.stdout.flush()
        return
    from rich.text import Text

    for line in text_segments(findings, counts or Counts()):
        console.print(Text.assemble(*[(part, STYLES.get(style, "")) for part, style in line]))


def report_fixes(outcome: FixOutcome, output_format: str, catalog_path: Path, diff: bool) -> None:
    """What --fix changed (or would change): on stdout for people, on stderr for machine formats."""
    from ..lint import summarize_fixes

    stream = sys.stdout if output_format in ("text", "concise") else sys.stderr
    changes = summarize_fixes(outcome.applied)
    if diff:
        planned = cast("Update[Any]", outcome.update).diff()
        if output_format in ("text", "concise"):
            print_diff(planned)
        else:
            sys.stderr.write(planned)
        verb = "Would fix"
    else:
        verb = "Fixed"
    if not changes:
        stream.write("No safe fixes to apply.\n")
    else:
        stream.write(f"{verb} {len(changes)} field{'s' if len(changes) != 1 else ''} in {catalog_path}:\n")
        for change in changes:
            stream.write(f"  {change.describe()}\n")
    stream.flush()


def rules_table() -> str:
    from ..lint import ALL_RULES

    lines = []
    for rule in ALL_RULES:
        fixable = "fix" if rule.fixable else "   "
        lines.append(f"{rule.code}  {rule.name:<28} {rule.severity:<8} {fixable}  {rule.summary}")
    return "\n".join(lines) + "\n"
