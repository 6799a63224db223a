"""`papercat dedupe` end to end: reports, exit codes, --merge, and an untouched file when it refuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papercat import store
from papercat.cli import app, dedupe_command
from papercat.importer import import_readme

SEED = Path(__file__).parent.parent / "data" / "seed-README.md"

SMALL = """\
# hand-written test catalog
version: 1
title: Test list
sections:
  - id: pretraining
    title: Pretraining
  - id: fine-tuning
    title: Fine-Tuning
entries:
  - id: star
    title: "STaR: Bootstrapping Reasoning With Reasoning"
    url: https://arxiv.org/pdf/2203.14465v1
    sections: [pretraining]
  - id: phi-1
    title: Textbooks Are All You Need
    url: https://arxiv.org/abs/2306.11644
    sections: [pretraining]
  - id: star-again  # cross-listed by hand
    title: "STaR: bootstrapping reasoning with reasoning"
    arxiv: "2203.14465"
    venue: NeurIPS
    sections: [fine-tuning]
  - id: phi-1-5
    title: "Textbooks Are All You Need II: phi-1.5 technical report"
    url: https://arxiv.org/abs/2309.05463
    sections: [fine-tuning]
"""

CLEAN = """\
version: 1
title: Test list
sections:
  - id: pretraining
    title: Pretraining
entries:
  - id: phi-1
    title: Textbooks Are All You Need
    url: https://arxiv.org/abs/2306.11644
    sections: [pretraining]
  - id: phi-1-5
    title: "Textbooks Are All You Need II: phi-1.5 technical report"
    url: https://arxiv.org/abs/2309.05463
    sections: [pretraining]
