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
    assert shown.returncode == 2 and "no such command 'rendr'. Did you mean 'render'?" in shown.stderr


def test_a_group_keeps_its_subcommands(tmp_path):
    shown = _papercat("section", "--help", cwd=tmp_path)
    assert shown.returncode == 0
    for name in ("list", "add", "rename", "move", "order", "remove"):
        assert f" {name} " in shown.stdout


def test_the_listing_built_without_parameters_is_the_full_builds_listing(tmp_path):
    """`papercat --help` builds stand-ins; the text must be what the fully built app prints."""
    built = "from papercat.cli import app\ntry:\n    app(['--help'], prog_name='papercat')\nexcept SystemExit:\n    pass\n"
    full = subprocess.run(
        [sys.executable, "-c", built], capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}, timeout=60
    )
    assert full.returncode == 0 and "Commands:" in full.stdout  # app() itself builds every command in full
    for arguments in (["--help"], ["-h"]):
        shown = _papercat(*arguments, cwd=tmp_path)
        assert shown.returncode == 0 and shown.stdout == full.stdout
    bare = _papercat(cwd=tmp_path)  # no arguments: the same help (click prints it on stderr)
    assert "Commands:" in bare.stdout + bare.stderr and full.stdout.split("Commands:")[1] in bare.stdout + bare.stderr


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["render", "--bogus"], "no such option: --bogus (see 'papercat render -h')"),
        (["remove"], "missing argument 'REF' (see 'papercat remove -h')"),
        (["--bogus", "lint"], "no such option: --bogus (see 'papercat -h')"),
        (["section", "ad"], "no such command 'ad'. Did you mean 'add'? (see 'papercat section -h')"),
        (["render", "-o"], "option '-o' requires an argument"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(tmp_path, arguments, words):
    shown = _papercat(*arguments, cwd=tmp_path)
    assert shown.returncode == 2 and shown.stdout == ""
    assert shown.stderr.splitlines() == [f"papercat: error: {words}"]


def test_a_group_without_a_subcommand_still_shows_its_help(tmp_path):
    shown = _papercat("section", cwd=tmp_path)
    assert "Usage: papercat section" in shown.stdout + shown.stderr and "rename" in shown.stdout + shown.stderr
