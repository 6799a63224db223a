"""Link rules (PC2xx, part one): every link a reader clicks is an absolute, safe http(s) URL."""

from __future__ import annotations

from typing import Iterator, Optional

from ...catalog import Catalog, Entry
from ...ids import canonical_arxiv_url
from ..context import LintContext
from ..model import Problem, entry_problem, rule
from .identifiers import arxiv_id_in_url, is_absolute_http_url, is_arxiv_url, parse_arxiv, url_scheme

LINK_FIELDS = ("url", "code", "download")
UNSAFE_SCHEMES = ("javascript", "data", "vbscript", "file")
# Characters that end a sentence rather than a URL when pasted after a link.
TRAILING_PUNCTUATION = ".,;:!?'\"*"


def strip_trailing_punctuation(url: str) -> str:
    """The fix for PC203: drop sentence punctuation, and a ')' or ']' that opens nowhere."""
    while url:
        last = url[-1]
        if last in TRAILING_PUNCTUATION:
            url = url[:-1]
        elif last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif last == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url


def _links(catalog: Catalog) -> Iterator[tuple[int, Entry, str, str]]:
    for index, entry in enumerate(catalog.entries):
        for field_name in LINK_FIELDS:
            value = getattr(entry, field_name)
            if value:
                yield index, entry, field_name, value


@rule("PC201", "url-not-absolute", "error", fixable=True)
def url_not_absolute(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """A link is not an absolute http(s) URL.

    GitHub resolves a relative link such as `arXiv:2306.08568` or `arxiv.org/abs/...`
    against the README's own address, so the reader lands on a 404 page. When the text
    holds an arXiv id, the fix replaces the `url` with the paper's canonical abs URL;
    other links need a person to find the right address.
    """
    for index, entry, field_name, value in _links(catalog):
        if is_absolute_http_url(value) or url_scheme(value) in UNSAFE_SCHEMES:
            continue
        found = parse_arxiv(value) if field_name == "url" else None
        if found:
            fixed = canonical_arxiv_url(found[0])
            yield entry_problem(index, entry, field_name, f"{field_name} '{value}' is not an absolute http(s) URL; use {fixed}", fixed, fixable=True)
        else:
            yield entry_problem(index, entry, field_name, f"{field_name} '{value}' is not an absolute http(s) URL; write the full https:// address")


@rule("PC202", "url-unsafe-scheme", "error")
def url_unsafe_scheme(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """A link uses a scheme that runs code or reads local files (`javascript:`, `data:`, `vbscript:`, `file:`).

    Such a link does nothing useful in a paper list and can do harm where the rendered
    list is shown outside GitHub's sanitizer. Replace it with the paper's https:// address.
    """
    for index, entry, field_name, value in _links(catalog):
        scheme = None if value.startswith("http") else url_scheme(value)
        if scheme in UNSAFE_SCHEMES:
            yield entry_problem(index, entry, field_name, f"{field_name} uses the unsafe '{scheme}:' scheme; use an https:// link")
    for index, entry in enumerate(catalog.entries):  # `edit` keeps a replaced link here: it is still a link
        for value in entry.aliases:
            scheme = None if value.startswith("http") else url_scheme(value)
            if scheme in UNSAFE_SCHEMES:
                yield entry_problem(index, entry, "aliases", f"aliases holds a link with the unsafe '{scheme}:' scheme; remove it")


@rule("PC203", "url-trailing-punctuation", "error", fixable=True)
def url_trailing_punctuation(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """A link ends in punctuation that belongs to the surrounding sentence, e.g. `https://github.com/nlpxucan/WizardLM.`

    The extra character is part of the request, so the link opens a 404 page. The fix
    strips trailing `.`, `,`, `;`, `:`, `!`, `?`, quotes, and a closing bracket that
    opens nowhere in the URL (so Wikipedia-style `Foo_(bar)` links are kept).
    """
    for index, entry, field_name, value in _links(catalog):
        if value[-1] not in TRAILING_PUNCTUATION and value[-1] not in ")]" or not is_absolute_http_url(value):
            continue
        fixed = strip_trailing_punctuation(value)
        if fixed != value:
            yield entry_problem(index, entry, field_name, f"{field_name} ends in '{value[len(fixed) :]}'; use {fixed}", fixed, fixable=True)


def canonical_arxiv_fix(url: str) -> Optional[str]:
    """The canonical abs URL for an arXiv link in another form (pdf, versioned, http), else None."""
    arxiv_id = arxiv_id_in_url(url)
    if not arxiv_id:
        return None
    canonical = canonical_arxiv_url(arxiv_id)
    return canonical if canonical != url and is_arxiv_url(url) else None


@rule("PC204", "arxiv-url-not-canonical", "error", fixable=True)
def arxiv_url_not_canonical(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """An entry's arXiv link is a pdf, a pinned version or another non-canonical form.

    arXiv asks people to link the abs page (`https://arxiv.org/abs/2405.14333`): it shows
    the latest version, the abstract and every format, and it is the form duplicate
    detection and rendering expect. The fix rewrites the `url` to that form. If a
    specific version is really meant, silence the rule on the entry with a reason.
    """
    for index, entry in enumerate(catalog.entries):
        if not entry.url:
            continue
        fixed = canonical_arxiv_fix(entry.url)
        if fixed is None:
            continue
        found = parse_arxiv(entry.url)
        if found and found[1]:
            why = f"pins version v{found[1]}"
        elif "/pdf" in entry.url.lower():
            why = "links the pdf"
        else:
            why = "is not the canonical abs URL"
        yield entry_problem(index, entry, "url", f"arXiv url {why}; use {fixed}", fixed, fixable=True)
