"""Adopting a real list: import keeps every cell and link, render gives the list back as it was.

The lists are real READMEs copied with their licences (tests/data/corpora/LICENSES.md) and
small lists written to reproduce the shapes of unlicensed ones (tests/data/adopt/).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercat import store, tables
from papercat.catalog_data import catalog_from_data, catalog_to_data
from papercat.dedupe import find_duplicates
from papercat.errors import CatalogError
from papercat.importer import import_readme
from papercat.markdown import INLINE_PARSER
from papercat.render import render_readme

DATA = Path(__file__).parent / "data"
LISTS = sorted((DATA / "corpora").glob("*.md")) + sorted((DATA / "adopt").glob("*.md"))
LISTS = [path for path in LISTS if path.name != "LICENSES.md"]


def _targets(markdown: str) -> list[str]:
    found = []
    for token in INLINE_PARSER.parse(markdown):
        for child in token.children or []:
            if child.type == "link_open" and child.attrs.get("href") and not str(child.attrs["href"]).startswith("#"):
                found.append(str(child.attrs["href"]))
    return found


@pytest.fixture(scope="module", params=LISTS, ids=lambda path: path.name)
def adopted(request):
    markdown = request.param.read_text(encoding="utf-8")
    return request.param.name, markdown, import_readme(markdown, source_name=request.param.name).catalog


def test_render_right_after_import_gives_the_list_back(adopted):
    _, markdown, catalog = adopted
    assert render_readme(catalog) == markdown


def test_every_url_of_the_list_is_kept_in_the_catalog_and_visible_in_the_render(adopted):
    _, markdown, catalog = adopted
    text = store.dump_catalog(catalog)
    rendered = set(_targets(render_readme(catalog)))
    missing = [url for url in _targets(markdown) if url not in text or url not in rendered]
    assert missing == []


def test_no_entry_is_left_with_a_generic_title(adopted):
    _, _, catalog = adopted
    assert [entry.title for entry in catalog.entries if tables.is_generic_title(entry.title)] == []


def test_import_of_the_render_gives_the_same_entries_and_layout(adopted):
    name, _, catalog = adopted
    again = import_readme(render_readme(catalog), source_name=name).catalog
    assert again == catalog


def test_the_catalog_written_reads_back_the_same(adopted):
    _, _, catalog = adopted
    assert store.load_text(store.dump_catalog(catalog)).catalog == catalog


def test_the_fast_check_of_a_kept_list_item_gives_the_parsers_answer(adopted):
    from papercat import blocks
    from papercat.importer.rows import read_item_fields

    _, _, catalog = adopted
    for entry in catalog.entries:
        raw = entry.cells.get(tables.ITEM_KEY)
        if raw is not None and tables.links_are_web(raw):
            assert blocks.item_holds(entry, raw) == (read_item_fields(raw) == (entry.title, entry.url))
            edited = type(entry)(**{**entry.__dict__, "title": entry.title[:-1] or "x"})
            assert blocks.item_holds(edited, raw) == (read_item_fields(raw) == (edited.title, edited.url))


def test_the_fast_check_of_a_kept_title_cell_gives_the_readers_answer(adopted):
    _, _, catalog = adopted
    for _, section in catalog.iter_sections():
        if section.layout is None or section.layout.block != "table":
            continue
        fields = {column.field for column in section.layout.columns}
        title = next((column for column in section.layout.columns if column.field == "title"), None)
        for entry in catalog.entries_in(section.id):
            raw = entry.cells.get(title.header) if title else None
            if raw is None:
                continue
            for candidate in (entry, type(entry)(**{**entry.__dict__, "title": entry.title + " 2"})):
                fast = tables.cell_holds(candidate, title, raw, fields)
                slow = tables.cell_holds(candidate, title, raw + " ", fields)  # a trailing space skips the fast path
                assert fast == slow


# --- what a maintainer notices ----------------------------------------------------------------------


def _import(path: str):
    return import_readme((DATA / "adopt" / path).read_text(encoding="utf-8")).catalog


def test_unknown_columns_come_back_in_their_columns_and_known_ones_fill_fields():
    catalog = _import("title-venue-date-code-demo.md")
    toy = next(entry for entry in catalog.entries if entry.title.startswith("ToyVideo"))
    assert (toy.venue, toy.date, toy.year, toy.code) == ("arXiv", "2026-01-12", 2026, "https://github.com/toy/toy")
    assert toy.extra == {"Demo": "[Demo](https://toy.example.org/)"}
    assert [c.field for c in catalog.sections[0].children[0].layout.columns] == ["title", "venue", "date", "code", "extra"]


def test_several_links_in_a_cell_are_all_kept_with_their_labels():
    catalog = _import("paper-links.md")
    first = catalog.entries[0]
    assert (first.title, first.url) == ("Toy Agents Plan Small Tasks", "https://arxiv.org/abs/2601.00011")
    assert first.links == [{"label": "Tweet", "url": "https://x.com/toy/status/1"}, {"label": "Code", "url": "https://github.com/toy/agents"}]


def test_a_link_column_of_link_texts_gives_the_url_and_the_title_column_the_title():
    catalog = _import("time-title-venue-paper-code.md")
    assert [(e.title, e.url, e.date) for e in catalog.entries] == [
        ("Toy Attention Is Enough", "https://arxiv.org/abs/1706.00001", "2017-06"),
        ("Toy Bidirectional Encoders", "https://arxiv.org/abs/1810.00002", "2018-10"),
        ("Toy Few-Shot Learners", "https://arxiv.org/pdf/2005.00003", "2020-05"),
    ]


def test_an_edited_field_rewrites_only_its_cell_and_the_rest_keeps_its_look():
    catalog = _import("title-venue-date-code-demo.md")
    markdown = (DATA / "adopt" / "title-venue-date-code-demo.md").read_text(encoding="utf-8")
    toy = next(entry for entry in catalog.entries if entry.title.startswith("ToyVideo"))
    old_title, toy.title = toy.title, "ToyVideo 2"
    changed = [line for line in difflib.ndiff(markdown.split("\n"), render_readme(catalog).split("\n")) if line[:1] in "+-"]
    # the title cell keeps what surrounds the link (the badge, the bold, the <br>); only the title changes
    assert len(changed) == 2 and changed[0][1:].replace(f"[**{old_title}**]", "[**ToyVideo 2**]") == changed[1][1:]
    assert changed[1].startswith("+ | ![Star](") and "[**ToyVideo 2**](https://arxiv.org/pdf/2601.00002) <br> | arXiv | 2026-01-12 |" in changed[1]


def test_a_paragraph_long_title_is_split_into_the_title_and_a_description():
    sentence = "Toy Models Learn Small Things Quickly"
    rest = "We show in many careful experiments that small toy models learn small things quickly, " * 3
    markdown = f"# L\n\n## S\n\n- {sentence}. {rest.strip()} [[pdf]](https://arxiv.org/abs/2601.00077)\n"
    catalog = import_readme(markdown).catalog
    (entry,) = catalog.entries
    assert (entry.title, entry.url, entry.note) == (sentence, "https://arxiv.org/abs/2601.00077", rest.strip().rstrip(","))
    assert render_readme(catalog) == markdown


def test_a_new_entry_in_an_adopted_list_takes_the_lists_columns():
    from papercat.catalog import Entry

    catalog = _import("time-title-venue-paper-code.md")
    section = catalog.sections[0]
    catalog.entries.append(
        Entry(id="new", title="Toy New Paper", url="https://arxiv.org/abs/2601.00099", venue="ICLR'26", date="2026-01", sections=[section.id])
    )
    assert "| 2026-01 | Toy New Paper | ICLR'26 | [link](https://arxiv.org/abs/2601.00099) | - |" in render_readme(catalog).split("\n")


def test_a_cell_kept_as_written_never_carries_a_script_or_a_javascript_link():
    markdown = "# L\n\n## S\n\n| Title | Venue |\n|---|---|\n| [**T**](https://t.org) <script>x</script> | [v](javascript:alert(1)) |\n"
    page = render_readme(import_readme(markdown).catalog)
    assert "<script>" not in page and "javascript:" not in page.split("## S")[1].split("](")[-1]


@pytest.mark.parametrize("target", ["javascript:alert(1)", "&#106;avascript:alert(1)", "java&#115;cript:x", "JAVASCRIPT:x", "data:,x"])
def test_text_kept_as_written_with_a_script_target_is_not_used(target):
    assert not tables.links_are_web(f"[**T**]({target})")
    assert tables.links_are_web("[**T**](https://t.org/a&b) <br> ![s](https://img.shields.io/x)")


def test_an_arxiv_id_written_as_a_link_target_comes_back_as_written_and_lint_offers_the_url():
    markdown = "# L\n\n## S\n\n| Paper | Venue |\n|---|---|\n| [WizardCoder](arXiv:2306.08568) | arXiv 2023 |\n| [T](javascript:x) | ICML 2023 |\n"
    catalog = import_readme(markdown).catalog
    page = render_readme(catalog)
    assert "| [WizardCoder](arXiv:2306.08568) | arXiv 2023 |" in page.splitlines()
    assert "](javascript:" not in page and "| T (javascript:x) | ICML 2023 |" in page  # still never a link
    assert tables.links_are_web("[x](arXiv:2306.08568) [y](doi:10.1145/1) [z](#a)")
    assert not tables.links_are_web("[x](arxiv:)") and not tables.links_are_web("[x](doi:javascript)")


@pytest.mark.parametrize(
    "table",
    [
        # unpadded: empty rows between rows and after the last one stay exactly as written
        "| Paper | Venue |\n|---|---|\n| [A](https://a.org) | X |\n|  |  |\n| | |\n| [B](https://b.org) | Y |\n| | |\n",
        # padded (the seed's style)
        "| Paper              | Venue |\n| ------------------ | ----- |\n| [A](https://a.org) | X     |\n|                    |       |\n| [B](https://b.org) | Y     |\n",
    ],
)
def test_empty_table_rows_come_back_where_they_stood(table):
    markdown = f"# L\n\n## S\n\n{table}"
    imported = import_readme(markdown)
    assert imported.problems == []
    assert [e.title for e in imported.catalog.entries] == ["A", "B"]
    assert render_readme(imported.catalog) == markdown


def test_a_padded_tables_empty_row_takes_the_new_widths_and_hand_edited_text_there_is_not_written():
    markdown = "# L\n\n## S\n\n| Paper              | Venue |\n| ------------------ | ----- |\n| [A](https://a.org) | X     |\n|                    |       |\n| [B](https://b.org) | Y     |\n"
    catalog = import_readme(markdown).catalog
    catalog.entries[0].title = "A much longer title"
    lines = render_readme(catalog).splitlines()
    assert lines[-3:] == ["| [A much longer title](https://a.org) | X     |", "|" + " " * 38 + "|       |", "| [B](https://b.org)                   | Y     |"]
    catalog.entries[1].cells["_empty_above"] = "| [x](javascript:alert(1)) |"
    assert "javascript" not in render_readme(catalog)


@pytest.mark.parametrize(
    "markdown",
    [
        # blank lines above the title; a line of spaces between a heading, its HTML and its list
        "\n\n# L\n\n## S\n<details>\n<summary>x</summary>\n  \n- [A](https://a.org) - a\n    \n</details>\n",
        # a list right against the HTML between its two blocks, and blank lines holding spaces
        "# L\n\n## S\n\n- [A](https://a.org)\n<details>\n<summary>y</summary>\n\n- [B](https://b.org)\n \n\t\n- [C](https://c.org)\n",
        # two tables with a spaces-only line and no blank line between them and the text
        "# L\n\n## S\n\n| Paper | Venue |\n|---|---|\n| [A](https://a.org) | X |\n   \nText.\n\n| Paper | Venue |\n|---|---|\n| [B](https://b.org) | Y |\n",
    ],
)
def test_spacing_between_blocks_comes_back_as_written_and_survives_a_save(markdown):
    catalog = import_readme(markdown).catalog
    assert render_readme(catalog) == markdown
    assert render_readme(store.load_text(store.dump_catalog(catalog)).catalog) == markdown


def test_a_hand_written_spacing_holding_text_is_one_clear_error():
    data = catalog_to_data(import_readme("# L\n\n## S\n  \n- [A](https://a.org)\n").catalog)
    assert data["sections"][0]["layout"]["spacing"][2] == "  "
    data["sections"][0]["layout"]["spacing"][2] = " x "
    with pytest.raises(CatalogError, match=r"spacing\[2\] must be a small whole number"):
        catalog_from_data(data)


def test_a_toc_with_anchors_the_source_page_lacked_is_kept_until_the_sections_change():
    markdown = "# L\n\n## Contents\n\n- [🌊 S](#️-s)\n- [T](#t)\n\n## S\n\n- [A](https://a.org)\n\n## T\n\n- [B](https://b.org)\n"
    catalog = import_readme(markdown).catalog
    assert catalog.layout.toc_broken == ["️-s"]
    assert render_readme(store.load_text(store.dump_catalog(catalog)).catalog) == markdown
    catalog.sections[1].title = "T2"  # a section renamed: `#t` is gone, so the TOC is written anew
    assert "- [🌊 S](#️-s)" not in render_readme(catalog) and "(#t2)" in render_readme(catalog)


def test_a_file_without_a_final_newline_comes_back_without_one():
    markdown = "# L\n\n## S\n\n- [A](https://a.org)"
    catalog = import_readme(markdown).catalog
    assert catalog.layout.final_newline is False
    assert render_readme(store.load_text(store.dump_catalog(catalog)).catalog) == markdown
    assert import_readme(markdown + "\n").catalog.layout.final_newline is True


def test_dedupe_never_groups_two_entries_by_their_generic_titles():
    markdown = "# L\n\n## S\n\n| Paper | Venue |\n|---|---|\n| [link](https://a.org/1) | X |\n| [link](https://b.org/2) | Y |\n"
    catalog = import_readme(markdown).catalog
    assert [e.title for e in catalog.entries] == ["link", "link"]
    assert find_duplicates(catalog).duplicates == []


def test_a_bad_layout_in_the_catalog_is_one_clear_error():
    data = catalog_to_data(_import("paper-links.md"))
    data["sections"][0]["layout"]["block"] = "grid"
    with pytest.raises(CatalogError, match="'block' must be one of table, bullet, numbered"):
        catalog_from_data(data)


def test_import_with_papercats_layout_renders_the_shipped_style():
    catalog = import_readme((DATA / "adopt" / "title-venue-date-code-demo.md").read_text(encoding="utf-8"), keep_layout=False).catalog
    assert catalog.layout is None and all(section.layout is None for _, section in catalog.iter_sections())
    assert "| Paper | Published in | Code/Project |" in render_readme(catalog)


# --- generated layouts: the round trip holds for any mix ----------------------------------------------

WORDS = st.sampled_from(["Toy", "Paper", "Models", "Small", "Data", "LLM", "2023", "Tuning", "é", "数据"])
TITLE = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
HEADERS = st.sampled_from(["Title", "Paper", "Venue", "Date", "Code", "Demo", "Stars", "Links", "Authors", "Published in", "Notes"])
ALIGN = st.sampled_from(["---", ":---", ":---:", "---:", "-----"])


@st.composite
def tables_markdown(draw) -> str:
    headers = ["Title", *draw(st.lists(HEADERS.filter(lambda h: h != "Title"), max_size=4, unique=True))]
    pad = draw(st.sampled_from(["", " ", "  "]))
    lines = ["|" + "|".join(f"{pad}{h}{pad}" for h in headers) + "|", "|" + "|".join(draw(ALIGN) for _ in headers) + "|"]
    for number in range(draw(st.integers(1, 5))):
        cells = [f"[{draw(TITLE)}](https://arxiv.org/abs/2301.{number:05d})"]
        for header in headers[1:]:
            cells.append(draw(st.sampled_from(["-", "", "arXiv 2023", "[Code](https://github.com/a/b)", "![s](https://img.shields.io/x) <br> x", "2023-06"])))
        lines.append("|" + "|".join(f"{pad}{cell}{pad}" for cell in cells) + "|")
    return "\n".join(lines)


@st.composite
def list_markdown(draw) -> str:
    marker = draw(st.sampled_from(["-", "*", "1."]))
    gap = draw(st.sampled_from(["\n", "\n\n"]))
    items = []
    for number in range(draw(st.integers(1, 5))):
        rest = draw(st.sampled_from(["", " - what it is", " _A. Author._ ICLR 2024.", "\n  - Keyword: x\n  - Code: [Official](https://github.com/o/r)"]))
        items.append(f"{marker} [{draw(TITLE)}](https://arxiv.org/abs/2302.{number:05d}){rest}")
    return gap.join(items)


@st.composite
def documents(draw) -> str:
    parts = [draw(st.sampled_from(["# Toy List", "# Toy List\n\nIntro words.", "<div>banner</div>\n\n# Toy List"]))]
    if draw(st.booleans()):
        parts.append("## Contents\n\n- [A](#a)\n- [B](#b)")
    for name in ("A", "B"):
        parts.append(f"{draw(st.sampled_from(['##', '###']))} {name}")
        if draw(st.booleans()):
            parts.append("Some words about it.")
        parts.append(draw(tables_markdown() | list_markdown()))
        if draw(st.booleans()):
            parts.append("&nbsp;")
    return "\n\n".join(parts) + "\n"


@settings(max_examples=60, deadline=None)
@given(documents())
def test_any_generated_layout_survives_import_render_import(markdown):
    catalog = import_readme(markdown).catalog
    rendered = render_readme(catalog)
    assert import_readme(rendered).catalog == catalog
    assert store.load_text(store.dump_catalog(catalog)).catalog == catalog
    assert set(_targets(markdown)) <= set(_targets(rendered))


def test_a_section_renamed_changes_one_line_of_a_table_of_contents_kept_as_written():
    from papercat.section_edits import rename_section

    markdown = "# L\n\n## Contents\n\n- [🐬 Old Name](#-old-name) &nbsp;\n- [Other](#other)\n\n## 🐬 Old Name\n\n- [A](https://a.org)\n\n## Other\n\n- [B](https://b.org)\n"
    catalog = import_readme(markdown).catalog
    rename_section(catalog, "old-name", title="🐬 New Name")
    changed = [line for line in difflib.ndiff(markdown.split("\n"), render_readme(catalog).split("\n")) if line[:1] in "+-"]
    assert changed == ["- - [🐬 Old Name](#-old-name) &nbsp;", "+ - [🐬 New Name](#-new-name) &nbsp;", "- ## 🐬 Old Name", "+ ## 🐬 New Name"]


def test_a_new_section_is_written_like_the_sibling_beside_it():
    from papercat.catalog import Entry
    from papercat.section_edits import add_section

    markdown = "# L\n\n## Papers\n\n#### Pre-Training\n| Title | Date |\n|:--|--|\n| [A](https://a.org) | 2023.01 |\n"
    catalog = import_readme(markdown).catalog
    add_section(catalog, "Agents", under="papers")
    catalog.entries.append(Entry(id="b", title="B", url="https://b.org", date="2024.02", sections=["agents"]))
    assert render_readme(catalog).endswith("#### Agents\n| Title | Date |\n|:--|--|\n| [B](https://b.org) | 2024.02 |\n")