"""


def run(catalog: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(app, ["--catalog", str(catalog), "dedupe", *args], input=input)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(store.dump_catalog(import_readme(SEED.read_text(encoding="utf-8")).catalog), encoding="utf-8")
    return path


def test_dedupe_exits_0_and_says_so_when_nothing_is_found(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text(CLEAN, encoding="utf-8")
    result = run(path)
    assert result.exit_code == 0
    assert "no duplicates or conflicts found" in result.stdout
    assert json.loads(run(path, "--format", "json").stdout) == {"duplicates": [], "conflicts": []}


def test_dedupe_json_lists_groups_with_evidence_and_exits_1(small):
    result = run(small, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "duplicates": [{"entries": ["star", "star-again"], "evidence": [{"kind": "arxiv", "score": 100.0}, {"kind": "title", "score": 100.0}]}],
        "conflicts": [],
    }


def test_dedupe_text_shows_each_entry_with_its_line_in_the_catalog(small):
    result = run(small)
    assert result.exit_code == 1
    assert "Duplicate group 1 (arxiv, title)" in result.stdout
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith("  star")]
    cells = {row[0]: row[2] for row in rows if row[1] == "line"}
    lines = SMALL.splitlines()
    assert lines[int(cells["star"]) - 1].strip() == "- id: star"
    assert lines[int(cells["star-again"]) - 1].strip().startswith("- id: star-again")
    assert "1 duplicate group, 0 conflicts" in result.stdout


def test_dedupe_on_the_seed_reports_seven_groups_and_both_conflicts(seed):
    result = run(seed, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert len(report["duplicates"]) == 7
    assert {conflict["key"]: conflict["wrong"] for conflict in report["conflicts"]} == {
        "arxiv:2210.04873": None,
        "arxiv:2307.08701": "tinystories-how-small-can-2023",
    }


def test_dedupe_uses_cached_metadata_to_name_the_wrong_link(seed, tmp_path, monkeypatch):
    cache = tmp_path / "cache" / "arxiv"
    cache.mkdir(parents=True)
    (cache / "2210.04873.json").write_text(
        json.dumps({"source": "arxiv", "id": "2210.04873", "title": "CORE: A Retrieve-then-Edit Framework for Counterfactual Data Generation"}),
        encoding="utf-8",
    )
    monkeypatch.setenv("PAPERCAT_CACHE_DIR", str(tmp_path / "cache"))
    report = json.loads(run(seed, "--format", "json").stdout)
    wrong = {conflict["key"]: conflict["wrong"] for conflict in report["conflicts"]}
    assert wrong["arxiv:2210.04873"] == "diversify-your-vision-datasets-2023"


def test_merge_without_yes_on_a_non_interactive_stdin_is_an_error_and_writes_nothing(small):
    result = run(small, "--merge")
    assert result.exit_code == 2
    assert "pass --yes" in result.stderr
    assert small.read_text(encoding="utf-8") == SMALL


def test_merge_yes_merges_every_group_in_one_write(small):
    result = run(small, "--merge", "--yes")
    assert result.exit_code == 0, result.output
    text = small.read_text(encoding="utf-8")
    catalog = store.load(small).catalog
    assert [entry.id for entry in catalog.entries] == ["star", "phi-1", "phi-1-5"]
    star = catalog.entry_by_id("star")
    assert star.sections == ["pretraining", "fine-tuning"]
    assert star.url == "https://arxiv.org/abs/2203.14465"
    assert star.aliases == ["https://arxiv.org/pdf/2203.14465v1"]
    assert star.venue == "NeurIPS"
    assert "# hand-written test catalog" in text
    assert "merged 1 group in catalog.yaml" in result.stdout
    assert run(small).exit_code == 0


def test_merge_dry_run_shows_the_diff_and_writes_nothing(small):
    result = run(small, "--merge", "--dry-run")
    assert result.exit_code == 1
    assert "-  - id: star-again  # cross-listed by hand" in result.stdout
    assert "+    sections: [pretraining, fine-tuning]" in result.stdout
    assert "dry run: nothing written" in result.stdout
    assert small.read_text(encoding="utf-8") == SMALL


def test_merge_asks_for_each_group_and_merges_only_the_accepted(seed, monkeypatch):
    monkeypatch.setattr(dedupe_command, "stdin_is_interactive", lambda: True)
    before = store.load(seed).catalog
    # group 1 (TinyStories) is refused for its two arXiv ids, so the first question is group 2
    result = run(seed, "--merge", input="y\n" + "n\n" * 10)
    assert "Merge group 2?" in result.stdout
    assert "group 1 not merged" in result.stderr
    after = store.load(seed).catalog
    removed = {entry.id for entry in before.entries} - {entry.id for entry in after.entries}
    assert removed == {"textbooks-all-you-need-2023-2"}
    assert result.exit_code == 1  # groups and conflicts left


def test_merge_refuses_json_output(small):
    result = run(small, "--merge", "--yes", "--format", "json")
    assert result.exit_code == 2
    assert small.read_text(encoding="utf-8") == SMALL


def test_a_threshold_outside_0_to_100_is_a_usage_error(small):
    result = run(small, "--threshold", "150")
    assert result.exit_code == 2


def test_a_broken_catalog_is_one_line_on_stderr_and_exit_2(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text("version: 1\ntitle: x\nentries:\n  - id: a\n    titel: oops\n", encoding="utf-8")
    result = run(path)
    assert result.exit_code == 2
    assert result.stderr.startswith("papercat: error: ")
    assert "Traceback" not in result.output


def test_dedupe_as_a_real_process(small):
    completed = subprocess.run(
        [sys.executable, "-m", "papercat", "--catalog", str(small), "dedupe", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 1, completed.stderr
    assert json.loads(completed.stdout)["duplicates"][0]["entries"] == ["star", "star-again"]


def test_the_help_default_threshold_is_the_library_default():
    from papercat.cli import dedupe_command
    from papercat.dedupe import DEFAULT_THRESHOLD

    assert dedupe_command.THRESHOLD_DEFAULT == DEFAULT_THRESHOLD


def test_dedupe_text_into_a_pipe_keeps_each_entry_on_one_unwrapped_line_without_escape_codes(small):
    for environment in ({"NO_COLOR": "1"}, {}):
        done = subprocess.run(
            [sys.executable, "-m", "papercat", "--catalog", str(small), "dedupe"],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "40", **environment},
        )
        assert done.returncode == 1, done.stderr
        assert "\x1b" not in done.stdout
        lines = done.stdout.splitlines()
        assert "  star  line 10  [pretraining]  STaR: Bootstrapping Reasoning With Reasoning  https://arxiv.org/pdf/2203.14465v1" in lines


def test_dedupe_on_a_colour_terminal_still_draws_tables(small, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    from papercat.cli.context import stdout_console

    stdout_console.cache_clear()  # the console is made once per process; make it under FORCE_COLOR
    try:
        result = run(small)
    finally:
        stdout_console.cache_clear()
    assert "│" in result.stdout


def _papercat_in(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """papercat as a real process in `folder`."""
    return subprocess.run(
        [sys.executable, "-m", "papercat", *args], capture_output=True, text=True, cwd=folder, env={**os.environ, "NO_COLOR": "1"}, timeout=60
    )


CROSS_LISTED = """\
# List

