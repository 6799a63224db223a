"""Text rule PC310: no control or bidi characters in an entry's text."""

from __future__ import annotations

from itertools import chain
from operator import attrgetter
from typing import Iterator

from ...catalog import Catalog, Entry
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
    changes nothing a reader can see.
    """
    # fast path: one search over all the text (most catalogs hold none); same answer as the loop
    # below, since a character found there is found here (tests/reliability/test_untrusted_output.py)
    entries = catalog.entries
    texts = chain.from_iterable(map(attrgetter(*TEXT_FIELDS), entries))
    lists = chain.from_iterable(chain.from_iterable((entry.authors, entry.aliases) for entry in entries))
    every = " ".join(filter(None, chain(texts, lists)))
    # Every unsafe character is unprintable (Cc, Cf, Zl, Zp) and isprintable is cheaper than the
    # search; tab and newline are unprintable but safe, hence the search after.
    if every.isprintable() or not UNSAFE_CHARACTERS.search(every):
        return
    for index, entry in enumerate(catalog.entries):
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
    found = sorted(set(unsafe_characters(value)))
    shown = ", ".join(escape(character) for character in found[:5])
    return entry_problem(index, entry, field_name, f"{field_name} holds control or bidi characters ({shown}); remove them", fixed, fixable=True)
