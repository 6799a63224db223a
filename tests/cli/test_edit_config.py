"""`papercat edit` and `papercat config`: in-place corrections with minimal diffs."""

from __future__ import annotations

import difflib
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from papercat import store
from papercat.cli import app

CATALOG = """\
# comments must survive
version: 1
title: Test list
intro: This is a repository for ...
sections:
  - id: augmentation
    title: Data Augmentation
  - id: empty
    title: Nothing yet
entries:
  - id: core-2022
    title: "CORE: A retrieve-then-edit framework for counterfactual data generation"
    url: https://arxiv.org/pdf/2210.04873
    arxiv: "2210.04873"
    venue: EMNLP
    year: 2022
    sections: [augmentation]
  - id: diversify-2023
    title: Diversify your vision datasets with automatic diffusion-based augmentation
    url: https://arxiv.org/pdf/2210.04873   # wrong: this is CORE's id
    arxiv: "2210.04873"
    venue: NIPS
    year: 2023
    sections: [augmentation]
  - id: last
    title: Last one
    sections: [augmentation]
"""


@pytest.fixture
def catalog_path(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text(CATALOG)
    return path


def run(catalog_path, *args):
    return CliRunner().invoke(app, ["--catalog", str(catalog_path), *args])


def changed(old: str, new: str) -> list[str]:
    return [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_edit_fixes_a_wrong_link_in_place_and_keeps_the_old_one_as_an_alias(catalog_path):
    result = run(catalog_path, "edit", "diversify-2023", "--url", "https://arxiv.org/abs/2305.16289")
    assert result.exit_code == 0, result.output
    assert "edited 'diversify-2023'" in result.output and "aliases" in result.output
    entry = store.load(catalog_path).catalog.entry_by_id("diversify-2023")
    assert entry.url == "https://arxiv.org/abs/2305.16289"
    assert entry.arxiv == "2305.16289"
    assert entry.aliases == ["https://arxiv.org/pdf/2210.04873"]
    diff = changed(CATALOG, catalog_path.read_text())
    assert sorted(diff) == sorted(
        [
            "-    url: https://arxiv.org/pdf/2210.04873   # wrong: this is CORE's id",
            "+    url: https://arxiv.org/abs/2305.16289   # wrong: this is CORE's id",
            '-    arxiv: "2210.04873"',
            '+    arxiv: "2305.16289"',
            "+    aliases:",
            "+      - https://arxiv.org/pdf/2210.04873",
        ]
    )
    # the row kept its place
    assert [e.id for e in store.load(catalog_path).catalog.entries] == ["core-2022", "diversify-2023", "last"]


def test_edit_by_title_sets_venue_and_year(catalog_path):
    result = run(catalog_path, "edit", "Diversify your vision datasets", "--venue", "NeurIPS", "--year", "2023")
    assert result.exit_code == 0, result.output
    assert changed(CATALOG, catalog_path.read_text()) == ["-    venue: NIPS", "+    venue: NeurIPS"]


def test_a_venue_given_with_its_year_sets_both_as_add_does(catalog_path):
    result = run(catalog_path, "edit", "Diversify your vision datasets", "--venue", "NeurIPS 2023")
    assert result.exit_code == 0, result.output
    assert changed(CATALOG, catalog_path.read_text()) == ["-    venue: NIPS", "+    venue: NeurIPS"]
    readme = run(catalog_path, "render").stdout
    assert "NeurIPS 2023 |" in readme and "2023 2023" not in readme


@pytest.mark.parametrize(
    "args, words",
    [
        (["edit", "nope-id", "--title", "X"], "no entry"),
        (["edit", "core-2022", "--venue", "ICLR 2024", "--year", "2023"], "says 2024 but --year says 2023"),
        (["edit", "core-2022", "--year", "twenty"], "four-digit year"),
        (["edit", "core-2022", "--title", ""], "needs a title"),
        (["edit", "core-2022"], "nothing to change"),
        (["config", "colour", "red"], "unknown setting 'colour'"),
        (["config", "empty_sections", "sometimes"], "must be one of"),
        (["config", "title", ""], "needs a title"),
    ],
)
def test_bad_edits_are_one_line_errors_and_leave_the_file_byte_identical(catalog_path, args, words):
    result = run(catalog_path, *args)
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert catalog_path.read_text() == CATALOG


def test_edit_dry_run_shows_the_diff_and_writes_nothing(catalog_path):
    result = run(catalog_path, "edit", "last", "--note", "check the venue", "--dry-run")
    assert result.exit_code == 0
    assert "+    note: check the venue" in result.output and "dry run" in result.output
    assert catalog_path.read_text() == CATALOG


def test_config_sets_the_intro_from_a_file_and_the_empty_section_style(catalog_path, tmp_path):
    intro = tmp_path / "intro.md"
    intro.write_text("A curated list.\n\nContribute with `papercat add`.\n")
    assert run(catalog_path, "config", "intro", "--file", str(intro)).exit_code == 0
    assert run(catalog_path, "config", "empty_sections", "note").exit_code == 0
    catalog = store.load(catalog_path).catalog
    assert catalog.intro == intro.read_text()
    assert catalog.settings.empty_sections == "note"
    assert "# comments must survive" in catalog_path.read_text()
    shown = run(catalog_path, "config")
    assert "empty_sections: note" in shown.output and "intro: A curated list." in shown.output
    assert run(catalog_path, "config", "empty_sections").output.strip() == "note"


def test_config_as_a_subprocess_resets_a_setting(catalog_path):
    subprocess.run([sys.executable, "-m", "papercat", "--catalog", str(catalog_path), "config", "empty_sections", "hide"], check=True, timeout=60)
    completed = subprocess.run(
        [sys.executable, "-m", "papercat", "--catalog", str(catalog_path), "config", "empty_sections", "--unset"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert catalog_path.read_text() == CATALOG
