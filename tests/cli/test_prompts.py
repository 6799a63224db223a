"""Ctrl-C at a yes/no prompt gives papercat's one-line message and exit 130, not click's "Aborted!"."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CATALOG = """\
version: 1
title: Test list
sections:
  - id: pretraining
    title: Pretraining
entries:
  - id: tiny
    title: TinyStories
    url: https://arxiv.org/abs/2305.07759
    sections: [pretraining]
  - id: tiny-again
    title: TinyStories
    url: https://arxiv.org/abs/2305.07759
    sections: [pretraining]
"""


def interrupt_at_prompt(folder: Path, *args: str) -> tuple[int, str]:
    """Run papercat on a terminal, wait for its question, press Ctrl-C; (exit code, everything it wrote)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "papercat", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=folder,
        env={**os.environ, "NO_COLOR": "1"},
    )
    os.close(follower)
    output = b""
    deadline = time.monotonic() + 30  # a guard against a hang, not a speed assertion
    while b"[y/N]" not in output and time.monotonic() < deadline:
        try:
            output += os.read(leader, 1024)
        except OSError:
            break
    # Press Ctrl-C once the question waits for an answer. A signal that lands in the instant
    # between the prompt's write and readline's wait is swallowed by readline (a CPython race no
    # person at a keyboard hits), so it is pressed again if the first one was too early.
    time.sleep(0.3)
    code = None
    for _ in range(3):
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            continue
    assert code is not None
    try:
        while chunk := os.read(leader, 1024):
            output += chunk
    except OSError:
        pass
    os.close(leader)
    return code, output.decode("utf-8", "replace")


@pytest.mark.parametrize("args", [("remove", "tiny"), ("dedupe", "--merge")])
def test_ctrl_c_at_a_yes_no_prompt_exits_130_with_papercat_s_message(tmp_path, args):
    (tmp_path / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    code, output = interrupt_at_prompt(tmp_path, *args)
    assert code == 130, output
    assert "papercat: error: interrupted; the catalog was not changed" in output
    assert "Aborted!" not in output
    assert (tmp_path / "catalog.yaml").read_text(encoding="utf-8") == CATALOG
