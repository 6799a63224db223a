"""Identifier rules (PC2xx, part two): the `arxiv` field agrees with the entry's link."""

from __future__ import annotations

from typing import Iterator

from ...catalog import Catalog
from ..context import LintContext
from ..model import Problem, entry_problem, rule
from .identifiers import arxiv_id_in_url, parse_arxiv


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
        in_field = parse_arxiv(entry.arxiv)
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
        if entry.arxiv and not parse_arxiv(entry.arxiv):
            yield entry_problem(index, entry, "arxiv", f"arxiv '{entry.arxiv}' is not an arXiv id such as 2305.07759")
