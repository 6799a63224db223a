"""A writer killed (SIGKILL) at any moment leaves the old bytes or the new bytes, never a mix.

Each writing command runs as a real process. The store's test hook
($PAPERCAT_TEST_PAUSE_BEFORE_REPLACE) holds it between the fsynced temp file and the
replace, where it is killed; other runs are killed at seeded random delays across the whole
command (start-up, load, plan, write). Afterwards the next ordinary run must work and clean up.
"""

from __future__ import annotations

import random
import signal
from pathlib import Path

import pytest

from papercat import files, store

from .helpers import (
    CATALOG,
    WRITING_COMMANDS,
    WritingCommand,
    base_env,
    kill_and_reap,
    registered_commands,
    run_process,
    start_process,
    temporaries,
    wait_for,
)

pytestmark = pytest.mark.scenario("Crash during a write (SIGKILL)")

RANDOM_KILLS_PER_COMMAND = 5
# papercat starts, loads and writes in about 0.25 s on this catalog: kills land across all of it.
LATEST_KILL_SECONDS = 0.45


def skip_unless_registered(command: WritingCommand) -> None:
    if command.needs and command.needs not in registered_commands():
        pytest.skip(f"`papercat {command.needs}` is not registered yet")


_EXPECTED: dict[str, bytes] = {}


def expected_new_bytes(tmp_path: Path, command: WritingCommand) -> bytes:
    """The bytes an undisturbed run writes, from a twin folder (once per command)."""
    if command.name in _EXPECTED:
        return _EXPECTED[command.name]
    twin = tmp_path / "twin"
    twin.mkdir()
    catalog = twin / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    result = run_process(catalog, command.args, base_env(twin))
    assert result.returncode in command.ok_exit_codes, result.stderr
    new = catalog.read_bytes()
    assert new != CATALOG.encode(), "the command must change the catalog for this test to mean anything"
    _EXPECTED[command.name] = new
    return new


def arrange(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "work"
    folder.mkdir()
    catalog = folder / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    return catalog, base_env(folder)


def assert_a_later_run_recovers(catalog: Path, env: dict[str, str], command: WritingCommand, new: bytes) -> None:
    """The next run succeeds, leaves no temp file behind, and the file ends as the command intends."""
    result = run_process(catalog, command.args, env)
    already_applied = catalog.read_bytes() == new
    assert result.returncode in command.ok_exit_codes + ((1, 2) if already_applied else ()), result.stderr
    assert "Traceback" not in result.stderr
    assert catalog.read_bytes() == new
    assert temporaries(catalog.parent) == []
    store.load(catalog)


@pytest.mark.parametrize("command", WRITING_COMMANDS, ids=lambda c: c.name)
def test_a_writer_killed_between_temp_file_and_replace_leaves_the_old_bytes(tmp_path, command):
    skip_unless_registered(command)
    new = expected_new_bytes(tmp_path, command)
    catalog, env = arrange(tmp_path)
    process = start_process(catalog, command.args, {**env, files.PAUSE_ENV: "30"})
    try:
        # The temp file exists as soon as it is opened; the pause comes after all of it is written and fsynced.
        def paused() -> bool:
            found = temporaries(catalog.parent)
            return bool(found) and found[0].stat().st_size >= len(new)

        assert wait_for(paused, timeout=30), "the writer never reached the pause"
        temp = temporaries(catalog.parent)[0]
        assert temp.read_bytes() == new, "the temp file holds the complete new text before the replace"
    finally:
        code, _, stderr = kill_and_reap(process, signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert catalog.read_bytes() == CATALOG.encode()
    assert temporaries(catalog.parent) != [], "the killed writer's temp file is left (the next run must clean it)"
    assert_a_later_run_recovers(catalog, env, command, new)


def kill_delays(command: WritingCommand) -> list[float]:
    generator = random.Random(f"papercat-{command.name}")  # seeded: the same delays on every run
    return sorted(round(generator.uniform(0.0, LATEST_KILL_SECONDS), 3) for _ in range(RANDOM_KILLS_PER_COMMAND))


RANDOM_CASES = [(command, delay) for command in WRITING_COMMANDS for delay in kill_delays(command)]


@pytest.mark.parametrize("command, delay", RANDOM_CASES, ids=[f"{c.name}-{d:.3f}s" for c, d in RANDOM_CASES])
def test_a_writer_killed_at_a_random_moment_leaves_old_or_new_bytes(tmp_path, command, delay):
    skip_unless_registered(command)
    new = expected_new_bytes(tmp_path, command)
    catalog, env = arrange(tmp_path)
    process = start_process(catalog, command.args, env)
    try:
        process.wait(timeout=delay)
    except Exception:  # noqa: BLE001 - still running: that is the point
        pass
    kill_and_reap(process, signal.SIGKILL)
    assert catalog.read_bytes() in (CATALOG.encode(), new)
    assert_a_later_run_recovers(catalog, env, command, new)


def test_a_temp_file_of_a_live_writer_is_not_removed(tmp_path):
    """Cleaning stale temp files must never delete the one a running writer is about to rename."""
    command = WRITING_COMMANDS[0]
    catalog, env = arrange(tmp_path)
    slow = start_process(catalog, command.args, {**env, files.PAUSE_ENV: "2"})
    try:
        assert wait_for(lambda: temporaries(catalog.parent), timeout=30)
        live = temporaries(catalog.parent)[0]
        other = run_process(
            catalog, ["add", "--title", "Another", "--url", "https://example.org/x", "--section", "pretraining"], {**env, "PAPERCAT_LOCK_TIMEOUT": "30"}
        )
        _, stderr = slow.communicate(timeout=60)
    finally:
        if slow.poll() is None:
            kill_and_reap(slow)
    assert slow.returncode == 0, stderr
    assert other.returncode == 0, other.stderr
    assert not live.exists() and temporaries(catalog.parent) == []
    ids = [entry.id for entry in store.load(catalog).catalog.entries]
    entry = store.load(catalog).catalog.entry_by_id("wizardlm-2023")
    assert "another" in ids and entry.sections == ["pretraining"]


CTRL_C_ATTEMPTS = 6


@pytest.mark.scenario("Ctrl-C while writing leaves no temp file")
@pytest.mark.parametrize("command", [c for c in WRITING_COMMANDS if c.name in ("move", "add --title --url")], ids=lambda c: c.name)
def test_ctrl_c_as_the_temp_file_is_created_removes_it(tmp_path, command):
    """SIGINT the moment the temp file appears: Python raises it as os.open returns (found by this test)."""
    for attempt in range(CTRL_C_ATTEMPTS):
        folder = tmp_path / f"attempt-{attempt}"
        folder.mkdir()
        catalog = folder / "catalog.yaml"
        catalog.write_text(CATALOG, encoding="utf-8")
        process = start_process(catalog, command.args, {**base_env(folder), files.PAUSE_ENV: "30"})
        try:
            assert wait_for(lambda: temporaries(folder), timeout=30, every=0.0005)
        finally:
            code, _, stderr = kill_and_reap(process, signal.SIGINT)
        assert code == 130, stderr
        assert "interrupted; the catalog was not changed" in stderr and "Traceback" not in stderr
        assert catalog.read_bytes() == CATALOG.encode()
        assert temporaries(folder) == [], f"attempt {attempt}: the interrupted writer left its temp file"
