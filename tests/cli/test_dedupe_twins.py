"""dedupe finds a preprint and its published version listed twice, from what refresh --venues cached."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures.catalogs import write_catalog
from papercat.cli import app

# The recorded Semantic Scholar record of the Nature Machine Intelligence DOI lists arXiv 2304.05376;
# the titles differ too much for a title match ("ChemCrow: ..." against the journal's title).
CATALOG = """\
version: 1
title: Agents
sections:
  - id: agents
    title: Agents
entries:
  - id: chemcrow-preprint
    title: "ChemCrow: Augmenting large-language models with chemistry tools"
    url: https://arxiv.org/abs/2304.05376
    venue: arXiv
    year: 2023
    sections: [agents]
  - id: chemistry-tools-journal
    title: Augmenting large language models with chemistry tools
    url: https://doi.org/10.1038/s42256-024-00832-8
    doi: 10.1038/s42256-024-00832-8
    venue: Nature Machine Intelligence
    year: 2024
    sections: [agents]
"""


@pytest.fixture
def catalog(tmp_path) -> Path:
    return write_catalog(tmp_path, CATALOG)


def dedupe(catalog: Path, *args: str):
    return CliRunner().invoke(app, ["--catalog", str(catalog), "dedupe", *args])


def test_with_an_empty_cache_dedupe_behaves_as_before(catalog, sources_env):
    result = dedupe(catalog)
    assert result.exit_code == 0, result.output


def test_the_published_twin_is_a_duplicate_with_the_evidence_named(catalog, metadata_server, sources_env):
    metadata_server.serve_venues()
    refreshed = CliRunner().invoke(app, ["--catalog", str(catalog), "refresh", "--venues", "--all"])
    assert refreshed.exit_code == 0, refreshed.output  # the journal entry's venue is what Semantic Scholar says
    result = dedupe(catalog, "--format", "json")
    assert result.exit_code == 1, result.output
    [group] = json.loads(result.output)["duplicates"]
    assert group["entries"] == ["chemcrow-preprint", "chemistry-tools-journal"]
    assert group["evidence"] == [
        {"kind": "published_twin", "score": 100.0, "detail": "Semantic Scholar lists DOI 10.1038/s42256-024-00832-8 as arXiv 2304.05376"}
    ]
    text = dedupe(catalog)
    assert "published_twin: Semantic Scholar lists DOI 10.1038/s42256-024-00832-8 as arXiv 2304.05376" in text.output


def test_an_acl_anthology_link_and_its_arxiv_preprint_are_twins(tmp_path, metadata_server, sources_env):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        CATALOG.split("entries:")[0]
        + """entries:
  - id: self-instruct-arxiv
    title: "Self-Instruct: Aligning language models with self-generated instructions (preprint)"
    url: https://arxiv.org/abs/2212.10560
    venue: arXiv
    year: 2023
    sections: [agents]
  - id: self-instruct-acl
    title: "Self-Instruct: Aligning Language Models with Self-Generated Instructions"
    url: https://aclanthology.org/2023.acl-long.754/
    venue: ACL
    year: 2023
    sections: [agents]
""",
        encoding="utf-8",
    )
    metadata_server.serve_venues()
    CliRunner().invoke(app, ["--catalog", str(catalog), "refresh", "--venues"])
    [group] = json.loads(dedupe(catalog, "--format", "json").output)["duplicates"]
    kinds = {e["kind"]: e.get("detail") for e in group["evidence"]}
    assert kinds["published_twin"] == "Semantic Scholar lists arXiv 2212.10560 as ACL 2023.acl-long.754"


def test_the_seed_lists_self_instruct_listed_under_arxiv_and_acl_is_found_with_the_twin_evidence(tmp_path, metadata_server, sources_env):
    """The list as it was before curation (tests/data/seed-README.md) had Self-Instruct twice."""
    seed = Path(__file__).resolve().parents[1] / "data" / "seed-README.md"
    catalog = tmp_path / "catalog.yaml"
    imported = CliRunner().invoke(app, ["--catalog", str(catalog), "import", str(seed), "-o", str(catalog)])
    assert catalog.is_file(), imported.output
    metadata_server.serve_venues()
    CliRunner().invoke(app, ["--catalog", str(catalog), "refresh", "--venues"])
    groups = json.loads(dedupe(catalog, "--format", "json").output)["duplicates"]
    twins = [g for g in groups if any(e["kind"] == "published_twin" for e in g["evidence"])]
    [group] = twins
    [twin] = [e for e in group["evidence"] if e["kind"] == "published_twin"]
    assert twin["detail"] == "Semantic Scholar lists arXiv 2212.10560 as ACL 2023.acl-long.754"
    assert len(group["entries"]) == 2
