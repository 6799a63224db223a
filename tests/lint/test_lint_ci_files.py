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
    code = "import sys, papercat.lint, papercat.lint.report, papercat.lint.docs; print(sorted(m for m in ('typer', 'rich') if m in sys.modules))"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert completed.stdout.strip() == "[]"


def _pre_commit() -> str:
    import shutil

    found = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert found, "pre-commit is part of the test extra"
    return found


def test_pre_commit_accepts_the_hooks_manifest_and_the_documented_config(tmp_path):
    import re

    manifest = subprocess.run([_pre_commit(), "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")], capture_output=True, text=True, timeout=120)
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    docs = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    configs = [block for block in re.findall(r"```yaml\n(.*?)```", docs, flags=re.DOTALL) if block.startswith("repos:")]
    assert configs and "rev: v0.2.0" in configs[0]
    for number, config in enumerate(configs):
        path = tmp_path / f"config-{number}.yaml"
        path.write_text(config, encoding="utf-8")
        checked = subprocess.run([_pre_commit(), "validate-config", str(path)], capture_output=True, text=True, timeout=120)
        assert checked.returncode == 0, checked.stdout + checked.stderr
