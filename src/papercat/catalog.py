"""The catalog model: a list's title and intro, its section tree, and its entries.

Plain dataclasses and pure functions only: no files, no network, no terminal. The values
a field may take (kinds, orders, styles, the section id pattern) are here; reading them
from parsed YAML and writing them back is `papercat.catalog_data`'s.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

from .tables import TABLE_KIND_NAMES, Layout

FORMAT_VERSION = 1
TABLE_KINDS = TABLE_KIND_NAMES
EMPTY_SECTION_STYLES = ("table", "note", "hide")
# How the README is written: papercat's own layout, or awesome-lint's conventions (papercat.awesome).
RENDER_STYLES = ("default", "awesome")
# How a section's rows are ordered in the README: as the catalog lists them (hand order,
# where `add --before/--after` place a paper), newest first, oldest first, or by title.
SECTION_ORDERS = ("as-written", "newest-first", "by-year", "by-title")
SECTION_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# A path into the parsed document, e.g. ("entries", 3, "title"); a locator maps one to a
# 1-based (line, column). The store provides a locator, tests may pass None.
Where = tuple[Any, ...]
Locator = Callable[[Where], Optional[tuple[int, int]]]


@dataclass
class Section:
    """A heading of the list. `kind` chooses the table's columns."""

    id: str
    title: str
    kind: str = "papers"
    description: Optional[str] = None
    children: list["Section"] = field(default_factory=list)
    order: str = "as-written"
    # How the source list wrote this section (None: the kind's default table); text after the entries.
    layout: Optional[Layout] = None
    after: Optional[str] = None

    def walk(self) -> Iterator[Section]:
        """This section, then every subsection below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Entry:
    """One paper (or dataset). It may sit in several sections: that is still one entry."""

    id: str
    title: str
    url: Optional[str] = None
    arxiv: Optional[str] = None
    doi: Optional[str] = None
    venue: Optional[str] = None
    year: Optional[int] = None
    code: Optional[str] = None
    download: Optional[str] = None
    sections: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    category: Optional[str] = None
    published: Optional[str] = None
    note: Optional[str] = None
    noqa: dict[str, str] = field(default_factory=dict)
    # The date as the list writes it ("2023-06", "2021.9"), more links with their labels,
    # columns papercat has no field for (header -> cell markdown), and cells or list items
    # as the source wrote them where papercat's own rendering would differ (see tables.py).
    date: Optional[str] = None
    links: list[dict[str, str]] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)

    def link_pairs(self) -> list[tuple[str, str]]:
        """(label, url) of every link in `links`."""
        return [(str(link.get("label", "")), str(link.get("url", ""))) for link in self.links]


@dataclass
class Settings:
    """List-wide choices: how empty sections render, lint configuration."""

    empty_sections: str = "table"
    style: str = "default"
    lint: dict[str, Any] = field(default_factory=dict)
    # README statistics (`stats: true` or `{chart: file.svg}`): None is off, {} on with defaults.
    stats: Optional[dict[str, Any]] = None


@dataclass
class PageLayout:
    """How the source list wrote what surrounds the sections (None fields: papercat's default).

    `title` is the title line as written ("" when the list has none, e.g. an HTML banner);
    `toc_heading` the table of contents' heading line ("" for a TOC without one), `toc` its
    list as written (used while every anchor it links is on the page), `toc_before` the id of
    the section the TOC sits above (None: right after the intro); `toc_marker` and
    `toc_indent` how a generated TOC writes its items. `toc: ""` means the list has no TOC.
    `toc_broken` the anchors the TOC linked that the source page itself did not have (kept as
    they were; any other missing anchor means the sections changed, and the TOC is generated).
    `final_newline: False` for a file that ended without one.
    """

    title: Optional[str] = None
    toc_heading: Optional[str] = None
    toc: Optional[str] = None
    toc_before: Optional[str] = None
    toc_marker: str = "*"
    toc_indent: int = 2
    toc_broken: list[str] = field(default_factory=list)
    spacing: list[int | str] = field(default_factory=list)
    final_newline: bool = True


@dataclass
class Catalog:
    title: str
    intro: str = ""
    footer: str = ""
    sections: list[Section] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    version: int = FORMAT_VERSION
    layout: Optional[PageLayout] = None

    def iter_sections(self) -> Iterator[tuple[int, Section]]:
        """Every section, depth first in heading order, with its depth (0 = top level)."""
        stack = [(0, s) for s in reversed(self.sections)]
        while stack:
            depth, section = stack.pop()
            yield depth, section
            stack.extend((depth + 1, child) for child in reversed(section.children))

    def section_ids(self) -> list[str]:
        return [section.id for _, section in self.iter_sections()]

    def section_by_id(self, section_id: str) -> Optional[Section]:
        for _, section in self.iter_sections():
            if section.id == section_id:
                return section
        return None

    def entry_by_id(self, entry_id: str) -> Optional[Entry]:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        return None

    def missing_section_references(self) -> list[tuple[int, Entry, str]]:
        """(entry index, entry, section id) for every entry that lists a section no section has."""
        known = set(self.section_ids())
        return [(index, entry, section_id) for index, entry in enumerate(self.entries) for section_id in entry.sections if section_id not in known]

    def entries_in(self, section_id: str) -> list[Entry]:
        """Rows of one section, in catalog order (the documented, stable row order)."""
        return [entry for entry in self.entries if section_id in entry.sections]


# --- ids -------------------------------------------------------------------

_STOPWORDS = frozenset("a an and are as at be by for from in is of on or the to via with".split())


def github_anchor(text: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to '-'."""
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-1`, `base-2`... the first not in `taken` (GitHub's anchor scheme)."""
    if base not in taken:
        return base
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of a title: NFKD folds accents so ids stay typeable."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", folded.lower())


def make_entry_id(title: str, year: Optional[int], taken: set[str], max_words: int = 4) -> str:
    """A readable, stable id such as `tinystories-small-language-models-2023`, unique in `taken`."""
    words = [w for w in ascii_words(title) if w not in _STOPWORDS] or ascii_words(title) or ["entry"]
    base = "-".join(words[:max_words])
    if year:
        base = f"{base}-{year}"
    return unique_slug(base, taken)
