"""`papercat add` end to end: real catalog files, a real local HTTP server, the real command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner
from werkzeug import Response

from fixtures.catalogs import write_catalog
from papercat import store
from papercat.cli import app

CATALOG = """\
version: 1
title: Synthetic data papers
sections:
  - id: pretraining
    title: Pretraining
  - id: data-selection
    title: Data selection
  - id: math
    title: Math
entries:
  # AlpaGasus is here already.
  - id: alpagasus-2023
    title: "AlpaGasus: Training A Better Alpaca with Fewer Data"
    url: https://arxiv.org/abs/2307.08701
    venue: arXiv
    year: 2023
    sections:
      - data-selection
"""


@pytest.fixture
def catalog_file(tmp_path) -> Path:
    return write_catalog(tmp_path, CATALOG)


@pytest.fixture
def env(sources_env) -> dict[str, str]:
    """Point papercat at the local server (tests ask for `arxiv_server` to have it serve the seed feeds)."""
    return sources_env


def run(catalog: Path, *args: str):
    return CliRunner().invoke(app, ["--catalog", str(catalog), "add", *args])


def run_process(catalog: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "papercat", "--catalog", str(catalog), "add", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )


# --- end to end as a subprocess ---------------------------------------------------------


def test_add_one_id_files_a_clean_entry(catalog_file, env, arxiv_server):
    result = run_process(catalog_file, env, "2305.07759", "--section", "pretraining")
    assert result.returncode == 0, result.stderr
    assert "added tinystories-how-small-can-2023" in result.stdout
    entry = store.load(catalog_file).catalog.entry_by_id("tinystories-how-small-can-2023")
    assert entry.title == "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?"
    assert entry.url == "https://arxiv.org/abs/2305.07759"
    assert entry.arxiv == "2305.07759"
    assert (entry.venue, entry.year, entry.sections) == ("arXiv", 2023, ["pretraining"])
    assert entry.authors == ["Ronen Eldan"]
    text = catalog_file.read_text()
    assert text.startswith(CATALOG)  # the old text, comment included, is untouched
    assert len(arxiv_server.arxiv_requests()) == 1


def test_add_with_an_unwritable_cache_folder_says_so_and_leaves_the_catalog_alone(catalog_file, env, arxiv_server, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("PAPERCAT_CACHE_DIR", str(blocker))
    result = run(catalog_file, "2305.07759", "--section", "pretraining")
    assert result.exit_code == 2
    assert "cannot write to the metadata cache" in result.stderr and str(blocker) in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert catalog_file.read_text() == CATALOG


def test_add_several_ids_in_one_call_sends_one_request(catalog_file, env, arxiv_server):
    result = run_process(catalog_file, env, "2309.12284", "https://arxiv.org/pdf/2403.04706v1.pdf", "arXiv:2308.09583", "2401.09003", "--section", "math")
    assert result.returncode == 0, result.stderr
    (request,) = arxiv_server.arxiv_requests()
    assert request.args["id_list"] == "2309.12284,2403.04706,2308.09583,2401.09003"
    catalog = store.load(catalog_file).catalog
    assert [e.arxiv for e in catalog.entries_in("math")] == ["2309.12284", "2403.04706", "2308.09583", "2401.09003"]
    assert (catalog.entries[2].url, catalog.entries[2].arxiv) == ("https://arxiv.org/abs/2403.04706", "2403.04706")  # unversioned without --keep-version


def test_add_refuses_an_id_already_in_the_catalog(catalog_file, env, arxiv_server):
    result = run_process(catalog_file, env, "https://arxiv.org/abs/2307.08701v2", "--section", "math")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "papercat: error: arXiv id 2307.08701 is already in the catalog as 'alpagasus-2023'" in result.stderr
    assert f"{catalog_file}:12" in result.stderr
    assert "papercat move alpagasus-2023 --copy --to math" in result.stderr
    assert catalog_file.read_text() == CATALOG
    assert arxiv_server.arxiv_requests() == []  # refused before any request


def test_add_offline_uses_the_cache_from_an_earlier_run(catalog_file, env, arxiv_server, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(CATALOG)
    assert run_process(other, env, "2305.07759", "--section", "pretraining").returncode == 0
    offline_env = {**env, "PAPERCAT_ARXIV_API": "http://127.0.0.1:9/api/query"}
    result = run_process(catalog_file, offline_env, "2305.07759", "--section", "pretraining", "--offline")
    assert result.returncode == 0, result.stderr
    assert store.load(catalog_file).catalog.entry_by_id("tinystories-how-small-can-2023")
    assert len(arxiv_server.arxiv_requests()) == 1


def test_add_offline_names_what_is_missing_from_the_cache(catalog_file, env, arxiv_server):
    result = run_process(catalog_file, env, "2305.07759", "--section", "pretraining", "--offline")
    assert result.returncode == 2
    assert "2305.07759: not in the cache" in result.stderr and "run without --offline" in result.stderr
    assert catalog_file.read_text() == CATALOG


# --- behaviour through CliRunner ----------------------------------------------------------


def test_add_a_doi_through_crossref(catalog_file, env, arxiv_server):
    result = run(catalog_file, "10.1073/pnas.2305016120", "--section", "data-selection")
    assert result.exit_code == 0, result.output
    entry = store.load(catalog_file).catalog.entries[-1]
    assert entry.title == "ChatGPT Outperforms Crowd Workers for Text-Annotation Tasks"
    assert (entry.url, entry.doi, entry.venue, entry.year) == (
        "https://doi.org/10.1073/pnas.2305016120",
        "10.1073/pnas.2305016120",
        "Proceedings of the National Academy of Sciences",
        2023,
    )


def test_add_takes_venue_code_note_and_several_sections(catalog_file, env, arxiv_server):
    result = run(
        catalog_file,
        "2309.12284",
        "-s",
        "math",
        "-s",
        "data-selection",
        "--venue",
        "ICLR 2024",
        "--code",
        "https://github.com/meta-math/MetaMath",
        "--note",
        "augmented GSM8K",
    )
    assert result.exit_code == 0, result.output
    entry = store.load(catalog_file).catalog.entries[-1]
    assert (entry.venue, entry.year, entry.code, entry.note, entry.sections) == (
        "ICLR",
        2024,
        "https://github.com/meta-math/MetaMath",
        "augmented GSM8K",
        ["math", "data-selection"],
    )


def test_add_dry_run_prints_the_entry_and_diff_and_writes_nothing(catalog_file, env, arxiv_server):
    result = run(catalog_file, "2305.07759", "--section", "pretraining", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would add tinystories-how-small-can-2023" in result.stdout
    assert "+  - id: tinystories-how-small-can-2023" in result.stdout
    assert catalog_file.read_text() == CATALOG


def test_add_an_unknown_section_lists_the_valid_ones_with_a_guess(catalog_file, env, arxiv_server):
    result = run(catalog_file, "2305.07759", "--section", "pretrainig")
    assert result.exit_code == 2
    assert "section 'pretrainig' does not exist; did you mean 'pretraining'? sections: pretraining, data-selection, math" in result.stderr
    assert arxiv_server.arxiv_requests() == []


def test_add_a_bad_id_says_what_was_expected(catalog_file, env):
    result = run(catalog_file, "not-an-id", "--section", "math")
    assert result.exit_code == 2
    assert "'not-an-id' is not an arXiv id, DOI or ACL Anthology id; expected e.g. 2305.07759" in result.stderr


def test_add_force_adds_a_duplicate_anyway(catalog_file, env, arxiv_server):
    result = run(catalog_file, "2307.08701", "--section", "math", "--force")
    assert result.exit_code == 0, result.output
    ids = [e.id for e in store.load(catalog_file).catalog.entries]
    assert ids == ["alpagasus-2023", "alpagasus-training-better-alpaca-2023"]


def test_add_warns_about_a_near_identical_title(catalog_file, env, tmp_path, arxiv_server):
    near = CATALOG.replace("url: https://arxiv.org/abs/2307.08701", "url: https://example.org/alpagasus")
    near = near.replace("AlpaGasus: Training A Better Alpaca with Fewer Data", "Alpagasus: training a better alpaca with less data")
    catalog_file.write_text(near)
    result = run(catalog_file, "2307.08701", "--section", "math")
    assert result.exit_code == 0, result.output
    assert "papercat: warning: 'AlpaGasus: Training A Better Alpaca with Fewer Data' has nearly the same title as 'alpagasus-2023'" in result.stderr


def test_one_id_that_cannot_be_fetched_points_at_adding_it_by_hand(catalog_file, env, arxiv_server):
    result = run(catalog_file, "2312.99999", "--section", "pretraining")
    assert result.exit_code == 2
    assert "nothing was added; or add it by hand with --title and --url" in result.stderr
    assert "--keep-going" not in result.stderr
    assert catalog_file.read_text() == CATALOG


def test_add_unknown_id_adds_nothing_unless_keep_going(catalog_file, env, arxiv_server):
    result = run(catalog_file, "2305.07759", "2312.99999", "--section", "pretraining")
    assert result.exit_code == 2
    assert "arXiv has no paper 2312.99999; check the id; nothing was added (--keep-going adds the others)" in result.stderr
    assert catalog_file.read_text() == CATALOG
    result = run(catalog_file, "2305.07759", "2312.99999", "2307.08701", "--section", "pretraining", "--keep-going")
    assert result.exit_code == 1
    assert "added tinystories-how-small-can-2023" in result.stdout
    assert "not added: arXiv has no paper 2312.99999" in result.stderr
    assert "not added: arXiv id 2307.08701 is already in the catalog as 'alpagasus-2023'" in result.stderr
    assert [e.id for e in store.load(catalog_file).catalog.entries] == ["alpagasus-2023", "tinystories-how-small-can-2023"]


def test_add_by_hand_with_title_and_url(catalog_file, env, arxiv_server):
    result = run(
        catalog_file,
        "--title",
        "Q: How to Specialize Large Vision-Language Models to Data-Scarce VQA Tasks?",
        "--url",
        "https://openaccess.thecvf.com/x.pdf",
        "--year",
        "2023",
        "--venue",
        "CVPR 2023",
        "-s",
        "pretraining",
    )
    assert result.exit_code == 0, result.output
    entry = store.load(catalog_file).catalog.entries[-1]
    assert (entry.id, entry.url, entry.year, entry.venue, entry.arxiv) == (
        "q-how-specialize-large-2023",
        "https://openaccess.thecvf.com/x.pdf",
        2023,
        "CVPR",
        None,
    )
    assert arxiv_server.requests() == []


def test_add_needs_a_section(catalog_file, env):
    result = run(catalog_file, "2305.07759")
    assert result.exit_code == 2
    assert "say where the paper goes with --section; sections: pretraining, data-selection, math" in result.stderr


# --- faults: one clear line, catalog byte-identical -----------------------------------------


def assert_failed_cleanly(result, catalog_file, expected: str, code: int = 2):
    assert result.exit_code == code, result.output
    # One error line; before it, only the announcements of retries ("... retrying in 0 s, attempt 2 of 3").
    lines = [line for line in result.stderr.strip().splitlines() if not (line.startswith("papercat: warning: ") and "; retrying in " in line)]
    assert len(lines) == 1 and lines[0].startswith("papercat: error: ") and expected in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert catalog_file.read_text() == CATALOG


def test_add_with_connection_refused(catalog_file, env, monkeypatch):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("PAPERCAT_ARXIV_API", f"http://127.0.0.1:{port}/api/query")
    assert_failed_cleanly(run(catalog_file, "2305.07759", "-s", "math"), catalog_file, "cannot connect to the arXiv API")


@pytest.mark.parametrize(
    "response, expected",
    [
        (Response("busy", status=503), "answered HTTP 503 (3 attempts)"),
        (Response("<feed><entry>", content_type="application/atom+xml"), "not well-formed XML"),
        (Response('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><feed>&a;</feed>'), "refused to read it"),
        (Response((Path(__file__).parent.parent / "fixtures" / "arxiv" / "error_http400_id_abc.xml").read_bytes(), status=400), "incorrect id format for abc"),
        (Response((Path(__file__).parent.parent / "fixtures" / "arxiv" / "empty_0000.0000.xml").read_bytes()), "arXiv has no paper 2305.07759"),
    ],
    ids=["503-three-times", "malformed-xml", "entity-bomb", "error-entry", "unknown-id"],
)
def test_add_faults_leave_the_catalog_byte_identical(catalog_file, env, metadata_server, monkeypatch, response, expected):
    metadata_server.httpserver.expect_request("/api/query").respond_with_response(response)
    monkeypatch.setenv("PAPERCAT_ARXIV_API", metadata_server.arxiv_api)
    assert_failed_cleanly(run(catalog_file, "2305.07759", "-s", "math"), catalog_file, expected)


def test_add_with_a_truncated_body(catalog_file, env, metadata_server, monkeypatch, seed_feed):
    body = seed_feed(["2305.07759"]).encode()
    metadata_server.httpserver.expect_request("/api/query").respond_with_response(Response(body[: len(body) // 2], headers={"Content-Length": str(len(body))}))
    monkeypatch.setenv("PAPERCAT_ARXIV_API", metadata_server.arxiv_api)
    result = run(catalog_file, "2305.07759", "-s", "math")
    assert_failed_cleanly(result, catalog_file, "the arXiv API")


def test_add_after_429_with_retry_after_then_success(catalog_file, env, metadata_server, monkeypatch, seed_feed):
    answers = iter([Response("slow down", status=429, headers={"Retry-After": "1"})])
    metadata_server.httpserver.expect_request("/api/query").respond_with_handler(lambda request: next(answers, None) or Response(seed_feed(["2305.07759"])))
    monkeypatch.setenv("PAPERCAT_ARXIV_API", metadata_server.arxiv_api)
    result = run(catalog_file, "2305.07759", "-s", "math")
    assert result.exit_code == 0, result.output
    assert len(metadata_server.arxiv_requests()) == 2
    assert store.load(catalog_file).catalog.entries[-1].arxiv == "2305.07759"


def test_add_with_a_timeout(catalog_file, env, metadata_server, monkeypatch):
    monkeypatch.setenv("PAPERCAT_HTTP_TIMEOUT", "0.2")
    release = threading.Event()

    def slow(request):
        release.wait(0.5)
        return Response("late")

    metadata_server.httpserver.expect_request("/api/query").respond_with_handler(slow)
    monkeypatch.setenv("PAPERCAT_ARXIV_API", metadata_server.arxiv_api)
    result = run(catalog_file, "2305.07759", "-s", "math")
    release.set()
    assert_failed_cleanly(result, catalog_file, "did not answer within 0.2 s")
    deadline = time.monotonic() + 5
    while len(metadata_server.httpserver.log) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)


def test_add_interrupted_by_ctrl_c_during_the_fetch(catalog_file, env, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(httpx.Client, "send", interrupted)
    result = run(catalog_file, "2305.07759", "-s", "math")
    assert result.exit_code == 130
    assert "papercat: error: interrupted; the catalog was not changed" in result.stderr
    assert catalog_file.read_text() == CATALOG


def test_add_process_sent_sigint_while_the_server_delays(catalog_file, env, metadata_server):
    arrived, release = threading.Event(), threading.Event()

    def stalled(request):
        arrived.set()
        release.wait(10)
        return Response("late")

    metadata_server.httpserver.expect_request("/api/query").respond_with_handler(stalled)
    process = subprocess.Popen(
        [sys.executable, "-m", "papercat", "--catalog", str(catalog_file), "add", "2305.07759", "-s", "math"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env, "PAPERCAT_ARXIV_API": metadata_server.arxiv_api},
    )
    assert arrived.wait(20), "the request never reached the server"
    # The request has reached the server and the handler is holding it: interrupt the client now.
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=20)
    release.set()
    # Let the held request finish and be logged here, not in the next test's request log.
    deadline = time.monotonic() + 5
    while not metadata_server.httpserver.log and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.returncode == 130, stderr
    assert stderr.strip() == "papercat: error: interrupted; the catalog was not changed"
    assert catalog_file.read_text() == CATALOG


def test_add_by_hand_with_an_arxiv_link_fills_the_arxiv_field(catalog_file, env, arxiv_server):
    result = run(catalog_file, "--title", "A paper only named by its link", "--url", "https://arxiv.org/abs/2501.00001v2", "-s", "pretraining")
    assert result.exit_code == 0, result.output
    entry = store.load(catalog_file).catalog.entries[-1]
    # the field agrees with the link, both unversioned as for `add ID` (issue 15; --keep-version pins both)
    assert (entry.url, entry.arxiv) == ("https://arxiv.org/abs/2501.00001", "2501.00001")
    assert arxiv_server.requests() == []
