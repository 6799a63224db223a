"""Text from outside (Crossref, arXiv, the cache, options, files): made safe to keep and to show.

Metadata is untrusted: a title can carry an ESC that clears a terminal or forges an OSC 8
hyperlink, a C1 control (U+009B is a one-character CSI), or a bidi override (U+202E) that
shows `exe.txt` as `txt.exe` on GitHub. `clean` removes them when text enters the catalog;
`escape` makes whatever is printed visible instead of active; `redact` keeps passwords in
URLs out of messages; `shorten` keeps a megabyte-long input from filling a terminal.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls; the bidi embeddings, overrides and isolates
# (U+202A-202E, U+2066-2069) and marks (U+200E, U+200F, U+061C); line and paragraph separators.
_ACTIVE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
UNSAFE_CHARACTERS = re.compile(f"[{_ACTIVE}]")
_UNSAFE_OR_SPACE = re.compile(f"[{_ACTIVE}\t\n]")
_ESCAPED = re.compile(f"[{_ACTIVE}\r]")
# scheme://user:password@host or scheme://token@host: what is between // and @ is a credential.
_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]+@")
SHORT_LIMIT = 200


# A whole terminal escape sequence (CSI `ESC [ ... m`, OSC `ESC ] ... BEL`, a two-byte `ESC x`):
# removed whole, so that `\x1b[31mRed` leaves `Red`, not `[31mRed`.
_ESCAPE_SEQUENCE = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -/]*[0-~]")
# What a file's text may not hold: the characters above but line breaks (\r, U+2028 and U+2029
# too: a field read from the file turns those into spaces) and tabs.
_UNSAFE_IN_PAGE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def unsafe_characters(text: str) -> list[str]:
    """The control and bidi characters in `text` (tab and newline are fine)."""
    return UNSAFE_CHARACTERS.findall(text)


def clean(text: str, *, multiline: bool = False) -> str:
    """`text` without control and bidi characters; a one-line field also loses tabs and newlines.

    Line and paragraph separators and a line-field's tab or newline become a space (they
    separate words); every other removed character simply goes.
    """
    pattern = UNSAFE_CHARACTERS if multiline else _UNSAFE_OR_SPACE
    if not pattern.search(text):
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    return pattern.sub(lambda match: " " if match.group() in "\t\n\u2028\u2029" else "", text)


def clean_page(text: str) -> tuple[str, int | None]:
    """A file's text (a README) without control and bidi characters, escape sequences whole;
    line breaks and tabs kept. Also the 1-based line of the first one removed, or None."""
    found = _UNSAFE_IN_PAGE.search(text)
    if found is None:
        return text, None
    line = text.count("\n", 0, found.start()) + 1
    return _UNSAFE_IN_PAGE.sub("", _ESCAPE_SEQUENCE.sub("", text)), line


def escape(text: str) -> str:
    """`text` with control and bidi characters written as visible escapes (`\\x1b`, `\\u202e`)."""
    if not _ESCAPED.search(text):
        return text
    return _ESCAPED.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def redact(text: str) -> str:
    """`text` with the user and password of any URL in it replaced by `***`."""
    if "@" not in text:
        return text
    return _CREDENTIALS.sub(r"\1***@", text)


def shorten(text: str, limit: int = SHORT_LIMIT) -> str:
    """`text` cut to about `limit` characters, keeping its start and end and saying how long it was."""
    if len(text) <= limit:
        return text
    keep = max(10, limit // 2 - 10)
    return f"{text[:keep]}...{text[-keep // 2 :]} ({len(text):,} characters)"


def shown(text: str, limit: int = SHORT_LIMIT) -> str:
    """Untrusted text as a one-line message should quote it: escaped (line breaks too), credentials hidden, cut short."""
    return shorten(escape(redact(text)).replace("\n", "\\n").replace("\t", "\\t"), limit)
