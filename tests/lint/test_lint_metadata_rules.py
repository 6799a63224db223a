from __future__ import annotations

import pytest
from lint_helpers import make_entry

from papercat.lint.rules.identifiers import arxiv_id_year


@pytest.mark.parametrize(("venue", "fixed"), [("arxiv", "arXiv"), ("NIPS", "NeurIPS"), ("github", "GitHub"), ("nips Workshop", "NeurIPS Workshop")])
def test_non_canonical_venue_spellings_are_fixed(lint_entries, venue, fixed):
    (finding,) = lint_entries(make_entry("a", venue=venue), select=["PC301"])
    assert finding.fix.value == fixed


@pytest.mark.parametrize("venue", ["arXiv", "NeurIPS", "PNAS", "ACL Anthology", "xAI", "Findings of EMNLP"])
def test_canonical_and_unknown_venues_pass(lint_entries, venue):
    assert lint_entries(make_entry("a", venue=venue), select=["PC301"]) == []


def test_venue_map_is_configurable_and_a_default_can_be_switched_off(lint_entries):
    settings = {"venues": {"xai": "XAI", "arxiv": ""}}
    findings = lint_entries(make_entry("a", venue="xAI"), make_entry("b", venue="arxiv"), select=["PC301"], settings=settings)
    assert [(f.entry, f.fix.value) for f in findings] == [("a", "XAI")]


@pytest.mark.parametrize(("arxiv_id", "year"), [("2407.07053", 2024), ("0704.0001", 2007), ("hep-th/9901001", 1999), ("math/0309136", 2003)])
def test_arxiv_id_year_reads_the_yymm_prefix(arxiv_id, year):
    assert arxiv_id_year(arxiv_id) == year


def test_year_before_the_arxiv_id_is_an_error_fixed_only_for_arxiv_venue(lint_entries):
    # "Multimodal Self-Instruct" is 2407.07053 but listed as "arxiv 2023".
    on_arxiv = make_entry("mm", arxiv="2407.07053", venue="arXiv", year=2023)
    at_venue = make_entry("conf", arxiv="2407.07053", venue="EMNLP", year=2023)
    findings = lint_entries(on_arxiv, at_venue, select=["PC302", "PC303"])
    assert [(f.code, f.entry, f.fixable) for f in findings] == [("PC302", "mm", True), ("PC302", "conf", False)]
    assert findings[0].fix.value == 2024
    assert findings[0].severity == "error"


def test_later_year_is_fine_for_a_venue_but_not_for_arxiv(lint_entries):
    # "Self-Instruct" 2212.10560 listed as "arxiv 2023": the preprint is from 2022.
    on_arxiv = make_entry("self-instruct", url="https://arxiv.org/abs/2212.10560", venue="arxiv", year=2023)
    published = make_entry("acl", arxiv="2212.10560", venue="ACL", year=2023)
    findings = lint_entries(on_arxiv, published, select=["PC302", "PC303"])
    assert [(f.code, f.entry) for f in findings] == [("PC303", "self-instruct")]
    assert findings[0].fix.value == 2022


def test_year_matching_the_id_passes(lint_entries):
    # "Genixer" 2312.06731, arxiv 2023: fine.
    entry = make_entry("genixer", arxiv="2312.06731", venue="arxiv", year=2023)
    assert lint_entries(entry, select=["PC302", "PC303"]) == []
