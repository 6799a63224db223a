"""`papercat list` and `papercat show`: the catalog seen without reading YAML."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures.catalogs import write_catalog
from papercat.cli import app

CATALOG = """\
version: 1
title: Test list
sections:
  - id: pretraining
    title: Pretraining
    order: newest-first
  - id: fine-tuning
    title: Fine-Tuning
    sections:
      - id: alignment
        title: Alignment
entries:
  - id: tiny
    title: "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?"
    url: https://arxiv.org/abs/2305.07759
    arxiv: "2305.07759"
    venue: arXiv
    year: 2023
    authors: [Ronen Eldan, Yuanzhi Li]
    sections: [pretraining]
  - id: star
    title: "STaR: Bootstrapping Reasoning With Reasoning"
    url: https://arxiv.org/abs/2203.14465
    venue: NeurIPS
    year: 2022
    sections: [pretraining, fine-tuning]
  - id: rlhf
    title: Training language models to follow instructions with human feedback
    url: https://arxiv.org/abs/2203.02155
    venue: NeurIPS
    year: 2022
    note: InstructGPT
    sections: [alignment]
"""


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    return write_catalog(tmp_path, CATALOG)


def papercat(catalog: Path, *args: str):
    return CliRunner().invoke(app, ["--catalog", str(catalog), *args])


def listed_ids(result) -> list[str]:
    return [line.split()[0] for line in result.stdout.splitlines()[1:-1]]


def test_list_shows_every_entry_as_a_table_with_a_count(catalog):
    result = papercat(catalog, "list")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split() == ["ID", "YEAR", "VENUE", "SECTIONS", "TITLE"]
    assert listed_ids(result) == ["tiny", "star", "rlhf"]
    assert result.stdout.splitlines()[-1] == "3 entries"


def test_list_section_includes_subsections_in_readme_order(catalog):
    assert listed_ids(papercat(catalog, "list", "--section", "fine-tuning")) == ["star", "rlhf"]
    assert listed_ids(papercat(catalog, "list", "--section", "Pretraining")) == ["tiny", "star"]  # newest first


def test_list_filters_by_year_venue_and_words(catalog):
    assert listed_ids(papercat(catalog, "list", "--year", "2022")) == ["star", "rlhf"]
    assert listed_ids(papercat(catalog, "list", "--year", "2023-")) == ["tiny"]
    assert listed_ids(papercat(catalog, "list", "--venue", "neurips", "instructgpt")) == ["rlhf"]
    assert listed_ids(papercat(catalog, "list", "eldan", "small")) == ["tiny"]
    assert papercat(catalog, "list", "nothing-matches").stdout == "no entries match\n"


def test_list_json_and_csv_are_for_programs(catalog):
    data = json.loads(papercat(catalog, "list", "--section", "alignment", "--format", "json").stdout)
    assert data == [
        {
            "id": "rlhf",
            "title": "Training language models to follow instructions with human feedback",
            "url": "https://arxiv.org/abs/2203.02155",
            "venue": "NeurIPS",
            "year": 2022,
            "sections": ["alignment"],
            "note": "InstructGPT",
        }
    ]
    rows = list(csv.DictReader(io.StringIO(papercat(catalog, "list", "--format", "csv").stdout)))
    assert [row["id"] for row in rows] == ["tiny", "star", "rlhf"]
    assert rows[1]["sections"] == "pretraining; fine-tuning" and rows[0]["authors"] == "Ronen Eldan; Yuanzhi Li"


@pytest.mark.parametrize(
    "args, words",
    [
        (["--section", "pretrain"], "did you mean 'pretraining'?"),
        (["--year", "twenty"], "is not a year or a range"),
        (["--format", "xml"], "--format must be one of table, json, csv"),
    ],
)
def test_list_misuse_is_one_line(catalog, args, words):
    result = papercat(catalog, "list", *args)
    assert result.exit_code == 2 and words in result.stderr and len(result.stderr.splitlines()) == 1


def test_show_prints_every_field_and_where_the_entry_renders(catalog):
    result = papercat(catalog, "show", "2203.14465")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "star"]
    assert any(line.split(None, 1) == ["venue", "NeurIPS"] for line in lines)
    assert f"catalog    {catalog}:" in result.stdout
    assert "README.md: Pretraining (#pretraining), row 2 of 2  [section 'pretraining']" in result.stdout
    assert "README.md: Fine-Tuning (#fine-tuning), row 1 of 1  [section 'fine-tuning']" in result.stdout


def test_show_of_an_unknown_ref_is_one_line(catalog):
    result = papercat(catalog, "show", "no-such-paper-at-all")
    assert result.exit_code == 2 and result.stderr.startswith("papercat: error:")


def test_list_and_show_run_as_real_processes(catalog):
    for args in (["list", "--section", "alignment"], ["show", "rlhf"]):
        done = subprocess.run([sys.executable, "-m", "papercat", "--catalog", str(catalog), *args], capture_output=True, text=True)
        assert done.returncode == 0 and "rlhf" in done.stdout
