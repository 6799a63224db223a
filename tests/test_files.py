"""papercat.files: the one reader, the one writer. Each test names the issue-14 case it guards."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from papercat import files
from papercat.errors import UsageError, WriteError


def test_a_fifo_with_no_writer_is_refused_at_once(tmp_path: Path):
    fifo = tmp_path / "catalog.yaml"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="FIFO"):
        files.read_text(fifo)


def test_a_device_is_refused_not_read_until_memory_runs_out():
    with pytest.raises(UsageError, match="character device"):
        files.read_text("/dev/zero")


def test_the_size_cap_counts_bytes_read_not_st_size(tmp_path: Path, monkeypatch):
    big = tmp_path / "big.json"
    big.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    def lying_fstat(descriptor: int):  # /proc files say 0
        info = real_fstat(descriptor)
        return os.stat_result((info.st_mode, *info[1:6], 0, *info[7:]))

    monkeypatch.setattr(os, "fstat", lying_fstat)
    with pytest.raises(UsageError, match="over 1,000 bytes"):
        files.read_text(big, limit=1000)


def test_bom_and_bad_bytes(tmp_path: Path):
    path = tmp_path / "intro.md"
    path.write_bytes(b"\xef\xbb\xbfhello\n")
    assert files.read_text(path, strip_bom=True) == "hello\n"
    assert files.read_text(path) == "\ufeffhello\n"
    path.write_bytes(b"ok\ncaf\xe9\n")
    with pytest.raises(UsageError, match="not valid UTF-8") as raised:
        files.read_text(path)
    assert str(raised.value).startswith(f"{path}:2: ")


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path):
    real = tmp_path / "data" / "catalog.yaml"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "catalog.yaml"
    link.symlink_to(os.path.relpath(real, tmp_path))
    files.write_atomic(link, "new\n")
    assert link.is_symlink()
    assert real.read_text() == "new\n"
    assert not list(tmp_path.glob(".*.tmp")) and not list(real.parent.glob(".*.tmp"))


def test_a_hard_link_is_not_split(tmp_path: Path):
    first = tmp_path / "catalog.yaml"
    first.write_text("old text\n")
    second = tmp_path / "copy.yaml"
    os.link(first, second)
    files.write_atomic(first, "new\n")
    assert second.read_text() == "new\n"
    assert os.stat(first).st_ino == os.stat(second).st_ino


def test_mode_bits_and_setgid_are_kept_whatever_the_umask(tmp_path: Path):
    path = tmp_path / "catalog.yaml"
    path.write_text("old\n")
    os.chmod(path, 0o2664)
    old = os.umask(0o077)
    try:
        files.write_atomic(path, "new\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o2664


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_owner_and_group_are_kept_when_root_writes(tmp_path: Path):
    path = tmp_path / "catalog.yaml"
    path.write_text("old\n")
    os.chown(path, 1234, 5678)
    files.write_atomic(path, "new\n")
    info = os.stat(path)
    assert (info.st_uid, info.st_gid) == (1234, 5678)


def test_a_fifo_is_written_as_a_stream_when_allowed(tmp_path: Path):
    fifo = tmp_path / "README.md"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    for _ in range(200):  # wait until the reader has the FIFO open
        try:
            files.write_atomic(fifo, "page\n", streams=True)
            break
        except WriteError:
            threading.Event().wait(0.01)
    reader.join(5)
    assert got == [b"page\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_special_files_are_never_replaced(tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(WriteError, match="FIFO"):
        files.write_atomic(fifo, "x")  # a catalog write: streams not allowed
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    files.write_atomic("/dev/null", "x", streams=True)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    with pytest.raises(WriteError, match="folder"):
        files.write_atomic(tmp_path, "x", streams=True)


def test_write_new_never_replaces_a_file(tmp_path: Path):
    path = tmp_path / "catalog.yaml"
    assert files.write_new(path, "first\n")
    assert not files.write_new(path, "second\n")
    assert path.read_text() == "first\n"
