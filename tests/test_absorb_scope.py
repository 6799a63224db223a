"""papercat.absorbing.scope: a large list's two READMEs cut down to the sections that differ."""

from __future__ import annotations

from papercat.absorbing.scope import heading_lines, scoped_pair

README = """\
# List

Intro.

## Table of Contents

* [A](#a)
* [B](#b)

## A

| Paper | Published in | Code/Project |
| --- |:---:|:---:|
| [One](https://arxiv.org/abs/2301.00001) | arXiv 2023 | - |

## B

| Paper | Published in | Code/Project |
| --- |:---:|:---:|
| [Two](https://arxiv.org/abs/2301.00002) | arXiv 2023 | - |
"""


def test_only_the_changed_section_keeps_its_body_and_lines_map_back():
    edited = README.replace("| [Two]", "| [Three](https://arxiv.org/abs/2301.00003) | arXiv 2023 | - |\n| [Two]")
    ours, theirs = scoped_pair(README, edited)
    assert "One" not in ours.text and "One" not in theirs.text  # section A is the same on both sides
    assert "Two" in ours.text and "Three" in theirs.text
    assert "## A" in theirs.text and "* [A](#a)" in theirs.text  # every heading, and the contents
    new_row = theirs.text.split("\n").index("| [Three](https://arxiv.org/abs/2301.00003) | arXiv 2023 | - |") + 1
    assert edited.split("\n")[theirs.line(new_row) - 1].startswith("| [Three]")


def test_headings_in_code_fences_are_not_headings():
    assert heading_lines(["# T", "```", "# not a heading", "```", "## S"]) == [0, 4]


def test_a_possible_setext_heading_means_the_text_is_read_whole():
    assert heading_lines(["# T", "", "Section", "-------", "text"]) is None
    assert scoped_pair("# T\n\nSection\n=======\n", "# T\n\nSection\n=======\nx\n") is None
