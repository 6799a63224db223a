"""`papercat refresh`: drift between the catalog and arXiv, reported and (with --apply) fixed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures.catalogs import write_catalog
from papercat import store
from papercat.cli import app

# Rows as the seed list has them: two misspelt titles, a link to the wrong paper, a wrong year.
CATALOG = """\
version: 1
title: Synthetic data papers
sections:
  - id: math
    title: Math
  - id: pretraining
    title: Pretraining
entries:
  - id: metameth
    title: "MetaMeth: Bootstap Your Own Mathematical Questions for Large Language Models"
    url: https://arxiv.org/abs/2309.12284
    year: 2023
    sections: [math]
    note: keep this note
  - id: conmmon-7b
    title: Conmmon 7B Language Models Already Possess Strong Math Capabilities
    url: https://arxiv.org/abs/2403.04706
    venue: arXiv
    year: 2024
    sections: [math]
  - id: tinystories
    title: "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?"
    url: https://arxiv.org/abs/2307.08701
    year: 2023
    sections: [pretraining]
  - id: multimodal-self-instruct
    title: "Multimodal Self-Instruct: Synthetic Abstract Image and Visual Reasoning Instruction Using Language Model"
    url: https://arxiv.org/abs/2407.07053
    venue: arxiv
    year: 2023
    sections: [pretraining]
  - id: phi-1-5
    title: "Textbooks Are All You Need II: phi-1.5 technical report"
    arxiv: "2309.05463"
    year: 2023
    sections: [pretraining]
  - id: hand-made
    title: A paper only on a workshop site
    url: https://example.org/paper.pdf
    sections: [pretraining]
"""


@pytest.fixture
def catalog_file(tmp_path) -> Path:
    return write_catalog(tmp_path, CATALOG)


@pytest.fixture
def env(arxiv_server, sources_env) -> dict[str, str]:
    """The seed's recorded metadata served locally, and papercat pointed at it."""
    return sources_env


def run(catalog: Path, *args: str):
    return CliRunner().invoke(app, ["--catalog", str(catalog), "refresh", *args])


def test_refresh_all_reports_typos_a_wrong_link_and_a_wrong_year(catalog_file, env, arxiv_server):
    result = run(catalog_file, "--all")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines == [
        f"{catalog_file}:9: metameth: title is misspelt: 'MetaMeth: Bootstap Your Own Mathematical Questions for Large Langua...' -> "
        "'MetaMath: Bootstrap Your Own Mathematical Questions for Large Langu...' (arXiv 2309.12284)",
        f"{catalog_file}:15: conmmon-7b: title is misspelt: 'Conmmon 7B Language Models Already Possess Strong Math Capabilities' -> "
        "'Common 7B Language Models Already Possess Strong Math Capabilities' (arXiv 2403.04706)",
        f"{catalog_file}:21: tinystories: the link points at arXiv 2307.08701, which is a different paper: "
        "'AlpaGasus: Training A Better Alpaca with Fewer Data'; fix the link by hand",
        f"{catalog_file}:26: multimodal-self-instruct: year 2023 differs from the first version year 2024 (arXiv 2407.07053)",
        "4 drifts in 5 entries checked; 1 without an arXiv id or DOI skipped",
    ]
    (request,) = arxiv_server.arxiv_requests()
    assert request.args["id_list"] == "2309.12284,2403.04706,2307.08701,2407.07053,2309.05463"
    assert catalog_file.read_text() == CATALOG


def test_refresh_apply_fixes_titles_and_years_but_not_sections_notes_or_a_wrong_link(catalog_file, env):
    result = run(catalog_file, "--all", "--apply")
    assert result.exit_code == 1  # the wrong link is still there, for a person to fix
    assert '-    title: "MetaMeth: Bootstap' in result.stdout and '+    title: "MetaMath: Bootstrap' in result.stdout
    catalog = store.load(catalog_file).catalog
    metamath = catalog.entry_by_id("metameth")
    assert metamath.title == "MetaMath: Bootstrap Your Own Mathematical Questions for Large Language Models"
    assert (metamath.sections, metamath.note) == (["math"], "keep this note")
    assert catalog.entry_by_id("conmmon-7b").title == "Common 7B Language Models Already Possess Strong Math Capabilities"
    assert catalog.entry_by_id("multimodal-self-instruct").year == 2024
    assert catalog.entry_by_id("tinystories").title.startswith("TinyStories")
    assert result.stdout.splitlines()[-1] == "4 drifts in 5 entries checked; 1 without an arXiv id or DOI skipped; 3 applied"
    text = catalog_file.read_text()
    changed = [line for line in zip(CATALOG.splitlines(), text.splitlines()) if line[0] != line[1]]
    assert len(changed) == 3 and len(text.splitlines()) == len(CATALOG.splitlines())


def test_refresh_apply_twice_changes_nothing_the_second_time(catalog_file, env):
    run(catalog_file, "metameth", "--apply")
    after_first = catalog_file.read_text()
    result = run(catalog_file, "metameth", "--apply")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "0 drifts in 1 entry checked"
    assert catalog_file.read_text() == after_first


