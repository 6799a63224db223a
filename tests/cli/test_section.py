"""`papercat section ...` end to end: the tree, every change as one write, refusals that leave the file alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures.catalogs import write_catalog
from papercat import store
from papercat.cli import app

CATALOG = """\
# test catalog: comments must survive edits
version: 1
title: Test list
intro: |
  Papers about pretraining (see the pretraining section).
sections:
  - id: pretraining
    title: Pretraining
  - id: fine-tuning
    title: Fine-Tuning
    sections:
      - id: alignment
        title: Alignment
entries:
  - id: tiny
    title: "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?"
    url: https://arxiv.org/abs/2305.07759
    year: 2023
    sections: [pretraining]  # moved here in 2024
  - id: star
    title: "STaR: Bootstrapping Reasoning With Reasoning"
    url: https://arxiv.org/abs/2203.14465
    year: 2022
    sections: [pretraining, fine-tuning]
  - id: phi-1
    title: Textbooks Are All You Need
    url: https://arxiv.org/abs/2306.11644
    year: 2023
    sections: [pretraining]
  - id: rlhf
    title: Training language models to follow instructions with human feedback
    url: https://arxiv.org/abs/2203.02155
    year: 2022
    sections: [alignment]
"""


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    return write_catalog(tmp_path, CATALOG)


def papercat(catalog: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(app, ["--catalog", str(catalog), *args], input=input)


def section_ids(catalog: Path) -> list[str]:
    return store.load(catalog).catalog.section_ids()


def test_section_list_shows_the_tree_with_ids_and_entry_counts(catalog):
    result = papercat(catalog, "section", "list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("pretraining") and "(3 entries)" in lines[0]
    assert lines[1].startswith("fine-tuning") and "(2 entries, 1 directly)" in lines[1]
    assert lines[2].startswith("  alignment") and "(1 entry)" in lines[2]


def test_section_add_places_a_new_section_under_before_or_after_another(catalog):
    assert papercat(catalog, "section", "add", "Data Selection").exit_code == 0
    assert section_ids(catalog)[-1] == "data-selection"
    assert papercat(catalog, "section", "add", "Reward Models", "--under", "fine-tuning", "--before", "alignment").exit_code == 0
    assert (
        papercat(
            catalog, "section", "add", "Datasets", "--id", "data", "--after", "pretraining", "--kind", "datasets", "--description", "Where to get them."
        ).exit_code
        == 0
    )
    assert section_ids(catalog) == ["pretraining", "data", "fine-tuning", "reward-models", "alignment", "data-selection"]
    added = store.load(catalog).catalog.section_by_id("data")
    assert (added.kind, added.description) == ("datasets", "Where to get them.")
    text = catalog.read_text()
    assert "# test catalog: comments must survive edits" in text and "# moved here in 2024" in text


def test_section_add_dry_run_prints_the_diff_and_writes_nothing(catalog):
    result = papercat(catalog, "section", "add", "Data Selection", "--dry-run")
    assert result.exit_code == 0
    assert "+  - id: data-selection" in result.stdout and "dry run: nothing written" in result.stdout
    assert catalog.read_text() == CATALOG


@pytest.mark.parametrize(
    "args, words",
    [
        (["add", "Pretraining again", "--id", "pretraining"], "section id 'pretraining' is taken"),
        (["add", "X", "--under", "fine-tunin"], "did you mean 'fine-tuning'?"),
        (["add", "X", "--under", "nowhere"], 'create it with `papercat section add "TITLE" --id nowhere`'),
        (["add", "X", "--id", "Not A Slug"], "must be a slug"),
        (["add", "X", "--kind", "videos"], "--kind must be one of papers, datasets"),
        (["rename", "pretraining", "--id", "fine-tuning"], "is taken"),
        (["rename", "pretraining"], "nothing to change"),
        (["move", "fine-tuning", "--under", "alignment"], "under itself or one of its subsections"),
        (["move", "pretraining"], "say where to"),
        (["remove", "pretraining"], "holds 3 entries"),
        (["remove", "fine-tuning", "--move-entries-to", "pretraining"], "has subsections (alignment)"),
        (["remove", "alignment", "--drop-entries"], "confirm at a terminal or pass --yes"),
        (["order", "pretraining", "random"], "order must be one of"),
    ],
)
def test_refused_section_changes_are_one_line_and_leave_the_file_byte_identical(catalog, args, words):
    result = papercat(catalog, "section", *args)
    assert result.exit_code in (1, 2)
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("papercat: error: ")
    assert catalog.read_text() == CATALOG


def test_section_rename_with_a_new_id_rewrites_every_entry_and_leaves_the_prose_alone(catalog):
    result = papercat(catalog, "section", "rename", "pretraining", "--id", "pre-training", "--title", "Pre-training")
    assert result.exit_code == 0, result.output
    assert "3 entries updated" in result.stdout
    loaded = store.load(catalog).catalog
    assert loaded.section_by_id("pre-training").title == "Pre-training"
    assert [e.sections for e in loaded.entries][:3] == [["pre-training"], ["pre-training", "fine-tuning"], ["pre-training"]]
    text = catalog.read_text()
    assert "Papers about pretraining (see the pretraining section)." in text  # the intro is prose: untouched
    assert "sections: [pre-training]  # moved here in 2024" in text


def test_section_rename_finds_a_section_by_its_title(catalog):
    assert papercat(catalog, "section", "rename", "Fine-Tuning", "--title", "Fine-tuning").exit_code == 0
    assert store.load(catalog).catalog.section_by_id("fine-tuning").title == "Fine-tuning"


def test_section_move_reorders_and_renests(catalog):
    assert papercat(catalog, "section", "move", "pretraining", "--after", "fine-tuning").exit_code == 0
    assert [s.id for s in store.load(catalog).catalog.sections] == ["fine-tuning", "pretraining"]
    assert papercat(catalog, "section", "move", "alignment", "--top").exit_code == 0
    assert [s.id for s in store.load(catalog).catalog.sections] == ["fine-tuning", "pretraining", "alignment"]
    assert papercat(catalog, "section", "move", "pretraining", "--under", "fine-tuning").exit_code == 0
    assert section_ids(catalog) == ["fine-tuning", "pretraining", "alignment"]
    assert store.load(catalog).catalog.sections[0].children[0].id == "pretraining"


def test_section_remove_moves_its_entries_to_another_section(catalog):
    result = papercat(catalog, "section", "remove", "pretraining", "--move-entries-to", "alignment")
    assert result.exit_code == 0, result.output
    assert "3 moved to 'alignment'" in result.stdout
    loaded = store.load(catalog).catalog
    assert "pretraining" not in loaded.section_ids()
    assert [e.sections for e in loaded.entries] == [["alignment"], ["alignment", "fine-tuning"], ["alignment"], ["alignment"]]


def test_section_remove_drop_entries_asks_and_removes_only_entries_that_sit_nowhere_else(catalog, monkeypatch):
    from papercat.cli import section_command

    monkeypatch.setattr(section_command, "stdin_is_interactive", lambda: True)
    declined = papercat(catalog, "section", "remove", "pretraining", "--drop-entries", input="n\n")
    assert declined.exit_code == 1 and catalog.read_text() == CATALOG
    result = papercat(catalog, "section", "remove", "pretraining", "--drop-entries", input="y\n")
    assert result.exit_code == 0, result.output
    assert "Remove 2 entries that sit in no other section (tiny, phi-1)?" in result.stdout
    loaded = store.load(catalog).catalog
    assert [e.id for e in loaded.entries] == ["star", "rlhf"]
    assert loaded.entry_by_id("star").sections == ["fine-tuning"]


def test_section_remove_dry_run_does_not_ask(catalog):
    result = papercat(catalog, "section", "remove", "pretraining", "--drop-entries", "--dry-run")
    assert result.exit_code == 0 and "dry run" in result.stdout
    assert catalog.read_text() == CATALOG


def test_a_section_deleted_by_hand_is_reported_for_every_entry_and_can_be_repaired(catalog):
    broken = CATALOG.replace("  - id: pretraining\n    title: Pretraining\n", "")
    catalog.write_text(broken)
    lint = papercat(catalog, "lint", "--select", "PC101", "--format", "concise")
    assert lint.exit_code == 1
    assert lint.stdout.count("PC101") == 3  # every entry, not the first only
    assert "papercat section add" in lint.stdout
    listed = papercat(catalog, "section", "list")
    assert "pretraining  (missing: 3 entries point at it" in listed.stdout
    render = papercat(catalog, "render")
    assert render.exit_code == 2 and "(and 2 more" in render.stderr and "nothing was rendered" in render.stderr
    assert papercat(catalog, "move", "tiny", "--from", "pretraining", "--to", "alignment").exit_code == 0
    restored = papercat(catalog, "section", "add", "Pretraining", "--id", "pretraining", "--before", "fine-tuning")
    assert restored.exit_code == 0 and "2 entries already filed under 'pretraining'" in restored.stdout
    assert papercat(catalog, "lint", "--select", "PC101").exit_code == 0


def test_references_to_a_vanished_section_can_be_cleared_with_section_remove(catalog):
    catalog.write_text(CATALOG.replace("  - id: pretraining\n    title: Pretraining\n", ""))
    result = papercat(catalog, "section", "remove", "pretraining", "--move-entries-to", "fine-tuning")
    assert result.exit_code == 0, result.output
    assert all("pretraining" not in e.sections for e in store.load(catalog).catalog.entries)


def test_a_section_ordered_newest_first_renders_its_rows_by_year(catalog):
    assert papercat(catalog, "section", "order", "pretraining", "by-year").exit_code == 0
    assert "    order: by-year" in catalog.read_text()
    readme = papercat(catalog, "render").stdout
    rows = [line for line in readme.splitlines() if line.startswith("| [")]
    assert [row.split("](")[0] for row in rows[:3]] == [
        "| [STaR: Bootstrapping Reasoning With Reasoning",
        "| [TinyStories: How Small Can Language Models Be and Still Speak Coherent English?",
        "| [Textbooks Are All You Need",
    ]
    assert papercat(catalog, "section", "order", "pretraining", "by-title").exit_code == 0
    rows = [line for line in papercat(catalog, "render").stdout.splitlines() if line.startswith("| [")]
    assert rows[0].startswith("| [STaR") and rows[1].startswith("| [Textbooks") and rows[2].startswith("| [TinyStories")


def test_add_into_a_catalog_without_sections_says_how_to_create_one(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text("version: 1\ntitle: Empty\nsections: []\nentries: []\n")
    result = papercat(path, "add", "--title", "A paper", "--url", "https://example.org/a")
    assert result.exit_code == 2
    assert 'the catalog has no sections yet: create one with `papercat section add "TITLE"`' in result.stderr
    assert "(none yet)" not in result.stderr


def test_section_commands_run_as_a_real_process(catalog):
    done = subprocess.run(
        [sys.executable, "-m", "papercat", "--catalog", str(catalog), "section", "add", "Agents", "--dry-run"], capture_output=True, text=True
    )
    assert done.returncode == 0 and "+  - id: agents" in done.stdout
    listed = subprocess.run([sys.executable, "-m", "papercat", "--catalog", str(catalog), "section", "list"], capture_output=True, text=True)
    assert listed.returncode == 0 and "alignment" in listed.stdout


def test_importing_an_empty_readme_says_what_to_do_next(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# My list\n\nNothing here yet.\n")
    result = CliRunner().invoke(app, ["import", str(readme), "-o", str(tmp_path / "catalog.yaml")])
    assert result.exit_code == 0, result.output
    assert "Imported 0 entries in 0 sections" in result.stdout
    assert "Next: create a section with `papercat --catalog" in result.stdout and 'section add "TITLE"`' in result.stdout
    created = papercat(tmp_path / "catalog.yaml", "section", "add", "Pretraining")
    assert created.exit_code == 0 and "added section 'pretraining'" in created.stdout


def test_the_section_workflows_are_plain_functions_a_library_user_can_call(catalog):
    from papercat.commands import section
    from papercat.workspace import Workspace

    workspace = Workspace.at(catalog)
    planned = section.add(workspace, "Agents", under="fine-tuning", dry_run=True)
    assert planned.changed and planned.result == "added section 'agents' (Agents) under 'fine-tuning'"
    assert catalog.read_text() == CATALOG
    assert "agents" not in section.tree(workspace)
    section.rename(workspace, "alignment", new_id="rlhf-alignment")
    assert "rlhf-alignment" in section.tree(workspace)


def test_catalog_after_a_section_subcommand_is_accepted_as_before_it(catalog, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path / "..")
    for args in (["section", "list", "--catalog", str(catalog)], ["section", "--catalog", str(catalog), "list"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("pretraining")
    added = CliRunner().invoke(app, ["section", "add", "Agents", "--catalog", str(catalog)])
    assert added.exit_code == 0 and "agents" in store.load(catalog).catalog.section_ids()


NESTED_README = """\
# List

