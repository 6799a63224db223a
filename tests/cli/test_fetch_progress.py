"""A batched `add` tells a person what happens: one line per retry, and a live spinner with elapsed time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CATALOG = """\
version: 1
title: Synthetic data papers
sections:
  - id: pretraining
    title: Pretraining
entries: []
"""
IDS = ["2305.07759", "2306.11644", "2309.05463", "2312.06731", "2401.09003"]


@pytest.fixture
def busy_arxiv(metadata_server, sources_env, seed_feed):
    """arXiv answers 503 to the first request, then the seed feed (a throttling blip)."""
    from werkzeug import Response

    calls = []

    def answer(request):
        calls.append(request)
        if len(calls) == 1:
            return Response(b"busy", status=503, content_type="text/plain")
        ids = [i for i in request.args.get("id_list", "").split(",") if i]
        return Response(seed_feed(ids), status=200, content_type="application/atom+xml; charset=utf-8")

    metadata_server.httpserver.expect_request("/api/query").respond_with_handler(answer)
    return sources_env


def add(folder: Path, env: dict[str, str], *extra_env: tuple[str, str]) -> subprocess.CompletedProcess:
    (folder / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "papercat", "add", *IDS, "--section", "pretraining"],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, **env, **dict(extra_env)},
        timeout=120,
    )


def test_a_retry_is_announced_on_one_line(tmp_path, busy_arxiv):
    done = add(tmp_path, busy_arxiv)
    assert done.returncode == 0, done.stderr
    assert "papercat: warning: the arXiv API answered HTTP 503; retrying in 0 s, attempt 2 of 3\n" in done.stderr
    assert done.stdout.count("added ") == len(IDS)


def test_a_retry_line_above_the_live_bar_hides_credentials_and_control_characters(monkeypatch):
    import io

    from rich.console import Console

    import papercat.cli.context
    import papercat.sources
    from papercat.cli.fetching import fetch_with_progress
    from papercat.ids import parse_paper_id
    from papercat.sources import SourceSettings

    shown = io.StringIO()
    monkeypatch.setattr(papercat.cli.context, "stderr_console", lambda: Console(file=shown, force_terminal=True, width=200))

    def fetch_metadata(paper_ids, settings, on_progress=None):
        settings.on_retry("https://user:s3cr3t@proxy.example/api answered HTTP 503\x1b[2J; retrying")
        return None

    monkeypatch.setattr(papercat.sources, "fetch_metadata", fetch_metadata)
    fetch_with_progress([parse_paper_id(paper_id) for paper_id in IDS], SourceSettings(cache_dir=Path("unused")))
    assert "papercat: warning: https://***@proxy.example/api answered HTTP 503" in shown.getvalue()
    assert "s3cr3t" not in shown.getvalue() and "\x1b[2J" not in shown.getvalue()


def test_at_a_terminal_a_spinner_with_elapsed_time_advances_per_batch(tmp_path, busy_arxiv):
    # FORCE_COLOR makes rich treat stderr as a terminal (no pty needed); the display is transient.
    done = add(tmp_path, {key: value for key, value in busy_arxiv.items() if key != "NO_COLOR"}, ("FORCE_COLOR", "1"), ("COLUMNS", "120"))
    assert done.returncode == 0, done.stderr
    assert "fetching metadata" in done.stderr
    assert "0/5" in done.stderr and "5/5" in done.stderr  # advanced when the batch was answered
    assert "0:00:" in done.stderr  # the elapsed-time column
    assert "answered HTTP 503; retrying in 0 s, attempt 2 of 3" in done.stderr
