"""`--catalog` works after the command name too (`papercat lint --catalog X`), as hooks need."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from papercat.cli import app

CATALOG = """\
version: 1
title: Test list
sections:
  - id: pretraining
    title: Pretraining
entries:
  - id: tiny
    title: "TinyStories: How Small Can Language Models Be?"
    url: https://arxiv.org/abs/2305.07759
    venue: arXiv
    year: 2023
    sections: [pretraining]
"""


def _write(path: Path, title: str = "Test list") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CATALOG.replace("Test list", title))
    return path


@pytest.mark.parametrize("name", sorted(get_command(app).commands))
def test_every_command_lists_catalog_after_its_name(name):
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "--catalog" in result.output


def test_lint_and_render_read_the_catalog_named_after_the_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    catalog = _write(tmp_path / "lists" / "catalog.yaml", title="Lists catalog")
    rendered = CliRunner().invoke(app, ["render", "--catalog", str(catalog)])
    assert rendered.exit_code == 0, rendered.output
    assert rendered.output.startswith("# Lists catalog\n")
    (tmp_path / "lists" / "README.md").write_text(rendered.output)
    linted = CliRunner().invoke(app, ["lint", "--format", "concise", "-c", str(catalog)])
    assert linted.exit_code == 0, linted.output
    checked = CliRunner().invoke(app, ["render", "--check", str(tmp_path / "lists" / "README.md"), f"--catalog={catalog}"])
    assert checked.exit_code == 0, checked.output


def test_the_catalog_after_the_command_wins_over_the_one_before(tmp_path):
    before = _write(tmp_path / "before.yaml", title="Before")
    after = _write(tmp_path / "after.yaml", title="After")
    result = CliRunner().invoke(app, ["--catalog", str(before), "render", "--catalog", str(after)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# After\n")


def test_the_environment_variable_still_applies_without_either(tmp_path, monkeypatch):
    catalog = _write(tmp_path / "env.yaml", title="From env")
    monkeypatch.setenv("PAPERCAT_CATALOG", str(catalog))
    result = CliRunner().invoke(app, ["render"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# From env\n")


def test_import_writes_to_the_catalog_named_after_the_command(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# A list\n\n## Papers\n\n- [TinyStories](https://arxiv.org/abs/2305.07759)\n")
    target = tmp_path / "out" / "catalog.yaml"
    target.parent.mkdir()
    result = CliRunner().invoke(app, ["import", str(readme), "--catalog", str(target)])
    assert result.exit_code == 0, result.output
    assert "TinyStories" in target.read_text()
