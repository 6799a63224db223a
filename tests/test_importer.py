"""import_readme: a README in, a faithful Catalog and line-numbered problems out."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercat import store
from papercat.catalog_data import catalog_from_data, catalog_to_data
from papercat.importer import import_readme, split_venue_year
from papercat.render import render_readme

SEED = Path(__file__).parent / "data" / "seed-README.md"


@pytest.fixture(scope="module")
def seed():
    return import_readme(SEED.read_text(encoding="utf-8"))


def _table(*rows: str, header: str = "| Paper | Published in | Code/Project |") -> str:
    delimiter = "|" + " --- |" * (header.count("|") - 1)
    return "\n".join(["# List", "", "## Papers", "", header, delimiter, *rows, ""])


def _only_entry(markdown: str):
    result = import_readme(markdown)
    assert len(result.catalog.entries) == 1, result.catalog.entries
    return result.catalog.entries[0]


# --- the seed list ---------------------------------------------------------------


def test_seed_imports_all_44_linked_rows(seed):
    # Counted by hand in the seed: 13 (Data Augmentation) + 13 (Data Synthesis, the empty
    # row aside) + 3 (Pretraining) + 15 (Fine-Tuning) = 44 rows with a link.
    assert len(seed.catalog.entries) == 44
    assert all(entry.url for entry in seed.catalog.entries)
    counts = {s.id: len(seed.catalog.entries_in(s.id)) for _, s in seed.catalog.iter_sections()}
    assert counts["data-augmentation"] == 13
    assert counts["data-synthesis"] == 13
    assert counts["pretraining"] == 3
    assert counts["fine-tuning"] == 15


def test_seed_has_three_groups_and_fourteen_sections_in_heading_order(seed):
    groups = seed.catalog.sections
    assert [g.title for g in groups] == ["Types of Data Synthesis and Augmentation", "Applications", "Dataset"]
    children = [[c.title for c in g.children] for g in groups]
    assert children == [
        ["Data Augmentation", "Data Synthesis"],
        # The headings' order: Fine-Tuning comes before Prompt (the TOC lists them the other way).
        [
            "Data preparation",
            "Pretraining",
            "Fine-Tuning",
            "Prompt",
            "Alignment with Human Preferences",
            "Knowledge Base",
            "RAG and Other Tools",
            "Evaluation",
            "Optimization and Deployment",
            "Applications",
            "Agent",
        ],
        ["Dataset Examples"],
    ]
    assert sum(len(c) for c in children) == 14


def test_seed_section_ids_are_github_anchors_made_unique(seed):
    applications = seed.catalog.sections[1]
    assert applications.id == "applications"
    assert applications.children[-2].id == "applications-1"
    assert seed.catalog.sections[0].children[0].id == "data-augmentation"


def test_seed_keeps_its_empty_row_above_the_next_entry_and_reports_nothing(seed):
    assert seed.problems == []
    empty_row = SEED.read_text(encoding="utf-8").splitlines()[56]
    assert empty_row.strip("| ") == ""
    below = next(e for e in seed.catalog.entries if e.title.startswith("Rephrasing the Web"))
    assert below.cells["_empty_above"] == empty_row
    assert empty_row in render_readme(seed.catalog).splitlines()


def test_seed_keeps_the_datasets_kind(seed):
    kinds = {s.id: s.kind for _, s in seed.catalog.iter_sections()}
    assert kinds["dataset-examples"] == "datasets"
    assert kinds["fine-tuning"] == "papers"


def test_seed_title_and_intro_come_from_the_top_and_the_toc_is_not_a_section(seed):
    assert seed.catalog.title == "A Review for Data Synthesis and Augmentation for Large Models"
    assert seed.catalog.intro == "This is a repository for ..."
    titles = [s.title for _, s in seed.catalog.iter_sections()]
    assert "Table of Contents" not in titles


def test_seed_keeps_the_arxiv_colon_target_verbatim(seed):
    wizardcoder = next(e for e in seed.catalog.entries if e.title.startswith("WizardCoder: Empowering Code"))
    assert wizardcoder.url == "arXiv:2306.08568"
    assert wizardcoder.arxiv == "2306.08568"
    assert wizardcoder.code == "https://github.com/nlpxucan/WizardLM."  # trailing dot as written


def test_seed_splits_venue_and_year_as_written(seed):
    by_title = {e.title: e for e in seed.catalog.entries}
    self_instruct = by_title["Self-Instruct: Aligning Language Models with Self-Generated Instructions"]
    assert (self_instruct.venue, self_instruct.year) == ("ACL Anthology", 2023)
    core = by_title["CORE: A retrieve-then-edit framework for counterfactual data generation"]
    assert (core.venue, core.year, core.code) == ("EMNLP", 2022, "https://github.com/tanay2001/CORE")
    assert by_title["Mind's eye: Grounded language model reasoning through simulation"].venue == "arxiv"


def test_seed_keeps_typos_and_duplicates_as_separate_entries(seed):
    titles = [e.title for e in seed.catalog.entries]
    assert "Conmmon 7B language models already possess strong math capabilities" in titles
    star = [e for e in seed.catalog.entries if e.title.lower() == "star: bootstrapping reasoning with reasoning"]
    assert [e.sections for e in star] == [["data-synthesis"], ["fine-tuning"]]
    assert len({e.id for e in seed.catalog.entries}) == 44


def test_seed_fills_arxiv_and_doi_from_the_urls(seed):
    by_title = {e.title: e for e in seed.catalog.entries}
    assert by_title["ChatGPT outperforms crowd workers for text-annotation tasks"].doi == "10.1073/pnas.2305016120"
    prover = by_title["DeepSeek-Prover: Advancing theorem proving in LLMs through large-scale synthetic data"]
    assert prover.arxiv == "2405.14333v1"  # the version was written, so it is kept


def test_seed_import_is_a_valid_catalog(seed):
    again = catalog_from_data(catalog_to_data(seed.catalog))
    assert again == seed.catalog


# --- rows and cells ----------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("arxiv 2023", ("arxiv", 2023)),
        ("EMNLP 2022", ("EMNLP", 2022)),
        ("ACL Anthology 2023", ("ACL Anthology", 2023)),
        ("NeurIPS, 2021", ("NeurIPS", 2021)),
        ("2020", (None, 2020)),
        ("arXiv", ("arXiv", None)),
        ("41 ICML", ("41 ICML", None)),
        ("-", (None, None)),
        ("", (None, None)),
    ],
)
def test_published_in_cell_splits_into_venue_and_year(cell, expected):
    assert split_venue_year(cell) == expected


def test_cells_without_spaces_around_pipes_are_read():
    entry = _only_entry(_table("|[A paper](https://arxiv.org/abs/2305.07759)|ICLR 2024|https://github.com/a/b|"))
    assert (entry.title, entry.url, entry.venue, entry.year, entry.code) == (
        "A paper",
        "https://arxiv.org/abs/2305.07759",
        "ICLR",
        2024,
        "https://github.com/a/b",
    )


def test_bold_link_text_is_kept_without_the_markup():
    entry = _only_entry(_table("| [**Bold _title_**](https://x.org/p) | - | - |"))
    assert entry.title == "Bold title"
    assert entry.venue is None and entry.code is None


def test_badges_and_line_breaks_around_the_link_do_not_leak_into_the_title():
    row = (
        "| ![Star](https://img.shields.io/x.svg) <br> [**Real Title**](https://arxiv.org/pdf/2306.14702) <br> | arXiv 2026 | [Github](https://github.com/a/b) |"
    )
    entry = _only_entry(_table(row))
    assert entry.title == "Real Title"
    assert entry.url == "https://arxiv.org/pdf/2306.14702"
    assert entry.code == "https://github.com/a/b"


def test_empty_link_target_keeps_the_entry_and_reports_the_line():
    result = import_readme(_table("| [Coming soon]() | arxiv 2024 | [Coming soon]() |"))
    entry = result.catalog.entries[0]
    assert (entry.title, entry.url, entry.code) == ("Coming soon", None, "Coming soon")
    assert [p.line for p in result.problems] == [7]
    assert "empty target" in result.problems[0].message


def test_row_without_a_link_is_kept_without_url_and_reported():
    result = import_readme(_table("| Just a title | EMNLP 2022 | - |"))
    entry = result.catalog.entries[0]
    assert (entry.title, entry.url, entry.venue) == ("Just a title", None, "EMNLP")
    assert result.problems[0].line == 7
    assert "no link" in result.problems[0].message and "without a url" in result.problems[0].message


def test_row_with_more_cells_than_the_header_is_read_and_reported():
    result = import_readme(_table("| [T](https://a.org/t) | ACL 2020 | https://github.com/a/b | stray | cells |"))
    entry = result.catalog.entries[0]
    assert (entry.title, entry.venue, entry.code) == ("T", "ACL", "https://github.com/a/b")
    assert result.problems[0].line == 7
    assert "2 more cell(s)" in result.problems[0].message


def test_escaped_pipe_and_entities_in_a_title_are_read_as_text():
    entry = _only_entry(_table("| [A \\| B &amp; &lt;C&gt;](https://a.org/x) | - | - |"))
    assert entry.title == "A | B & <C>"


def test_javascript_target_is_kept_verbatim_as_data_not_fixed():
    entry = _only_entry(_table("| [x](javascript:alert(1)) | - | - |"))
    assert entry.url == "javascript:alert(1)"


def test_unknown_columns_are_kept_under_extra_and_dates_give_the_year():
    markdown = _table(
        "| [T](https://arxiv.org/abs/2306.00001) | arXiv | 2023-06-30 | [Github](https://github.com/a/b) | [Demo](https://d.io) |",
        header="| Title | Venue | Date | Code | Demo |",
    )
    entry = _only_entry(markdown)
    assert (entry.venue, entry.year, entry.date, entry.code) == ("arXiv", 2023, "2023-06-30", "https://github.com/a/b")
    assert entry.extra == {"Demo": "[Demo](https://d.io)"}
    assert entry.note is None


def test_title_column_is_found_by_its_header_and_links_not_only_by_position():
    markdown = _table("| 2017-06 | Google | [Attention Is All You Need](https://arxiv.org/pdf/1706.03762.pdf) |", header="| Date | Institute | Paper |")
    entry = _only_entry(markdown)
    assert (entry.title, entry.year, entry.arxiv, entry.date) == ("Attention Is All You Need", 2017, "1706.03762", "2017-06")
    assert entry.extra == {"Institute": "Google"}


def test_dataset_table_fills_home_and_download_links():
    markdown = _table(
        "| [MMIQC](https://huggingface.co/datasets/Vivacem/MMIQC) | https://github.com/a/b | https://dl.org/x.zip |",
        header="| Dataset | Home/Github | Download link |",
    )
    result = import_readme(markdown)
    entry = result.catalog.entries[0]
    assert result.catalog.sections[0].kind == "datasets"
    assert (entry.code, entry.download) == ("https://github.com/a/b", "https://dl.org/x.zip")


def test_row_with_no_title_is_reported_and_skipped():
    result = import_readme(_table("|  | EMNLP 2022 | https://github.com/a/b |"))
    assert result.catalog.entries == []
    assert result.problems[0].line == 7 and "no title" in result.problems[0].message


# --- structure -----------------------------------------------------------------------


def test_bullet_list_of_links_becomes_entries_with_the_rest_as_note():
    markdown = (
        "# L\n\n## Tools\n\nSome words first.\n\n- [TinyZero](https://github.com/x/TinyZero) - Clean reproduction\n- [open-r1](https://github.com/y/open-r1)\n"
    )
    result = import_readme(markdown)
    section = result.catalog.sections[0]
    assert section.description == "Some words first."
    assert [(e.title, e.url, e.note) for e in result.catalog.entries] == [
        ("TinyZero", "https://github.com/x/TinyZero", "Clean reproduction"),
        ("open-r1", "https://github.com/y/open-r1", None),
    ]


def test_paragraph_lines_that_start_with_a_link_become_entries():
    markdown = "# L\n\n## Papers\n\n[**Finetuned models are zero-shot learners**](https://arxiv.org/abs/2109.01652) 2021.9\n"
    entry = _only_entry(markdown)
    assert (entry.title, entry.year, entry.arxiv) == ("Finetuned models are zero-shot learners", 2021, "2109.01652")


def test_headings_nest_by_level_at_any_depth():
    markdown = "# Title\n\n## A\n\n### A1\n\n#### A1x\n\n### A2\n\n## B\n"
    catalog = import_readme(markdown).catalog
    assert [(depth, s.title) for depth, s in catalog.iter_sections()] == [
        (0, "A"),
        (1, "A1"),
        (2, "A1x"),
        (1, "A2"),
        (0, "B"),
    ]


def test_text_between_heading_and_table_is_the_section_description():
    markdown = "# L\n\n## S\n\nPapers about *S*.\n\n| Paper | Published in | Code/Project |\n|---|---|---|\n| [T](https://a.org) | - | - |\n"
    catalog = import_readme(markdown).catalog
    assert catalog.sections[0].description == "Papers about *S*."


def test_a_list_of_anchor_links_is_navigation_not_entries():
    markdown = "# L\n\n## Highlights\n\n- [Papers](#papers)\n- [Data](#data)\n\n## Papers\n"
    result = import_readme(markdown)
    assert result.catalog.entries == []
    assert result.catalog.sections[0].description == "- [Papers](#papers)\n- [Data](#data)"


def test_a_readme_without_an_h1_title_is_named_after_the_file_and_reported():
    result = import_readme("## Only a section\n", source_name="lists/awesome.md")
    assert result.catalog.title == "awesome"
    assert result.problems[0].line == 1


@pytest.mark.parametrize(
    "markdown",
    ["", "\n\n", "| a |\n|---|\n|  |\n", "# T\n\n## S\n\n| Paper |\n|---|\n| [](x) |\n", "# 🚀\n\n## 数据合成\n\n## ???\n"],
)
def test_odd_input_never_crashes_and_gives_a_valid_catalog(markdown):
    catalog = import_readme(markdown).catalog
    assert catalog_from_data(catalog_to_data(catalog)) == catalog


def test_runs_of_spaces_in_a_heading_collapse_so_the_id_survives_a_render():
    catalog = import_readme("# L\n\n## 3 Data  Fine-Tuning\n").catalog
    assert (catalog.sections[0].title, catalog.sections[0].id) == ("3 Data Fine-Tuning", "3-data-fine-tuning")


# --- shapes seen in real lists (reproduced in small, see ../shared/corpora/README.md) ------


def test_contents_heading_over_bracketed_words_is_still_the_table_of_contents():
    markdown = "# L\n\n# Content\n* [Taxonomy method ]\n  * [Model-self improvement]\n* [Data work stage]]\n\n# Data work stage\n"
    catalog = import_readme(markdown).catalog
    assert [s.title for _, s in catalog.iter_sections()] == ["Data work stage"]


def test_name_and_paper_dataset_table_takes_the_title_from_the_linked_column():
    markdown = _table(
        "| **ShareGPT4Video** | [ShareGPT4Video: Improving Video Understanding](https://arxiv.org/pdf/2406.04325v1) | Caption | Video-Text |",
        header="| Name | Paper | Type | Modalities |",
    )
    result = import_readme(markdown)
    entry = result.catalog.entries[0]
    assert result.catalog.sections[0].kind == "datasets"
    assert (entry.title, entry.arxiv) == ("ShareGPT4Video: Improving Video Understanding", "2406.04325v1")
    assert entry.extra == {"Name": "**ShareGPT4Video**", "Type": "Caption", "Modalities": "Video-Text"}


def test_scheme_less_link_is_kept_as_written_and_still_gives_the_arxiv_id():
    entry = _only_entry(_table("| [Prompting LLMs for MT](arxiv.org/abs/2301.07069) | arxiv 2023 | arxiv.org/abs/2301.07069 |"))
    assert (entry.url, entry.arxiv, entry.code) == ("arxiv.org/abs/2301.07069", "2301.07069", "arxiv.org/abs/2301.07069")


def test_details_wrappers_stay_around_the_table_and_every_row_is_kept():
    markdown = (
        "# L\n\n## Milestone Papers\n\n<details>\n\n<summary> milestone papers </summary>\n\n"
        "| Date | keywords | Paper |\n|:---:|:---:|---|\n| 2017-06 | Transformers | [Attention Is All You Need](https://arxiv.org/pdf/1706.03762.pdf) |\n\n</details>\n"
    )
    result = import_readme(markdown)
    assert [e.title for e in result.catalog.entries] == ["Attention Is All You Need"]
    section = result.catalog.sections[0]
    assert (section.description, section.after) == ("<details>\n\n<summary> milestone papers </summary>", "</details>")
    assert render_readme(result.catalog) == markdown


def test_the_same_row_twice_in_one_section_is_two_entries():
    row = "| [Introducing GPT-5](https://openai.com/index/introducing-gpt-5/) | OpenAI 2025 | - |"
    entries = import_readme(_table(row, row)).catalog.entries
    assert [e.id for e in entries] == ["introducing-gpt-5-2025", "introducing-gpt-5-2025-1"]


def test_line_numbers_hold_with_crlf_and_unicode_line_separators():
    markdown = "# L\r\n\r\n## S\r\n\r\n| Paper | Published in | Code/Project |\r\n|---|---|---|\r\n| [A\u2028B \x0c C](https://a.org) | - | - |\r\n| [C](https://c.org) | - | - | extra |\r\n"
    result = import_readme(markdown)
    # the form feed is a control character: removed, and said (line 7); the line numbers after it hold
    assert [(p.line, p.message[:25]) for p in result.problems] == [(7, "control or bidi character"), (8, "row has 1 more cell(s) th")]
    assert len(result.catalog.entries) == 2


def test_a_badge_in_the_title_is_left_out_and_reported():
    result = import_readme("\n# Awesome-LLM [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\nIntro.\n")
    assert result.catalog.title == "Awesome-LLM"
    assert [p.line for p in result.problems] == [2]
    assert "only its text was kept" in result.problems[0].message


MARKDOWN_PIECES = st.sampled_from(
    [
        "# Title\n",
        "## Section\n",
        "### Sub\n",
        "## Table of Contents\n",
        "* [A](#a)\n",
        "- [x](https://a.org) - note\n",
        "| Paper | Published in | Code/Project |\n",
        "|---|:---:|---|\n",
        "| [T](https://arxiv.org/abs/2305.07759) | arxiv 2023 | - |\n",
        "|  |  |  |\n",
        "| a | b | c | d |\n",
        "| [**B**]() | EMNLP | [Coming soon]() |\n",
        "| Dataset | Home/Github | Download link |\n",
        "<details>\n",
        "</details>\n",
        "text paragraph\n",
        "\n",
        "```\ncode | x\n```\n",
        "> quote\n",
        "[ref]: https://r.org\n",
        "| [R][ref] | 2021 | x |\n",
        "1. [n](https://n.org)\n",
        "Title\n===\n",
        "| \\| | `|` | &amp; |\n",
        "\u2028",
        "\r\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKDOWN_PIECES, max_size=30).map("".join))
def test_any_mix_of_markdown_imports_without_crashing_into_a_valid_catalog(markdown):
    result = import_readme(markdown)
    assert catalog_from_data(catalog_to_data(result.catalog)) == result.catalog
    assert store.load_text(store.dump_catalog(result.catalog)).catalog == result.catalog  # what `import` writes
    line_count = len(markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    assert all(1 <= problem.line <= line_count for problem in result.problems)


@pytest.mark.parametrize(
    ("item", "fields"),
    [
        ("- [X Paper](https://example.org/x) - NeurIPS 2023", {"venue": "NeurIPS", "year": 2023, "note": None, "code": None}),
        (
            "- [X Paper](https://example.org/x) - ICLR 2024 [[code]](https://github.com/x/x)",
            {"venue": "ICLR", "year": 2024, "note": None, "code": "https://github.com/x/x"},
        ),
        ("- [X Paper](https://example.org/x) - Pushing the frontier of reasoning.", {"venue": None, "note": "Pushing the frontier of reasoning."}),
        ("- [X Paper](https://example.org/x) 2023", {"venue": None, "year": 2023, "note": None}),
    ],
)
def test_a_list_items_venue_year_and_code_link_are_read_as_render_writes_them(item, fields):
    result = import_readme(f"# L\n\n## S\n\n{item}\n")
    (entry,) = result.catalog.entries
    assert {name: getattr(entry, name) for name in fields} == fields
    assert render_readme(result.catalog).endswith(item + "\n")
