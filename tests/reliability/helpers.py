"""What the reliability tests share: a hand-kept catalog, the writing commands, and ways to run them."""

from __future__ import annotations

import difflib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from papercat.sources.cache import MetadataCache
from papercat.sources.metadata import PaperMetadata

# Every subprocess gets a timeout: a hung papercat must fail the test, not the CI job.
PROCESS_TIMEOUT = 60

CATALOG = """\
# Reliability fixture: written by hand, not by papercat.
version: 1
title: Reliability list   # the page title
sections:
  - id: pretraining
    title: Pretraining
  - id: fine-tuning
    title: Fine-tuning
entries:
  # the classics
  - id: tinystories-2023
    title: "TinyStories: How Small Can Language Models Be?"
    url: https://arxiv.org/abs/2305.07759
    arxiv: '2305.07759'
    year: 2023
    sections: [pretraining]
  - id: star-2022
    title: "STaR: Bootstrapping Reasoning With Reasoning"
    url: https://arxiv.org/pdf/2203.14465.pdf
    arxiv: '2203.14465'
    year: 2022
    sections: [fine-tuning]   # lint --fix makes the link canonical
  - id: star-copy
    title: "STaR: Bootstrapping Reasoning With Reasoning"
    url: https://arxiv.org/abs/2203.14465
    year: 2022
    sections: [pretraining]
  - id: wizardlm-2023
    title: "WizardLM: Empowering Large Language Models to Follow Complex Instructions"
    url: https://arxiv.org/abs/2304.12244
    arxiv: '2304.12244'
    year: 2023
    sections:
      - fine-tuning
# end of list
"""

# The id `add --offline` files, from metadata put in the cache beforehand.
CACHED_NEW_ID = "2401.00001"


@dataclass
class WritingCommand:
    """A command line that changes the catalog, and the entries its change touches."""

    name: str
    args: list[str]
    touched: list[str]  # entry ids whose lines may change (new entries included)
    ok_exit_codes: tuple[int, ...] = (0,)
    needs: str = ""  # a command that must be registered for this to run
    extra: dict = field(default_factory=dict)


WRITING_COMMANDS = [
    WritingCommand("move", ["move", "wizardlm-2023", "--to", "pretraining"], ["wizardlm-2023"]),
    WritingCommand("remove --yes", ["remove", "wizardlm-2023", "--yes"], ["wizardlm-2023"]),
    WritingCommand("add --offline", ["add", CACHED_NEW_ID, "--section", "pretraining", "--offline"], ["cached-paper-reliability-2024"]),
    WritingCommand(
        "add --title --url",
        ["add", "--title", "A hand-added paper", "--url", "https://example.org/paper", "--section", "fine-tuning"],
        ["hand-added-paper"],
    ),
    WritingCommand("dedupe --merge --yes", ["dedupe", "--merge", "--yes"], ["star-2022", "star-copy"]),
    WritingCommand("lint --fix", ["lint", "--fix"], ["star-2022", "star-copy", "tinystories-2023", "wizardlm-2023"], ok_exit_codes=(0, 1)),
    WritingCommand("refresh --apply --offline", ["refresh", "tinystories-2023", "--apply", "--offline"], ["tinystories-2023"], needs="refresh"),
]


def registered_commands() -> set[str]:
    import typer.main

    from papercat.cli import app

    return set(typer.main.get_command(app).commands)


def cached_metadata() -> list[PaperMetadata]:
    """What `add --offline` and `refresh --offline` find in the cache (no network in these tests)."""
    return [
        PaperMetadata(
            id=CACHED_NEW_ID,
            source="arxiv",
            title="Cached Paper for Reliability",
            authors=["Ada Lovelace"],
            published="2024-01-01",
            year=2024,
            version=1,
            category="cs.CL",
        ),
        PaperMetadata(
            id="2305.07759",
            source="arxiv",
            title="TinyStories: How Small Can Language Models Be and Still Speak Coherent English?",
            authors=["Ronen Eldan", "Yuanzhi Li"],
            published="2023-05-12",
            year=2023,
            version=2,
            category="cs.CL",
        ),
    ]


def prefill_cache(directory: Path) -> Path:
    cache = MetadataCache(directory)
    for metadata in cached_metadata():
        cache.put(metadata)
    return directory


