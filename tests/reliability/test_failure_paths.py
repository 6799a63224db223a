"""Every way a writing command can fail leaves every file byte-identical: one table, commands x faults.

The table below is the specification: each row is a writing command, a fault, the exit code and
words the user must see. Most rows run in-process (CliRunner); Ctrl-C rows run a real process
and send SIGINT while it waits in the store's write hook or on a slow HTTP response.
"""

from __future__ import annotations

import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pytest
from typer.testing import CliRunner
from werkzeug import Response

from papercat import files
from papercat.cli import app

from .helpers import CATALOG, base_env, kill_and_reap, registered_commands, start_process, temporaries, wait_for

pytestmark = pytest.mark.scenario("Every failure path leaves the files byte-identical")

README = "# Reliability list\n\nHand-kept README that render -o must not touch on failure.\n"
INVALID_CATALOG = CATALOG.replace("    year: 2022\n    sections: [fine-tuning]", "    year: twenty-twenty-two\n    sections: [fine-tuning]")
NOT_UTF8_README = b"# List\n\n| Paper | Published in | Code/Project |\n|---|---|---|\n| caf\xe9 | x | - |\n"

OUT_OF_CACHE_ID = "2306.08568"  # not in the test cache: `add` must go to the (faulty) network

ADD_ID = ["add", OUT_OF_CACHE_ID, "--section", "pretraining"]
ADD_HAND = ["add", "--title", "By hand", "--url", "https://example.org/by-hand", "--section", "pretraining"]
MOVE = ["move", "wizardlm-2023", "--to", "pretraining"]
REMOVE = ["remove", "wizardlm-2023", "--yes"]
MERGE = ["dedupe", "--merge", "--yes"]
FIX = ["lint", "--fix"]
REFRESH = ["refresh", "tinystories-2023", "--apply"]
IMPORT = ["import", "README.md", "-o", "catalog.yaml", "--force"]
RENDER = ["render", "-o", "README.md"]


@dataclass
class Fault:
    command: str
    fault: str
    args: list[str]
    exit_code: int
    words: str  # must appear in what the user sees
    catalog: str = CATALOG
    server: Optional[str] = None  # 'refused' (default env), '503', 'malformed', 'empty', 'slow'
    interrupt: Optional[str] = None  # 'write' (SIGINT in the write hook) or 'http' (during a slow response)
    extra_files: dict = field(default_factory=dict)


