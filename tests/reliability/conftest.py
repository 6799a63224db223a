"""Reliability tests record what they prove, so docs/reliability.md is written from a real run.

Each test carries `@pytest.mark.scenario("...")`. When $PAPERCAT_RELIABILITY_RESULTS names a
file, the session writes one JSON record per test case to it: its scenario, its outcome and
any figures it measured (`record_property`). `scripts/reliability_report.py` runs the tests
that way and renders the table. Tests elsewhere that prove part of a scenario are listed in
REFERENCED_TESTS, so the report credits them instead of this folder duplicating them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

RESULTS_ENV = "PAPERCAT_RELIABILITY_RESULTS"

# node id (relative to the repository) -> the scenario it proves, for tests kept elsewhere.
REFERENCED_TESTS = {
    "tests/sources/test_faults.py::test_an_entity_bomb_is_refused_without_expanding_it": "XML from the API: entities and size",
    "tests/sources/test_faults.py::test_an_oversized_body_is_cut_off_at_the_limit": "XML from the API: entities and size",
    "tests/sources/test_faults.py::test_malformed_xml_is_reported": "XML from the API: entities and size",
    "tests/test_store.py::test_an_alias_bomb_is_refused_quickly": "YAML: bombs, huge files, deep nesting, tags",
    "tests/test_store.py::test_a_python_object_tag_is_refused": "YAML: bombs, huge files, deep nesting, tags",
    "tests/test_store.py::test_a_failure_before_the_replace_leaves_the_file_byte_identical": "Disk full or read-only folder",
    "tests/test_store.py::test_concurrent_writers_lose_no_change": "Concurrent writers",
    "tests/test_store.py::test_the_lock_refuses_after_its_timeout": "Concurrent writers",
    "tests/test_files.py::test_the_size_cap_counts_bytes_read_not_st_size": "Inputs that never end or never come",
    "tests/test_files.py::test_a_fifo_is_written_as_a_stream_when_allowed": "Special files as outputs",
    "tests/test_files.py::test_write_new_never_replaces_a_file": "import without --force never overwrites",
}


def pytest_configure(config):
    config.addinivalue_line("markers", "scenario(name): the reliability scenario a test proves (docs/reliability.md)")


def _scenario_of(item) -> str | None:
    marker = item.get_closest_marker("scenario")
    if marker is not None:
        return marker.args[0]
    base = item.nodeid.split("[", 1)[0]
    return REFERENCED_TESTS.get(base)


def pytest_collection_modifyitems(session, config, items):
    scenarios = {}
    for item in items:
        scenario = _scenario_of(item)
        if scenario is not None:
            scenarios[item.nodeid] = (scenario, str(Path(item.nodeid.split("::", 1)[0])))
    config.stash[_SCENARIOS] = scenarios


_SCENARIOS = pytest.StashKey[dict]()


def pytest_sessionfinish(session, exitstatus):
    target = os.environ.get(RESULTS_ENV)
    if not target:
        return
    scenarios = session.config.stash.get(_SCENARIOS, {})
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    outcomes: dict[str, str] = {}
    figures: dict[str, list] = {}
    if reporter is not None:
        for reports in reporter.stats.values():
            for report in reports:
                nodeid = getattr(report, "nodeid", None)
                if nodeid not in scenarios or not hasattr(report, "when"):
                    continue
                outcome = _outcome(report)
                previous = outcomes.get(nodeid)
                if previous is None or _RANK[outcome] > _RANK[previous]:
                    outcomes[nodeid] = outcome
                if getattr(report, "user_properties", None):
                    figures[nodeid] = list(report.user_properties)  # each phase repeats them all
    records = [
        {
            "nodeid": nodeid,
            "scenario": scenario,
            "file": file,
            "outcome": outcomes.get(nodeid, "collected"),
            "figures": [[name, value] for name, value in figures.get(nodeid, [])],
        }
        for nodeid, (scenario, file) in scenarios.items()
    ]
    Path(target).write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


_RANK = {"collected": 0, "passed": 1, "skipped": 2, "xfailed": 3, "xpassed": 4, "failed": 5}


def _outcome(report) -> str:
    if hasattr(report, "wasxfail"):
        return "xfailed" if report.skipped else "xpassed"
    if report.failed:
        return "failed"
    if report.skipped:
        return "skipped"
    return "passed" if report.when == "call" else "collected"
