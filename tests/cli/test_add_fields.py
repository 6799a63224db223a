"""`add`'s fields: a venue with its year, --year for every add, versioned arXiv links, where the row goes.

Also the README's own contribute steps, run as a user runs them, on the most common paste: a
versioned PDF link. Metadata comes from the recorded arXiv fixtures on a 127.0.0.1 server.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures.catalogs import write_catalog
from fixtures.replay_server import serve_in_thread
from papercat import store
from papercat.cli import app

ROOT = Path(__file__).resolve().parents[2]

CATALOG = """\
version: 1
title: Synthetic data papers
sections:
  - id: pretraining
    title: Pretraining
  - id: math
    title: Math
entries:
  - id: tiny
    title: "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?"
    url: https://arxiv.org/abs/2305.07759
    arxiv: "2305.07759"
    venue: arXiv
    year: 2023
    sections: [pretraining]
  - id: phi-1
    title: Textbooks Are All You Need
    url: https://arxiv.org/abs/2306.11644
    arxiv: "2306.11644"
    venue: arXiv
    year: 2023
    sections: [pretraining]
"""


@pytest.fixture
def catalog_file(tmp_path) -> Path:
    return write_catalog(tmp_path, CATALOG)


def add(catalog: Path, *args: str):
    return CliRunner().invoke(app, ["--catalog", str(catalog), "add", *args])


def last_entry(catalog: Path):
    return store.load(catalog).catalog.entries[-1]


def test_a_venue_given_with_its_year_is_split_and_renders_once(catalog_file, sources_env, arxiv_server):
    result = add(catalog_file, "2309.12284", "-s", "math", "--venue", "ICLR 2024")
    assert result.exit_code == 0, result.output
    entry = last_entry(catalog_file)
    assert (entry.venue, entry.year) == ("ICLR", 2024)
    readme = CliRunner().invoke(app, ["--catalog", str(catalog_file), "render"]).stdout
    assert "| ICLR 2024 |" in readme and "2024 2023" not in readme


def test_year_works_for_a_fetched_paper_too(catalog_file, sources_env, arxiv_server):
    assert add(catalog_file, "2309.12284", "-s", "math", "--venue", "ICLR", "--year", "2024").exit_code == 0
    assert (last_entry(catalog_file).venue, last_entry(catalog_file).year) == ("ICLR", 2024)


def test_a_venue_year_that_contradicts_year_is_refused_and_nothing_is_written(catalog_file, sources_env, arxiv_server):
    result = add(catalog_file, "2309.12284", "-s", "math", "--venue", "ICLR 2024", "--year", "2023")
    assert result.exit_code == 2
    assert "--venue 'ICLR 2024' says 2024 but --year says 2023" in result.stderr
    assert catalog_file.read_text() == CATALOG


def test_a_versioned_pdf_link_is_stored_unversioned_and_lint_strict_passes(catalog_file, sources_env, arxiv_server):
    result = add(catalog_file, "https://arxiv.org/pdf/2309.12284v3.pdf", "-s", "math")
    assert result.exit_code == 0, result.output
    entry = last_entry(catalog_file)
    assert (entry.url, entry.arxiv) == ("https://arxiv.org/abs/2309.12284", "2309.12284")
    lint = CliRunner().invoke(app, ["--catalog", str(catalog_file), "lint", "--strict", "--ignore", "PC501", "--format", "concise"])
    assert lint.exit_code == 0, lint.output


def test_keep_version_pins_the_version_in_both_fields_and_says_why(catalog_file, sources_env, arxiv_server):
    result = add(catalog_file, "https://arxiv.org/pdf/2309.12284v3.pdf", "-s", "math", "--keep-version")
    assert result.exit_code == 0, result.output
    entry = last_entry(catalog_file)
    assert (entry.url, entry.arxiv) == ("https://arxiv.org/abs/2309.12284v3", "2309.12284v3")
    assert "keep-version" in entry.noqa["PC204"]
    lint = CliRunner().invoke(app, ["--catalog", str(catalog_file), "lint", "--strict", "--ignore", "PC501", "--format", "concise"])
    assert lint.exit_code == 0, lint.output


@pytest.mark.parametrize(
    ("extra", "stored"),
    [
        ([], ("https://arxiv.org/abs/2309.12284", "2309.12284")),
        (["--keep-version"], ("https://arxiv.org/abs/2309.12284v3", "2309.12284v3")),
    ],
)
def test_a_versioned_arxiv_link_given_by_hand_is_stored_as_a_fetched_one(catalog_file, extra, stored):
    """`add --title --url` with a pasted pdf link: the same url and arxiv field as `add ID` stores."""
    result = add(catalog_file, "--title", "MetaMath", "--url", "https://arxiv.org/pdf/2309.12284v3.pdf", "--venue", "ICLR 2024", "-s", "math", *extra)
    assert result.exit_code == 0, result.output
    entry = last_entry(catalog_file)
    assert (entry.url, entry.arxiv, entry.venue, entry.year) == (*stored, "ICLR", 2024)
    lint = CliRunner().invoke(app, ["--catalog", str(catalog_file), "lint", "--strict", "--ignore", "PC501", "--format", "concise"])
    assert lint.exit_code == 0, lint.output


def test_before_and_after_place_the_new_row_in_a_hand_ordered_section(catalog_file, sources_env, arxiv_server):
    assert add(catalog_file, "2309.05463", "-s", "pretraining", "--before", "phi-1").exit_code == 0
    ids = [e.id for e in store.load(catalog_file).catalog.entries_in("pretraining")]
    assert ids[0] == "tiny" and ids[2] == "phi-1" and ids[1].startswith("textbooks-all-you-need")


def test_before_is_refused_in_a_section_that_orders_itself(catalog_file, sources_env, arxiv_server):
    assert CliRunner().invoke(app, ["--catalog", str(catalog_file), "section", "order", "pretraining", "newest-first"]).exit_code == 0
    before = catalog_file.read_text()
    result = add(catalog_file, "2309.05463", "-s", "pretraining", "--before", "phi-1")
    assert result.exit_code == 2 and "is ordered newest-first, so its rows place themselves" in result.stderr
    assert catalog_file.read_text() == before


def test_adding_a_listed_paper_to_its_own_section_does_not_advise_copying_it_there(catalog_file, sources_env, arxiv_server):
    result = add(catalog_file, "2305.07759", "-s", "pretraining")
    assert result.exit_code == 1
    assert "listed under 'pretraining' already; nothing to do" in result.stderr
    assert "--copy --to pretraining" not in result.stderr
    other = add(catalog_file, "2305.07759", "-s", "math")
    assert "use `papercat move tiny --copy --to math`" in other.stderr


def test_move_places_a_row_before_another_and_keeps_the_diff_small(catalog_file):
    result = CliRunner().invoke(app, ["--catalog", str(catalog_file), "move", "phi-1", "--before", "tiny"])
    assert result.exit_code == 0, result.output
    assert "placed 'phi-1' before 'tiny' in 'pretraining'" in result.stdout
    assert [e.id for e in store.load(catalog_file).catalog.entries] == ["phi-1", "tiny"]


def test_move_of_a_paper_already_in_the_target_among_others_names_the_right_fix(catalog_file):
    CliRunner().invoke(app, ["--catalog", str(catalog_file), "move", "tiny", "--to", "math", "--copy"])
    result = CliRunner().invoke(app, ["--catalog", str(catalog_file), "move", "tiny", "--to", "math"])
    assert result.exit_code == 0
    assert "already in 'math' (and in pretraining); nothing changed" in result.stdout
    assert "papercat move tiny --from pretraining" in result.stdout


def contribute_steps() -> list[str]:
    """The shell lines under **Contribute a paper** in the shipped README.md."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Contribute a paper**") :]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "the README's contribute section has no sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readmes_contribute_steps_pass_on_a_pasted_versioned_pdf_link(tmp_path):
    """Remove one shipped paper, then contribute it back by its versioned PDF link, step by step."""
    for name in ("catalog.yaml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    papercat = [sys.executable, "-m", "papercat"]
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PAPERCAT_")}
    with serve_in_thread() as server:
        environment.update(
            PAPERCAT_ARXIV_API=f"{server.url}/api/query", PAPERCAT_CROSSREF_API=f"{server.url}/works",
            PAPERCAT_HTTP_DELAY="0", PAPERCAT_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1",
        )  # fmt: skip
        removed = subprocess.run([*papercat, "remove", "2306.11644", "--yes"], cwd=tmp_path, env=environment, capture_output=True, text=True)
        assert removed.returncode == 0, removed.stderr
        for line in contribute_steps():
            line = line.replace("ARXIV_ID", "https://arxiv.org/pdf/2306.11644v2.pdf").replace("SECTION_ID", "pretraining")
            for command in line.split("&&"):
                words = command.split()
                assert words[0].endswith("papercat"), line
                done = subprocess.run([*papercat, *words[1:]], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60)
                assert done.returncode == 0, f"{command.strip()}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
    entry = store.load(tmp_path / "catalog.yaml").catalog.entries[-1]
    assert (entry.url, entry.arxiv) == ("https://arxiv.org/abs/2306.11644", "2306.11644")


def _papercat_in(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """papercat as a real process in `folder`."""
    return subprocess.run([sys.executable, "-m", "papercat", *args], capture_output=True, text=True, cwd=folder, timeout=60)


STYLED_TABLE = """\
# List

## Papers

| Title | Venue | Code |
| --- | --- | --- |
| [**Alpha: One**](https://arxiv.org/abs/2301.00001) <br> | `ICML` | [Github](https://github.com/a/alpha) |
| ![Star](https://img.shields.io/github/stars/b/beta.svg) <br> [**Beta: Two**](https://arxiv.org/abs/2302.00002) <br> | `NeurIPS` | [Github](https://github.com/b/beta) |
| [**Gamma: Three**](https://arxiv.org/abs/2303.00003) <br> | `ACL` | [Github](https://github.com/c/gamma) |
"""


def test_a_paper_added_by_hand_is_written_as_its_neighbours_are(tmp_path):
    (tmp_path / "README.md").write_text(STYLED_TABLE, encoding="utf-8")

    run = partial(_papercat_in, tmp_path)

    assert run("import", "README.md").returncode == 0
    added = run(
        "add", "--title", "Delta: Four", "--url", "https://arxiv.org/abs/2304.00004", "--venue", "EMNLP", "--code", "https://github.com/d/delta", "-s", "papers"
    )
    assert added.returncode == 0, added.stderr
    rendered = run("render").stdout
    assert "| [**Delta: Four**](https://arxiv.org/abs/2304.00004) <br> | `EMNLP` | [Github](https://github.com/d/delta) |" in rendered.splitlines()
    assert run("render", "-o", "README.md").returncode == 0
    assert run("lint", "--strict", "--format", "concise").returncode == 0
    # read back, the row is the same paper with the same fields
    assert run("import", "README.md", "-o", "again.yaml").returncode == 0
    again = store.load(tmp_path / "again.yaml").catalog.entries[-1]
    assert (again.title, again.url, again.venue, again.code) == ("Delta: Four", "https://arxiv.org/abs/2304.00004", "EMNLP", "https://github.com/d/delta")
    # a new code link keeps the cell's label
    assert run("edit", "alpha-one", "--code", "https://github.com/a/alpha2").returncode == 0
    assert "| `ICML` | [Github](https://github.com/a/alpha2) |" in run("render").stdout


def test_a_paper_added_to_a_list_in_papercats_own_style_keeps_no_cells(catalog_file):
    assert add(catalog_file, "--title", "Plain Paper", "--url", "https://example.org/plain", "-s", "pretraining").exit_code == 0
    assert last_entry(catalog_file).cells == {}


def test_a_paper_added_to_a_bullet_list_shows_its_venue_and_code(tmp_path):
    """The page says what the catalog says: a field `add` or `edit` sets is not hidden by the item."""
    readme = "# L\n\n## Papers\n\n- [Alpha](https://example.org/alpha) - A first paper.\n- [Beta](https://example.org/beta) - A second paper.\n"
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")

    run = partial(_papercat_in, tmp_path)

    assert run("import", "README.md").returncode == 0
    assert (
        run(
            "add", "--title", "Gamma", "--url", "https://example.org/gamma", "--venue", "ICLR 2024", "--code", "https://github.com/g/gamma", "-s", "papers"
        ).returncode
        == 0
    )
    assert "- [Gamma](https://example.org/gamma) - ICLR 2024 [[code]](https://github.com/g/gamma)" in run("render").stdout.splitlines()
    assert run("edit", "gamma-2024", "--code", "https://github.com/g/gamma2").returncode == 0
    assert "[[code]](https://github.com/g/gamma2)" in run("render").stdout
    assert run("render", "-o", "README.md").returncode == 0 and run("render", "--check", "README.md").returncode == 0


def test_a_code_sub_bullet_is_read_as_the_code_link_and_an_edit_of_it_shows(tmp_path):
    readme = "# L\n\n## Papers\n\n- [Alpha](https://example.org/alpha)\n  - Keyword: RLHF\n  - Code: [Official](https://github.com/a/alpha)\n"
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")

    run = partial(_papercat_in, tmp_path)

    assert run("import", "README.md").returncode == 0
    assert run("render", "--check", "README.md").returncode == 0
    assert store.load(tmp_path / "catalog.yaml").catalog.entries[0].code == "https://github.com/a/alpha"
    assert run("edit", "alpha", "--code", "https://github.com/a/alpha2").returncode == 0
    assert "  - Code: [Official](https://github.com/a/alpha2)" in run("render").stdout.splitlines()
