"""What the papercat GitHub Action (action.yml) runs once papercat is installed.

It lints the catalog (annotations on the pull request through `--format github`), checks that
the README is what `papercat render` writes, and writes a job summary: a table of the findings
and the README diff. Standard library only; papercat is run as `python -m papercat` with the
interpreter running this script (the action's own virtual environment).

Inputs come from the environment, as the action passes them (never through the shell):
INPUT_CATALOG (default catalog.yaml), INPUT_README (default README.md), INPUT_STRICT
(true/false). GitHub's GITHUB_STEP_SUMMARY and GITHUB_OUTPUT name the files to append to;
without them (a local run) the summary goes to stdout. Outputs: findings, errors, warnings,
readme-up-to-date. Exit 1 when lint fails (errors, or warnings with strict) or the README is
stale; 2 when the catalog cannot be read at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional, Sequence

MAX_TABLE_ROWS = 200
MAX_DIFF_LINES = 400
TRUE_WORDS = ("true", "yes", "1", "on")


@dataclass(frozen=True)
class Inputs:
    catalog: str = "catalog.yaml"
    readme: str = "README.md"
    strict: bool = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> "Inputs":
        return cls(
            catalog=environ.get("INPUT_CATALOG", "").strip() or "catalog.yaml",
            readme=environ.get("INPUT_README", "").strip() or "README.md",
            strict=environ.get("INPUT_STRICT", "").strip().lower() in TRUE_WORDS,
        )


@dataclass
class Outcome:
    lint_code: int = 0
    findings: list[dict] = field(default_factory=list)
    lint_stderr: str = ""
    render_code: int = 0
    diff: str = ""
    render_message: str = ""

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.get("severity") == "error")

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def readme_up_to_date(self) -> bool:
        return self.render_code == 0

    @property
    def exit_code(self) -> int:
        if self.lint_code >= 2 or self.render_code >= 2:
            return 2
        return 1 if self.lint_code or self.render_code else 0


def papercat(*args: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "papercat", *args], capture_output=True, text=True, env=environment)


def lint_arguments(inputs: Inputs, output_format: str) -> list[str]:
    arguments = ["lint", "--catalog", inputs.catalog, "--format", output_format]
    if Path(inputs.readme).exists():
        arguments += ["--readme", inputs.readme]
    if inputs.strict:
        arguments.append("--strict")
    return arguments


def run_checks(inputs: Inputs) -> Outcome:
    outcome = Outcome()
    annotations = papercat(*lint_arguments(inputs, "github"))
    sys.stdout.write(annotations.stdout)  # the runner turns these lines into annotations
    sys.stdout.flush()
    report = papercat(*lint_arguments(inputs, "json"))
    outcome.lint_code = report.returncode
    outcome.lint_stderr = report.stderr.strip()
    try:
        outcome.findings = json.loads(report.stdout or "[]")
    except json.JSONDecodeError:
        outcome.lint_code = max(outcome.lint_code, 2)
        outcome.lint_stderr = (outcome.lint_stderr + "\n" + report.stdout).strip()
    rendered = papercat("render", "--catalog", inputs.catalog, "--check", inputs.readme)
    outcome.render_code = rendered.returncode
    outcome.diff = rendered.stdout
    outcome.render_message = rendered.stderr.strip()
    return outcome


def cell(text: object) -> str:
    """Text that stays inside one markdown table cell."""
    value = "" if text is None else str(text)
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ").replace("<", "&lt;")


def location(finding: dict) -> str:
    where = str(finding.get("path") or "")
    if finding.get("line"):
        where += f":{finding['line']}"
        if finding.get("column"):
            where += f":{finding['column']}"
    return where


def findings_table(findings: Sequence[dict]) -> list[str]:
    lines = ["| Severity | Rule | Where | Entry | Message |", "| --- | --- | --- | --- | --- |"]
    for finding in findings[:MAX_TABLE_ROWS]:
        subject = finding.get("entry") or (f"section {finding['section']}" if finding.get("section") else "")
        rule = f"{finding.get('code', '')} {finding.get('name', '')}".strip()
        lines.append(f"| {cell(finding.get('severity'))} | {cell(rule)} | `{cell(location(finding))}` | {cell(subject)} | {cell(finding.get('message'))} |")
    if len(findings) > MAX_TABLE_ROWS:
        lines.append(f"\n... and {len(findings) - MAX_TABLE_ROWS} more: run `papercat lint` locally for all of them.")
    return lines


def fenced(text: str, language: str = "") -> list[str]:
    fence = "```"
    while fence in text:
        fence += "`"
    return [f"{fence}{language}", text.rstrip("\n"), fence]


def summary_markdown(inputs: Inputs, outcome: Outcome) -> str:
    verdict = "passed" if outcome.exit_code == 0 else "failed"
    lines = [f"## papercat: {verdict}", ""]
    lines.append(
        f"`{cell(inputs.catalog)}`: {outcome.errors} error(s), {outcome.warnings} warning(s)" + (" (strict: warnings fail too)" if inputs.strict else "") + "."
    )
    lines.append("")
    if outcome.findings:
        lines += ["### Findings", "", *findings_table(outcome.findings), ""]
    elif outcome.lint_code >= 2 and outcome.lint_stderr:
        lines += ["### Lint could not run", "", *fenced(outcome.lint_stderr), ""]
    lines.append(f"### `{cell(inputs.readme)}`")
    lines.append("")
    if outcome.readme_up_to_date:
        lines.append("Up to date: it is what `papercat render` writes from the catalog.")
    elif outcome.diff:
        diff_lines = outcome.diff.splitlines()
        shown = "\n".join(diff_lines[:MAX_DIFF_LINES])
        lines.append(
            f"Not what `papercat render` writes. Update it with `papercat render --catalog {inputs.catalog} -o {inputs.readme}` "
            "(or, for a contributor's hand edit, bring the edit into the catalog first). The difference:"
        )
        lines += ["", *fenced(shown, "diff")]
        if len(diff_lines) > MAX_DIFF_LINES:
            lines.append(f"... {len(diff_lines) - MAX_DIFF_LINES} more diff lines.")
    else:
        lines += [outcome.render_message or "render --check failed."]
    return "\n".join(lines) + "\n"


def write_outputs(outcome: Outcome, environ: Mapping[str, str]) -> None:
    target = environ.get("GITHUB_OUTPUT")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as stream:
        stream.write(f"findings={len(outcome.findings)}\n")
        stream.write(f"errors={outcome.errors}\n")
        stream.write(f"warnings={outcome.warnings}\n")
        stream.write(f"readme-up-to-date={'true' if outcome.readme_up_to_date else 'false'}\n")


def write_summary(text: str, environ: Mapping[str, str]) -> None:
    target = environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as stream:
            stream.write(text)
    else:
        sys.stdout.write(text)


def main(environ: Optional[Mapping[str, str]] = None) -> int:
    environ = os.environ if environ is None else environ
    inputs = Inputs.from_environment(environ)
    outcome = run_checks(inputs)
    write_summary(summary_markdown(inputs, outcome), environ)
    write_outputs(outcome, environ)
    for message in (outcome.lint_stderr if outcome.lint_code >= 2 else "", outcome.render_message if outcome.render_code else ""):
        if message:
            sys.stderr.write(message + "\n")
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main())
