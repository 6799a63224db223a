"""Disk full, I/O errors and read-only folders: one clear line, exit 2, the old file intact.

Tests run as root, where chmod does not stop writes, so the faults are injected: in-process by
replacing os functions the store calls, and once for real with a file-size limit (RLIMIT_FSIZE)
on a papercat process, where the kernel itself refuses the write (EFBIG).
"""

from __future__ import annotations

import errno
import os
import resource

import pytest
from typer.testing import CliRunner

from papercat.cli import app

from .helpers import CATALOG, WRITING_COMMANDS, WritingCommand, base_env, one_error_line, registered_commands, run_process, temporaries

pytestmark = pytest.mark.scenario("Disk full or read-only folder")

README = "# Reliability list\n\nHand-kept README.\n"
IMPORTABLE = (
    "# Imported list\n\n## Pretraining\n\n| Paper | Published in | Code/Project |\n| --- |:---:|:---:|\n| [A paper](https://example.org/a) | arXiv 2024 | - |\n"
)

COMMANDS = [
    *WRITING_COMMANDS,
    WritingCommand("import -o --force", ["import", "IMPORT.md", "-o", "catalog.yaml", "--force"], []),
    WritingCommand("render -o", ["render", "-o", "README.md"], []),
]


def _raise(number: int):
    def fail(*args, **kwargs):
        raise OSError(number, os.strerror(number))

    return fail


def _fail_open_for(suffix: str, number: int):
    real_open = os.open

    def fake_open(path, *args, **kwargs):
        if str(path).endswith(suffix):
            raise OSError(number, os.strerror(number), str(path))
        return real_open(path, *args, **kwargs)

    return fake_open


class _FullDisk:
    """A file object whose writes fail like a full disk."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()


def _full_disk_fdopen():
    real_fdopen = os.fdopen

    def fake_fdopen(*args, **kwargs):
        return _FullDisk(real_fdopen(*args, **kwargs))

    return fake_fdopen


FAULTS = {
    "disk full on write": ("fdopen", _full_disk_fdopen, "No space left on device"),
    "disk full on fsync": ("fsync", lambda: _raise(errno.ENOSPC), "No space left on device"),
    "I/O error on fsync": ("fsync", lambda: _raise(errno.EIO), "Input/output error"),
    "disk full on replace": ("replace", lambda: _raise(errno.ENOSPC), "No space left on device"),
    "read-only folder (temp file)": ("open", lambda: _fail_open_for(".tmp", errno.EROFS), "Read-only file system"),
    "read-only folder (lock file)": ("open", lambda: _fail_open_for(".lock", errno.EROFS), "lock"),
    "permission denied (temp file)": ("open", lambda: _fail_open_for(".tmp", errno.EACCES), "Permission denied"),
}

# import and render write a new file from scratch and take no lock on it.
CASES = [
    pytest.param(command, fault, id=f"{command.name}: {fault}")
    for command in COMMANDS
    for fault in FAULTS
    if not (fault.endswith("(lock file)") and command.args[0] in ("import", "render"))
]


def arrange(tmp_path):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    (tmp_path / "IMPORT.md").write_text(IMPORTABLE, encoding="utf-8")
    return catalog


def protected(tmp_path, command) -> dict[str, bytes]:
    return {name: (tmp_path / name).read_bytes() for name in ("catalog.yaml", "README.md")}


@pytest.mark.parametrize("command, fault", CASES)
def test_a_failing_disk_is_one_clear_error_and_the_old_file_stays(tmp_path, monkeypatch, command, fault):
    if (command.needs or command.args[0]) not in registered_commands():
        pytest.skip(f"`papercat {command.args[0]}` is not registered yet")
    catalog = arrange(tmp_path)
    for key, value in base_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    before = protected(tmp_path, command)
    function, make_fault, words = FAULTS[fault]
    monkeypatch.setattr(os, function, make_fault())
    result = CliRunner().invoke(app, ["--catalog", str(catalog), *command.args])
    monkeypatch.undo()
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, result.stdout + result.stderr
    message = one_error_line(result.stderr)
    assert words in message and "not changed" in message or "lock" in message, message
    assert protected(tmp_path, command) == before
    assert temporaries(tmp_path) == [] and temporaries(tmp_path, "README.md") == []


def _limit_file_size(limit: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("command", [c for c in COMMANDS if c.name in ("move", "add --title --url", "render -o")], ids=lambda c: c.name)
def test_a_real_write_refused_by_the_kernel_leaves_the_old_file(tmp_path, command):
    """RLIMIT_FSIZE makes the kernel refuse writes past a size (EFBIG), as a full disk would."""
    catalog = arrange(tmp_path)
    before = protected(tmp_path, command)
    limit = 64  # bytes: smaller than any new catalog or README, and the lock file is empty
    result = run_process(catalog, command.args, base_env(tmp_path), cwd=tmp_path, preexec_fn=_limit_file_size(limit))
    assert result.returncode == 2, result.stdout + result.stderr
    message = one_error_line(result.stderr)
    assert "File too large" in message and "not changed" in message, message
    assert protected(tmp_path, command) == before
    assert temporaries(tmp_path) == [] and temporaries(tmp_path, "README.md") == []
