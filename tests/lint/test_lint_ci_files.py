"""The CI files other lists copy, and the library's promise not to import the terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[2]


def test_pre_commit_hook_runs_lint_once_for_catalog_or_readme_changes():
    (hook,) = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "papercat-lint"
    assert hook["entry"] == "papercat lint"
    assert hook["files"] == r"catalog\.yaml|README\.md"
    assert hook["pass_filenames"] is False


def test_workflow_lints_with_annotations_and_checks_the_readme():
    workflow = YAML(typ="safe").load((REPO / ".github" / "workflows" / "lint-list.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["lint-list"]["steps"]
    assert any(step.get("with", {}).get("python-version") == "3.11" for step in steps)
    commands = "\n".join(step.get("run", "") for step in steps)
    assert "pip install ." in commands
    assert "papercat lint --strict --format github" in commands
    assert "papercat dedupe" in commands
    assert "papercat render --check README.md" in commands


def test_lint_and_report_never_import_typer_or_rich():
    code = "import sys, papercat.lint, papercat.lint.report, papercat.lint.docs; print(sorted(m for m in ('typer', 'rich') if m in sys.modules))"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert completed.stdout.strip() == "[]"
