"""What the link and metadata rules ask of a URL or an arXiv id: papercat.identity answers.

The arXiv-link policy (which hosts carry an arXiv id; digits in another site's URL are no
id) is `identity.arxiv_id_in`, memoized there, so lint, import, dedupe and add agree.
"""

from __future__ import annotations

import re
from typing import Optional

from ...identity import arxiv_id_in, entry_arxiv_id
from ...ids import ARXIV_SITE_HOSTS, is_absolute_http_url  # links.py imports is_absolute_http_url from here

__all__ = [
    "ARXIV_HOSTS",
    "arxiv_id_in_url",
    "arxiv_id_year",
    "entry_arxiv_id",
    "is_absolute_http_url",
    "is_arxiv_url",
    "parse_arxiv",
    "url_scheme",
]

# arXiv's own site: an arXiv link in another form than the abs page is rewritten (PC204).
ARXIV_HOSTS = ARXIV_SITE_HOSTS
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_NETLOC = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#]*)")

parse_arxiv = arxiv_id_in  # (id, version) of the arXiv paper a text names


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
    netloc = _NETLOC.match(url)
    if netloc is None:  # is_absolute_http_url said it has one: not reached
        return False
    host = netloc.group(1).lower().split(":", 1)[0]
    return host in ARXIV_HOSTS


def arxiv_id_in_url(url: Optional[str]) -> Optional[str]:
    """The arXiv id a link points at, under identity's arXiv-link policy; None otherwise."""
    found = arxiv_id_in(url)
    return found[0] if found else None


def arxiv_id_year(arxiv_id: str) -> int:
    """The year an id was assigned: `2407.07053` -> 2024, `hep-th/9901001` -> 1999."""
    yy = int(arxiv_id.rsplit("/", 1)[-1][:2])
    return 1900 + yy if yy >= 91 else 2000 + yy
