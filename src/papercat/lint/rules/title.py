"""Title rules PC304-PC306: titles are plain text, as the paper prints them."""

from __future__ import annotations

import re
from typing import Iterator

from ...catalog import Catalog
from ...generic_titles import is_generic_title
from ...text import collapse_whitespace
from ..context import LintContext
from ..model import Problem, entry_problem, rule

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Only tags that formatting leaves behind; a title may legitimately contain "<T>" or "a < b".
_TAG = re.compile(r"</?(?:b|i|u|s|em|strong|span|a|p|div|font|code|sup|sub|small|big|mark)(?:\s[^<>]*)?>", re.IGNORECASE)
_EMPHASIS = re.compile(r"\*\*|__")
_PAIRS = {")": "(", "]": "[", "}": "{"}


def strip_markup(title: str) -> str:
    """The fix for PC305: drop `**`/`__` emphasis and html tags, turn `<br>` into a space."""
    title = _BREAK.sub(" ", title)
    title = _TAG.sub("", title)
    title = _EMPHASIS.sub("", title)
    return collapse_whitespace(title)


_NOT_BRACKET = re.compile(r"[^()\[\]{}]+")


def unbalanced_bracket(text: str) -> str | None:
    """The first bracket without a partner, or None when (), [] and {} all pair up."""
    stack: list[str] = []
    for char in _NOT_BRACKET.sub("", text):  # walk the brackets only, not every letter
        if char in "([{":
            stack.append(char)
        elif char in _PAIRS:
            if not stack or stack[-1] != _PAIRS[char]:
                return char
            stack.pop()
    return stack[0] if stack else None


@rule("PC304", "title-whitespace", "warning", fixable=True)
def title_whitespace(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """A title has leading or trailing spaces, doubled spaces, tabs or line breaks.

    They come from copying out of PDFs and table cells. Invisible in the README, they
    still break exact searches and duplicate detection. The fix collapses them to single spaces.
    """
    for index, entry in enumerate(catalog.entries):
        fixed = collapse_whitespace(entry.title)
        if fixed != entry.title:
            yield entry_problem(index, entry, "title", "title has extra whitespace (leading, trailing, doubled or line breaks)", fixed, fixable=True)


@rule("PC305", "title-markup", "error", fixable=True)
def title_markup(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """A title contains markup: `**bold**`, `__bold__`, `<br>` or html tags.

    The renderer decides how a title looks; markup inside the title leaks into the table
    as literal asterisks or tags, and into exports and searches. The fix removes it.
    Math such as `VILA$^2$` is left alone.
    """
    for index, entry in enumerate(catalog.entries):
        title = entry.title
        if "*" not in title and "_" not in title and "<" not in title:
            continue  # the common case, decided without a regex
        fixed = strip_markup(title)
        if fixed != collapse_whitespace(title):
            yield entry_problem(index, entry, "title", f"title contains markup; use '{fixed}'", fixed, fixable=True)


@rule("PC309", "title-generic", "warning")
def title_generic(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """A title is a link text that names no paper: `link`, `[pdf]`, `Paper`, `arXiv`, `code`.

    Lists that write `[link](...)` in a Paper column and the title elsewhere leave this after
    an import that found no title beside the link. Such a title hides the paper from searches
    and exports; dedupe ignores it. Give the entry the paper's title (`papercat edit ID --title`).
    """
    for index, entry in enumerate(catalog.entries):
        if len(entry.title) < 20 and is_generic_title(entry.title):
            yield entry_problem(index, entry, "title", f"title '{entry.title}' is a link text, not the paper's title; give it the paper's title")


@rule("PC306", "title-unbalanced-brackets", "error")
def title_unbalanced_brackets(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """A title has a bracket without its partner, e.g. `LLaMA (Large Language Model Meta AI`.

    Usually a truncated copy or a broken Markdown link. Lint cannot know what is
    missing, so there is no automatic fix.
    """
    for index, entry in enumerate(catalog.entries):
        bracket = unbalanced_bracket(entry.title)
        if bracket:
            yield entry_problem(index, entry, "title", f"title has an unbalanced '{bracket}'")