def test_refresh_chosen_entries_by_id_and_arxiv_id(catalog_file, env, arxiv_server):
    result = run(catalog_file, "phi-1-5", "2403.04706")
    assert result.exit_code == 1
    assert "conmmon-7b: title is misspelt" in result.stdout
    assert "phi-1-5" not in result.stdout
    (request,) = arxiv_server.arxiv_requests()
    assert request.args["id_list"] == "2309.05463,2403.04706"


def test_refresh_an_entry_without_ids_is_skipped_with_a_note(catalog_file, env, arxiv_server):
    result = run(catalog_file, "hand-made")
    assert result.exit_code == 0
    assert f"papercat: warning: {catalog_file}:37: hand-made: skipped: it has no arXiv id or DOI to refresh from" in result.stderr
    assert arxiv_server.requests() == []


def test_refresh_offline_compares_with_the_cache_and_names_what_is_missing(catalog_file, env, arxiv_server, monkeypatch):
    run(catalog_file, "metameth")
    monkeypatch.setenv("PAPERCAT_ARXIV_API", "http://127.0.0.1:9/api/query")
    result = run(catalog_file, "metameth", "conmmon-7b", "--offline")
    assert "metameth: title is misspelt" in result.stdout
    assert "conmmon-7b: 2403.04706: not in the cache" in result.stderr
    assert len(arxiv_server.arxiv_requests()) == 1


def test_refresh_needs_entries_or_all(catalog_file, env):
    result = run(catalog_file)
    assert result.exit_code == 2
    assert "give the entries to refresh" in result.stderr


def test_refresh_as_a_subprocess(catalog_file, env):
    result = subprocess.run(
        [sys.executable, "-m", "papercat", "--catalog", str(catalog_file), "refresh", "conmmon-7b"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "'Common 7B Language Models Already Possess Strong Math Capabilities' (arXiv 2403.04706)" in result.stdout


# --- one failing source does not stop the others -------------------------------------------

WITH_A_DOI = (
    CATALOG
    + """\
  - id: pnas
    title: ChatGPT Outperforms Crowd Workers for Text-Annotation Tasks
    url: https://doi.org/10.1073/pnas.2305016120
    sections: [pretraining]
  - id: unreachable
    title: A paper whose DOI server is down
    url: https://doi.org/10.9999/down.1
    sections: [pretraining]
"""
)


@pytest.fixture
def flaky_crossref(metadata_server, sources_env, seed_feed):
    """arXiv answers; Crossref answers for the PNAS DOI and 503 for every request about 10.9999/down.1."""
    import re as regex

    from werkzeug import Response

    crossref_fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "crossref"

    def answer_arxiv(request):
        ids = [i for i in request.args.get("id_list", "").split(",") if i]
        return Response(seed_feed(ids), status=200, content_type="application/atom+xml; charset=utf-8")

    def answer_crossref(request):
        if "down.1" in request.path:
            return Response(b"Service Unavailable", status=503, content_type="text/plain")
        return Response((crossref_fixtures / "works_10.1073_pnas.2305016120.json").read_bytes(), status=200, content_type="application/json")

    metadata_server.httpserver.expect_request("/api/query").respond_with_handler(answer_arxiv)
    metadata_server.httpserver.expect_request(regex.compile(r"^/works/.+")).respond_with_handler(answer_crossref)
    return metadata_server


def test_one_unreachable_doi_does_not_stop_refresh_all(tmp_path, flaky_crossref):
    catalog_file = tmp_path / "catalog.yaml"
    catalog_file.write_text(WITH_A_DOI, encoding="utf-8")
    result = run(catalog_file, "--all")
    assert result.exit_code == 2, result.output
    assert "metameth: title is misspelt" in result.stdout  # the drift of every paper that did answer
    assert "tinystories: the link points at arXiv 2307.08701" in result.stdout
    assert "unreachable: the Crossref API" in result.stderr and "HTTP 503" in result.stderr and "not checked" in result.stderr
    assert "pnas" not in result.stderr
    assert result.stdout.splitlines()[-1] == "4 drifts in 6 entries checked; 1 without an arXiv id or DOI skipped; 1 could not be checked (listed above)"
    assert "answered HTTP 503; retrying in 0 s, attempt 2 of 3" in result.stderr
    assert catalog_file.read_text() == WITH_A_DOI


def test_apply_after_a_failed_source_writes_nothing_unless_keep_going(tmp_path, flaky_crossref):
    catalog_file = tmp_path / "catalog.yaml"
    catalog_file.write_text(WITH_A_DOI, encoding="utf-8")
    result = run(catalog_file, "--all", "--apply")
    assert result.exit_code == 2
    assert "nothing was applied; `--apply --keep-going` applies the drift that was checked" in result.stderr
    assert catalog_file.read_text() == WITH_A_DOI

    result = run(catalog_file, "--all", "--apply", "--keep-going")
    assert result.exit_code == 2  # something still failed
    assert result.stdout.splitlines()[-1].endswith("1 could not be checked (listed above); 3 applied")
    assert store.load(catalog_file).catalog.entry_by_id("metameth").title.startswith("MetaMath: Bootstrap")
