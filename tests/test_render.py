"""render_readme: the README a maintainer and GitHub see."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from papercat.catalog import Catalog, Entry, Section, Settings
from papercat.cells import _TEXT_ESCAPES, escape_text, normalize_space
from papercat.importer import import_readme
from papercat.render import render_readme

SEED = Path(__file__).parent / "data" / "seed-README.md"


def _catalog(entries=(), sections=None, **kwargs) -> Catalog:
    if sections is None:
        sections = [Section(id="papers", title="Papers")]
    return Catalog(title="My List", sections=list(sections), entries=list(entries), **kwargs)


def _entry(title="A paper", **fields) -> Entry:
    fields.setdefault("sections", ["papers"])
    return Entry(id=fields.pop("id", "e"), title=title, **fields)


def _rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("| ") and not line.startswith(("| Paper", "| Dataset", "| ---"))]


def _cells(markdown: str) -> list[list[str]]:
    """Table body cells as GitHub would read them (markdown-it, GFM tables)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows, row, in_body = [], [], False
    for token in tokens:
        if token.type == "tbody_open":
            in_body = True
        elif token.type == "tbody_close":
            in_body = False
        elif in_body and token.type == "tr_open":
            row = []
        elif in_body and token.type == "inline":
            row.append(token.content)
        elif in_body and token.type == "tr_close":
            rows.append(row)
    return rows


# --- layout --------------------------------------------------------------------------


def test_seed_renders_title_intro_toc_and_sections_like_the_seed():
    markdown = render_readme(import_readme(SEED.read_text(encoding="utf-8")).catalog)
    lines = markdown.splitlines()
    assert lines[:5] == [
        "# A Review for Data Synthesis and Augmentation for Large Models",
        "",
        "This is a repository for ...",
        "",
        "## Table of Contents",
    ]
    assert "# Types of Data Synthesis and Augmentation" in lines
    assert "## Data Augmentation" in lines
    assert "| Dataset | Home/Github | Download link |" in lines
    assert len(_rows(markdown)) == 45  # 44 entries and the seed's empty row
    # import keeps the seed's own style (padded columns), its empty row and its `arXiv:` link
    # target: the page comes back line for line
    seed_lines = SEED.read_text(encoding="utf-8").splitlines()
    changed = [line for line in difflib.ndiff(seed_lines, lines) if line[:1] in "+-"]
    assert changed == []


def test_seed_in_papercats_layout_renders_the_shipped_style():
    markdown = render_readme(import_readme(SEED.read_text(encoding="utf-8"), keep_layout=False).catalog)
    lines = markdown.splitlines()
    assert "| [Textbooks are all you need](https://arxiv.org/abs/2306.11644) | arxiv 2023 | - |" in lines
    assert len(_rows(markdown)) == 44


def test_two_headings_with_the_same_title_get_github_anchors_with_suffixes():
    catalog = import_readme(SEED.read_text(encoding="utf-8")).catalog
    markdown = render_readme(catalog)
    assert "* [Applications](#applications)" in markdown
    assert "  * [Applications](#applications-1)" in markdown


def test_title_and_table_of_contents_headings_take_anchors_too():
    sections = [Section(id="my-list", title="My List"), Section(id="table-of-contents", title="Table of Contents")]
    markdown = render_readme(_catalog(sections=sections))
    assert "* [My List](#my-list-1)" in markdown
    assert "* [Table of Contents](#table-of-contents-1)" in markdown


def test_sections_nest_as_heading_levels_and_toc_indentation():
    sections = [Section(id="a", title="A", children=[Section(id="b", title="B", children=[Section(id="c", title="C")])])]
    markdown = render_readme(_catalog(sections=sections))
    assert "\n# A\n" in markdown and "\n## B\n" in markdown and "\n### C\n" in markdown
    assert "* [A](#a)\n  * [B](#b)\n    * [C](#c)" in markdown


