"""`papercat import README.md`: a new catalog file, a summary, problems as README.md:LINE."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papercat import store
from papercat.cli import app

SEED = Path(__file__).parent.parent / "data" / "seed-README.md"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch) -> Path:
    shutil.copy(SEED, tmp_path / "README.md")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def papercat(*args: str):
    return CliRunner().invoke(app, list(args))


def test_import_writes_a_catalog_that_loads_back_with_every_row(workdir):
    result = papercat("import", "README.md", "-o", "catalog.yaml")
    assert result.exit_code == 0, result.output
    catalog = store.load(workdir / "catalog.yaml").catalog
    assert len(catalog.entries) == 44
    assert [s.title for s in catalog.sections] == ["Types of Data Synthesis and Augmentation", "Applications", "Dataset"]
    assert catalog.section_by_id("dataset-examples").kind == "datasets"
    assert "Imported 44 entries in 17 sections (3 top-level) from README.md into catalog.yaml" in result.stdout


def test_import_reports_problems_on_stderr_with_the_readme_line_and_still_exits_0(workdir):
    (workdir / "README.md").write_text("# L\n\n## S\n\n| Paper | Venue |\n|---|---|\n| [T](https://t.org) | ICML 2023 |\n| | ICLR 2024 |\n")
    result = papercat("import", "README.md", "-o", "catalog.yaml")
    assert result.exit_code == 0
    assert "README.md:8: row has no title in its 'Paper' column; skipped it" in result.stderr
    assert "1 problem(s) reported above" in result.stdout


def test_import_without_output_writes_to_the_global_catalog_path(workdir):
    result = papercat("--catalog", "lists/my.yaml", "import", "README.md")
    assert result.exit_code == 2  # the folder does not exist: one clear line, nothing written
    assert result.stderr.startswith("papercat: error: lists/my.yaml: cannot write in lists")
    (workdir / "lists").mkdir()
    result = papercat("--catalog", "lists/my.yaml", "import", "README.md")
    assert result.exit_code == 0, result.output
    assert (workdir / "lists" / "my.yaml").exists()
    result = papercat("import", "README.md")
    assert result.exit_code == 0 and (workdir / "catalog.yaml").exists()


def test_import_refuses_to_overwrite_an_existing_catalog_without_force(workdir):
    (workdir / "catalog.yaml").write_text("# my precious catalog\n", encoding="utf-8")
    result = papercat("import", "README.md", "-o", "catalog.yaml")
    assert result.exit_code == 1
    assert "catalog.yaml: already exists; pass --force" in result.stderr
    assert (workdir / "catalog.yaml").read_text(encoding="utf-8") == "# my precious catalog\n"

    result = papercat("import", "README.md", "-o", "catalog.yaml", "--force")
    assert result.exit_code == 0
    assert len(store.load(workdir / "catalog.yaml").catalog.entries) == 44


def test_import_of_a_missing_readme_is_one_line_and_exit_2(workdir):
    result = papercat("import", "NOPE.md", "-o", "catalog.yaml")
    assert result.exit_code == 2
    assert result.stderr == "papercat: error: NOPE.md: no such file; give the path of the README to import\n"
    assert not (workdir / "catalog.yaml").exists()


def test_import_of_a_non_utf8_readme_names_the_line(workdir):
    (workdir / "bad.md").write_bytes(b"# T\n\n## S\n\xff\xfe broken\n")
    result = papercat("import", "bad.md", "-o", "catalog.yaml")
    assert result.exit_code == 2
    assert result.stderr == "papercat: error: bad.md:4: is not valid UTF-8; save it as UTF-8 and import again\n"


def test_import_of_a_folder_is_a_clear_error(workdir):
    (workdir / "folder").mkdir()
    result = papercat("import", "folder", "-o", "catalog.yaml")
    assert result.exit_code == 2
    assert "folder: is a folder" in result.stderr


def test_import_help_shows_examples():
    result = papercat("import", "--help")
    assert result.exit_code == 0
    assert "papercat import README.md -o catalog.yaml" in result.stdout
    assert "--force" in result.stdout


def test_import_then_render_as_real_processes(workdir):
    env = {**os.environ, "NO_COLOR": "1"}
    imported = subprocess.run([sys.executable, "-m", "papercat", "import", "README.md", "-o", "catalog.yaml"], capture_output=True, text=True, env=env)
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr == ""  # the seed's empty row is kept where it stands, so nothing is lost
    rendered = subprocess.run([sys.executable, "-m", "papercat", "render"], capture_output=True, env=env)
    assert rendered.returncode == 0, rendered.stderr
    text = rendered.stdout.decode("utf-8")
    assert text.startswith("# A Review for Data Synthesis and Augmentation for Large Models\n")
    # The seed comes back as it was: its `arXiv:2306.08568` target (no web URL) and its empty row too.
    assert text == (workdir / "README.md").read_text(encoding="utf-8")
    assert text.count("](https://") == 43
    assert "[WizardCoder: Empowering Code Large Language Models with Evol-Instruct](arXiv:2306.08568)" in text


def test_an_unknown_layout_is_one_usage_error_and_writes_nothing(workdir):
    result = papercat("import", "README.md", "-o", "catalog.yaml", "--layout", "fancy")
    assert result.exit_code == 2
    assert "--layout must be 'source' or 'papercat', not 'fancy'" in result.output
    assert "internal error" not in result.output
    assert not (workdir / "catalog.yaml").exists()