## Language Models

| Paper | Venue |
| --- | --- |
| [A](https://example.org/a) | ICML 2023 |

## Benchmarks

| Paper | Venue |
| --- | --- |
| [B](https://example.org/b) | ICML 2023 |

### Sub Bench

| Paper | Venue |
| --- | --- |
| [C](https://example.org/c) | ICML 2023 |
"""


def test_a_section_moved_under_another_is_headed_below_it_and_reads_back_nested(tmp_path):
    (tmp_path / "README.md").write_text(NESTED_README, encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "papercat", *args], capture_output=True, text=True, cwd=tmp_path, timeout=60)

    assert run("import", "README.md").returncode == 0
    assert run("section", "move", "benchmarks", "--under", "language-models").returncode == 0
    added = run("section", "add", "Prompting", "--under", "language-models")
    assert added.returncode == 0, added.stderr
    rendered = run("render").stdout
    headings = [line for line in rendered.splitlines() if line.startswith("#")]
    assert headings == ["# List", "## Language Models", "### Benchmarks", "#### Sub Bench", "### Prompting"]
    assert "### Prompting\n\n| Paper | Venue |\n| --- | --- |" in rendered  # the list's own table, not papercat's default
    (tmp_path / "README.md").write_text(rendered, encoding="utf-8")
    assert run("import", "README.md", "-o", "again.yaml").returncode == 0
    tree = store.load(tmp_path / "again.yaml").catalog.sections
    assert [(s.title, [c.title for c in s.children]) for s in tree] == [("Language Models", ["Benchmarks", "Prompting"])]
    assert run("section", "move", "benchmarks", "--top").returncode == 0
    assert [line for line in run("render").stdout.splitlines() if line.startswith("#")][3:] == ["## Benchmarks", "### Sub Bench"]


TOC_README = """\
# Awesome Things

## Table of Contents

- [Awesome Things](#awesome-things)
  - [Table of Contents](#table-of-contents)
  - [Papers](#papers)
    - [2024](#2024)
  - [Others](#others)
  - [Books](#books)
  - [Others](#others-1)

## Papers

### 2024

- [A](https://example.org/a)

## Others

- [B](https://example.org/b)

## Books

- [C](https://example.org/c)

## Others

- [D](https://example.org/d)
"""


def test_the_lists_own_table_of_contents_follows_section_commands(tmp_path):
    (tmp_path / "README.md").write_text(TOC_README, encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "papercat", *args], capture_output=True, text=True, cwd=tmp_path, timeout=60)

    assert run("import", "README.md").returncode == 0
    assert run("render", "--check", "README.md").returncode == 0
    assert run("section", "add", "Surveys", "--id", "surveys", "--after", "papers").returncode == 0
    assert run("section", "move", "books", "--under", "papers").returncode == 0
    removed = run("section", "remove", "others", "--move-entries-to", "papers")
    assert removed.returncode == 0, removed.stderr
    rendered = run("render").stdout
    toc = rendered.split("## Table of Contents\n\n")[1].split("\n\n")[0]
    assert toc.split("\n") == [
        "- [Awesome Things](#awesome-things)",
        "  - [Table of Contents](#table-of-contents)",
        "  - [Papers](#papers)",
        "    - [2024](#2024)",
        "    - [Books](#books)",
        "  - [Surveys](#surveys)",
        "  - [Others](#others)",  # the second Others: its anchor lost the -1 with the first one gone
    ]


def test_removing_a_section_keeps_the_text_written_after_its_rows(tmp_path):
    readme = (
        "# L\n\n## Papers\n\n- [A](https://example.org/a)\n\n## Others\n\n- [B](https://example.org/b)\n\n---\n\n## Datasets\n\n- [C](https://example.org/c)\n"
    )
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "papercat", *args], capture_output=True, text=True, cwd=tmp_path, timeout=60)

    assert run("import", "README.md").returncode == 0
    assert run("render", "--check", "README.md").returncode == 0
    assert run("section", "remove", "others", "--move-entries-to", "papers").returncode == 0
    rendered = run("render").stdout
    assert "- [B](https://example.org/b)\n\n---\n\n## Datasets" in rendered