def test_rows_follow_catalog_order_and_a_paper_in_two_sections_is_listed_in_both():
    sections = [Section(id="x", title="X"), Section(id="y", title="Y")]
    entries = [
        _entry("Second in file order", id="b", sections=["y", "x"], url="https://a.org/b"),
        _entry("Third", id="c", sections=["x"], url="https://a.org/c"),
    ]
    markdown = render_readme(_catalog(entries, sections))
    x_part = markdown.split("\n# X\n")[1].split("\n# Y\n")[0]
    y_part = markdown.split("\n# Y\n")[1]
    assert _rows(x_part) == [
        "| [Second in file order](https://a.org/b) | - | - |",
        "| [Third](https://a.org/c) | - | - |",
    ]
    assert _rows(y_part) == ["| [Second in file order](https://a.org/b) | - | - |"]


def test_group_with_children_and_no_rows_renders_no_table():
    sections = [Section(id="g", title="Group", children=[Section(id="leaf", title="Leaf")])]
    markdown = render_readme(_catalog(sections=sections))
    group_part = markdown.split("\n# Group\n")[1].split("\n## Leaf\n")[0]
    assert "| Paper" not in group_part
    assert "| Paper | Published in | Code/Project |" in markdown.split("\n## Leaf\n")[1]


@pytest.mark.parametrize("style", ["table", "note", "hide"])
def test_empty_sections_render_as_configured(style):
    sections = [Section(id="full", title="Full"), Section(id="empty", title="Empty")]
    catalog = _catalog([_entry(sections=["full"], url="https://a.org")], sections, settings=Settings(empty_sections=style))
    markdown = render_readme(catalog)
    if style == "table":
        assert markdown.endswith("# Empty\n\n| Paper | Published in | Code/Project |\n| --- |:---:|:---:|\n")
    elif style == "note":
        assert markdown.endswith("# Empty\n\n_No entries yet: add one with `papercat add <arxiv-id> --section empty`._\n")
    else:
        assert "Empty" not in markdown  # neither the heading nor the TOC line
        assert "* [Full](#full)" in markdown


def test_datasets_table_has_its_own_columns():
    sections = [Section(id="d", title="D", kind="datasets")]
    entry = _entry("MMIQC", sections=["d"], url="https://hf.co/x", code="https://github.com/a/b", download="https://dl.org/x.zip", venue="ACL", year=2020)
    markdown = render_readme(_catalog([entry], sections))
    assert _rows(markdown) == ["| [MMIQC](https://hf.co/x) | https://github.com/a/b | https://dl.org/x.zip |"]


def test_description_and_footer_are_rendered_verbatim():
    sections = [Section(id="s", title="S", description="Papers about *S*.")]
    markdown = render_readme(_catalog(sections=sections, footer="Made with papercat."))
    assert "## S" not in markdown and "# S\n\nPapers about *S*.\n\n| Paper" in markdown
    assert markdown.endswith("\n\nMade with papercat.\n")


def test_venue_and_year_share_a_cell_and_missing_ones_give_a_dash():
    entries = [
        _entry("A", id="a", venue="arXiv", year=2023),
        _entry("B", id="b", venue="ACL Anthology"),
        _entry("C", id="c", year=2021),
        _entry("D", id="d"),
    ]
    assert [row.split(" | ")[1] for row in _rows(render_readme(_catalog(entries)))] == ["arXiv 2023", "ACL Anthology", "2021", "-"]


# --- escaping ------------------------------------------------------------------------------


def test_pipe_in_a_title_does_not_split_the_row():
    markdown = render_readme(_catalog([_entry("A | B || C", url="https://a.org")]))
    assert _cells(markdown) == [["[A | B || C](https://a.org)", "-", "-"]]  # three cells, pipes unescaped
    assert import_readme(markdown).catalog.entries[0].title == "A | B || C"


def test_newlines_and_outer_spaces_in_a_title_become_one_line():
    markdown = render_readme(_catalog([_entry("  Line one\nline two  ", url="https://a.org")]))
    assert _rows(markdown) == ["| [Line one line two](https://a.org) | - | - |"]


def test_html_looking_titles_stay_text():
    markdown = render_readme(_catalog([_entry("<script>alert('x')</script> & co", url="https://a.org")]))
    assert "<script>" not in markdown
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; co" in markdown
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    assert not [c for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "html_inline"]


