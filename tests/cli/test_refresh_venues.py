"""`papercat refresh --venues`: preprints' published venues found, reported as drift, applied with a minimal diff."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures.catalogs import write_catalog
from papercat import store
from papercat.cli import app

ROOT = Path(__file__).resolve().parents[2]

# Three preprints that were published (per the reconstructed seed answers), one that was not,
# and one conference entry.
CATALOG = """\
version: 1
title: Synthetic data papers
sections:
  - id: reasoning
    title: Reasoning
entries:
  - id: minds-eye
    title: "Mind's Eye: Grounded Language Model Reasoning through Simulation"
    url: https://arxiv.org/abs/2210.05359
    arxiv: "2210.05359"
    venue: arXiv
    year: 2022
    sections: [reasoning]  # stays as written
  - id: self-improve
    title: Large Language Models Can Self-Improve
    url: https://arxiv.org/abs/2210.11610
    venue: arXiv
    year: 2022
    sections: [reasoning]
  - id: tinystories
    title: "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?"
    url: https://arxiv.org/abs/2305.07759
    venue: arXiv
    year: 2023
    sections: [reasoning]
  - id: alpagasus
    title: "AlpaGasus: Training A Better Alpaca with Fewer Data"
    url: https://arxiv.org/abs/2307.08701
    venue: ICML
    year: 2023
    sections: [reasoning]
