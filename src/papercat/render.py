"""Catalog -> README.md markdown, as a pure function.

The layout follows the seed list: `# title`, the intro, a generated table of contents,
then each section as a heading (`#` for a top-level group, `##` below it, ...) over its
table. Everything taken from the catalog is escaped so that no title can break a table,
inject HTML or turn into a link: only http(s) URLs ever become links. Rendering is
deterministic (same catalog, same bytes) and built with lists and one join, because
`papercat render` must stay well under half a second on a 10k-entry list.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from .catalog import Catalog, Entry, Section, github_anchor, unique_slug

TABLE_OF_CONTENTS = "Table of Contents"

_HEADERS = {
    "papers": "| Paper | Published in | Code/Project |",
    "datasets": "| Dataset | Home/Github | Download link |",
}
_ALIGNMENT = "| --- |:---:|:---:|"

# Characters that mean something to markdown inside a line of text. `<`, `>` and `&` become
# entities so HTML-looking titles stay text; the rest get a backslash (CommonMark escapes).
_TEXT_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "[": "\\[",
        "]": "\\]",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "~": "\\~",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
    }
)
_HEADING_ESCAPES = str.maketrans({"#": "\\#"})

# Characters a URL may hold that neither markdown nor a table row reads as syntax.
_URL_CHARACTERS = r"A-Za-z0-9\-._~:/?#@!$+,;=%"
# A URL that can be written bare in a cell (GitHub autolinks it) and read back unchanged;
# as a link target, an http(s) URL of these characters needs no change either.
_BARE_URL = re.compile(rf"https?://[{_URL_CHARACTERS}]+")
_LONE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_URL_NEEDS_BRACKETS = re.compile(r"[ ()]")
# Characters no link target may hold as written (a plain space is fine inside `<...>`).
_PLAIN_DESTINATION = re.compile(rf"[{_URL_CHARACTERS}]+")
_URL_PERCENT = re.compile(r"[<>\x00-\x1f\x7f]|[^\S ]")
# A bare URL that needs no further check: no underscore, so none can be a lone one.
_BARE_URL_WITHOUT_UNDERSCORE = re.compile(rf"https?://[{_URL_CHARACTERS.replace('_', '')}]+")
# What any ATX (`#`) or setext (a `===`/`---` underline, indented up to 3 spaces) heading contains.
_MAYBE_HEADING = re.compile(r"#|\n {0,3}[=-]")


def empty_section_note(section: Section) -> str:
    """What `empty_sections: note` prints under a section that has no entries yet."""
    return f"_No entries yet: add one with `papercat add <arxiv-id> --section {section.id}`._"


def render_readme(catalog: Catalog) -> str:
    """The whole README for a catalog; ends with exactly one newline."""
    if catalog.settings.style == "awesome":
        from .awesome import render_awesome

        return render_awesome(catalog)
    rows_by_section = _entries_by_section(catalog)
    style = catalog.settings.empty_sections
    visible = visible_sections(catalog)

    blocks: list[str] = [f"# {escape_heading(catalog.title)}"]
    if catalog.intro.strip():
        blocks.append(catalog.intro.strip("\n"))
    if catalog.settings.stats is not None:
        from .stats import stats_block

        blocks.append(stats_block(catalog) or "")
    if visible:
        blocks.append(f"## {TABLE_OF_CONTENTS}")
        anchors = section_anchors(catalog, visible)
        toc_lines = [f"{'  ' * depth}* [{escape_text(section.title)}](#{anchors[section.id]})" for depth, section in visible]
        blocks.append("\n".join(toc_lines))

    for depth, section in visible:
        blocks.append(f"{'#' * min(depth + 1, 6)} {escape_heading(section.title)}")
        if section.description and section.description.strip():
            blocks.append(section.description.strip("\n"))
        rows = rows_by_section.get(section.id, [])
        if rows:
            blocks.append(render_section_table(section.kind, rows))
        elif section.children:
            # A group: its children carry the tables. A datasets group keeps its header so
            # the kind survives a re-import when empty tables are the style.
            if section.kind != "papers" and style == "table":
                blocks.append(render_section_table(section.kind, []))
        elif style == "table":
            blocks.append(render_section_table(section.kind, []))
        elif style == "note":
            blocks.append(empty_section_note(section))

    if catalog.footer.strip():
        blocks.append(catalog.footer.strip("\n"))
    return "\n\n".join(blocks) + "\n"


def visible_sections(catalog: Catalog) -> list[tuple[int, Section]]:
    """(depth, section) of every section the page shows (`empty_sections: hide` leaves some out)."""
    hidden = empty_section_ids(catalog) if catalog.settings.empty_sections == "hide" else set()
    return [(depth, section) for depth, section in catalog.iter_sections() if section.id not in hidden]


def section_anchors(catalog: Catalog, visible: Optional[list[tuple[int, Section]]] = None) -> dict[str, str]:
    """Section id -> the `#anchor` GitHub gives its heading on the rendered page.

    GitHub numbers equal anchors in document order, counting every heading on the page:
    the title, headings inside the intro, the TOC's own heading, then each section's
    heading followed by any headings inside its description.
    """
    if visible is None:
        visible = visible_sections(catalog)
    taken: set[str] = set()
    _take_anchor(catalog.title, taken)
    for text in _headings_in(catalog.intro):
        _take_anchor(text, taken)
    if visible:
        _take_anchor(TABLE_OF_CONTENTS, taken)
    anchors = {}
    for _, section in visible:
        anchors[section.id] = _take_anchor(section.title, taken)
        for text in _headings_in(section.description or ""):
            _take_anchor(text, taken)
    return anchors


def empty_section_ids(catalog: Catalog) -> set[str]:
    """Ids of sections with no entries anywhere beneath them (a group of empty sections is empty)."""
    used = {section_id for entry in catalog.entries for section_id in entry.sections}
    empty: set[str] = set()

    def visit(section: Section) -> bool:
        children_empty = [visit(child) for child in section.children]
        is_empty = all(children_empty) and section.id not in used
        if is_empty:
            empty.add(section.id)
        return is_empty

    for section in catalog.sections:
        visit(section)
    return empty


def _take_anchor(title: str, taken: set[str]) -> str:
    anchor = unique_slug(github_anchor(normalize_space(title)), taken)
    taken.add(anchor)
    return anchor


def _headings_in(markdown: str) -> list[str]:
    """Headings inside verbatim markdown (intro, descriptions); they take anchors too."""
    if not _MAYBE_HEADING.search(markdown):
        return []  # no ATX or setext heading possible: skip the parser
    from .importer import heading_texts

    return heading_texts(markdown)


def _entries_by_section(catalog: Catalog) -> dict[str, list[Entry]]:
    """Section id -> its rows in README order, in one pass over the entries."""
    rows: dict[str, list[Entry]] = {}
    for entry in catalog.entries:
        for section_id in dict.fromkeys(entry.sections):
            rows.setdefault(section_id, []).append(entry)
    for _, section in catalog.iter_sections():
        if section.order != "as-written" and section.id in rows:
            rows[section.id] = ordered_rows(rows[section.id], section.order)
    return rows


def section_rows(catalog: Catalog) -> dict[str, list[Entry]]:
    """Each section's rows as the README shows them (the section's order applied)."""
    return _entries_by_section(catalog)


def ordered_rows(entries: list[Entry], order: str) -> list[Entry]:
    """A section's rows in its order; ties (and `as-written`) keep the catalog's order.

    `newest-first` and `by-year` compare the year, then the first-version date where arXiv
    gave one; rows without a year go last either way.
    """
    if order == "newest-first":
        return sorted(entries, key=lambda entry: (entry.year or 0, entry.published or ""), reverse=True)
    if order == "by-year":
        return sorted(entries, key=lambda entry: (entry.year is None, entry.year or 0, entry.published or ""))
    if order == "by-title":
        return sorted(entries, key=lambda entry: normalize_space(entry.title).casefold())
    return list(entries)


def render_section_table(kind: str, entries: list[Entry]) -> str:
    lines = [_HEADERS.get(kind, _HEADERS["papers"]), _ALIGNMENT]
    if kind == "datasets":
        for entry in entries:
            lines.append(f"| {title_cell(entry)} | {url_cell(entry.code)} | {url_cell(entry.download)} |")
    else:
        for entry in entries:
            lines.append(f"| {title_cell(entry)} | {venue_cell(entry)} | {url_cell(entry.code)} |")
    return "\n".join(lines)


# --- cells ------------------------------------------------------------------------


# Control characters (NUL, escape, ...) have no business on a page; they read as spaces.
_CONTROLS = dict.fromkeys([*range(0x20), 0x7F], " ")


# str.translate looks every character up in a dict; most cells need no change at all,
# and these C-speed checks say so first (figures: docs/performance.md, "Fast paths").
_NEEDS_TEXT_ESCAPE = re.compile(r"[\\|\[\]*_`~<>&]")


def normalize_space(text: str) -> str:
    """Newlines, control characters and runs of whitespace become one space; ends stripped."""
    if text.isascii() and text.isprintable():  # no controls, and " " is the only whitespace
        if "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text
        return " ".join(text.split())
    return " ".join(text.translate(_CONTROLS).split())


def escape_text(text: str) -> str:
    """Text that reads the same after markdown parsing and cannot break a table row."""
    text = normalize_space(text)
    return text.translate(_TEXT_ESCAPES) if _NEEDS_TEXT_ESCAPE.search(text) else text


def escape_heading(text: str) -> str:
    """Like escape_text, plus `#` (a trailing `#` would be read as a closing sequence)."""
    return escape_text(text).translate(_HEADING_ESCAPES)


def is_web_url(url: Optional[str]) -> bool:
    return bool(url) and url.strip().lower().startswith(("http://", "https://"))


def link_destination(url: str) -> str:
    """A link target that reads back as `url`: `<...>` around spaces and parentheses."""
    if _PLAIN_DESTINATION.fullmatch(url):  # nothing below would change it (most links)
        return url
    url = _URL_PERCENT.sub(lambda m: f"%{ord(m.group(0)):02X}", url.strip())
    url = url.replace("\\", "\\\\").replace("|", "\\|")
    url = _ENTITY_LIKE.sub("\\&", url)
    return f"<{url}>" if _URL_NEEDS_BRACKETS.search(url) else url


def title_cell(entry: Entry) -> str:
    """`[title](url)` for web URLs; other targets (`arXiv:...`, `javascript:`) stay visible text."""
    title = escape_text(entry.title)
    if entry.url and _BARE_URL.fullmatch(entry.url):  # most links: nothing to check or change
        return f"[{title}]({entry.url})"
    if is_web_url(entry.url):
        return f"[{title}]({link_destination(entry.url)})"
    if entry.url and entry.url.strip():
        return f"{title} ({escape_text(entry.url)})"
    return title


def venue_cell(entry: Entry) -> str:
    return _venue_text(entry.venue, entry.year)


@functools.lru_cache(maxsize=1024)  # a list has a few dozen venue-year pairs
def _venue_text(venue: Optional[str], year: Optional[int]) -> str:
    parts = [part for part in (venue and normalize_space(venue), year and str(year)) if part]
    return escape_text(" ".join(parts)) if parts else "-"


def url_cell(url: Optional[str]) -> str:
    """A code or download link: bare when safe (like the seed), a link when not, '-' when none."""
    if url and _BARE_URL_WITHOUT_UNDERSCORE.fullmatch(url):  # most links: written as they are
        return url
    if not url or not url.strip():
        return "-"
    url = url.strip()
    if not is_web_url(url):
        return escape_text(url)
    if _BARE_URL.fullmatch(url) and not _LONE_UNDERSCORE.search(url):
        return url
    return f"[{escape_text(url)}]({link_destination(url)})"


def render_files(catalog: Catalog) -> dict[str, str]:
    """Files written next to the README besides it (the `settings.stats` chart): name -> text.

    The awesome style (papercat.awesome) shows no statistics block, so it writes no chart.
    """
    if catalog.settings.stats is None or catalog.settings.style == "awesome":
        return {}
    from .stats import chart_name, papers_per_year_svg

    return {chart_name(catalog) or "": papers_per_year_svg(catalog)}
