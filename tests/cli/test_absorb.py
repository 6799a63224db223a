"""`papercat absorb README.md`: a contributor's hand edit of the README becomes catalog changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papercat import store
from papercat.cli import app

CATALOG = """\
version: 1
title: Test list
sections:
  - id: pretraining
    title: Pretraining
  - id: fine-tuning
    title: Fine-Tuning
entries:
  - id: tiny
    title: "TinyStories: How Small Can Language Models Be?"
    url: https://arxiv.org/abs/2305.07759
    arxiv: "2305.07759"
    venue: arXiv
    year: 2023
    sections: [pretraining]
  - id: phi
    title: Textbooks Are All You Need
    url: https://arxiv.org/abs/2306.11644
    arxiv: "2306.11644"
    venue: arXiv
    year: 2023
    sections: [pretraining]  # kept: a comment
  - id: wizard
    title: WizardLM
    url: https://arxiv.org/abs/2304.12244
    arxiv: "2304.12244"
    venue: ICLR
    year: 2024
    code: https://github.com/nlpxucan/WizardLM
    sections: [fine-tuning]
"""

TINY = "| [TinyStories: How Small Can Language Models Be?](https://arxiv.org/abs/2305.07759) | arXiv 2023 | - |"
PHI = "| [Textbooks Are All You Need](https://arxiv.org/abs/2306.11644) | arXiv 2023 | - |"
WIZARD = "| [WizardLM](https://arxiv.org/abs/2304.12244) | ICLR 2024 | https://github.com/nlpxucan/WizardLM |"
NEW = "| [Orca: Progressive Learning](https://arxiv.org/pdf/2306.02707) | arXiv 2023 | https://github.com/x/orca |"


@pytest.fixture(autouse=True, params=["whole", "scoped"])
def reading(request, monkeypatch) -> str:
    """Every case both ways: both READMEs read whole (a small list), and cut down to the sections
    that differ (what a list of 2000 entries or more gets)."""
    if request.param == "scoped":
        monkeypatch.setattr("papercat.absorbing.plan.SCOPE_FROM_ENTRIES", 0)
    return request.param


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    result = papercat("render", "-o", "README.md")
    assert result.exit_code == 0, result.output
    return tmp_path


def papercat(*args: str):
    return CliRunner().invoke(app, list(args))


def edit_readme(workdir: Path, old: str, new: str) -> str:
    path = workdir / "README.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def check_passes(workdir: Path) -> bool:
    return papercat("render", "--check", "README.md").exit_code == 0


def test_a_new_row_becomes_an_entry_in_that_section_at_that_position(workdir):
    edit_readme(workdir, TINY + "\n", TINY + "\n" + NEW + "\n")
    result = papercat("absorb", "README.md")
    assert result.exit_code == 0, result.output
    assert "new entry 'orca-progressive-learning-2023' in 'pretraining'" in result.stdout
    catalog = (workdir / "catalog.yaml").read_text(encoding="utf-8")
    assert catalog.index("id: tiny") < catalog.index("id: orca-progressive-learning-2023") < catalog.index("id: phi")
    assert 'arxiv: "2306.02707"' in catalog  # the link read by add's id rules
    assert "# kept: a comment" in catalog
    assert check_passes(workdir)


def test_a_changed_cell_becomes_a_field_edit(workdir):
    edit_readme(
        workdir, "| [WizardLM](https://arxiv.org/abs/2304.12244) | ICLR 2024 |", "| [WizardLM: Evol-Instruct](https://arxiv.org/abs/2304.12244) | ICLR 2023 |"
    )
    result = papercat("absorb", "README.md")
    assert result.exit_code == 0, result.output
    assert "edited 'wizard'" in result.stdout
    catalog = (workdir / "catalog.yaml").read_text(encoding="utf-8")
    assert 'title: "WizardLM: Evol-Instruct"' in catalog and "year: 2023" in catalog.split("id: wizard")[1]
    assert check_passes(workdir)


def test_a_removed_row_takes_the_entry_out_and_a_moved_row_refiles_it(workdir):
    text = edit_readme(workdir, PHI + "\n", "")
    edit_readme(workdir, WIZARD + "\n", WIZARD + "\n" + PHI + "\n")
    assert text
    edit_readme(workdir, TINY + "\n", "")
    result = papercat("absorb", "README.md")
    assert result.exit_code == 0, result.output
    assert "'phi' moved from pretraining to fine-tuning" in result.stdout
    assert "'tiny' has no row left -> removed from the catalog" in result.stdout
    catalog = (workdir / "catalog.yaml").read_text(encoding="utf-8")
    assert "id: tiny" not in catalog
    assert catalog.index("id: wizard") < catalog.index("id: phi")
    assert check_passes(workdir)


def test_a_row_in_one_more_section_adds_the_section(workdir):
    edit_readme(workdir, WIZARD + "\n", WIZARD + "\n" + TINY + "\n")
    result = papercat("absorb", "README.md")
    assert result.exit_code == 0, result.output
    assert "'tiny' is now also in fine-tuning" in result.stdout
    assert check_passes(workdir)


def test_a_new_paper_added_to_two_sections_is_one_entry_filed_in_both(workdir):
    edit_readme(workdir, TINY + "\n", TINY + "\n" + NEW + "\n")
    edit_readme(workdir, WIZARD + "\n", WIZARD + "\n" + NEW + "\n")
    result = papercat("absorb", "README.md")
    assert result.exit_code == 0, result.output
    entries = store.load(workdir / "catalog.yaml").catalog.entries
    assert [entry.sections for entry in entries if entry.title == "Orca: Progressive Learning"] == [["pretraining", "fine-tuning"]]
    assert check_passes(workdir)  # both rows rendered, neither lost


def test_a_new_papers_second_row_with_other_cells_is_an_entry_of_its_own(workdir):
    edit_readme(workdir, TINY + "\n", TINY + "\n" + NEW + "\n")
    edit_readme(workdir, WIZARD + "\n", WIZARD + "\n" + NEW.replace("arXiv 2023", "ICML 2024") + "\n")
    result = papercat("absorb", "README.md")
    assert result.exit_code == 0, result.output
    entries = store.load(workdir / "catalog.yaml").catalog.entries
    assert sorted((entry.venue, entry.sections[0]) for entry in entries if entry.title == "Orca: Progressive Learning") == [
        ("ICML", "fine-tuning"),
        ("arXiv", "pretraining"),
    ]
    assert check_passes(workdir)


def test_dry_run_prints_the_plan_as_a_catalog_diff_and_writes_nothing(workdir):
    before = (workdir / "catalog.yaml").read_bytes()
    edit_readme(workdir, TINY + "\n", TINY + "\n" + NEW + "\n")
    result = papercat("absorb", "README.md", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("--- a/catalog.yaml\n+++ b/catalog.yaml\n")
    assert "+  - id: orca-progressive-learning-2023" in result.stdout
    assert "(dry run: nothing written)" in result.stdout
    assert (workdir / "catalog.yaml").read_bytes() == before


def test_a_renamed_heading_is_reported_with_its_line_and_the_command_that_maps_it(workdir):
    text = edit_readme(workdir, "# Fine-Tuning\n", "# Finetuning\n")
    heading_line = text.splitlines().index("# Finetuning") + 1
    before = (workdir / "catalog.yaml").read_bytes()
    result = papercat("absorb", "README.md")
    assert result.exit_code == 1
    assert f"README.md:{heading_line}: heading 'Finetuning' is not a section of the catalog" in result.stderr
    assert "section rename fine-tuning --title 'Finetuning'" in result.stderr
    assert (workdir / "catalog.yaml").read_bytes() == before  # the rows under the changed heading were left alone
    assert papercat("section", "rename", "fine-tuning", "--title", "Finetuning").exit_code == 0
    again = papercat("absorb", "README.md")
    # The README's table of contents still names the old heading: render writes it anew.
    assert again.exit_code == 1 and "still differs" in again.stderr and "papercat render -o README.md" in again.stderr
    assert papercat("render", "-o", "README.md").exit_code == 0
    assert "* [Finetuning](#finetuning)" in (workdir / "README.md").read_text(encoding="utf-8")


def test_prose_and_a_new_heading_are_absorbed_into_the_catalog(workdir):
    text = edit_readme(workdir, "# Pretraining\n\n", "# Pretraining\n\nSome words about pretraining.\n\n")
    text = edit_readme(workdir, "# Pretraining\n", "# News\n\nWe moved.\n\n# Pretraining\n")
    prose_line = text.splitlines().index("Some words about pretraining.") + 1
    result = papercat("absorb", "README.md")
    assert result.exit_code == 1, result.output
    assert "README.md:5: still differs from what the catalog renders" in result.stderr  # the TOC, without News
    assert f"README.md:{text.splitlines().index('# News') + 1}: new heading 'News' -> added section 'news' (News) before 'pretraining'" in result.stdout
    assert f"README.md:{prose_line}: section 'pretraining': text above its entries changed -> absorbed" in result.stdout
    catalog = store.load(workdir / "catalog.yaml").catalog
    assert catalog.section_by_id("pretraining").description == "Some words about pretraining."
    assert catalog.section_by_id("news").description == "We moved."
    # The README's table of contents was not given the new heading: render writes it with it.
    assert papercat("render", "-o", "README.md").exit_code == 0
    assert "(#news)" in (workdir / "README.md").read_text(encoding="utf-8")


def test_a_readme_that_matches_says_so_and_exits_0(workdir):
    result = papercat("absorb", "README.md")
    assert result.exit_code == 0
    assert "nothing to absorb" in result.stdout


def test_fetch_takes_the_new_rows_metadata_from_the_source(workdir, sources_env, arxiv_server):
    edit_readme(workdir, TINY + "\n", TINY + "\n" + "| [wizardmath](https://arxiv.org/abs/2308.09583) | arXiv 2023 | - |\n")
    result = papercat("absorb", "README.md", "--fetch")
    assert result.exit_code == 0, result.output
    catalog = (workdir / "catalog.yaml").read_text(encoding="utf-8")
    assert "WizardMath: Empowering Mathematical Reasoning" in catalog
    assert "authors:" in catalog
    assert "papercat render -o README.md" in result.stdout
    assert papercat("render", "-o", "README.md").exit_code == 0


def test_render_output_refuses_to_drop_rows_the_catalog_lacks(workdir):
    edit_readme(workdir, TINY + "\n", TINY + "\n" + NEW + "\n")
    edited = (workdir / "README.md").read_bytes()
    result = papercat("render", "-o", "README.md")
    assert result.exit_code == 1
    assert "'Orca: Progressive Learning' (line" in result.stderr
    assert "papercat absorb README.md" in result.stderr and "--force" in result.stderr
    assert (workdir / "README.md").read_bytes() == edited
    assert papercat("render", "-o", "README.md", "--force").exit_code == 0
    assert check_passes(workdir)


def test_render_output_drops_the_row_of_a_paper_papercat_removed_but_not_a_contributors(workdir):
    assert papercat("remove", "phi", "--yes").exit_code == 0
    written = papercat("render", "-o", "README.md")  # the maintainer's own removal: no refusal
    assert written.exit_code == 0, written.output
    assert "Textbooks Are All You Need" not in (workdir / "README.md").read_text(encoding="utf-8")
    assert not list((workdir / ".papercat-cache").glob("*.removed.json"))  # forgotten once the README is written
    edit_readme(workdir, TINY + "\n", TINY + "\n" + PHI + "\n")  # a contributor adds the paper back
    again = papercat("render", "-o", "README.md")
    assert again.exit_code != 0 and "papercat absorb README.md" in again.stderr


def test_lint_names_both_directions_of_fixing_a_stale_readme(workdir):
    edit_readme(workdir, TINY + "\n", TINY + "\n" + NEW + "\n")
    result = papercat("lint", "--select", "PC501")
    assert result.exit_code == 1
    assert "papercat render -o README.md" in result.stdout and "papercat absorb README.md" in result.stdout


def test_absorb_runs_end_to_end_as_a_subprocess(workdir):
    edit_readme(workdir, TINY + "\n", TINY + "\n" + NEW + "\n")
    done = subprocess.run([sys.executable, "-m", "papercat", "absorb", "README.md"], capture_output=True, text=True, cwd=workdir)
    assert done.returncode == 0, done.stderr
    check = subprocess.run([sys.executable, "-m", "papercat", "render", "--check", "README.md"], capture_output=True, text=True, cwd=workdir)
    assert check.returncode == 0, check.stdout + check.stderr