def closed_port_url(path: str = "/api/query") -> str:
    """A URL nothing listens on: any request to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def base_env(tmp_path: Path) -> dict[str, str]:
    """Environment for papercat subprocesses: a filled cache, no colours, and no real network."""
    cache = prefill_cache(tmp_path / "cache")
    return {
        "PAPERCAT_CACHE_DIR": str(cache),
        "PAPERCAT_ARXIV_API": closed_port_url(),
        "PAPERCAT_CROSSREF_API": closed_port_url("/works"),
        "PAPERCAT_HTTP_DELAY": "0",
        "NO_COLOR": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def papercat_argv(catalog: Path, args: list[str]) -> list[str]:
    return [sys.executable, "-m", "papercat", "--catalog", str(catalog), *args]


def run_process(catalog: Path, args: list[str], env: dict[str, str], timeout: float = PROCESS_TIMEOUT, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        papercat_argv(catalog, args),
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        **options,
    )


def start_process(catalog: Path, args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        papercat_argv(catalog, args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **env},
    )


def temporaries(folder: Path, name: str = "catalog.yaml") -> list[Path]:
    """The store's temp files (`.catalog.yaml.<pid>.<ns>.tmp`) in a folder."""
    return sorted(folder.glob(f".{name}.*.tmp"))


def wait_for(condition, timeout: float = 20.0, every: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def kill_and_reap(process: subprocess.Popen, sig: int = signal.SIGKILL) -> tuple[int, str, str]:
    try:
        process.send_signal(sig)
    except ProcessLookupError:
        pass
    stdout, stderr = process.communicate(timeout=PROCESS_TIMEOUT)
    return process.returncode, stdout, stderr


def changed_line_numbers(old: str, new: str) -> tuple[set[int], set[int]]:
    """0-based numbers of the old lines removed and the new lines added, by difflib."""
    removed: set[int] = set()
    added: set[int] = set()
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag != "equal":
            removed.update(range(a_start, a_end))
            added.update(range(b_start, b_end))
    return removed, added


def entry_line_ranges(text: str, entry_ids: list[str]) -> set[int]:
    """0-based line numbers (of the text as the store sees it) of the named entries' blocks
    (and of top-level keys named `key:NAME`, such as `key:title`)."""
    from papercat import store

    doc = store.load_text(text)
    lines: set[int] = set()
    for name in entry_ids:
        if name.startswith("key:") and name[4:] in doc.index.top:
            block = doc.index.top[name[4:]]
            lines.update(range(block.start, block.end))
    for position, entry in enumerate(doc.catalog.entries):
        if entry.id in entry_ids and position < len(doc.index.entry_blocks):
            block = doc.index.entry_blocks[position]
            lines.update(range(block.start, block.end))
    return lines


def one_error_line(stderr: str) -> str:
    """The single `papercat: error: ...` line a failing command must print, and nothing like a traceback."""
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("papercat: error: ")]
    assert len(errors) == 1, stderr
    return errors[0]


# Runs `python -m papercat ...` and, at exit, writes the process's own peak RSS (VmHWM) to a file.
# getrusage/wait4 cannot be used: Linux carries the parent's (pytest's) peak into the child.
# Runs papercat in this Python process and records its own peak memory (VmHWM) as it
# leaves. papercat leaves with os._exit (no atexit), so the wrapper hooks that; a forked
# lint child also leaves that way and is not counted. (wait4's ru_maxrss would count the
# test process itself, which the child was a copy of until exec.)
_PEAK_WRAPPER = """
import os, runpy, sys
_papercat_pid = os.getpid()
def _peak():
    if os.getpid() != _papercat_pid:
        return
    with open('/proc/self/status') as status:
        peak = next(line.split()[1] for line in status if line.startswith('VmHWM:'))
    with open(os.environ['PAPERCAT_TEST_PEAK_FILE'], 'w') as out:
        out.write(peak)
_real_exit = os._exit
def _exit(code):
    _peak()
    _real_exit(code)
os._exit = _exit
sys.argv[0] = 'papercat'
try:
    runpy.run_module('papercat', run_name='__main__', alter_sys=True)
finally:
    _peak()
"""


def run_measured(argv: list[str], env: dict[str, str], folder: Path, timeout: float = PROCESS_TIMEOUT) -> "Measured":
    """Run papercat (argv from papercat_argv) and measure its wall time and its own peak memory."""
    assert argv[1:3] == ["-m", "papercat"]
    peak_file = folder / "measured.peak"
    peak_file.unlink(missing_ok=True)
    argv = [argv[0], "-c", _PEAK_WRAPPER, *argv[3:]]
    env = {**env, "PAPERCAT_TEST_PEAK_FILE": str(peak_file)}
    out_path, err_path = folder / "measured.out", folder / "measured.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env={**os.environ, **env})
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measured(
        returncode=process.returncode,
        stdout=out_path.read_text(encoding="utf-8", errors="replace"),
        stderr=err_path.read_text(encoding="utf-8", errors="replace"),
        seconds=seconds,
        peak_megabytes=int(peak_file.read_text()) / 1024 if peak_file.exists() else float("nan"),
    )


@dataclass
class Measured:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_megabytes: float
