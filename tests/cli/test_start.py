"""A run builds only the command it names (typer's start-up cost), and nothing a user sees changes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from papercat.cli import COMMAND_MODULES, invoked_command_name


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["render", "-o", "README.md"], "render"),
        (["--catalog", "lists/catalog.yaml", "lint"], "lint"),
        (["-c", "render", "lint"], "lint"),  # a catalog file named like a command
        (["--catalog=render", "show", "x"], "show"),
        (["-crender", "section", "list"], "section"),
        (["--help", "render"], None),
        (["-h"], None),
        (["--version"], None),
        (["--install-completion"], None),
        (["--catalog"], None),
        ([], None),
    ],
)
def test_the_command_a_command_line_runs(arguments, expected):
    assert invoked_command_name(arguments) == expected


def _papercat(*arguments: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "papercat", *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_the_top_level_help_still_lists_every_command(tmp_path):
    shown = _papercat("--help", cwd=tmp_path)
    assert shown.returncode == 0
    for module in COMMAND_MODULES:
        assert f" {module.removesuffix('_command')} " in shown.stdout


def test_a_mistyped_command_still_gets_a_suggestion(tmp_path):
    shown = _papercat("--catalog", "catalog.yaml", "rendr", cwd=tmp_path)
    assert shown.returncode == 2 and "No such command 'rendr'. Did you mean 'render'?" in shown.stderr


def test_a_group_keeps_its_subcommands(tmp_path):
    shown = _papercat("section", "--help", cwd=tmp_path)
    assert shown.returncode == 0
    for name in ("list", "add", "rename", "move", "order", "remove"):
        assert f" {name} " in shown.stdout