"""


@pytest.fixture
def catalog(tmp_path) -> Path:
    return write_catalog(tmp_path, CATALOG)


@pytest.fixture
def venues_server(metadata_server, sources_env):
    return metadata_server.serve_venues()


def run(catalog: Path, *args: str):
    return CliRunner().invoke(app, ["--catalog", str(catalog), "refresh", "--venues", *args])


def test_preprints_published_since_are_reported_with_their_evidence(catalog, venues_server):
    result = run(catalog)
    assert result.exit_code == 1, result.output
    assert "minds-eye: arXiv 2022 -> ICLR 2023" in result.output
    assert "DBLP: ICLR 2023 (dblp record conf/iclr/Liu23)" in result.output
    assert "self-improve: arXiv 2022 -> EMNLP 2023" in result.output
    assert "DOI 10.18653/v1/2023.emnlp-main.67" in result.output
    assert "tinystories" not in result.output  # arXiv only: nothing to say
    assert "alpagasus" not in result.output  # a venue written by hand is not asked without --all
    assert "2 venue changes, 0 ambiguous, in 3 entries checked; 1 with a venue already not asked" in result.output
    assert catalog.read_text(encoding="utf-8") == CATALOG


def test_cold_run_sends_one_batch_and_at_most_one_request_per_entry_per_source(catalog, venues_server):
    run(catalog)
    assert len(venues_server.requests("/graph/v1/paper/batch")) == 1
    assert len(venues_server.requests("/dblp/")) == 3
    # OpenAlex is asked only about what DBLP placed nowhere.
    assert len(venues_server.requests("/openalex/")) == 1


def test_a_warm_cache_sends_nothing(catalog, venues_server):
    first = run(catalog)
    sent = len(venues_server.httpserver.log)
    second = run(catalog)
    assert len(venues_server.httpserver.log) == sent
    assert second.output.splitlines()[:-1] == first.output.splitlines()[:-1]
    assert "0 requests sent" in second.output


def test_offline_with_an_empty_cache_asks_nobody_and_says_so(catalog, venues_server):
    result = run(catalog, "--offline")
    assert venues_server.httpserver.log == []
    assert "no cached venue answers; run without --offline" in result.output
    assert result.exit_code == 0


def test_apply_changes_only_venue_year_and_doi_and_keeps_the_arxiv_link(catalog, venues_server):
    result = run(catalog, "--apply")
    assert result.exit_code == 0, result.output
    text = catalog.read_text(encoding="utf-8")
    changed = [line for line in store.unified_diff(CATALOG, text).splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert sorted(changed) == sorted(
        [
            "-    venue: arXiv",
            "+    venue: ICLR",
            "-    year: 2022",
            "+    year: 2023",
            "-    venue: arXiv",
            "+    venue: EMNLP",
            "-    year: 2022",
            "+    year: 2023",
            "+    doi: 10.18653/v1/2023.emnlp-main.67",
        ]
    )
    assert "sections: [reasoning]  # stays as written" in text
    entry = store.load(catalog).catalog.entry_by_id("minds-eye")
    assert entry.arxiv == "2210.05359" and entry.url == "https://arxiv.org/abs/2210.05359"
    assert run(catalog).exit_code == 0  # nothing left to change


def test_dry_run_prints_the_diff_and_writes_nothing(catalog, venues_server):
    result = run(catalog, "--apply", "--dry-run")
    assert "+    venue: ICLR" in result.output and "dry run" in result.output
    assert catalog.read_text(encoding="utf-8") == CATALOG
    assert result.exit_code == 1


def test_a_hand_written_venue_is_replaced_only_with_force(catalog, venues_server):
    result = run(catalog, "--all", "--apply")
    assert "alpagasus: ICML 2023 -> ICLR 2024 (venue written by hand: --force to replace it)" in result.output
    assert "venue: ICML" in catalog.read_text(encoding="utf-8")
    assert result.exit_code == 1
    forced = run(catalog, "alpagasus", "--apply", "--force")
    assert forced.exit_code == 0, forced.output
    assert store.load(catalog).catalog.entry_by_id("alpagasus").venue == "ICLR"


def test_a_failing_source_is_reported_and_the_others_still_answer(catalog, metadata_server, sources_env):
    metadata_server.httpserver.expect_request("/dblp/search/publ/api").respond_with_data("busy", status=503)
    metadata_server.serve_venues()
    result = run(catalog)
    assert result.exit_code == 2
    assert "the DBLP API at" in result.output and "(its answers are missing from this run)" in result.output
    # Semantic Scholar alone still places them; its year is the preprint's, and OpenAlex has no venue for them.
    assert "minds-eye: arXiv 2022 -> ICLR" in result.output


def test_force_and_dry_run_need_venues(catalog):
    result = CliRunner().invoke(app, ["--catalog", str(catalog), "refresh", "--all", "--force"])
    assert result.exit_code == 2 and "go with --venues" in result.output


def test_the_shipped_list_gets_fourteen_venues(tmp_path, venues_server):
    """On the shipped catalog with the reconstructed seed answers (see tests/fixtures/PROVENANCE.md)."""
    catalog = tmp_path / "catalog.yaml"
    shutil.copy(ROOT / "catalog.yaml", catalog)
    result = run(catalog, "--apply")
    assert result.exit_code == 0, result.output
    assert "14 venue changes, 0 ambiguous, in 26 entries checked" in result.output
    venues = {entry.id: (entry.venue, entry.year) for entry in store.load(catalog).catalog.entries}
    assert venues["star-bootstrapping-reasoning-reasoning-2022"] == ("NeurIPS", 2022)
    assert venues["rephrasing-web-recipe-compute-2024"] == ("ACL", 2024)
    assert venues["open-source-large-language-2023"] == ("Journal of Computational Social Science", 2025)
    assert venues["tinystories-how-small-can-2023"] == ("arXiv", 2023)
    assert len(venues_server.requests("/graph/v1/paper/batch")) == 1


def test_openalex_asking_for_a_key_is_a_warning_not_a_failure(tmp_path, metadata_server, sources_env):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    metadata_server.httpserver.expect_request("/openalex/works").respond_with_data('{"error": "api_key required"}', status=401)
    metadata_server.serve_venues()
    result = run(catalog)
    assert result.exit_code == 1, result.output  # the findings of the others, left in place
    assert "it asks for an API key; set $PAPERCAT_OPENALEX_KEY" in result.output
    assert "minds-eye: arXiv 2022 -> ICLR 2023" in result.output
    assert not (Path(sources_env["PAPERCAT_CACHE_DIR"]) / "openalex").exists()  # nothing cached: asked again once there is a key
