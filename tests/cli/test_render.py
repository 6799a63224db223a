"""`papercat render`: stdout by default, -o writes atomically, --check compares and diffs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papercat.cli import app

CATALOG = """\
version: 1
title: Test list
intro: A list for the tests.
sections:
  - id: pretraining
    title: Pretraining
  - id: datasets
    title: Datasets
    kind: datasets
entries:
  - id: tiny
    title: "TinyStories: How Small | Can Language Models Be?"
    url: https://arxiv.org/abs/2305.07759
    venue: arXiv
    year: 2023
    code: https://huggingface.co/roneneldan
    sections: [pretraining]
  - id: mmiqc
    title: MMIQC
    url: https://huggingface.co/datasets/Vivacem/MMIQC
    download: https://example.org/mmiqc.zip
    sections: [datasets]
"""

EXPECTED = """\
# Test list

A list for the tests.

## Table of Contents

* [Pretraining](#pretraining)
* [Datasets](#datasets)

# Pretraining

| Paper | Published in | Code/Project |
| --- |:---:|:---:|
| [TinyStories: How Small \\| Can Language Models Be?](https://arxiv.org/abs/2305.07759) | arXiv 2023 | https://huggingface.co/roneneldan |

# Datasets

| Dataset | Home/Github | Download link |
| --- |:---:|:---:|
| [MMIQC](https://huggingface.co/datasets/Vivacem/MMIQC) | - | https://example.org/mmiqc.zip |
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def papercat(*args: str):
    return CliRunner().invoke(app, list(args))


def test_render_prints_the_readme_on_stdout(workdir):
    result = papercat("render")
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED


def test_render_output_writes_the_file_and_prints_nothing_on_stdout(workdir):
    result = papercat("render", "-o", "README.md")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (workdir / "README.md").read_text(encoding="utf-8") == EXPECTED
    assert not [p.name for p in workdir.iterdir() if p.name.endswith(".tmp")]


def test_check_passes_on_an_up_to_date_readme(workdir):
    (workdir / "README.md").write_text(EXPECTED, encoding="utf-8")
    result = papercat("render", "--check", "README.md")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_check_fails_with_a_unified_diff_on_a_stale_readme_and_leaves_it_alone(workdir):
    stale = EXPECTED.replace("arXiv 2023", "arxiv 2023")
    (workdir / "README.md").write_text(stale, encoding="utf-8")
    result = papercat("render", "--check", "README.md")
    assert result.exit_code == 1
    assert result.stdout.startswith("--- a/README.md\n+++ b/README.md\n@@")
    assert "\n-| [TinyStories" in result.stdout and "| arxiv 2023 |" in result.stdout
    assert "\n+| [TinyStories" in result.stdout and "| arXiv 2023 |" in result.stdout
    assert "papercat render -o README.md" in result.stderr
    assert (workdir / "README.md").read_text(encoding="utf-8") == stale


def test_check_notices_a_missing_final_newline(workdir):
    (workdir / "README.md").write_text(EXPECTED.rstrip("\n"), encoding="utf-8")
    assert papercat("render", "--check", "README.md").exit_code == 1


def test_check_of_a_missing_file_exits_2_with_one_line(workdir):
    result = papercat("render", "--check", "NOPE.md")
    assert result.exit_code == 2
    assert result.stderr == "papercat: error: NOPE.md: no such file; write it with `papercat render -o NOPE.md`\n"


def test_render_of_a_broken_catalog_names_the_line_and_exits_2(workdir):
    (workdir / "catalog.yaml").write_text(CATALOG.replace("kind: datasets", "kind: tables"), encoding="utf-8")
    result = papercat("render")
    assert result.exit_code == 2
    assert result.stderr.startswith("papercat: error: catalog.yaml:9:")
    assert "Traceback" not in result.output


def test_output_and_check_together_is_a_usage_error(workdir):
    result = papercat("render", "-o", "a.md", "--check", "b.md")
    assert result.exit_code == 2
    assert "either -o/--output or --check" in result.stderr


def test_render_uses_the_global_catalog_option(workdir):
    (workdir / "other.yaml").write_text(CATALOG.replace("title: Test list", "title: Other list"), encoding="utf-8")
    result = papercat("--catalog", "other.yaml", "render")
    assert result.stdout.startswith("# Other list\n")


def test_render_help_shows_examples():
    result = papercat("render", "--help")
    assert result.exit_code == 0
    assert "papercat render --check README.md" in result.stdout


def test_render_redirected_by_a_real_process_is_byte_identical_to_check(workdir):
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "ascii"}  # a hostile locale must not matter
    (workdir / "catalog.yaml").write_text(CATALOG.replace("MMIQC\n", "MMIQC 数据 🚀\n"), encoding="utf-8")
    rendered = subprocess.run([sys.executable, "-m", "papercat", "render"], capture_output=True, env=env)
    assert rendered.returncode == 0, rendered.stderr
    (workdir / "README.md").write_bytes(rendered.stdout)
    checked = subprocess.run([sys.executable, "-m", "papercat", "render", "--check", "README.md"], capture_output=True, env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "MMIQC 数据 🚀".encode() in rendered.stdout


def test_check_ignores_crlf_line_endings_of_a_windows_checkout(workdir):
    (workdir / "README.md").write_bytes(EXPECTED.replace("\n", "\r\n").encode("utf-8"))
    assert papercat("render", "--check", "README.md").exit_code == 0


STYLED_LIST = """\
# List

## Tables

| Title | Venue |
|---|---|
| **[TinyStories: How Small Can Language Models Be](https://arxiv.org/abs/2305.07759)** | arXiv 2023 |
| [Orca: Progressive Learning](https://arxiv.org/abs/2306.02707) | arXiv 2023 |
| [**Galactica: A Model**](https://arxiv.org/abs/2211.09085) | `ICML'23` |
| [Lever: Learning](https://arxiv.org/abs/2302.08468) <br> ![Star](https://img.shields.io/github/stars/x/lever) | arXiv 2023 |

## Items

- **[WizardLM: Empowering](https://arxiv.org/abs/2304.12244)**, ICLR 2024
- *[Phi-1: Textbooks](https://arxiv.org/abs/2306.11644)* (arXiv 2023)
- **Zeta: A Paper**  
  ICML 2024, [Paper](https://arxiv.org/pdf/2402.00009.pdf), [Project](https://zeta.example.org/)
"""


@pytest.mark.parametrize(
    ("ref", "edit", "line"),
    [
        (
            "tinystories-how-small-can-2023",
            ["--title", "TinyStories: Small LMs"],
            "| **[TinyStories: Small LMs](https://arxiv.org/abs/2305.07759)** | arXiv 2023 |",
        ),
        ("orca-progressive-learning-2023", ["--title", "Orca 2"], "| [Orca 2](https://arxiv.org/abs/2306.02707) | arXiv 2023 |"),
        ("galactica-model", ["--title", "Galactica: A Large Model"], "| [**Galactica: A Large Model**](https://arxiv.org/abs/2211.09085) | `ICML'23` |"),
        ("galactica-model", ["--venue", "ICML'24"], "| [**Galactica: A Model**](https://arxiv.org/abs/2211.09085) | `ICML'24` |"),
        (
            "lever-learning-2023",
            ["--title", "Lever: Learning to Verify"],
            "| [Lever: Learning to Verify](https://arxiv.org/abs/2302.08468) <br> ![Star](https://img.shields.io/github/stars/x/lever) | arXiv 2023 |",
        ),
        (
            "wizardlm-empowering",
            ["--title", "WizardLM: Empowering Large LMs"],
            "- **[WizardLM: Empowering Large LMs](https://arxiv.org/abs/2304.12244)**, ICLR 2024",
        ),
        (
            "zeta-paper",
            ["--url", "https://arxiv.org/abs/2402.00009"],
            "  ICML 2024, [Paper](https://arxiv.org/abs/2402.00009), [Project](https://zeta.example.org/)",
        ),
        ("phi-1-textbooks", ["--url", "https://arxiv.org/abs/2306.11645"], "- *[Phi-1: Textbooks](https://arxiv.org/abs/2306.11645)* (arXiv 2023)"),
    ],
)
def test_an_edited_row_keeps_the_emphasis_and_words_around_its_link(tmp_path, ref, edit, line):
    (tmp_path / "README.md").write_text(STYLED_LIST, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "papercat", *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)

    assert run("import", "README.md").returncode == 0
    edited = run("edit", ref, *edit)
    assert edited.returncode == 0, edited.stderr
    rendered = run("render").stdout
    assert line in rendered.splitlines()
    # Only that line changed, and the page reads back as the catalog says.
    before, after = STYLED_LIST.splitlines(), rendered.splitlines()
    assert [text for text in after if text not in before] == [line] and len([text for text in before if text not in after]) == 1
    (tmp_path / "README.md").write_text(rendered, encoding="utf-8")
    assert run("import", "README.md", "-o", "again.yaml").returncode == 0
    assert edit[1] in (tmp_path / "again.yaml").read_text(encoding="utf-8")


def test_render_output_after_an_add_is_not_refused_over_rows_it_wrote_itself(workdir):
    """A link papercat writes as text (`arXiv:...`, not http) reads back with another title; the
    row is still the catalog's own, and `render -o` after an `add` must not call it a contributor's."""
    text = CATALOG.replace("url: https://huggingface.co/datasets/Vivacem/MMIQC", "url: arXiv:2401.09003")
    (workdir / "catalog.yaml").write_text(text, encoding="utf-8")
    assert papercat("render", "-o", "README.md").exit_code == 0
    added = papercat("add", "--title", "A new paper", "--url", "https://example.org/new", "--section", "pretraining")
    assert added.exit_code == 0, added.output
    written = papercat("render", "-o", "README.md")
    assert written.exit_code == 0, written.output
    assert "A new paper" in (workdir / "README.md").read_text(encoding="utf-8")