## Papers

| Title | Venue |
|---|---|
| [A paper one](https://example.org/a) | ICML 2023 |
| [TinyStories: How Small Can Language Models Be](https://arxiv.org/abs/2305.07759) | ICLR 2024 |
| [B paper two](https://example.org/b) | ICML 2023 |

## Other

| Title | Venue |
|---|---|
| [D paper](https://example.org/d) | ICML 2023 |
| [TinyStories: How Small Can Language Models Be](https://arxiv.org/abs/2305.07759v2) | ICLR 2024 |
| [E paper](https://example.org/e) | ICML 2023 |
"""


def test_merging_a_cross_listed_paper_keeps_every_section_in_its_row_order(tmp_path):
    (tmp_path / "README.md").write_text(CROSS_LISTED, encoding="utf-8")

    run = partial(_papercat_in, tmp_path)

    assert run("import", "README.md").returncode == 0
    merged = run("dedupe", "--merge", "--yes")
    assert merged.returncode == 0, merged.stderr
    catalog = store.load(tmp_path / "catalog.yaml").catalog
    assert len(catalog.entries) == 5
    rendered = run("render").stdout
    titles = [line.split("](")[0].lstrip("| [") for line in rendered.splitlines() if line.startswith("| [")]
    # The merged row stands where each of its rows stood: between D and E too, not above D.
    assert titles == [
        "A paper one",
        "TinyStories: How Small Can Language Models Be",
        "B paper two",
        "D paper",
        "TinyStories: How Small Can Language Models Be",
        "E paper",
    ]
    assert [text for text in CROSS_LISTED.splitlines() if text not in rendered.splitlines()] == [
        "| [TinyStories: How Small Can Language Models Be](https://arxiv.org/abs/2305.07759v2) | ICLR 2024 |"
    ]


CROSSED = """\
# L

## Alpha

| Title | Venue |
|:--|:--:|
| [**P Paper**](https://arxiv.org/abs/2402.00001) | arXiv |
| [**Q Paper**](https://arxiv.org/abs/2402.00002) | arXiv |

## Beta

Text the list wrote above the section's rows.

| Title | Venue |
|:--|:--:|
| [**B1 Paper**](https://arxiv.org/abs/2401.00011) | arXiv |
| [**Q Paper**](https://arxiv.org/pdf/2402.00002.pdf) | arXiv |
| [**B3 Paper**](https://arxiv.org/abs/2401.00013) | arXiv |

A banner between two tables of the section.

| Title | Venue |
|:--|:--:|
| [**P Paper**](https://arxiv.org/pdf/2402.00001.pdf) | arXiv |
| [**B5 Paper**](https://arxiv.org/abs/2401.00015) | arXiv |
"""


def test_a_merge_that_must_reorder_a_section_says_which_and_loses_no_text(tmp_path):
    """P before Q in Alpha, Q before P in Beta: one entry each cannot keep both orders; say so."""
    (tmp_path / "README.md").write_text(CROSSED, encoding="utf-8")

    run = partial(_papercat_in, tmp_path)

    assert run("import", "README.md").returncode == 0
    merged = run("dedupe", "--merge", "--yes")
    assert merged.returncode == 0, merged.stderr
    assert "the merges change the row order of 'beta'" in merged.stderr and "'alpha'" not in merged.stderr
    rendered = run("render").stdout
    assert "A banner between two tables of the section." in rendered and "Text the list wrote above" in rendered
    catalog = store.load(tmp_path / "catalog.yaml").catalog
    assert [entry.sections for entry in catalog.entries if entry.title in ("P Paper", "Q Paper")] == [["alpha", "beta"], ["alpha", "beta"]]
    assert [entry.title for entry in catalog.entries_in("alpha")] == ["P Paper", "Q Paper"]


def test_removing_the_row_below_a_text_keeps_the_text_on_the_page(tmp_path):
    (tmp_path / "README.md").write_text(CROSSED, encoding="utf-8")

    run = partial(_papercat_in, tmp_path)

    assert run("import", "README.md").returncode == 0
    p_copy = next(entry.id for entry in store.load(tmp_path / "catalog.yaml").catalog.entries if entry.title == "P Paper" and entry.sections == ["beta"])
    assert run("remove", p_copy, "--yes").returncode == 0
    rendered = run("render").stdout
    assert "A banner between two tables of the section.\n\n| Title | Venue |\n|:--|:--:|\n| [**B5 Paper**]" in rendered
