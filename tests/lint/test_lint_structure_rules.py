from __future__ import annotations

import pytest
from lint_helpers import make_catalog, make_entry, run_lint

from papercat.catalog import Section


def test_unknown_section_fires_for_an_entry_in_a_missing_section():
    catalog = make_catalog(make_entry("a", sections=["papers", "fine-tunning"]))
    (finding,) = run_lint(catalog, select=["PC101"])
    assert finding.entry == "a"
    assert "'fine-tunning' does not exist" in finding.message
    assert finding.field == "entries[0].sections[1]"


def test_unknown_section_is_silent_when_every_section_exists():
    assert run_lint(make_catalog(make_entry("a")), select=["PC101"]) == []


def test_entry_without_section_fires_and_names_the_entry():
    catalog = make_catalog(make_entry("a"), make_entry("orphan", sections=[]))
    (finding,) = run_lint(catalog, select=["entry-without-section"])
    assert (finding.code, finding.entry) == ("PC102", "orphan")


def test_empty_section_is_a_warning_for_leaves_and_parents_without_entries():
    sections = [
        Section(id="applications", title="Applications", children=[Section(id="pretraining", title="Pretraining"), Section(id="prompt", title="Prompt")]),
        Section(id="dataset", title="Dataset", children=[Section(id="examples", title="Examples")]),
    ]
    catalog = make_catalog(make_entry("a", sections=["pretraining"]), sections=sections)
    findings = run_lint(catalog, select=["PC103"])
    assert [f.section for f in findings] == ["prompt", "dataset", "examples"]
    assert {f.severity for f in findings} == {"warning"}


def test_empty_section_can_be_switched_off_in_the_settings():
    catalog = make_catalog(sections=[Section(id="prompt", title="Prompt")])
    assert run_lint(catalog, settings={"empty-sections": False}) == []


@pytest.mark.parametrize("style", ["note", "hide"])
def test_empty_section_is_not_reported_once_the_catalog_chose_how_empty_sections_show(style):
    catalog = make_catalog(make_entry("a", sections=["papers"]), sections=[Section(id="papers", title="Papers"), Section(id="prompt", title="Prompt")])
    assert [f.section for f in run_lint(catalog, select=["PC103"])] == ["prompt"]
    catalog.settings.empty_sections = style
    assert run_lint(catalog, select=["PC103"]) == []


def test_noqa_without_reason_fires_and_a_reason_silences_it():
    catalog = make_catalog(
        make_entry("bare", venue="arxiv", noqa={"PC301": ""}),
        make_entry("explained", venue="arxiv", noqa={"PC301": "the list keeps the lower-case spelling"}),
    )
    findings = run_lint(catalog, select=["PC104", "PC301"])
    assert [(f.code, f.entry) for f in findings] == [("PC104", "bare")]


def test_noqa_naming_an_unknown_rule_is_reported():
    catalog = make_catalog(make_entry("a", noqa={"PC3O1": "typo in the code", "title-markup": "by name is fine"}))
    (finding,) = run_lint(catalog, select=["PC105"])
    assert "'PC3O1'" in finding.message


def test_a_noqa_cannot_silence_the_findings_about_noqa_itself():
    catalog = make_catalog(make_entry("a", noqa={"PC104": "", "noqa-unknown-rule": "hide it", "PC9": "no such rule"}))
    findings = run_lint(catalog, select=["PC104", "PC105"])
    assert [(f.code, f.entry) for f in findings] == [("PC104", "a"), ("PC105", "a")]
