"""`papercat move` and `papercat remove` end to end: summaries, minimal diffs, refusals that leave the file alone."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures.catalogs import MOVE_REMOVE_CATALOG as CATALOG
from fixtures.catalogs import write_catalog
from papercat import store
from papercat.cli import app, remove_command


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    return write_catalog(tmp_path, CATALOG)


def papercat(catalog: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(app, ["--catalog", str(catalog), *args], input=input)


def changed_lines(old: str, new: str) -> list[str]:
    return [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def sections_of(catalog: Path, entry_id: str) -> list[str]:
    return store.load(catalog).catalog.entry_by_id(entry_id).sections


# --- move --------------------------------------------------------------------------------


def test_move_changes_only_the_entry_sections_line(catalog):
    result = papercat(catalog, "move", "phi-1", "--to", "alignment")
    assert result.exit_code == 0, result.output
    assert result.stdout == "moved 'phi-1' from 'pretraining' to 'alignment'\n"
    assert changed_lines(CATALOG, catalog.read_text(encoding="utf-8")) == ["-    sections: [pretraining]", "+    sections: [alignment]"]
    assert sections_of(catalog, "phi-1") == ["alignment"]


def test_move_by_arxiv_url_keeps_the_line_comment(catalog):
    result = papercat(catalog, "move", "https://arxiv.org/pdf/2305.07759v2", "--to", "fine-tuning")
    assert result.exit_code == 0, result.output
    assert sections_of(catalog, "tiny") == ["fine-tuning"]
    assert "# moved here in 2024" in catalog.read_text(encoding="utf-8")


def test_move_copy_files_the_entry_in_one_more_section(catalog):
    result = papercat(catalog, "move", "2306.11644", "--to", "fine-tuning", "--copy")
    assert result.exit_code == 0, result.output
    assert sections_of(catalog, "phi-1") == ["pretraining", "fine-tuning"]


def test_move_from_picks_which_section_to_leave(catalog):
    result = papercat(catalog, "move", "star", "--from", "pretraining", "--to", "alignment")
    assert result.exit_code == 0, result.output
    assert sections_of(catalog, "star") == ["alignment", "fine-tuning"]


def test_move_from_without_to_takes_the_entry_out_of_one_section(catalog):
    result = papercat(catalog, "move", "star", "--from", "fine-tuning")
    assert result.exit_code == 0, result.output
    assert sections_of(catalog, "star") == ["pretraining"]


def test_move_refuses_to_take_away_the_last_section_and_points_to_remove(catalog):
    result = papercat(catalog, "move", "tiny", "--from", "pretraining")
    assert result.exit_code == 1
    assert "use 'papercat remove tiny'" in result.stderr
    assert catalog.read_text(encoding="utf-8") == CATALOG


def test_move_to_an_unknown_section_suggests_one_and_lists_all(catalog):
    result = papercat(catalog, "move", "tiny", "--to", "fine-tunning")
    assert result.exit_code == 2
    assert "did you mean 'fine-tuning'?" in result.stderr
    assert "pretraining, fine-tuning, alignment" in result.stderr
    assert catalog.read_text(encoding="utf-8") == CATALOG


def test_move_of_an_entry_in_several_sections_needs_from(catalog):
    result = papercat(catalog, "move", "star", "--to", "alignment")
    assert result.exit_code == 2
    assert "--from" in result.stderr
    assert catalog.read_text(encoding="utf-8") == CATALOG


def test_move_with_an_ambiguous_title_lists_the_candidates(catalog):
    result = papercat(catalog, "move", "textbooks", "--to", "alignment")
    assert result.exit_code == 2
    assert "phi-1 (Textbooks Are All You Need)" in result.stderr
    assert "phi-1-5 (" in result.stderr
    assert catalog.read_text(encoding="utf-8") == CATALOG


def test_move_dry_run_prints_the_diff_and_writes_nothing(catalog):
    result = papercat(catalog, "move", "phi-1", "--to", "alignment", "--dry-run")
    assert result.exit_code == 0
    assert "+    sections: [alignment]" in result.stdout
    assert "(dry run: nothing written)" in result.stdout
    assert catalog.read_text(encoding="utf-8") == CATALOG


def test_move_as_a_real_process(catalog):
    completed = subprocess.run(
        [sys.executable, "-m", "papercat", "--catalog", str(catalog), "move", "Textbooks are all you need", "--to", "alignment"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "moved 'phi-1' from 'pretraining' to 'alignment'"
    assert sections_of(catalog, "phi-1") == ["alignment"]


# --- remove ---------------------------------------------------------------------------------


def test_remove_yes_drops_only_that_entry(catalog):
    result = papercat(catalog, "remove", "2309.05463", "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("removed 'phi-1-5'")
    removed = [line for line in changed_lines(CATALOG, catalog.read_text(encoding="utf-8"))]
    assert all(line.startswith("-") for line in removed)
    assert len(removed) == 4
    assert [entry.id for entry in store.load(catalog).catalog.entries] == ["tiny", "star", "phi-1"]


def test_remove_without_yes_on_a_non_interactive_stdin_is_an_error(catalog):
    result = papercat(catalog, "remove", "tiny")
    assert result.exit_code == 2
    assert "pass --yes" in result.stderr
    assert catalog.read_text(encoding="utf-8") == CATALOG


def test_remove_asks_and_declining_keeps_the_file(catalog, monkeypatch):
    monkeypatch.setattr(remove_command, "stdin_is_interactive", lambda: True)
    result = papercat(catalog, "remove", "tiny", input="n\n")
    assert "Remove 'tiny'" in result.stdout
    assert result.exit_code == 1
    assert catalog.read_text(encoding="utf-8") == CATALOG


def test_remove_asks_and_accepting_removes(catalog, monkeypatch):
    monkeypatch.setattr(remove_command, "stdin_is_interactive", lambda: True)
    result = papercat(catalog, "remove", "tiny", input="y\n")
    assert result.exit_code == 0, result.output
    assert store.load(catalog).catalog.entry_by_id("tiny") is None


def test_remove_dry_run_prints_the_diff_and_writes_nothing(catalog):
    result = papercat(catalog, "remove", "star", "--dry-run")
    assert result.exit_code == 0
    assert "-  - id: star" in result.stdout
    assert catalog.read_text(encoding="utf-8") == CATALOG


def test_remove_of_an_unknown_ref_is_exit_2_and_keeps_the_file(catalog):
    result = papercat(catalog, "remove", "2401.00001", "--yes")
    assert result.exit_code == 2
    assert "no entry has the arXiv id '2401.00001'" in result.stderr
    assert catalog.read_text(encoding="utf-8") == CATALOG


@pytest.mark.parametrize("command", ["dedupe", "move", "remove"])
def test_every_command_has_help_with_examples(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
