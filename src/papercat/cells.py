"""Cells of a rendered list: text escaped so it reads back as written, links that stay links.

Everything taken from the catalog is escaped so that no title can break a table, inject
HTML or turn into a link: only http(s) URLs ever become links. Shared by render and by the
column definitions in `papercat.tables`.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, TypeGuard

if TYPE_CHECKING:
    from .catalog import Entry

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


# --- cells -------------------------------------------------------------------------


# Control characters (NUL, escape, C1 such as U+009B, ...) have no business on a page; they
# read as spaces. Bidi controls (U+202E shows `exe.txt` as `txt.exe`) and marks are dropped.
_CONTROLS: dict[int, str | None] = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)], " ")
_CONTROLS.update(dict.fromkeys([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], None))


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


def is_web_url(url: str | None) -> TypeGuard[str]:
    return url is not None and url.strip().lower().startswith(("http://", "https://"))


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
def _venue_text(venue: str | None, year: int | None) -> str:
    parts = [part for part in (venue and normalize_space(venue), year and str(year)) if part]
    return escape_text(" ".join(parts)) if parts else "-"


def url_cell(url: str | None) -> str:
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