def test_brackets_in_link_text_cannot_close_the_link_early():
    markdown = render_readme(_catalog([_entry("Evil](javascript:alert(1)) [x]", url="https://a.org")]))
    links = [
        c.attrs["href"]
        for t in MarkdownIt("commonmark").enable("table").parse(markdown)
        if t.type == "inline"
        for c in t.children or []
        if c.type == "link_open"
    ]
    assert [h for h in links if not h.startswith("#")] == ["https://a.org"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "arXiv:2306.08568", "data:text/html,<b>x</b>", "arxiv.org/abs/2305.07759"])
def test_only_web_urls_become_links_other_targets_stay_visible_text(url):
    markdown = render_readme(_catalog([_entry("T", url=url)]))
    row = _rows(markdown)[0]
    assert "](" not in row
    assert row.startswith("| T (")
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    hrefs = [c.attrs["href"] for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "link_open"]
    assert all(h.startswith("#") for h in hrefs)


def test_urls_with_spaces_and_parentheses_stay_one_link():
    markdown = render_readme(_catalog([_entry("T", url="https://a.org/x (1).pdf", code="https://github.com/a/b_(c)")]))
    row = _rows(markdown)[0]
    assert row == "| [T](<https://a.org/x (1).pdf>) | - | [https://github.com/a/b\\_(c)](<https://github.com/a/b_(c)>) |"
    entry = import_readme(markdown).catalog.entries[0]
    assert (entry.url, entry.code) == ("https://a.org/x (1).pdf", "https://github.com/a/b_(c)")


def test_a_heading_title_ending_in_hash_keeps_its_hash():
    markdown = render_readme(_catalog(sections=[Section(id="c", title="C #")]))
    assert "# C \\#" in markdown
    assert import_readme(markdown).catalog.sections[0].title == "C #"


# --- determinism and speed --------------------------------------------------------------------


def test_rendering_twice_gives_identical_bytes_and_one_final_newline():
    catalog = import_readme(SEED.read_text(encoding="utf-8")).catalog
    first = render_readme(catalog)
    assert first == render_readme(catalog)
    assert first.endswith("|\n") and not first.endswith("\n\n")


def _big_catalog(count: int) -> Catalog:
    sections = [Section(id=f"s{i}", title=f"Section {i}", children=[Section(id=f"s{i}-{j}", title=f"Topic {i}.{j}") for j in range(10)]) for i in range(10)]
    leaves = [f"s{i}-{j}" for i in range(10) for j in range(10)]
    entries = [
        Entry(
            id=f"e{n}",
            title=f"A Study of Things Number {n}: Scaling | Pipes & <Brackets> [v{n % 7}]",
            url=f"https://arxiv.org/abs/{2300 + n % 12:04d}.{n:05d}",
            venue="arXiv",
            year=2000 + n % 25,
            code=f"https://github.com/org{n % 97}/repo_{n}" if n % 3 else None,
            sections=[leaves[n % 100]] + ([leaves[(n + 1) % 100]] if n % 10 == 0 else []),
        )
        for n in range(count)
    ]
    return _catalog(entries, sections)


def test_ten_thousand_entries_render_every_row_of_every_section():
    # Its speed is measured by benchmarks/run.py, not here.
    catalog = _big_catalog(10_000)
    assert len(_rows(render_readme(catalog))) == 11_000  # every tenth paper sits in two sections


@given(st.text(max_size=60))
def test_cell_text_fast_paths_agree_with_the_plain_definitions(text):
    """normalize_space and escape_text skip work for plain text; the result must not change."""
    controls = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)], " ")  # C0, DEL and C1 read as spaces
    controls.update(dict.fromkeys([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], None))  # bidi: dropped
    spaced = " ".join(text.translate(controls).split())
    assert normalize_space(text) == spaced
    assert escape_text(text) == spaced.translate(_TEXT_ESCAPES)


