"""Duplicate detection on a second core: the findings never depend on whether it was used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from papercat import lint, store
from papercat.lint import background, runner
from papercat.lint.background import Background
from papercat.lint.model import Rule

# (Not can_fork(): an earlier test's server thread may still be alive in this process.)
needs_fork = pytest.mark.skipif(not (hasattr(os, "fork") and sys.platform.startswith("linux")), reason="papercat forks only on Linux")


def _catalog_text(rows: int) -> str:
    """A catalog with a duplicate pair every 50 rows and one link shared by two papers."""
    lines = ["version: 1", "title: Big list", "sections:", "  - id: papers", "    title: Papers", "entries:"]
    for number in range(rows):
        arxiv = f"23{number // 9000 + 1:02d}.{number % 9000 + 10000:05d}"
        title = f"Paper number {number} about topic {number * 7 % 997}"
        if number % 50 == 49:  # the same paper as the row before it, under its own link
            arxiv = f"23{(number - 1) // 9000 + 1:02d}.{(number - 1) % 9000 + 10000:05d}"
            title = f"Paper number {number - 1} about topic {(number - 1) * 7 % 997}"
        lines += [f"  - id: p{number}", f"    title: {title}", f"    url: https://arxiv.org/abs/{arxiv}", "    sections: [papers]"]
    lines += ["  - id: borrowed", "    title: A different paper entirely", "    url: https://arxiv.org/abs/2301.10000", "    sections: [papers]"]
    return "\n".join(lines) + "\n"


def _record_forks(monkeypatch) -> list[bool]:
    """Whether each Background started in this test really forked a child."""
    started = []
    real_start = Background._start

    def recording_start(self):
        real_start(self)
        started.append(self.forked)

    monkeypatch.setattr(Background, "_start", recording_start)
    return started


def _findings(result) -> list[tuple]:
    return [(f.code, f.line, f.entry, f.message) for f in result.findings]


@needs_fork
def test_lint_findings_are_the_same_with_and_without_the_second_process(tmp_path, monkeypatch):
    path = tmp_path / "catalog.yaml"
    path.write_text(_catalog_text(300))
    (tmp_path / "README.md").write_text("# Big list\n\nEdited by hand.\n")  # PC501 runs in the child too
    monkeypatch.setenv(background.WORKERS_ENV, "1")
    alone = lint.lint_path(path)
    monkeypatch.delenv(background.WORKERS_ENV)
    monkeypatch.setattr(runner, "MIN_ENTRIES_TO_FORK", 0)
    monkeypatch.setattr(runner, "can_fork", lambda: True)  # whatever the cores and threads of this test process
    forked_runs = _record_forks(monkeypatch)
    helped = lint.lint_path(path)
    assert forked_runs == [True]
    assert _findings(helped) == _findings(alone)
    codes = [code for code, *_ in _findings(helped)]
    assert codes.count("PC401") == 6 and codes.count("PC402") == 2  # unsure which link is wrong: both named
    assert codes.count("PC501") == 1


def test_the_command_prints_the_same_report_with_one_process_or_two(tmp_path):
    (tmp_path / "catalog.yaml").write_text(_catalog_text(2_100))  # above the size that forks
    outputs = []
    for workers in ("1", ""):
        env = {**os.environ, background.WORKERS_ENV: workers}
        done = subprocess.run([sys.executable, "-m", "papercat", "lint", "--format", "json"], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 1, done.stderr
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]
    assert sum(1 for finding in outputs[1] if finding["code"] == "PC401") == 42


@needs_fork
def test_an_error_in_the_child_surfaces_here_as_it_would_without_it():
    calls = []

    def compute():
        calls.append(os.getpid())
        raise ValueError("the detector broke")

    pending = Background([compute])
    assert pending.forked
    with pytest.raises(ValueError, match="the detector broke"):
        pending.results()
    assert calls == [os.getpid()]  # recomputed here, after the child failed


@needs_fork
def test_a_child_that_dies_is_replaced_by_computing_here():
    def compute():
        if os.getpid() != parent:
            os._exit(3)  # as if killed
        return {"computed in": "parent"}

    parent = os.getpid()
    assert Background([compute]).results() == [{"computed in": "parent"}]


@needs_fork
def test_the_child_result_comes_back_whole_even_past_a_pipe_buffer():
    big = ["x" * 100] * 20_000  # 2 MB: the child blocks on the pipe until the parent reads
    pending = Background([lambda: (os.getpid(), big)])
    [(child_pid, value)] = pending.results()
    assert child_pid != os.getpid() and value == big


@pytest.mark.timing  # asserts on wall-clock seconds: `pytest -m timing`
@needs_fork
def test_tasks_the_child_has_not_begun_are_taken_over_by_an_idle_parent():
    import time

    parent = os.getpid()

    def slow():
        time.sleep(1.0)
        return ("first", os.getpid())

    pending = Background([slow, lambda: ("second", os.getpid()), lambda: ("third", os.getpid())])
    started = time.monotonic()
    first, second, third = pending.results()  # asked at once: the child is still on the first task
    assert first[0] == "first" and first[1] != parent  # the child's
    assert second == ("second", parent) and third == ("third", parent)  # done here meanwhile
    assert time.monotonic() - started < 10


@needs_fork
def test_values_the_child_has_sent_are_used_as_they_are():
    import time

    parent = os.getpid()
    pending = Background([lambda: os.getpid(), lambda: os.getpid()])
    time.sleep(2.0)  # both done and sent by now
    assert all(pid != parent for pid in pending.results())


@needs_fork
def test_cancel_leaves_no_child_process_behind():
    pending = Background([lambda: __import__("time").sleep(30)])
    pid = pending._pid
    pending.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: not a zombie, not running


def test_papercat_workers_1_keeps_everything_in_one_process(monkeypatch):
    monkeypatch.setenv(background.WORKERS_ENV, "1")
    assert not background.can_fork()
    pending = Background([os.getpid], fork=background.can_fork())
    assert not pending.forked and pending.results() == [os.getpid()]


def test_a_small_catalog_is_linted_in_one_process(tmp_path, monkeypatch):
    path = tmp_path / "catalog.yaml"
    path.write_text(_catalog_text(100))
    forks = _record_forks(monkeypatch)
    assert any(f.code == "PC401" for f in lint.lint_document(store.load(Path(path))).findings)
    assert forks == []


@pytest.mark.timing  # asserts on wall-clock seconds: `pytest -m timing`
@needs_fork
def test_ctrl_c_during_lint_leaves_no_child_running(tmp_path, monkeypatch):
    """The runner stops the child when the parent is interrupted before collecting it."""
    import time

    path = tmp_path / "catalog.yaml"
    path.write_text(_catalog_text(60))
    monkeypatch.setattr(runner, "MIN_ENTRIES_TO_FORK", 0)
    monkeypatch.setattr(runner, "can_fork", lambda: True)
    parent = os.getpid()
    children = []
    real_start = Background._start

    def remember_child(self):
        real_start(self)
        children.append(self._pid)

    def interrupted_here_slow_there(catalog, context):
        if os.getpid() == parent:
            raise KeyboardInterrupt  # Ctrl-C in the first rule of this process
        time.sleep(60)  # the child is still at work
        yield

    monkeypatch.setattr(Background, "_start", remember_child)
    monkeypatch.setattr(Rule, "run", lambda rule, catalog, context: interrupted_here_slow_there(catalog, context))
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        lint.lint_path(path)
    assert time.monotonic() - started < 10  # it did not wait for the child's 60 s
    assert len(children) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(children[0], os.WNOHANG)  # killed and reaped
