"""Round trip: import_readme(render_readme(catalog)) gives back the catalog's sections and rows.

"The same", precisely:
- sections: the same tree (nesting and order), and for each section the same id, the same
  title up to whitespace (runs of whitespace, newlines included, are one space; ends stripped),
  and the same kind. Ids follow the documented rule: the GitHub anchor of the title, made
  unique in heading order (the generated catalogs are built with that rule).
- rows: for each section, the same rows in the same order, a row being the entry's title (up
  to whitespace), url, and then venue, year and code for a papers table, or code (home) and
  download for a datasets table. An entry in two sections is two rows, so two entries after
  import: import never merges.
- what is not expected back: entry ids (import makes them from titles), fields render does
  not show (authors, notes, ...), and URLs render refuses to make links of (anything but
  http/https, see test_render.py), which the generated catalogs therefore do not hold.
  Venues are generated without a trailing year, comma or parenthesis, which a "venue year"
  cell cannot tell apart from the year.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from papercat.catalog import SECTION_ID_RE, Catalog, Entry, Section, Settings, github_anchor, unique_slug
from papercat.importer import import_readme
from papercat.render import render_readme

NASTY_FRAGMENTS = [
    "|",
    "||",
    "`code`",
    "``",
    "<script>alert(1)</script>",
    "](javascript:alert(1))",
    "[x](https://evil.example)",
    "\n",
    "\\",
    "\\|",
    "&amp;",
    "&#124;",
    "*bold*",
    "_under_",
    "~~strike~~",
    "# not a heading",
    "مرحبا بالعالم",  # right-to-left text
    "שלום",
    "🚀🔥",
    "👩\u200d💻",
    "$^2$",
    "  spaced  ",
    "-",
]
TEXT_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"), blacklist_characters="\x00")


def _squash(text: str) -> str:
    return " ".join(text.split())


titles = (
    st.lists(st.one_of(st.sampled_from(NASTY_FRAGMENTS), st.text(TEXT_CHARS, min_size=1, max_size=20)), min_size=1, max_size=6)
    .map("".join)
    .filter(lambda t: _squash(t) != "")
)
long_titles = st.integers(min_value=300, max_value=2000).map(lambda n: ("Very long title | with pipes " * 80)[:n])

URL_CHARS = "abcxyzABC0123456789-._~/?#=&;+%!$@:,'*()_| \\é数"
web_urls = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}".strip(),
    st.sampled_from(["http", "https", "HTTPS"]),
    st.sampled_from(["arxiv.org", "github.com", "a.b-c.org"]),
    st.text(st.sampled_from(URL_CHARS), max_size=30),
)
WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCXYZ|<>&*_-.é"), min_size=1, max_size=8)
venues = (
    st.lists(WORD, min_size=1, max_size=3)
    .map(" ".join)
    .filter(lambda v: not re.search(r"(?:19|20)\d\d$", v) and v.strip().lower() not in {"-", "--", "n/a", "na", "none"})
)
code_texts = st.lists(st.sampled_from(["coming", "soon", "Github", "<repo>", "a|b", "x_y"]), min_size=1, max_size=3).map(" ".join)
section_titles = st.lists(
    st.one_of(
        st.sampled_from(["Data", "Applications", "Fine-Tuning", "RAG & Tools", "C++", "a|b", "<b>", "Q&A", "#1"]), st.text("abcxyz", min_size=1, max_size=6)
    ),
    min_size=1,
    max_size=3,
).map(" ".join)


@st.composite
def section_trees(draw, depth: int = 0):
    count = draw(st.integers(min_value=1 if depth == 0 else 0, max_value=3 if depth < 2 else 0))
    return [
        Section(
            id="",
            title=draw(section_titles),
            kind=draw(st.sampled_from(["papers", "papers", "datasets"])),
            description=draw(st.one_of(st.none(), st.sampled_from(["Papers about this.", "Text with *emphasis*.\n\nTwo paragraphs."]))),
            children=draw(section_trees(depth + 1)) if depth < 2 else [],
        )
        for _ in range(count)
    ]


def _assign_ids(catalog: Catalog) -> bool:
    """Give sections the ids import derives (GitHub anchor, made unique); False if one is not a slug."""
    taken: set[str] = set()
    for _, section in catalog.iter_sections():
        base = github_anchor(section.title).strip("-_")
        if not SECTION_ID_RE.match(base):
            return False
        section.id = unique_slug(base, taken)
        taken.add(section.id)
    return True


@st.composite
def catalogs(draw):
    catalog = Catalog(
        title=draw(titles),
        intro=draw(st.sampled_from(["", "A curated list.", "A list of papers.\n\nMaintained with papercat."])),
        sections=draw(section_trees()),
        settings=Settings(empty_sections="table"),
    )
    if not _assign_ids(catalog):
        from hypothesis import assume

        assume(False)
    ids = catalog.section_ids()
    for index in range(draw(st.integers(min_value=0, max_value=12))):
        catalog.entries.append(
            Entry(
                id=f"e{index}",
                title=draw(st.one_of(titles, long_titles)),
                url=draw(st.one_of(st.none(), web_urls)),
                venue=draw(st.one_of(st.none(), venues)),
                year=draw(st.one_of(st.none(), st.integers(min_value=1900, max_value=2099))),
                code=draw(st.one_of(st.none(), web_urls, code_texts)),
                download=draw(st.one_of(st.none(), web_urls)),
                sections=draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True)),
            )
        )
    return catalog


def _section_shape(catalog: Catalog) -> list[tuple]:
    return [(depth, s.id, _squash(s.title), s.kind) for depth, s in catalog.iter_sections()]


def _rows(catalog: Catalog) -> dict[str, list[tuple]]:
    rows = {}
    for _, section in catalog.iter_sections():
        entries = catalog.entries_in(section.id)
        if section.kind == "datasets":
            rows[section.id] = [(_squash(e.title), e.url, e.code, e.download) for e in entries]
        else:
            rows[section.id] = [(_squash(e.title), e.url, e.venue, e.year, e.code) for e in entries]
    return rows


ROUND_TRIP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@ROUND_TRIP
@given(catalogs())
def test_import_of_render_gives_back_the_same_sections_and_rows(catalog):
    markdown = render_readme(catalog)
    result = import_readme(markdown)
    back = result.catalog
    assert _squash(back.title) == _squash(catalog.title)
    assert _section_shape(back) == _section_shape(catalog)
    assert _rows(back) == _rows(catalog)
    assert back.intro == catalog.intro
    # The only thing import reports is what render wrote without a link: rows with no url.
    rows_without_url = sum(1 for rows in _rows(catalog).values() for row in rows if row[1] is None)
    assert len(result.problems) == rows_without_url
    assert all("without a url" in problem.message for problem in result.problems)


@ROUND_TRIP
@given(catalogs())
def test_rendered_tables_parse_back_to_exactly_the_rows_and_cells_written(catalog):
    markdown = render_readme(catalog)
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    table_rows = [t for t in tokens if t.type == "tr_open"]
    cells_per_row = []
    count = 0
    for token in tokens:
        if token.type == "tr_open":
            count = 0
        elif token.type in ("td_open", "th_open"):
            count += 1
        elif token.type == "tr_close":
            cells_per_row.append(count)
    assert set(cells_per_row) <= {3}
    tables = sum(1 for t in tokens if t.type == "table_open")
    rows_written = sum(len(catalog.entries_in(s.id)) for _, s in catalog.iter_sections())
    assert len(table_rows) == rows_written + tables  # every entry row, plus one header per table
    # Nothing from the catalog turned into HTML, and the only links are web pages or anchors.
    inline_children = [c for t in tokens if t.type == "inline" for c in t.children or []]
    assert not [t for t in tokens if t.type == "html_block"]
    assert not [c for c in inline_children if c.type == "html_inline"]
    hrefs = [c.attrs["href"] for c in inline_children if c.type == "link_open"]
    assert all(h.lower().startswith(("http://", "https://", "#")) for h in hrefs)


@ROUND_TRIP
@given(catalogs())
def test_rendering_is_deterministic_and_ends_with_one_newline(catalog):
    first = render_readme(catalog)
    assert first == render_readme(catalog)
    assert first.endswith("\n") and not first.endswith("\n\n")


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(catalogs(), st.sampled_from(["note", "hide"]))
def test_every_row_survives_the_round_trip_whatever_the_empty_section_style(catalog, style):
    """With `note` or `hide` an empty section loses its table (so its kind) or its heading
    (so the ids after it may renumber); the rows of every section that has rows survive."""
    catalog.settings.empty_sections = style

    def sections_with_rows(c: Catalog) -> list[tuple]:
        rows = _rows(c)
        return [(_squash(s.title), rows[s.id]) for _, s in c.iter_sections() if rows[s.id]]

    back = import_readme(render_readme(catalog)).catalog
    assert sections_with_rows(back) == sections_with_rows(catalog)
    if style == "hide":
        assert all(back.entries_in(s.id) or s.children for _, s in back.iter_sections())
