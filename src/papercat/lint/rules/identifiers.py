"""What the link and metadata rules ask of a URL or an arXiv id, answered once per string.

Several rules parse the same `url` and `arxiv` values; at 10k entries parsing each
value once (memoized), with a fast path for the canonical forms, keeps lint linear and
well inside its 0.5 s budget. Anything not in canonical form goes to `papercat.ids`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ...catalog import Entry
from ...ids import arxiv_id_from_text, is_absolute_http_url, is_bare_arxiv_id  # links.py imports is_absolute_http_url from here

ARXIV_HOSTS = ("arxiv.org", "www.arxiv.org", "export.arxiv.org")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_ARXIV_PREFIX = re.compile(r"^\s*arxiv\s*:", re.IGNORECASE)
# The form almost every entry's url uses: the canonical abs URL of a bare new-style id.
_CANONICAL_ABS = re.compile(r"https://arxiv\.org/abs/(\d{4}\.\d{4,5})")
_NETLOC = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#]*)")
_MEMO_SIZE = 1 << 16


def url_scheme(url: str) -> Optional[str]:
    match = _SCHEME.match(url.strip())
    return match.group(1).lower() if match else None


def is_arxiv_url(url: str) -> bool:
    """An http(s) link to arxiv.org itself (abs, pdf, html or export forms)."""
    if not is_absolute_http_url(url):
        return False
    # urlsplit's netloc, read with one regex: urlsplit itself was a third of PC204's time
    url = url.strip()
    if "\t" in url or "\r" in url or "\n" in url:  # urlsplit drops these before splitting
        url = url.replace("\t", "").replace("\r", "").replace("\n", "")
    host = _NETLOC.match(url).group(1).lower().split(":", 1)[0]
    return host in ARXIV_HOSTS


@lru_cache(maxsize=_MEMO_SIZE)
def parse_arxiv(text: str) -> Optional[tuple[str, Optional[int]]]:
    """(id, version) of the first arXiv id in `text`, as `papercat.ids.arxiv_id_from_text`."""
    if is_bare_arxiv_id(text):
        return text, None
    return arxiv_id_from_text(text)


@lru_cache(maxsize=_MEMO_SIZE)
def arxiv_id_in_url(url: Optional[str]) -> Optional[str]:
    """The arXiv id a link points at: an arxiv.org URL or an `arXiv:` citation; None otherwise.

    Only arXiv's own links count: a publisher URL can contain digits that look like an id.
    """
    if not url:
        return None
    match = _CANONICAL_ABS.fullmatch(url)
    if match and is_bare_arxiv_id(match.group(1)):
        return match.group(1)
    relative_arxiv = not is_absolute_http_url(url) and "arxiv" in url.lower()
    if not (is_arxiv_url(url) or _ARXIV_PREFIX.match(url) or relative_arxiv):
        return None
    found = arxiv_id_from_text(url)
    return found[0] if found else None


def entry_arxiv_id(entry: Entry) -> Optional[str]:
    """The entry's arXiv id: its `arxiv` field when that parses, else its arXiv link."""
    if entry.arxiv:
        found = parse_arxiv(entry.arxiv)
        if found:
            return found[0]
    return arxiv_id_in_url(entry.url)


def arxiv_id_year(arxiv_id: str) -> int:
    """The year an id was assigned: `2407.07053` -> 2024, `hep-th/9901001` -> 1999."""
    yy = int(arxiv_id.rsplit("/", 1)[-1][:2])
    return 1900 + yy if yy >= 91 else 2000 + yy
