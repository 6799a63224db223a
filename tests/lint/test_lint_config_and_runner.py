"""Configuration layering, rule selection, noqa, baselines, fixes and the generated rules doc."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lint_helpers import make_catalog, make_entry, run_lint

from papercat import store
from papercat.errors import CatalogError, UsageError
from papercat.lint import ALL_RULES, LintConfig, Selection, lint_document
from papercat.lint.baseline import baseline_text, read_baseline, split_by_baseline
from papercat.lint.config import enabled_rules, load_config
from papercat.lint.context import LintContext
from papercat.lint.docs import rules_markdown
from papercat.lint.fixes import fix_until_stable
from papercat.lint.runner import lint_catalog

REPO = Path(__file__).resolve().parents[2]

CATALOG = """\
version: 1
title: A list
settings:
  lint:
    ignore: [PC103]
sections:
  - id: papers
    title: Papers
  - id: planned
    title: Planned
entries:
  - id: wizardcoder
    title: WizardCoder
    url: "arXiv:2306.08568"
    arxiv: "2306.08568"
    venue: arxiv
    year: 2023
    sections: [papers]
"""


def codes(findings):
    return [f.code for f in findings]


def test_every_rule_has_a_unique_code_a_kebab_name_and_a_rationale():
    assert len({r.code for r in ALL_RULES}) == len(ALL_RULES)
    assert [r.code for r in ALL_RULES] == sorted(r.code for r in ALL_RULES)
    for rule in ALL_RULES:
        assert rule.name == rule.name.lower() and " " not in rule.name
        assert rule.summary and rule.rationale, rule.code


def test_docs_rules_md_is_the_generated_file():
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown()


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (["PC2"], [], {"PC201", "PC202", "PC203", "PC204", "PC205", "PC206", "PC207", "PC208"}),
        (["PC2"], ["PC204", "arxiv-field-missing"], {"PC201", "PC202", "PC203", "PC206", "PC207", "PC208"}),
        (["title-markup", "PC501"], [], {"PC305", "PC501"}),
        (["ALL"], ["PC1", "PC2", "PC3", "PC4"], {"PC501"}),
    ],
)
def test_select_and_ignore_accept_codes_prefixes_and_names(select, ignore, expected):
    rules = enabled_rules(LintConfig(select=tuple(select), ignore=tuple(ignore)), ALL_RULES)
    assert {r.code for r in rules} == expected


def test_an_unknown_rule_selector_is_a_usage_error_with_a_hint():
    with pytest.raises(UsageError, match="unknown rule 'PC9999'"):
        enabled_rules(LintConfig(select=("PC9999",)), ALL_RULES)
    with pytest.raises(UsageError, match="did you mean 'title-markup'"):
        enabled_rules(LintConfig(ignore=("title-markp",)), ALL_RULES)


def test_a_severity_override_for_an_unknown_rule_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown rule 'PC30'"):
        enabled_rules(LintConfig(severity={"PC30": "error"}), ALL_RULES)


def test_pyproject_settings_apply_and_the_catalog_settings_override_them(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.papercat.lint]\nignore = ["PC204"]\nseverity = {PC301 = "error"}\n', encoding="utf-8")
    config = load_config({"severity": {"PC301": "warning", "PC103": "error"}}, tmp_path / "catalog.yaml")
    assert config.ignore == ("PC204",)
    assert config.severity == {"PC301": "warning", "PC103": "error"}


def test_severity_override_changes_the_reported_severity():
    findings = run_lint(make_catalog(make_entry("a", venue="arxiv")), select=["PC301"], settings={"severity": {"PC301": "error"}})
    assert [f.severity for f in findings] == ["error"]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"selct": ["PC1"]}, "unknown lint setting 'selct' (did you mean 'select'?)"),
        ({"severity": {"PC301": "fatal"}}, "must be 'error' or 'warning'"),
        ({"empty-sections": "no"}, "must be true or false"),
    ],
)
def test_bad_settings_are_reported_with_the_setting_named(settings, message):
    with pytest.raises(CatalogError, match=re.escape(message)):
        load_config(settings, Path("catalog.yaml"))


def test_noqa_with_a_reason_silences_only_its_rule_on_its_entry():
    silenced = make_entry("a", url="arXiv:2306.08568", venue="arxiv", noqa={"PC301": "kept as written in the paper"})
    other = make_entry("b", venue="arxiv")
    catalog = make_catalog(silenced, other)
    result = lint_catalog(catalog, LintContext(config=LintConfig(select=("PC201", "PC301"))))
    assert [(f.code, f.entry) for f in result.findings] == [("PC201", "a"), ("PC301", "b")]
    assert [(f.code, f.entry) for f in result.silenced] == [("PC301", "a")]


def test_findings_point_at_the_line_and_column_of_the_field(tmp_path):
    document = store.load_text(CATALOG, path=tmp_path / "catalog.yaml")
    result = lint_document(document)
    assert [(f.code, f.line, f.column) for f in result.findings] == [("PC201", 14, 5), ("PC301", 16, 5)]


def test_catalog_settings_ignore_is_honoured_and_select_on_the_command_line_replaces_select(tmp_path):
    document = store.load_text(CATALOG, path=tmp_path / "catalog.yaml")
    assert "PC103" not in codes(lint_document(document).findings)
    assert codes(lint_document(document, Selection(select=("PC3",))).findings) == ["PC301"]


def test_baseline_hides_known_findings_and_reports_new_ones(tmp_path):
    catalog = make_catalog(make_entry("a", venue="arxiv"), make_entry("b", venue="NIPS"))
    findings = run_lint(catalog, select=["PC301"])
    baseline = tmp_path / "baseline.json"
    baseline.write_text(baseline_text(findings[:1]), encoding="utf-8")
    new, known = split_by_baseline(findings, read_baseline(baseline))
    assert [f.entry for f in new] == ["b"]
    assert [f.entry for f in known] == ["a"]
    assert json.loads(baseline.read_text())["findings"] == [{"code": "PC301", "entry": "a"}]


def test_a_malformed_baseline_is_a_usage_error(tmp_path):
    bad = tmp_path / "baseline.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(UsageError, match="not a papercat baseline"):
        read_baseline(bad)
    with pytest.raises(UsageError, match="no such baseline file"):
        read_baseline(tmp_path / "missing.json")


def test_fixes_are_applied_until_stable_including_fixes_that_enable_others():
    # The trailing dot hides nothing here, but the pdf URL must become canonical and
    # the year must follow the id: several rules, one entry, applied together.
    entry = make_entry("mm", url="https://arxiv.org/pdf/2407.07053v2.", venue="arxiv", year=2023)
    catalog = make_catalog(entry)
    config = LintConfig()
    applied = fix_until_stable(catalog, lambda c: lint_catalog(c, LintContext(config=config)).findings)
    assert (entry.url, entry.venue, entry.year, entry.arxiv) == ("https://arxiv.org/abs/2407.07053", "arXiv", 2024, "2407.07053")
    assert {a.code for a in applied} >= {"PC203", "PC301", "PC302", "PC205"}
    assert lint_catalog(catalog, LintContext(config=config)).findings == []
