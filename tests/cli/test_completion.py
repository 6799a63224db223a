"""Shell completion: commands, options, section ids and entry ids, as the shell asks for them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CATALOG = """\
version: 1
title: Test list
sections:
  - id: pretraining
    title: Pretraining
  - id: prompting
    title: Prompting
  - id: fine-tuning
    title: Fine-Tuning
entries:
  - id: tinystories-2023
    title: TinyStories
    url: https://arxiv.org/abs/2305.07759
    sections: [pretraining]
  - id: textbooks-2023
    title: Textbooks Are All You Need
    url: https://arxiv.org/abs/2306.11644
    sections: [pretraining]
"""


def complete(folder: Path, words: str) -> list[str]:
    """What bash completion offers for the last word of `words` (typer's bash protocol)."""
    parts = words.split(" ")
    done = subprocess.run(
        [sys.executable, "-m", "papercat"],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, "_PAPERCAT_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    return tmp_path


def test_commands_complete(folder):
    assert complete(folder, "papercat ab") == ["absorb"]
    assert "refresh" in complete(folder, "papercat re") and "render" in complete(folder, "papercat re")


def test_options_complete(folder):
    assert "--keep-going" in complete(folder, "papercat refresh --k")


def test_section_ids_complete_from_the_catalog(folder):
    assert complete(folder, "papercat add 2305.07759 --section pr") == ["pretraining", "prompting"]
    assert complete(folder, "papercat move tinystories-2023 --to fi") == ["fine-tuning"]


def test_entry_ids_complete_from_the_catalog(folder):
    assert complete(folder, "papercat remove te") == ["textbooks-2023"]
    assert complete(folder, "papercat edit tiny") == ["tinystories-2023"]


def test_a_missing_catalog_completes_nothing_and_no_error(tmp_path):
    assert complete(tmp_path, "papercat remove te") == []


def test_the_install_options_are_offered():
    done = subprocess.run([sys.executable, "-m", "papercat", "--help"], capture_output=True, text=True)
    assert "--install-completion" in done.stdout and "--show-completion" in done.stdout