FAULTS = [
    # move
    Fault("move", "no --to or --from", ["move", "wizardlm-2023"], 2, "say where to"),
    Fault("move", "unknown option", ["move", "wizardlm-2023", "--to", "pretraining", "--bogus"], 2, "no such option: --bogus"),
    Fault("move", "unknown section", ["move", "wizardlm-2023", "--to", "pretraning"], 2, "section 'pretraning' does not exist"),
    Fault("move", "unknown ref", ["move", "no-such-paper", "--to", "pretraining"], 2, "no entry matches"),
    Fault("move", "ambiguous ref", ["move", "STaR: Bootstrapping Reasoning With Reasoning", "--to", "pretraining"], 2, "star-2022"),
    Fault("move", "invalid catalog", MOVE, 2, "four-digit year", catalog=INVALID_CATALOG),
    Fault("move", "Ctrl-C in the write", MOVE, 130, "interrupted", interrupt="write"),
    # remove
    Fault("remove", "unknown ref", ["remove", "no-such-paper", "--yes"], 2, "no entry matches"),
    Fault("remove", "no --yes without a terminal", ["remove", "wizardlm-2023"], 2, "pass --yes"),
    Fault("remove", "missing argument", ["remove"], 2, "missing argument"),
    Fault("remove", "invalid catalog", REMOVE, 2, "four-digit year", catalog=INVALID_CATALOG),
    Fault("remove", "Ctrl-C in the write", REMOVE, 130, "interrupted", interrupt="write"),
    # add by id
    Fault("add", "unknown section", ["add", OUT_OF_CACHE_ID, "--section", "nope"], 2, "section 'nope' does not exist"),
    Fault("add", "not an id", ["add", "not-a-paper-id", "--section", "pretraining"], 2, "not-a-paper-id"),
    Fault("add", "already in the catalog", ["add", "2305.07759", "--section", "pretraining"], 1, "already in the catalog"),
    Fault("add", "network refused", ADD_ID, 2, "cannot connect"),
    Fault("add", "HTTP 503", ADD_ID, 2, "HTTP 503", server="503"),
    Fault("add", "malformed XML", ADD_ID, 2, "XML", server="malformed"),
    Fault("add", "unknown to arXiv", ADD_ID, 2, OUT_OF_CACHE_ID, server="empty"),
    Fault("add", "offline, not cached", [*ADD_ID, "--offline"], 2, "not in the cache"),
    Fault("add", "invalid catalog", ADD_ID, 2, "four-digit year", catalog=INVALID_CATALOG),
    Fault("add", "Ctrl-C during a slow response", ADD_ID, 130, "interrupted", server="slow", interrupt="http"),
    Fault("add", "Ctrl-C in the write", ["add", "2401.00001", "--section", "pretraining", "--offline"], 130, "interrupted", interrupt="write"),
    # add by hand
    Fault("add by hand", "unknown section", [*ADD_HAND[:-1], "nope"], 2, "section 'nope' does not exist"),
    Fault("add by hand", "ids and --title together", ["add", "2305.07759", "--title", "X", "--url", "https://e.org"], 2, "not both"),
    Fault("add by hand", "year out of range", [*ADD_HAND, "--year", "12"], 2, "--year"),
    Fault("add by hand", "invalid catalog", ADD_HAND, 2, "four-digit year", catalog=INVALID_CATALOG),
    Fault("add by hand", "Ctrl-C in the write", ADD_HAND, 130, "interrupted", interrupt="write"),
    # dedupe --merge
    Fault("dedupe --merge", "no --yes without a terminal", ["dedupe", "--merge"], 2, "pass --yes"),
    Fault("dedupe --merge", "--format json", [*MERGE, "--format", "json"], 2, "without --format json"),
    Fault("dedupe --merge", "--yes without --merge", ["dedupe", "--yes"], 2, "only apply to --merge"),
    Fault("dedupe --merge", "invalid catalog", MERGE, 2, "four-digit year", catalog=INVALID_CATALOG),
    Fault("dedupe --merge", "Ctrl-C in the write", MERGE, 130, "interrupted", interrupt="write"),
    # lint --fix
    Fault("lint --fix", "unknown format", [*FIX, "--format", "yaml"], 2, "--format must be one of"),
    Fault("lint --fix", "--diff without --fix", ["lint", "--diff"], 2, "use it together with --fix"),
    Fault("lint --fix", "invalid catalog", FIX, 2, "four-digit year", catalog=INVALID_CATALOG),
    Fault("lint --fix", "Ctrl-C in the write", FIX, 130, "interrupted", interrupt="write"),
    # refresh --apply
    Fault("refresh --apply", "unknown ref", ["refresh", "no-such-paper", "--apply"], 2, "no entry matches"),
    Fault("refresh --apply", "neither refs nor --all", ["refresh", "--apply"], 2, "or --all"),
    Fault("refresh --apply", "network refused", REFRESH, 2, "cannot connect"),
    Fault("refresh --apply", "HTTP 503", REFRESH, 2, "HTTP 503", server="503"),
    Fault("refresh --apply", "malformed XML", REFRESH, 2, "XML", server="malformed"),
    Fault("refresh --apply", "invalid catalog", REFRESH, 2, "four-digit year", catalog=INVALID_CATALOG),
    Fault("refresh --apply", "Ctrl-C during a slow response", REFRESH, 130, "interrupted", server="slow", interrupt="http"),
    Fault("refresh --apply", "Ctrl-C in the write", [*REFRESH, "--offline"], 130, "interrupted", interrupt="write"),
    # import -o (the output is the file to protect)
    Fault("import -o", "output exists, no --force", ["import", "README.md", "-o", "catalog.yaml"], 1, "pass --force"),
    Fault("import -o", "README missing", ["import", "MISSING.md", "-o", "catalog.yaml", "--force"], 2, "no such file"),
    Fault(
        "import -o",
        "README not UTF-8",
        ["import", "latin1.md", "-o", "catalog.yaml", "--force"],
        2,
        "not valid UTF-8",
        extra_files={"latin1.md": NOT_UTF8_README},
    ),
    Fault("import -o", "Ctrl-C in the write", IMPORT, 130, "interrupted", interrupt="write"),
    # render -o (README.md is the file to protect)
    Fault("render -o", "-o and --check together", [*RENDER, "--check", "README.md"], 2, "not both"),
    Fault("render -o", "invalid catalog", RENDER, 2, "four-digit year", catalog=INVALID_CATALOG),
    Fault("render -o", "Ctrl-C in the write", RENDER, 130, "interrupted", interrupt="write"),
]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file a user keeps in the folder, byte for byte (the cache and the lock file are papercat's)."""
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and relative.parts[0] not in ("cache", ".papercat-cache") and not path.name.endswith(".lock"):
            files[str(relative)] = path.read_bytes()
    return files


def serve_fault(server, kind: str, started: threading.Event, release: threading.Event) -> None:
    from fixtures.replay_server import seed_feed  # not `conftest`: tests/lint has a conftest of its own

    def answer(request):
        if kind == "503":
            return Response("busy", status=503)
        if kind == "malformed":
            return Response("<feed><entry><title>broken", status=200, content_type="application/atom+xml")
        if kind == "empty":
            return Response(seed_feed([]), status=200, content_type="application/atom+xml")
        started.set()
        release.wait(20)
        return Response(seed_feed([]), status=200, content_type="application/atom+xml")

    server.httpserver.expect_request("/api/query").respond_with_handler(answer)


@pytest.mark.parametrize("case", FAULTS, ids=[f"{f.command}: {f.fault}" for f in FAULTS])
def test_a_failing_writing_command_changes_no_file(tmp_path, monkeypatch, metadata_server, case):
    command_name = case.args[0]
    if command_name not in registered_commands():
        pytest.skip(f"`papercat {command_name}` is not registered yet")
    folder = tmp_path / "work"
    folder.mkdir()
    catalog = folder / "catalog.yaml"
    catalog.write_text(case.catalog, encoding="utf-8")
    (folder / "README.md").write_text(README, encoding="utf-8")
    for name, content in case.extra_files.items():
        (folder / name).write_bytes(content)
    env = base_env(folder)
    started, release = threading.Event(), threading.Event()
    if case.server:
        serve_fault(metadata_server, case.server, started, release)
        env["PAPERCAT_ARXIV_API"] = metadata_server.arxiv_api
    before = snapshot(folder)
    monkeypatch.chdir(folder)
    try:
        if case.interrupt:
            code, output = interrupt_a_process(catalog, case, env, started)
        else:
            for key, value in env.items():
                monkeypatch.setenv(key, value)
            result = CliRunner().invoke(app, ["--catalog", str(catalog), *case.args])
            code, output = result.exit_code, result.stdout + result.stderr
            assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    finally:
        release.set()
    assert "Traceback" not in output
    assert code == case.exit_code, output
    assert case.words in output, output
    assert output.count("papercat: error:") <= 1, output
    assert snapshot(folder) == before
    assert temporaries(folder) == [] and temporaries(folder, "README.md") == []


def interrupt_a_process(catalog: Path, case: Fault, env: dict[str, str], started: threading.Event) -> tuple[int, str]:
    """Run the command for real and press Ctrl-C (SIGINT) at the chosen moment."""
    folder = catalog.parent
    written = "README.md" if case.args[0] == "render" else "catalog.yaml"
    if case.interrupt == "write":
        env = {**env, files.PAUSE_ENV: "30"}
    process = start_process(catalog, case.args, env)
    try:
        if case.interrupt == "write":
            reached = wait_for(lambda: temporaries(folder, written), timeout=30)
        else:
            reached = started.wait(30)
        assert reached, "the command never reached the moment to interrupt"
    finally:
        code, stdout, stderr = kill_and_reap(process, signal.SIGINT)
    return code, stdout + stderr
