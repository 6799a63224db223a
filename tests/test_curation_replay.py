"""The curation of the shipped list replays: scripts/curate.sh on the seed gives the shipped catalog.yaml.

docs/curation-log.md promises a new contributor can replay the whole curation from the imported
seed (tests/data/seed-README.md) and get the same catalog. This runs the script itself, offline
(its replay server listens on 127.0.0.1), and compares the result with what the repository ships.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures.replay_server import serve_in_thread
from papercat import store
from papercat.cli import app

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "curate.sh"
CURATION_LOG = ROOT / "docs" / "curation-log.md"


@pytest.fixture(scope="module")
def replayed(tmp_path_factory) -> Path:
    """The catalog scripts/curate.sh writes, in a fresh folder, with this interpreter's papercat."""
    if shutil.which("bash") is None:
        pytest.skip("scripts/curate.sh needs bash")
    catalog = tmp_path_factory.mktemp("replay") / "catalog.yaml"
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PAPERCAT_")}
    environment["PYTHON"] = sys.executable
    completed = subprocess.run(["bash", str(SCRIPT), str(catalog)], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return catalog


def test_replaying_the_curation_gives_the_shipped_catalog(replayed):
    assert store.load(replayed).catalog == store.load(ROOT / "catalog.yaml").catalog
    assert replayed.read_bytes() == (ROOT / "catalog.yaml").read_bytes()


def test_replaying_the_curation_renders_the_shipped_readme(replayed):
    assert (replayed.parent / "README.md").read_bytes() == (ROOT / "README.md").read_bytes()


def test_the_replayed_catalog_passes_the_checks_ci_runs(replayed):
    runner = CliRunner()
    catalog = ["--catalog", str(replayed)]
    lint = runner.invoke(app, [*catalog, "lint", "--strict"])
    assert lint.exit_code == 0, lint.output
    dedupe = runner.invoke(app, [*catalog, "dedupe"])
    assert dedupe.exit_code == 0, dedupe.output
    check = runner.invoke(app, [*catalog, "render", "--check", str(replayed.parent / "README.md")])
    assert check.exit_code == 0, check.output


def test_the_replayed_catalog_has_one_entry_per_paper_with_the_conflicts_resolved(replayed):
    catalog = store.load(replayed).catalog
    arxiv_ids = [entry.arxiv for entry in catalog.entries if entry.arxiv]
    assert len(arxiv_ids) == len(set(arxiv_ids))
    tinystories = catalog.entry_by_id("tinystories-how-small-can-2023")
    assert (tinystories.arxiv, tinystories.sections) == ("2305.07759", ["data-synthesis", "pretraining"])
    assert catalog.entry_by_id("diversify-your-vision-datasets-2023").arxiv == "2305.16289"
    self_instruct = catalog.entry_by_id("self-instruct-aligning-language-2023")
    assert "https://aclanthology.org/2023.acl-long.754/" in self_instruct.aliases
    assert "arXiv:2306.08568" in catalog.entry_by_id("wizardcoder-empowering-code-large-2023").aliases
    titles = {entry.title for entry in catalog.entries}
    assert "MetaMath: Bootstrap Your Own Mathematical Questions for Large Language Models" in titles
    assert "Common 7B Language Models Already Possess Strong Math Capabilities" in titles


def _script_commands() -> list[str]:
    """The papercat commands of scripts/curate.sh, continuation lines joined, as the log writes them."""
    text = SCRIPT.read_text(encoding="utf-8").replace("\\\n", " ")
    commands = []
    for line in text.splitlines():
        line = re.sub(r"^expect \d+ ", "", line.strip())
        if line.startswith("papercat ") and not line.startswith("papercat()"):
            line = line.replace('"$CATALOG"', "catalog.yaml").replace('"$README"', "README.md")
            commands.append(re.sub(r"\s+", " ", line))
    return commands


def test_the_curation_log_lists_every_command_of_the_script():
    log = re.sub(r"\s+", " ", CURATION_LOG.read_text(encoding="utf-8"))
    commands = _script_commands()
    assert len(commands) >= 15
    assert [command for command in commands if command not in log] == []


def test_replay_server_answers_id_lists_like_arxiv_dropping_unknown_ids():
    with serve_in_thread() as server:
        with urllib.request.urlopen(f"{server.arxiv_api}?id_list=2305.07759,0000.00001,2307.08701", timeout=10) as response:
            feed = response.read().decode("utf-8")
    assert re.findall(r"<id>http://arxiv.org/abs/([^<]+)</id>", feed) == ["2305.07759v2", "2307.08701v5"]
    assert "<opensearch:totalResults>2<" in feed


def test_replay_server_serves_recorded_crossref_works_and_a_404_otherwise():
    with serve_in_thread() as server:
        with urllib.request.urlopen(f"{server.crossref_api}/10.1073/PNAS.2305016120", timeout=10) as response:
            work = json.loads(response.read())
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{server.crossref_api}/10.9999/nothing", timeout=10)
    assert work["message"]["DOI"].lower() == "10.1073/pnas.2305016120"
    assert missing.value.code == 404 and missing.value.read() == b"Resource not found."
