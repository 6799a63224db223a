"""The CI files other lists copy, and the library's promise not to import the terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[2]


def test_pre_commit_hooks_lint_and_render_the_whole_list_once():
    hooks = {hook["id"]: hook for hook in YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"papercat-lint", "papercat-render"}
    assert hooks["papercat-lint"]["entry"] == "papercat lint"
    assert hooks["papercat-render"]["entry"] == "papercat render -o README.md"
    for hook in hooks.values():
        assert hook["files"] == r"^(catalog\.yaml|README\.md|pyproject\.toml)$"
        assert hook["pass_filenames"] is False and hook["language"] == "python"


def test_the_workflow_runs_ci_and_the_action_on_the_shipped_list():
    workflow = YAML(typ="safe").load((REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    commands = "\n".join(step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"])
    assert "bash .ci/run" in commands
    action_steps = [step for step in workflow["jobs"]["action"]["steps"] if step.get("uses", "").startswith("./")]
    assert action_steps and action_steps[0]["with"] == {"version": ".", "strict": True}


def test_lint_and_report_never_import_typer_or_rich():
    code = "import sys, papercat.lint, papercat.report, papercat.lint.docs; print(sorted(m for m in ('typer', 'rich') if m in sys.modules))"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert completed.stdout.strip() == "[]"
