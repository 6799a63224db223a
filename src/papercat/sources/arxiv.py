"""The arXiv API client: many ids per request, a safe Atom parser, results mapped back to ids.

Facts this follows (arXiv API User's Manual, and recorded responses in tests/fixtures/arxiv):
- `id_list` returns the listed papers, but `max_results` defaults to 10 even then, so it is
  always sent as the number of ids; long GET URLs fail with HTTP 414, so at most 100 ids go in
  one request.
- A well-formed id arXiv does not know is silently left out of the feed: results are matched to
  the requested ids here, and the missing ones are reported by name.
- A malformed id gives HTTP 400 with an Atom feed holding one entry titled "Error".
- Entry `<id>`s are `http://arxiv.org/abs/<id>v<N>`; titles and abstracts carry arXiv's
  line breaks and double spaces, which are collapsed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from ..errors import IdentifierError, SourceError
from ..ids import arxiv_id_from_text
from ..untrusted import shown
from .http import PoliteHttp
from .metadata import PaperMetadata, SourceResult, collapse, utc_timestamp, validated

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
ARXIV_API_ENV = "PAPERCAT_ARXIV_API"
MAX_IDS_PER_REQUEST = 100

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"


def arxiv_api_url(option: Optional[str] = None) -> str:
    """The API base URL: the command-line option, else $PAPERCAT_ARXIV_API, else arXiv's."""
    return option or os.environ.get(ARXIV_API_ENV) or DEFAULT_ARXIV_API


@dataclass
class ArxivClient:
    base_url: str = DEFAULT_ARXIV_API
    http: PoliteHttp = field(default_factory=lambda: PoliteHttp(service="the arXiv API"))
    batch_size: int = MAX_IDS_PER_REQUEST

    def fetch(self, arxiv_ids: Iterable[str], on_batch: Optional[Callable[[int], None]] = None, keep_going: bool = False) -> SourceResult:
        """Metadata for bare arXiv ids, in as few requests as arXiv allows; with `keep_going` a failed
        batch is recorded in `failed` and the next one is asked, instead of raising SourceError."""
        wanted = list(dict.fromkeys(arxiv_ids))
        result = SourceResult()
        for start in range(0, len(wanted), self.batch_size):
            batch = wanted[start : start + self.batch_size]
            params = {"id_list": ",".join(batch), "max_results": str(len(batch))}
            try:
                response = self.http.get(self.base_url, params=params, accept_statuses=(400,))
                if response.status == 400:
                    _raise_for_bad_request(response.body, f"the arXiv API at {shown(self.base_url, 160)}")
                entries = parse_feed(response.body, source_url=f"the arXiv API at {shown(self.base_url, 160)}")
            except SourceError as error:
                if not keep_going:
                    raise
                result.failed.update(dict.fromkeys(batch, error.message))  # the next batch may still work
                if on_batch:
                    on_batch(len(batch))
                continue
            by_id = {entry.id: entry for entry in entries}
            for arxiv_id in batch:
                if arxiv_id in by_id:
                    result.found[arxiv_id] = by_id[arxiv_id]
                else:
                    result.missing.append(arxiv_id)
            if on_batch:
                on_batch(len(batch))
        return result


class ArxivRejectedError(SourceError):
    """arXiv answered with an Error entry (e.g. a malformed id)."""


def _raise_for_bad_request(body: bytes, source_url: str) -> None:
    """HTTP 400 carries an Error entry saying why; report that, or the status if there is none."""
    try:
        parse_feed(body, source_url=source_url)
    except ArxivRejectedError:
        raise
    except SourceError:
        pass
    raise SourceError(f"{source_url} answered HTTP 400 (bad request) without saying why")


def parse_feed(body: bytes, source_url: str = "the arXiv API", fetched_at: Optional[str] = None) -> list[PaperMetadata]:
    """Papers in an arXiv Atom feed; an Error entry or unusable XML raises SourceError."""
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as safe_xml
    from defusedxml import DefusedXmlException

    try:
        # arXiv's feeds never declare a DTD or entities; one that does is refused outright
        # (that is how an "entity bomb" would arrive).
        root: Element = safe_xml.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise SourceError(f"{source_url} sent XML with a DTD or entity declarations; refused to read it (arXiv feeds have none)") from None
    except ParseError as error:
        raise SourceError(f"{source_url} sent a response that is not well-formed XML ({error}); try again later") from None
    if root.tag != f"{ATOM}feed":
        raise SourceError(f"{source_url} sent XML that is not an Atom feed (root element {_local(root.tag)})")
    fetched_at = fetched_at or utc_timestamp()
    papers = []
    for entry in root.findall(f"{ATOM}entry"):
        entry_id = _text(entry, f"{ATOM}id")
        title = _text(entry, f"{ATOM}title")
        if title == "Error" or "/api/errors" in entry_id:
            message = collapse(_text(entry, f"{ATOM}summary")) or entry_id
            raise ArxivRejectedError(f"arXiv rejected the request: {message}")
        papers.append(_paper_from_entry(entry, entry_id, fetched_at, source_url))
    return papers


def _paper_from_entry(entry: Element, entry_id: str, fetched_at: str, source_url: str) -> PaperMetadata:
    try:
        found = arxiv_id_from_text(entry_id)
    except IdentifierError as error:
        raise SourceError(f"{source_url} sent an entry whose id is unusable: {error.message}") from None
    if not found:
        raise SourceError(f"{source_url} sent an entry whose id '{shown(entry_id, 100)}' is not an arXiv id")
    arxiv_id, version = found
    published = _date(_text(entry, f"{ATOM}published"))
    primary = entry.find(f"{ARXIV}primary_category")
    category = primary.get("term") if primary is not None else None
    if not category:
        first = entry.find(f"{ATOM}category")
        category = first.get("term") if first is not None else None
    doi = _text(entry, f"{ARXIV}doi") or None
    return validated(
        {
            "id": arxiv_id,
            "source": "arxiv",
            "title": _text(entry, f"{ATOM}title"),
            "authors": [_text(author, f"{ATOM}name") for author in entry.findall(f"{ATOM}author")],
            "published": published,
            "year": int(published[:4]) if published else None,
            "updated": _date(_text(entry, f"{ATOM}updated")),
            "version": version,
            "category": category,
            "doi": doi.lower() if doi else None,
            "journal_ref": _text(entry, f"{ARXIV}journal_ref"),
            "abstract": _text(entry, f"{ATOM}summary"),
            "fetched_at": fetched_at,
            "comment": _text(entry, f"{ARXIV}comment"),
        },
        f"{source_url} (entry {arxiv_id})",
    )


def _text(element: Element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _date(text: str) -> Optional[str]:
    match = re.match(r"(\d{4}-\d{2}-\d{2})", text or "")
    return match.group(1) if match else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
