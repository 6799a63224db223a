"""Replaying a real list's edit history with papercat commands only (tests/data/replay, MIT).

Version 11 of huybery/Awesome-Code-LLM is imported; each later version is then absorbed into
the catalog, as a maintainer would take a contributor's README edit. The papers the history
added must arrive in the catalog, absorb must never fail on a real list's layout, and after
every step the catalog renders exactly that version (`render --check` passes).
benchmarks/replay.py runs the same replay and counts the steps after which `render --check`
passes (docs/performance.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HISTORY = Path(__file__).parent / "data" / "replay" / "huybery__Awesome-Code-LLM"


def papercat(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "papercat", *args], capture_output=True, text=True, cwd=folder, env={**os.environ, "NO_COLOR": "1"})


def test_the_data_keeps_its_licence_and_provenance():
    versions = sorted(HISTORY.glob("[0-9][0-9]_*.md"))
    assert len(versions) == 10
    assert (HISTORY / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n\nCopyright (c) 2023 Binyuan Hui")
    assert "0ce4d7f2510ae39229b3df11a1d18a620865c461" in (HISTORY / "PROVENANCE.md").read_text(encoding="utf-8")


def test_absorbing_each_next_version_brings_the_added_papers_into_the_catalog(tmp_path):
    versions = sorted(HISTORY.glob("[0-9][0-9]_*.md"))
    readme = tmp_path / "README.md"
    shutil.copyfile(versions[0], readme)
    assert papercat(tmp_path, "import", "README.md", "-o", "catalog.yaml").returncode in (0, 1)
    assert papercat(tmp_path, "render", "--check", "README.md").returncode == 0
    catalog = tmp_path / "catalog.yaml"
    assert "GitChameleon" not in catalog.read_text(encoding="utf-8")
    for version in versions[1:]:
        shutil.copyfile(version, readme)
        absorbed = papercat(tmp_path, "absorb", "README.md")
        # 1: parts it reports by line; never 2 (the next absorb would then find the catalog unloadable)
        assert absorbed.returncode in (0, 1), absorbed.stderr
        assert "Traceback" not in absorbed.stderr and "internal error" not in absorbed.stderr
        assert all(line.startswith("papercat: warning: README.md:") for line in absorbed.stderr.splitlines()), absorbed.stderr
        assert absorbed.returncode == 0, absorbed.stderr  # every part of this history maps
        checked = papercat(tmp_path, "render", "--check", "README.md")
        assert checked.returncode == 0, f"{version.name}: {checked.stdout[:2000]}"
        if version.name.startswith("16_"):  # the step that added GitChameleon's row
            assert "new row 'GitChameleon: Unmasking the Version-Switching" in absorbed.stdout
        if version.name.startswith("17_"):  # the step that added ProSec's row
            assert "new row 'ProSec: Fortifying Code LLMs with Proactive Security" in absorbed.stdout
    from papercat import store

    store.load(catalog)  # still a valid catalog after nine absorbs
    text = catalog.read_text(encoding="utf-8")
    assert "GitChameleon: Unmasking the Version-Switching Capabilities of Code Generation Models" in text
    assert "ProSec: Fortifying Code LLMs with Proactive Security Alignment" in text
