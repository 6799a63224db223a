"""Many papercat processes on one catalog: every change lands, and a blocked one changes nothing."""

from __future__ import annotations

import time

import pytest

from papercat import files, store
from papercat.sources.cache import MetadataCache
from papercat.sources.metadata import PaperMetadata

from .helpers import CATALOG, WRITING_COMMANDS, base_env, one_error_line, registered_commands, run_process, start_process, temporaries

pytestmark = pytest.mark.scenario("Concurrent writers")

PROCESSES = 20


def catalog_with_movable_entries(count: int) -> str:
    """The fixture catalog plus `count` entries filed under fine-tuning, one per mover."""
    lines = [CATALOG.rstrip("\n").removesuffix("# end of list").rstrip("\n")]
    for number in range(count):
        lines.append(f"  - id: movable-{number}\n    title: Movable paper {number}\n    url: https://example.org/movable/{number}\n    sections: [fine-tuning]")
    return "\n".join(lines) + "\n# end of list\n"


def run_all_at_once(catalog, commands, env):
    processes = [start_process(catalog, args, env) for args in commands]
    results = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        results.append((process.returncode, stdout, stderr))
    return results


def test_twenty_processes_adding_and_moving_at_once_lose_no_change(tmp_path):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(catalog_with_movable_entries(PROCESSES // 2), encoding="utf-8")
    env = {**base_env(tmp_path), "PAPERCAT_LOCK_TIMEOUT": "120"}
    commands = []
    for number in range(PROCESSES // 2):
        commands.append(["add", "--title", f"Concurrent paper {number}", "--url", f"https://example.org/concurrent/{number}", "--section", "pretraining"])
        commands.append(["move", f"movable-{number}", "--to", "pretraining"])
    results = run_all_at_once(catalog, commands, env)
    assert [code for code, _, _ in results] == [0] * PROCESSES, [stderr for _, _, stderr in results if stderr]
    final = store.load(catalog).catalog
    titles = {entry.title for entry in final.entries}
    assert {f"Concurrent paper {n}" for n in range(PROCESSES // 2)} <= titles
    for number in range(PROCESSES // 2):
        assert final.entry_by_id(f"movable-{number}").sections == ["pretraining"]
    assert len(final.entries) == 4 + PROCESSES
    assert catalog.read_text(encoding="utf-8").startswith(CATALOG.split("# end of list")[0])
    assert temporaries(tmp_path) == []


def test_twenty_processes_adding_cached_papers_at_once_add_all_twenty(tmp_path):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    env = {**base_env(tmp_path), "PAPERCAT_LOCK_TIMEOUT": "120"}
    cache = MetadataCache(env["PAPERCAT_CACHE_DIR"])
    ids = [f"2402.{10000 + n}" for n in range(PROCESSES)]
    for number, arxiv_id in enumerate(ids):
        cache.put(PaperMetadata(id=arxiv_id, source="arxiv", title=f"Parallel Paper Number {number}", authors=["A. Author"], published="2024-02-01", year=2024))
    results = run_all_at_once(catalog, [["add", arxiv_id, "--section", "fine-tuning", "--offline"] for arxiv_id in ids], env)
    assert [code for code, _, _ in results] == [0] * PROCESSES, [stderr for _, _, stderr in results if stderr]
    final = store.load(catalog).catalog
    assert sorted(entry.arxiv for entry in final.entries if entry.arxiv and entry.arxiv.startswith("2402.")) == ids
    assert len(final.entries) == 4 + PROCESSES


@pytest.mark.timing  # asserts on wall-clock seconds: `pytest -m timing`
@pytest.mark.parametrize("command", WRITING_COMMANDS, ids=lambda c: c.name)
def test_a_process_that_cannot_take_the_lock_says_so_and_changes_nothing(tmp_path, command):
    if command.needs and command.needs not in registered_commands():
        pytest.skip(f"`papercat {command.needs}` is not registered yet")
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    env = {**base_env(tmp_path), "PAPERCAT_LOCK_TIMEOUT": "0.5"}
    with files.locked(catalog):
        started = time.perf_counter()
        result = run_process(catalog, command.args, env)
        elapsed = time.perf_counter() - started
    assert result.returncode == 2, result.stdout + result.stderr
    message = one_error_line(result.stderr)
    assert "another papercat process has held the lock" in message and "try again" in message
    assert catalog.read_bytes() == CATALOG.encode()
    assert elapsed < 10


def test_a_lock_timeout_that_is_not_a_number_is_a_clear_error(tmp_path):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    result = run_process(catalog, ["move", "wizardlm-2023", "--to", "pretraining"], {**base_env(tmp_path), "PAPERCAT_LOCK_TIMEOUT": "soon"})
    assert result.returncode == 2
    assert "$PAPERCAT_LOCK_TIMEOUT must be a number of seconds, not 'soon'" in one_error_line(result.stderr)
    assert catalog.read_bytes() == CATALOG.encode()


def test_a_waiting_writer_goes_ahead_once_the_lock_is_released(tmp_path):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    env = {**base_env(tmp_path), "PAPERCAT_LOCK_TIMEOUT": "30"}
    with files.locked(catalog):
        waiting = start_process(catalog, ["move", "wizardlm-2023", "--to", "pretraining"], env)
        time.sleep(0.8)
        assert waiting.poll() is None, "the writer must wait for the lock, not write around it"
        assert catalog.read_bytes() == CATALOG.encode()
    _, stderr = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, stderr
    assert store.load(catalog).catalog.entry_by_id("wizardlm-2023").sections == ["pretraining"]
