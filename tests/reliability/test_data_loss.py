"""Issue 14's data-loss cases, one regression test each: stale merge plans, import races,
links, special files, modes and owners, bounded reads of every input, Ctrl-C after the replace.

In-process (CliRunner) where a fault can be injected exactly; every input that could hang
runs under an alarm, so a regression fails its test instead of hanging the suite.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures.catalogs import write_catalog
from papercat import files, store
from papercat.cli import app
from papercat.commands.dedupe import merge_duplicates
from papercat.dedupe import find_duplicates
from papercat.edits import edit_entry

from .helpers import CATALOG

SEED = Path(__file__).parent.parent / "data" / "seed-README.md"


def papercat(catalog: Path, *args: str):
    result = CliRunner().invoke(app, ["--catalog", str(catalog), *args])
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    return write_catalog(tmp_path, CATALOG)


@pytest.fixture
def alarm():
    """Fail, do not hang, if a read blocks (a FIFO with no writer)."""

    def hung(*_):
        raise TimeoutError("papercat blocked on a special file")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# --- dedupe --merge: the plan is checked again under the lock -----------------------------


@pytest.mark.scenario("Stale dedupe --merge plan")
def test_an_entry_rewritten_during_the_questions_is_not_merged_away(catalog):
    doc = store.load(catalog)
    report = find_duplicates(doc.catalog)
    assert [group.entries for group in report.duplicates] == [["star-2022", "star-copy"]]

    def someone_edits_meanwhile(proposal) -> bool:
        # While the person reads the diff, another process turns star-copy into another paper.
        store.update(catalog, lambda c: edit_entry(c, "star-copy", {"title": "A different paper", "url": "https://example.org/other"}))
        return True

    events = []
    outcome = merge_duplicates(doc, report, confirm=someone_edits_meanwhile, notify=events.append)
    after = store.load(catalog).catalog
    assert after.entry_by_id("star-copy").title == "A different paper"
    assert after.entry_by_id("star-2022") is not None
    assert outcome.merged == 0 and outcome.left == 1
    assert "star-copy changed since the groups were found" in events[-1].reason


@pytest.mark.scenario("Stale dedupe --merge plan")
def test_a_merge_another_process_already_made_is_reported_and_exits_0(catalog):
    doc = store.load(catalog)  # both processes found the same group before either took the lock
    report = find_duplicates(doc.catalog)
    first = merge_duplicates(doc, report)
    merged_text = catalog.read_text()
    events = []
    second = merge_duplicates(doc, report, notify=events.append)
    assert first.merged == 1 and second.merged == 0
    assert second.left == 0  # the CLI exits 0
    assert events[-1].already_merged and "already merged into 'star-2022'" in events[-1].reason
    assert catalog.read_text() == merged_text


# --- import never overwrites without --force -----------------------------------------------


@pytest.mark.scenario("import without --force never overwrites")
def test_a_catalog_that_appears_while_import_waits_for_the_lock_is_kept(tmp_path, monkeypatch):
    readme, target = tmp_path / "README.md", tmp_path / "catalog.yaml"
    readme.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    real_locked = files.locked

    def slow_lock(path, timeout=None):
        target.write_text("# written by someone else meanwhile\n")  # a racing import, an editor
        return real_locked(path, timeout)

    monkeypatch.setattr(files, "locked", slow_lock)
    result = papercat(target, "import", str(readme))
    assert result.exit_code == 1, result.output
    assert "already exists" in result.stderr
    assert target.read_text() == "# written by someone else meanwhile\n"


# --- links -------------------------------------------------------------------------------


@pytest.mark.scenario("Symlinks and hard links")
def test_a_symlinked_catalog_and_readme_are_written_through(tmp_path):
    real = tmp_path / "data" / "catalog.yaml"
    real.parent.mkdir()
    real.write_text(CATALOG, encoding="utf-8")
    link = tmp_path / "catalog.yaml"
    link.symlink_to("data/catalog.yaml")
    readme_real = tmp_path / "data" / "README.md"
    readme_real.write_text("old\n")
    readme = tmp_path / "README.md"
    readme.symlink_to("data/README.md")

    assert papercat(link, "move", "wizardlm-2023", "--to", "pretraining").exit_code == 0
    assert papercat(link, "render", "-o", str(readme)).exit_code == 0
    assert link.is_symlink() and readme.is_symlink()
    assert store.load(real).catalog.entry_by_id("wizardlm-2023").sections == ["pretraining"]
    assert readme_real.read_text().startswith("# Reliability list")


@pytest.mark.scenario("Symlinks and hard links")
def test_a_hard_linked_catalog_stays_one_file(catalog, tmp_path):
    twin = tmp_path / "backup-of-catalog.yaml"
    os.link(catalog, twin)
    assert papercat(catalog, "remove", "wizardlm-2023", "--yes").exit_code == 0
    assert os.path.samefile(catalog, twin)
    assert "wizardlm-2023" not in twin.read_text()


# --- special files -------------------------------------------------------------------------


@pytest.mark.scenario("Special files as outputs")
def test_render_into_a_fifo_streams_and_keeps_the_fifo(catalog, tmp_path, alarm):
    fifo = tmp_path / "page.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = None
    for _ in range(500):  # until the reader has opened its end
        result = papercat(catalog, "render", "-o", str(fifo))
        if result.exit_code == 0:
            break
        threading.Event().wait(0.01)
    reader.join(10)
    assert result is not None and result.exit_code == 0, result.output
    assert got and got[0].startswith(b"# Reliability list")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.scenario("Special files as outputs")
def test_render_and_baseline_to_dev_null_keep_the_device(catalog):
    assert papercat(catalog, "render", "-o", "/dev/null").exit_code == 0
    assert papercat(catalog, "lint", "--write-baseline", "/dev/null").exit_code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.scenario("Special files as outputs")
def test_render_to_dev_stdout_writes_into_the_pipe(catalog):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "papercat", "--catalog", str(catalog), "render", "-o", "/dev/stdout"],
        capture_output=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"# Reliability list")


@pytest.mark.scenario("Special files as outputs")
def test_a_socket_is_never_replaced(catalog, tmp_path):
    import socket

    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = papercat(catalog, "render", "-o", str(path))
        assert result.exit_code == 2 and "socket" in result.stderr
        assert stat.S_ISSOCK(os.stat(path).st_mode)


@pytest.mark.scenario("Special files as outputs")
def test_render_over_the_catalog_or_any_catalog_is_refused_without_force(catalog, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(CATALOG, encoding="utf-8")
    for target in (catalog, other, tmp_path / "." / "catalog.yaml"):
        result = papercat(catalog, "render", "-o", str(target))
        assert result.exit_code == 1 and "catalog" in result.stderr, result.output
    assert catalog.read_text() == CATALOG and other.read_text() == CATALOG
    assert papercat(catalog, "render", "-o", str(other), "--force").exit_code == 0
    assert other.read_text().startswith("# Reliability list")


# --- modes and owners -----------------------------------------------------------------------


@pytest.mark.scenario("Modes and owners kept")
@pytest.mark.parametrize("mode", [0o664, 0o2664, 0o600])
def test_mode_bits_survive_a_write_under_any_umask(catalog, mode):
    os.chmod(catalog, mode)
    old = os.umask(0o022)
    try:
        assert papercat(catalog, "move", "wizardlm-2023", "--to", "pretraining").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(catalog).st_mode) == mode


@pytest.mark.scenario("Modes and owners kept")
@pytest.mark.skipif(os.geteuid() != 0, reason="only root can edit another user's file and keep its owner")
def test_a_file_owned_by_another_user_keeps_its_owner_when_root_edits_it(catalog):
    os.chown(catalog, 1234, 5678)
    assert papercat(catalog, "edit", "star-2022", "--note", "checked").exit_code == 0
    info = os.stat(catalog)
    assert (info.st_uid, info.st_gid) == (1234, 5678)


# --- every input is read with a cap, never from a special file -------------------------------


def _inputs(tmp_path: Path, catalog: Path, special: Path) -> dict[str, list[str]]:
    return {
        "--catalog": ["--catalog", str(special), "lint"],
        "render --check": ["--catalog", str(catalog), "render", "--check", str(special)],
        "import": ["--catalog", str(tmp_path / "new.yaml"), "import", str(special)],
        "config --file": ["--catalog", str(catalog), "config", "intro", "--file", str(special)],
        "lint --baseline": ["--catalog", str(catalog), "lint", "--baseline", str(special)],
    }


@pytest.mark.scenario("Inputs that never end or never come")
@pytest.mark.parametrize("where", ["--catalog", "render --check", "import", "config --file", "lint --baseline"])
@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_a_fifo_or_endless_device_as_input_is_one_error_line(catalog, tmp_path, alarm, where, special):
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "input.fifo"
        os.mkfifo(path)
    before = catalog.read_text()
    result = CliRunner().invoke(app, _inputs(tmp_path, catalog, path)[where])
    assert result.exit_code == 2, result.output
    assert "not a regular file" in result.stderr + result.stdout  # lint reports an unreadable catalog as PC100
    assert catalog.read_text() == before


@pytest.mark.scenario("Inputs that never end or never come")
def test_a_huge_or_special_cache_entry_is_skipped_without_reading_it_whole(tmp_path, monkeypatch, alarm):
    from papercat.sources.cache import MetadataCache

    cache = MetadataCache(tmp_path / "cache")
    huge = cache._path("arxiv", "2305.07759")
    huge.parent.mkdir(parents=True)
    with open(huge, "wb") as stream:  # 400 MB, sparse: costs no disk
        stream.truncate(400 * 1024 * 1024)
    os.mkfifo(cache._path("arxiv", "2203.14465"))
    read = [0]
    real_read = os.read

    def counting_read(descriptor, size):
        data = real_read(descriptor, size)
        read[0] += len(data)
        return data

    monkeypatch.setattr(os, "read", counting_read)
    assert cache.get_arxiv("2305.07759") is None
    assert cache.get_arxiv("2203.14465") is None
    assert read[0] <= 2 * 1024 * 1024


# --- Ctrl-C after the replace -----------------------------------------------------------------


@pytest.mark.scenario("Ctrl-C reports what happened")
def test_ctrl_c_after_the_replace_says_the_change_was_saved(catalog, monkeypatch):
    def interrupted(folder):
        raise KeyboardInterrupt

    monkeypatch.setattr(files, "_fsync_folder", interrupted)  # the step right after os.replace
    result = papercat(catalog, "move", "wizardlm-2023", "--to", "pretraining")
    assert result.exit_code == 130
    assert "was not changed" not in result.stderr
    assert f"interrupted after {catalog} was written" in result.stderr
    assert store.load(catalog).catalog.entry_by_id("wizardlm-2023").sections == ["pretraining"]


# --- the round trip refuses rather than lose a comment ------------------------------------------

FLOW_WITH_COMMENT = """\
version: 1
title: T
sections:
  - id: a
    title: A
  - id: b
    title: B
entries:
  - {id: x, title: X paper,   # inside a flow mapping: ruamel drops it
     sections: [a]}
"""


@pytest.mark.scenario("Hand-written files survive every writing command")
def test_a_comment_the_round_trip_would_drop_makes_the_write_refuse(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text(FLOW_WITH_COMMENT, encoding="utf-8")
    result = papercat(path, "move", "x", "--to", "b")
    assert result.exit_code == 2
    assert "would lose the comment '# inside a flow mapping" in result.stderr
    assert f"{path}:9:" in result.stderr
    assert path.read_text() == FLOW_WITH_COMMENT