def test_headings_inside_the_intro_and_descriptions_shift_the_anchors_like_on_github():
    sections = [
        Section(id="setup", title="Setup", description="### Usage\n\nHow to use it."),
        Section(id="usage", title="Usage"),
    ]
    catalog = _catalog(sections=sections, intro="A list.\n\n## Setup\n\nInstall it.")
    markdown = render_readme(catalog)
    assert "* [Setup](#setup-1)" in markdown  # the intro's "Setup" heading came first
    assert "* [Usage](#usage-1)" in markdown  # the description's "Usage" heading came first


def test_an_indented_setext_heading_in_the_intro_takes_its_anchor_too():
    catalog = _catalog(sections=[Section(id="intro", title="Intro")], intro="Intro\n   ===\n\nA list.")
    assert "* [Intro](#intro-1)" in render_readme(catalog)  # GitHub: the intro's heading is #intro


def test_hide_also_hides_a_group_whose_sections_are_all_empty():
    sections = [
        Section(id="empty-group", title="Empty group", children=[Section(id="a", title="A"), Section(id="b", title="B")]),
        Section(id="full-group", title="Full group", children=[Section(id="c", title="C"), Section(id="d", title="D")]),
    ]
    catalog = _catalog([_entry(sections=["c"], url="https://a.org")], sections, settings=Settings(empty_sections="hide"))
    markdown = render_readme(catalog)
    assert "Empty group" not in markdown and "# A" not in markdown and "# D" not in markdown
    assert "* [Full group](#full-group)\n  * [C](#c)" in markdown


def test_control_characters_in_a_title_never_reach_the_page():
    from papercat.catalog import Catalog, Entry, Section
    from papercat.render import render_readme

    catalog = Catalog(
        title="T", sections=[Section("s", "S")], entries=[Entry(id="e", title="Nul\x00byte and\x1bescape", url="https://x.org/a", sections=["s"])]
    )
    page = render_readme(catalog)
    assert "\x00" not in page and "\x1b" not in page
    assert "[Nul byte and escape](https://x.org/a)" in page


@given(st.text(alphabet="htps:/a.b&#;<>()| \\\t%_~[]", max_size=30))
def test_the_plain_link_fast_path_agrees_with_the_full_escaping(url):
    from papercat import cells as render

    full = render._URL_PERCENT.sub(lambda m: f"%{ord(m.group(0)):02X}", url.strip())
    full = render._ENTITY_LIKE.sub("\\&", full.replace("\\", "\\\\").replace("|", "\\|"))
    full = f"<{full}>" if render._URL_NEEDS_BRACKETS.search(full) else full
    assert render.link_destination(url) == full


_links = st.builds(
    str.__add__,
    st.sampled_from(["https://", "http://", "HTTPS://", " https://", "ftp://", "arXiv:", ""]),
    st.text(alphabet="aZ09_.-/?#%=()[] |&<>~\\é\t", max_size=24),
)


@given(_links)
def test_the_plain_url_cell_fast_paths_agree_with_the_full_checks(url):
    """title_cell and url_cell write most links as they are; only links every check passes."""
    from papercat import cells as render

    entry = Entry(id="e", title="T", url=url)
    if render.is_web_url(url):
        expected_title = f"[T]({render.link_destination(url)})"
    else:
        expected_title = f"T ({render.escape_text(url)})" if url.strip() else "T"
    assert render.title_cell(entry) == expected_title
    stripped = url.strip()
    if not stripped:
        expected_url = "-"
    elif not render.is_web_url(stripped):
        expected_url = render.escape_text(stripped)
    elif render._BARE_URL.fullmatch(stripped) and not render._LONE_UNDERSCORE.search(stripped):
        expected_url = stripped
    else:
        expected_url = f"[{render.escape_text(stripped)}]({render.link_destination(stripped)})"
    assert render.url_cell(url) == expected_url


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab #*_\\`[]!&<>|~-=1"), max_size=24))
def test_the_plain_heading_fast_path_gives_the_parsers_headings(text):
    from papercat import render
    from papercat.markdown import heading_texts

    assert render._headings_in(text) == heading_texts(text)
    assert render._headings_in("# " + text) == heading_texts("# " + text)
