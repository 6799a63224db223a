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


@rule("PC208", "arxiv-version-mismatch", "error", fixable=True)
def arxiv_version_mismatch(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """The `arxiv` field and the entry's arXiv link name the same paper but different versions.

    `url: https://arxiv.org/abs/2405.14333` with `arxiv: 2405.14333v1` says both "the paper"
    and "its first version": lookups and the rendered link then disagree. The link decides
    (it is what readers click): the fix writes its version, or none, into the field. To pin a
    version, pin it in both and silence PC204 with a reason (`papercat add URL --keep-version`
    does both).
    """
    for index, entry in enumerate(catalog.entries):
        if not entry.arxiv or not entry.url:
            continue
        # (id, version) of each, memoized: PC205 and PC206 have parsed both already
        in_field, in_link = parse_arxiv(entry.arxiv), parse_arxiv(entry.url)
        if not in_field or not in_link or in_field == in_link or in_field[0] != in_link[0]:
            continue  # no arXiv link, the same id and version, or another paper (PC206's business)
        in_url, url_version = in_link
        if url_version and in_field[1] is None and not ({"PC204", "arxiv-url-not-canonical"} & entry.noqa.keys()):
            continue  # a pinned link PC204 will unpin: then the two agree
        fixed = f"{in_url}v{url_version}" if url_version else in_url
        pinned = f"v{url_version}" if url_version else "no version"
        yield entry_problem(
            index, entry, "arxiv", f"arxiv '{entry.arxiv}' and the url ({pinned}) disagree on the version; use arxiv: '{fixed}'", fixed, fixable=True
        )
