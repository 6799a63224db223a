"""Identifier rules (PC2xx, part two): the `arxiv` field agrees with the entry's link."""

from __future__ import annotations

import re
from typing import Iterator, Optional

from ...catalog import Catalog, Entry
from ...ids import arxiv_id_from_text
from ..model import LintContext, Problem, entry_problem, rule
from .links import is_absolute_http_url, is_arxiv_url

_ARXIV_PREFIX = re.compile(r"^\s*arxiv\s*:", re.IGNORECASE)


def arxiv_id_in_url(url: Optional[str]) -> Optional[str]:
    """The arXiv id a link points at: an arxiv.org URL or an `arXiv:` citation; None otherwise.

    Only arXiv's own links count: a publisher URL can contain digits that look like an id.
    """
    if not url or not (is_arxiv_url(url) or _ARXIV_PREFIX.match(url) or (not is_absolute_http_url(url) and "arxiv" in url.lower())):
        return None
    found = arxiv_id_from_text(url)
    return found[0] if found else None


def entry_arxiv_id(entry: Entry) -> Optional[str]:
    """The entry's arXiv id: its `arxiv` field when that parses, else its arXiv link."""
    if entry.arxiv:
        found = arxiv_id_from_text(entry.arxiv)
        if found:
            return found[0]
    return arxiv_id_in_url(entry.url)


def arxiv_id_year(arxiv_id: str) -> int:
    """The year an id was assigned: `2407.07053` -> 2024, `hep-th/9901001` -> 1999."""
    yy = int(arxiv_id.rsplit("/", 1)[-1][:2])
    return 1900 + yy if yy >= 91 else 2000 + yy


@rule("PC205", "arxiv-field-missing", "warning", fixable=True)
def arxiv_field_missing(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """An entry links an arXiv paper but has no `arxiv` field.

    The `arxiv` field is what duplicate detection, metadata lookups and the year check
    key on; a link alone is easy to change without noticing. The fix copies the id
    from the link.
    """
    for index, entry in enumerate(catalog.entries):
        if entry.arxiv:
            continue
        found = arxiv_id_in_url(entry.url)
        if found:
            yield entry_problem(index, entry, "arxiv", f"url links arXiv {found} but the entry has no 'arxiv' field; add arxiv: '{found}'", found, fixable=True)


@rule("PC206", "arxiv-field-mismatch", "error")
def arxiv_field_mismatch(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """The `arxiv` field names a different paper than the entry's arXiv link.

    One of the two is wrong, and lint cannot tell which: a copy-pasted row often keeps
    the previous paper's link. Check the paper and correct the wrong one.
    """
    for index, entry in enumerate(catalog.entries):
        if not entry.arxiv:
            continue
        in_field = arxiv_id_from_text(entry.arxiv)
        in_url = arxiv_id_in_url(entry.url)
        if in_field and in_url and in_field[0] != in_url:
            yield entry_problem(index, entry, "arxiv", f"arxiv is {in_field[0]} but url links arXiv {in_url}; one of them is wrong")


@rule("PC207", "arxiv-field-invalid", "error")
def arxiv_field_invalid(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """The `arxiv` field is not an arXiv identifier.

    Valid ids look like `2305.07759` (or `hep-th/9901001` before 2007). Anything else
    breaks links, lookups and duplicate detection for the entry.
    """
    for index, entry in enumerate(catalog.entries):
        if entry.arxiv and not arxiv_id_from_text(entry.arxiv):
            yield entry_problem(index, entry, "arxiv", f"arxiv '{entry.arxiv}' is not an arXiv id such as 2305.07759")
