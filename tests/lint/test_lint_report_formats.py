"""Each output format against a stored snapshot of the same findings (tests/lint/snapshots/).

To accept a deliberate format change: PAPERCAT_UPDATE_SNAPSHOTS=1 pytest tests/lint, then
review the diff of the snapshot files like any other change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from papercat import store
from papercat.lint import LintConfig, LintContext, lint_catalog
from papercat.lint.report import Counts, format_findings

SNAPSHOTS = Path(__file__).parent / "snapshots"


@pytest.fixture
def findings():
    document = store.load_text((SNAPSHOTS / "catalog.yaml").read_text(encoding="utf-8"), path="catalog.yaml")
    return lint_catalog(document.catalog, LintContext(config=LintConfig(), catalog_name="catalog.yaml", locate=document.locate)).findings


def check_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("PAPERCAT_UPDATE_SNAPSHOTS"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("output_format", ["text", "concise", "json", "github"])
def test_format_matches_its_snapshot(findings, output_format):
    check_snapshot(f"findings.{output_format}", format_findings(findings, output_format, Counts(silenced=1)))


def test_concise_lines_carry_location_code_entry_message_and_fix_mark(findings):
    first = format_findings(findings, "concise").splitlines()[0]
    assert first == "catalog.yaml:7:5: PC103 [section planned] section 'planned' (Planned) has no entries"
    assert (
        "catalog.yaml:12:5: PC201 [wizardcoder] url 'arXiv:2306.08568' is not an absolute http(s) URL; use https://arxiv.org/abs/2306.08568 [*]"
        in format_findings(findings, "concise")
    )


def test_json_is_sorted_by_line_column_code_and_has_the_documented_keys(findings):
    data = json.loads(format_findings(findings, "json"))
    assert [(d["line"], d["column"], d["code"]) for d in data] == sorted((d["line"], d["column"], d["code"]) for d in data)
    assert set(data[0]) >= {"code", "name", "severity", "message", "entry", "path", "line", "column", "fixable"}


def test_github_format_is_one_workflow_command_per_finding_with_warnings_as_warning(findings):
    lines = format_findings(findings, "github").splitlines()
    assert len(lines) == len(findings)
    assert lines[0].startswith("::warning file=catalog.yaml,line=7,col=5,title=PC103::")
    assert lines[2].startswith("::error file=catalog.yaml,line=12,col=5,title=PC201::[wizardcoder] url 'arXiv:2306.08568'")


def test_github_format_escapes_newlines_and_percent_signs():
    from papercat.lint.model import Finding

    finding = Finding("PC305", "title-markup", "error", "100% bad\nreally", "dir,1/catalog.yaml", 3, 4)
    assert format_findings([finding], "github") == "::error file=dir%2C1/catalog.yaml,line=3,col=4,title=PC305::100%25 bad%0Areally\n"


def test_a_clean_catalog_reports_all_checks_passed():
    assert format_findings([], "concise") == "All checks passed.\n"
    assert format_findings([], "json") == "[]\n"
    assert format_findings([], "github") == ""
