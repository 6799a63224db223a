"""Text rule PC310: no control or bidi characters in an entry's text."""

from __future__ import annotations

from itertools import chain
from operator import attrgetter
from typing import Iterator

from ...catalog import Catalog, Entry, Section
from ...errors import DataPath
from ...text import collapse_whitespace
from ...untrusted import UNSAFE_CHARACTERS, clean, escape, unsafe_characters
from ..context import LintContext
from ..model import Problem, entry_problem, rule

TEXT_FIELDS = ("title", "url", "doi", "venue", "code", "download", "category", "published", "note")
LIST_FIELDS = ("authors", "aliases")


@rule("PC310", "text-control-characters", "error", fixable=True)
def text_control_characters(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """A field holds control characters (ESC, BEL, C1 such as U+009B) or bidi controls (U+202E).

    They arrive from copied metadata or a crafted pull request, written as escapes such as
    `"\\e]8;;https://evil\\a"` or `"\\u202e"`. In a terminal they clear the screen or forge a
    hyperlink; on GitHub a bidi override shows text in another order than it reads. papercat
    strips them from what it fetches or is given; this rule finds those already in a file.
    The fix removes them (a tab or line break in a one-line field becomes a space), which
    changes nothing a reader can see. The list's own text (intro, footer, section titles and
    descriptions) and cells kept as written are checked too; those are fixed by hand
    (`papercat config intro --file`, `papercat section rename`, or an edit of the field).
    """
    # fast path: one search over all the text (most catalogs hold none); same answer as the loop
    # below, since a character found there is found here (tests/reliability/test_untrusted_output.py)
    entries = catalog.entries
    texts = chain.from_iterable(map(attrgetter(*TEXT_FIELDS), entries))
    lists = chain.from_iterable(chain.from_iterable((entry.authors, entry.aliases) for entry in entries))
    cells = chain.from_iterable(entry.cells.values() for entry in entries if entry.cells)
    page = [text for _, text in _page_texts(catalog)]
    every = " ".join(filter(None, chain(texts, lists, cells, page)))
    # Every unsafe character is unprintable (Cc, Cf, Zl, Zp) and isprintable is cheaper than the
    # search; tab and newline are unprintable but safe, hence the search after.
    if every.isprintable() or not UNSAFE_CHARACTERS.search(every):
        return
    for where, text in _page_texts(catalog):
        if unsafe_characters(text):
            yield Problem(where=where, message=f"{where[-1]} holds control or bidi characters ({_shown(text)}); remove them")
    for index, entry in enumerate(catalog.entries):
        for key, text in (entry.cells or {}).items():
            if unsafe_characters(text):
                yield entry_problem(index, entry, "cells", f"the cell '{key}' as written holds control or bidi characters ({_shown(text)}); remove them")
        for field_name in TEXT_FIELDS:
            value = getattr(entry, field_name)
            if isinstance(value, str) and unsafe_characters(value):
                yield _problem(index, entry, field_name, value, clean(value, multiline=field_name == "note"))
        for field_name in LIST_FIELDS:
            values = getattr(entry, field_name)
            if any(unsafe_characters(value) for value in values):
                found = "".join(character for value in values for character in unsafe_characters(value))
                yield _problem(index, entry, field_name, found, [collapse_whitespace(clean(value)) for value in values])


def _problem(index: int, entry: Entry, field_name: str, value: str, fixed: str | list[str]) -> Problem:
    return entry_problem(index, entry, field_name, f"{field_name} holds control or bidi characters ({_shown(value)}); remove them", fixed, fixable=True)


def _shown(value: str) -> str:
    return ", ".join(escape(character) for character in sorted(set(unsafe_characters(value)))[:5])


def _page_texts(catalog: Catalog) -> Iterator[tuple[DataPath, str]]:
    """The list's own text, where a README's control characters could hide: intro, footer, sections'."""
    for name in ("intro", "footer"):
        if getattr(catalog, name):
            yield (name,), getattr(catalog, name)

    def walk(sections: list[Section], where: DataPath) -> Iterator[tuple[DataPath, str]]:
        for number, section in enumerate(sections):
            for name in ("title", "description", "after"):
                text = getattr(section, name, None)
                if isinstance(text, str) and text:
                    yield (*where, number, name), text
            yield from walk(section.children, (*where, number, "sections"))

    yield from walk(catalog.sections, ("sections",))
