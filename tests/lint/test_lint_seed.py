"""Lint on the seed list as imported, before any curation (tests/data/seed-README.md).

Every expectation below was checked by hand against the seed README's rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from papercat import store
from papercat.importer import import_readme
from papercat.lint import lint_document

SEED = Path(__file__).resolve().parents[1] / "data" / "seed-README.md"


@pytest.fixture(scope="module")
def seed_findings(tmp_path_factory):
    catalog = import_readme(SEED.read_text(encoding="utf-8")).catalog
    # In an empty folder: no README.md or metadata cache beside it to change the findings.
    document = store.load_text(store.dump_catalog(catalog), path=tmp_path_factory.mktemp("seed") / "catalog.yaml")
    return lint_document(document).findings


def found(findings, code):
    return {(f.entry or f.section) for f in findings if f.code == code}


def one(findings, code, entry):
    matches = [f for f in findings if f.code == code and f.entry == entry]
    assert len(matches) == 1, (code, entry, matches)
    return matches[0]


def test_the_malformed_wizardcoder_link_is_reported_and_fixable(seed_findings):
    finding = one(seed_findings, "PC201", "wizardcoder-empowering-code-large-2023")
    assert "arXiv:2306.08568" in finding.message
    assert finding.fix.value == "https://arxiv.org/abs/2306.08568"
    assert finding.line is not None


def test_the_trailing_dot_of_the_wizardlm_code_link_is_reported(seed_findings):
    finding = one(seed_findings, "PC203", "wizardcoder-empowering-code-large-2023")
    assert finding.fix.value == "https://github.com/nlpxucan/WizardLM"


def test_the_versioned_deepseek_prover_url_is_reported(seed_findings):
    finding = one(seed_findings, "PC204", "deepseek-prover-advancing-theorem-2024")
    assert "pins version v1" in finding.message


def test_year_mismatches_that_follow_from_the_arxiv_ids(seed_findings):
    # Multimodal Self-Instruct is 2407.07053 ("arxiv 2023"): impossible.
    assert one(seed_findings, "PC302", "multimodal-self-instruct-synthetic-2023").fix.value == 2024
    # Self-Instruct 2212.10560 and MetaMath 2309.12284 are listed on arXiv a year after their id.
    assert one(seed_findings, "PC303", "self-instruct-aligning-language-2023-1").fix.value == 2022
    assert one(seed_findings, "PC303", "metameth-bootstap-your-own-2024").fix.value == 2023
    # Genixer 2312.06731 as "arxiv 2023" is right.
    assert "genixer-empowering-multimodal-large-2023" not in found(seed_findings, "PC302") | found(seed_findings, "PC303")


def test_duplicate_groups_are_reported_on_the_later_copies(seed_findings):
    assert found(seed_findings, "PC401") == {
        "tinystories-how-small-can-2023-1",
        "textbooks-all-you-need-2023-2",
        "wizardcode-empowering-code-large-2023",
        "wizardmath-empowering-mathematical-reasoning-2023-1",
        "magicoder-source-code-all-2023",
        "star-bootstrapping-reasoning-reasoning-2022-1",
        "self-instruct-aligning-language-2023-1",
    }


def test_shared_arxiv_ids_of_different_papers_are_conflicts(seed_findings):
    conflicts = [f for f in seed_findings if f.code == "PC402"]
    keys = {f.message.split()[1] for f in conflicts}
    assert keys == {"arxiv:2307.08701", "arxiv:2210.04873"}  # TinyStories/AlpaGasus, Diversify/CORE
    assert "tinystories-how-small-can-2023" in found(seed_findings, "PC402")


def test_the_empty_sections_are_warnings(seed_findings):
    assert found(seed_findings, "PC103") == {
        "data-preparation",
        "prompt",
        "alignment-with-human-preferences",
        "knowledge-base",
        "rag-and-other-tools",
        "evaluation",
        "optimization-and-deployment",
        "applications-1",
        "agent",
        "dataset",
        "dataset-examples",
    }
