"""`settings.style: awesome`: the README in awesome-lint's conventions; the default style unchanged.

awesome-lint itself (npm) runs in .ci/check_awesome_lint.py, not here; these tests pin the
conventions it checks: one H1 with the badge, `## Contents` first with links whose text is the
heading's, list items `- [Title](url) - Description.`, and no link twice on the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from papercat import store
from papercat.awesome import BADGE
from papercat.errors import CatalogError
from papercat.render import render_readme

CATALOG = """\
version: 1
title: Awesome Test Papers
intro: A list for the tests.
settings:
  style: awesome
sections:
  - id: techniques
    title: Techniques
    sections:
      - id: pretraining
        title: Pretraining
      - id: fine-tuning
        title: Fine-Tuning
  - id: datasets
    title: Datasets
    kind: datasets
entries:
  - id: tiny
    title: "TinyStories: How Small | Can Language Models Be?"
    url: https://arxiv.org/abs/2305.07759
    venue: arXiv
    year: 2023
    code: https://huggingface.co/roneneldan
    sections: [pretraining, fine-tuning]
  - id: alpaca
    title: "Stanford Alpaca: An Instruction-following LLaMA Model"
    url: https://github.com/tatsu-lab/stanford_alpaca
    venue: github
    year: 2023
    code: https://github.com/tatsu-lab/stanford_alpaca
    sections: [fine-tuning]
  - id: mmiqc
    title: MMIQC
    url: https://huggingface.co/datasets/Vivacem/MMIQC
    download: https://example.org/mmiqc.zip
    sections: [datasets]
"""

ITEM = re.compile(r"^- \[[^\]]+\]\(https?://[^)\s]+\)( - \S.*[.])?$")


def _render(tmp_path: Path, text: str = CATALOG) -> str:
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return render_readme(store.load(path).catalog)


def test_one_top_level_heading_with_the_badge_then_contents(tmp_path):
    readme = _render(tmp_path)
    lines = readme.splitlines()
    assert lines[0] == f"# Awesome Test Papers {BADGE}"
    assert [line for line in lines if line.startswith("# ")] == [lines[0]]
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## Contents", "## Techniques", "## Datasets"]
    assert "### Pretraining" in lines and "### Fine-Tuning" in lines
    contents = readme.split("## Contents\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert contents == [
        "- [Techniques](#techniques)",
        "  - [Pretraining](#pretraining)",
        "  - [Fine-Tuning](#fine-tuning)",
        "- [Datasets](#datasets)",
    ]


def test_entries_are_list_items_with_a_capitalized_description(tmp_path):
    readme = _render(tmp_path)
    items = [line for line in readme.splitlines() if line.startswith("- [") and "](#" not in line]
    assert items and all(ITEM.match(item) for item in items), items
    assert (
        "- [TinyStories: How Small \\| Can Language Models Be?](https://arxiv.org/abs/2305.07759) - arXiv 2023. [Code](https://huggingface.co/roneneldan)."
    ) in items
    # awesome-lint wants a capital or camel-case first word: 'github' is capitalized, 'arXiv' is not.
    assert any(item.endswith(" - Github 2023. [Code](https://github.com/tatsu-lab/stanford_alpaca).") for item in items)
    assert "- [MMIQC](https://huggingface.co/datasets/Vivacem/MMIQC) - [Download](https://example.org/mmiqc.zip)." in items
    assert "|" not in readme.replace("\\|", "")  # no tables


def test_a_paper_in_two_sections_is_linked_once(tmp_path):
    readme = _render(tmp_path)
    main_links = re.findall(r"^- \[[^\]]+\]\(([^)]+)\)", readme, flags=re.MULTILINE)
    assert len(main_links) == len(set(main_links))
    fine_tuning = readme.split("### Fine-Tuning\n\n", 1)[1].split("\n\n", 1)[0]
    assert fine_tuning.splitlines()[0] == "- TinyStories: How Small \\| Can Language Models Be? (links under Pretraining)."


def test_the_default_style_is_unchanged(tmp_path):
    default = CATALOG.replace("settings:\n  style: awesome\n", "")
    readme = _render(tmp_path, default)
    assert readme.startswith("# Awesome Test Papers\n\nA list for the tests.\n\n## Table of Contents\n")
    assert "| Paper | Published in | Code/Project |" in readme and BADGE not in readme


def test_empty_sections_follow_the_empty_sections_setting(tmp_path):
    text = CATALOG.replace("  style: awesome\n", "  style: awesome\n  empty_sections: note\n").replace(
        "  - id: datasets\n", "  - id: planned\n    title: Planned\n  - id: datasets\n"
    )
    readme = _render(tmp_path, text)
    assert "## Planned\n\nNo entries yet: add one with `papercat add <arxiv-id> --section planned`.\n" in readme
    hidden = _render(tmp_path, text.replace("empty_sections: note", "empty_sections: hide"))
    assert "Planned" not in hidden


def test_an_unknown_style_is_refused_with_its_line(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text(CATALOG.replace("style: awesome", "style: fancy"), encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        store.load(path)
    assert "style must be one of default, awesome, not 'fancy'" in str(raised.value)
    assert raised.value.line == 5


def test_the_style_survives_a_write(tmp_path):
    from papercat.catalog_data import catalog_to_data

    path = tmp_path / "catalog.yaml"
    path.write_text(CATALOG, encoding="utf-8")
    assert catalog_to_data(store.load(path).catalog)["settings"] == {"style": "awesome"}
