"""The GitHub Action (action.yml + scripts/github_action.py) and this repository's workflows.

act is not available, so the action's logic is tested by running its script directly, the
way the composite step runs it, and action.yml is checked against the action metadata rules.
The workflows are checked for what zizmor and actionlint ask (pinned actions, no persisted
credentials) and, when zizmor is installed (a test extra), by zizmor itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "github_action.py"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")

CATALOG = """\
version: 1
title: Test list
sections:
  - id: pretraining
    title: Pretraining
entries:
  - id: tiny
    title: "TinyStories: How Small Can Language Models Be?"
    url: https://arxiv.org/abs/2305.07759
    arxiv: "2305.07759"
    venue: arXiv
    year: 2023
    sections: [pretraining]
"""


def _yaml(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


# --- action.yml against the metadata rules ---------------------------------------------


def test_action_metadata_follows_the_composite_action_rules():
    action = _yaml(ROOT / "action.yml")
    assert set(action) <= {"name", "author", "description", "inputs", "outputs", "runs", "branding"}
    assert action["name"] and action["description"]
    assert action["branding"]["icon"] and action["branding"]["color"] in {"white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark"}
    assert set(action["inputs"]) == {"catalog", "readme", "strict", "version", "python"}
    for name, spec in action["inputs"].items():
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", name)
        assert set(spec) <= {"description", "required", "default", "deprecationMessage"} and spec["description"]
    runs = action["runs"]
    assert runs["using"] == "composite"
    step_ids = [step.get("id") for step in runs["steps"]]
    for step in runs["steps"]:
        assert ("run" in step) != ("uses" in step)
        if "run" in step:
            assert step["shell"] == "bash", "a composite run step must name its shell"
            assert "${{" not in step["run"], "inputs reach the shell through env, never by template"
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    for used in re.findall(r"\$\{\{\s*inputs\.([\w-]+)", text):
        assert used in action["inputs"], used
    for step_id in re.findall(r"steps\.([\w-]+)\.outputs", text):
        assert step_id in step_ids, step_id
    for name, spec in action["outputs"].items():
        assert spec["description"] and spec["value"].startswith("${{ steps.")
    assert "$GITHUB_ACTION_PATH/scripts/github_action.py" in text and SCRIPT.exists()


def test_the_action_installs_the_release_the_docs_name():
    import papercat

    action = _yaml(ROOT / "action.yml")
    assert action["inputs"]["version"]["default"] == papercat.__version__
    assert f"papercat/papercat@v{papercat.__version__}" in (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")


# --- the action's script, run as the composite step runs it -----------------------------


def _run_action(tmp_path: Path, catalog: str = CATALOG, readme: str | None = None, **inputs: str):
    (tmp_path / "catalog.yaml").write_text(catalog, encoding="utf-8")
    if readme is None:
        readme = subprocess.run([sys.executable, "-m", "papercat", "render"], cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_"))}
    environment.update({"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output), "GITHUB_ACTIONS": "true"})
    environment.update({f"INPUT_{name.upper()}": value for name, value in inputs.items()})
    completed = subprocess.run([sys.executable, str(SCRIPT)], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines()) if output.exists() else {}
    return completed, summary.read_text(encoding="utf-8") if summary.exists() else "", outputs


def test_a_clean_list_passes_with_a_summary(tmp_path):
    completed, summary, outputs = _run_action(tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert summary.startswith("## papercat: passed\n")
    assert "Up to date" in summary
    assert outputs == {"findings": "0", "errors": "0", "warnings": "0", "readme-up-to-date": "true"}


def test_findings_become_annotations_and_a_table(tmp_path):
    broken = CATALOG.replace("url: https://arxiv.org/abs/2305.07759", "url: arXiv:2305.07759")
    completed, summary, outputs = _run_action(tmp_path, catalog=broken)
    assert completed.returncode == 1
    assert "::error file=catalog.yaml,line=" in completed.stdout and "title=PC201::" in completed.stdout
    assert "| Severity | Rule | Where | Entry | Message |" in summary
    assert re.search(r"\| error \| PC201 url-not-absolute \| `catalog\.yaml:\d+:\d+` \| tiny \| ", summary)
    assert outputs["errors"] == "1" and outputs["readme-up-to-date"] == "true"


def test_a_stale_readme_shows_its_diff_in_the_summary(tmp_path):
    completed, summary, outputs = _run_action(tmp_path, readme="# Test list\n\nedited by hand\n")
    assert completed.returncode == 1
    assert "```diff\n" in summary and "+edited by hand" not in summary and "-edited by hand" in summary
    assert "papercat render --catalog catalog.yaml -o README.md" in summary
    assert outputs["readme-up-to-date"] == "false"


def test_strict_fails_on_warnings(tmp_path):
    with_empty = CATALOG.replace("sections:\n  - id: pretraining", "sections:\n  - id: planned\n    title: Planned\n  - id: pretraining", 1)
    relaxed, _, outputs = _run_action(tmp_path, catalog=with_empty)
    assert relaxed.returncode == 0 and outputs["warnings"] == "1"
    strict, summary, _ = _run_action(tmp_path, catalog=with_empty, strict="true")
    assert strict.returncode == 1 and "strict: warnings fail too" in summary


def test_an_unreadable_catalog_exits_2_and_says_why(tmp_path):
    completed, summary, _ = _run_action(tmp_path, catalog="title: [unclosed\n", readme="# x\n")
    assert completed.returncode == 2
    assert "PC100" in summary
    assert "## papercat: failed" in summary


def test_catalog_and_readme_inputs_point_into_a_subfolder(tmp_path):
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    rendered = subprocess.run(
        [sys.executable, "-m", "papercat", "render", "--catalog", "lists/catalog.yaml"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    (lists / "README.md").write_text(rendered, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_"))}
    environment.update({"INPUT_CATALOG": "lists/catalog.yaml", "INPUT_README": "lists/README.md"})
    completed = subprocess.run([sys.executable, str(SCRIPT)], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "## papercat: passed" in completed.stdout  # no GITHUB_STEP_SUMMARY: the summary goes to stdout


# --- this repository's workflows -------------------------------------------------------


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflows_pin_actions_and_never_persist_credentials(workflow):
    data = _yaml(workflow)
    text = workflow.read_text(encoding="utf-8")
    assert "permissions" in data, "a workflow starts from explicit, minimal permissions"
    for job in data["jobs"].values():
        assert "timeout-minutes" in job
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses is None or uses.startswith("./"):
                continue
            assert PINNED.fullmatch(uses), f"{uses}: pin to a commit SHA"
            assert re.search(re.escape(uses) + r" # v\d", text), f"{uses}: say which release the SHA is"
            if uses.startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False


def test_zizmor_finds_nothing_in_the_workflows_and_the_action():
    executable = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    if executable is None:
        pytest.skip("zizmor is not installed (pip install zizmor)")
    completed = subprocess.run(
        [executable, "--offline", "--pedantic", ".github/workflows", "action.yml"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_every_yaml_snippet_in_docs_ci_parses_and_the_short_workflow_has_five_lines():
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
    assert blocks
    for block in blocks:
        YAML(typ="safe", pure=True).load(block)
    short = YAML(typ="safe", pure=True).load(blocks[0])
    assert len(blocks[0].strip().splitlines()) == 5
    assert [step["uses"] for step in short["jobs"]["papercat"]["steps"]][-1].startswith("papercat/papercat@v")
