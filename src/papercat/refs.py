"""Resolve what a user typed (REF) to one entry: an entry id, an arXiv id or URL, a DOI, a URL, or a title.

Tried in that order, so an exact id always wins over a title that happens to look like it.
A REF that matches several entries is an error listing them (the user picks an id), never a guess.
"""

from __future__ import annotations

from typing import Optional

from .catalog import Catalog, Entry
from .errors import AmbiguousReferenceError, NotFoundError
from .identity import CatalogIndex, TitleSimilarity, arxiv_id_in, links_to, normalize_title
from .ids import doi_from_text, normalize_url
from .text import shorten

# A fuzzy title match must score at least this (rapidfuzz WRatio on normalized titles)...
TITLE_MATCH_SCORE = TitleSimilarity.NEAR_IDENTICAL
# ...and beat the runner-up by this much; otherwise the REF is ambiguous.
TITLE_MATCH_MARGIN = 5.0
_SUGGESTION_SCORE = TitleSimilarity.RELATED
CONTAINED_WORDS_SCORE = 95.0
_LISTED = 8
_KIND_NAMES = {"arxiv": "arXiv id", "doi": "DOI", "url": "URL"}


def resolve_entry(catalog: Catalog, ref: str, index: Optional[CatalogIndex] = None) -> Entry:
    """The one entry `ref` names; NotFoundError or AmbiguousReferenceError (listing candidates) otherwise.

    `index` is the catalog's CatalogIndex, for callers that resolve several REFs.
    """
    text = (ref or "").strip()
    if not text:
        raise NotFoundError("the entry reference is empty; give an entry id, an arXiv id, a DOI or a title")
    index = index or CatalogIndex.of(catalog)
    exact = index.entry(text)
    if exact is not None:
        return exact

    by_link = _match_by_link(index, text)
    if by_link is not None:
        kind, key, matches = by_link
        # An entry whose own link is this one beats entries that only keep it as an alias
        # (a wrong link fixed with `papercat edit` stays in the aliases of the fixed entry).
        own = [entry for entry in matches if not _only_in_aliases(entry, kind, key)]
        return _one(own or matches, ref, _KIND_NAMES[kind])

    wanted = normalize_title(text)
    same_title = index.with_title(text)
    if same_title:
        return _one(same_title, ref, "title")
    return _fuzzy_title(index, ref, wanted)


def _match_by_link(index: CatalogIndex, text: str) -> Optional[tuple[str, str, list[Entry]]]:
    """(kind, key, entries sharing it) for the arXiv id, DOI or URL in `text`; None when `text` is not a link or id."""
    looks_like_link = "://" in text or text.lower().startswith(("arxiv:", "doi:", "10."))
    arxiv = arxiv_id_in(text)
    if arxiv and (looks_like_link or _is_bare_id(text, arxiv[0])):
        return "arxiv", arxiv[0], index.holders("arxiv", arxiv[0])
    doi = doi_from_text(text) if looks_like_link else None
    if doi:
        holders = {id(entry): entry for entry in index.holders("doi", doi)}
        holders.update((id(entry), entry) for entry in index.catalog.entries if (entry.doi or "").lower() == doi)
        return "doi", doi, sorted(holders.values(), key=lambda entry: index.positions.get(entry.id, 0))
    if "://" in text:
        wanted = normalize_url(text)
        return "url", wanted, index.holders("link", wanted)
    return None


def _only_in_aliases(entry: Entry, kind: str, key: str) -> bool:
    """True when `entry` carries the `kind` ('arxiv', 'doi', 'url') `key` only under `aliases`."""
    if kind == "url":
        return not entry.url or normalize_url(entry.url) != key
    return not links_to(entry, kind, key) and not (kind == "doi" and (entry.doi or "").lower() == key)


def _is_bare_id(text: str, arxiv_id: str) -> bool:
    """`2305.07759` or `2305.07759v2` typed alone, not a title that contains a number."""
    lowered = text.lower()
    return lowered == arxiv_id or (lowered.startswith(arxiv_id + "v") and lowered[len(arxiv_id) + 1 :].isdigit())


def _one(matches: list[Entry], ref: str, kind: str) -> Entry:
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"no entry has the {kind} '{ref}'")
    raise AmbiguousReferenceError(f"'{ref}' matches {len(matches)} entries; use one of their ids: {_listing(matches)}")


def _fuzzy_title(index: CatalogIndex, ref: str, wanted: str) -> Entry:
    from rapidfuzz import fuzz, process

    catalog = index.catalog
    titles = index.titles
    scores: dict[int, float] = {}
    for _, score, position in process.extract(wanted, titles, scorer=fuzz.WRatio, limit=_LISTED, score_cutoff=_SUGGESTION_SCORE):
        scores[position] = score
    # Every word of the REF in a title ("wizardmath", "self instruct") is a strong match even
    # when the REF is much shorter than the title, which WRatio scores low.
    words = set(wanted.split())
    for position, title in enumerate(titles):
        if words and words <= set(title.split()):
            scores[position] = max(scores.get(position, 0.0), CONTAINED_WORDS_SCORE)
    scored = sorted(((titles[i], score, i) for i, score in scores.items()), key=lambda item: (-item[1], item[2]))
    if not scored:
        raise NotFoundError(f"no entry matches '{ref}'; give an entry id, an arXiv id, a DOI or a title")
    best_score = scored[0][1]
    close = [catalog.entries[position] for _, score, position in scored if score >= best_score - TITLE_MATCH_MARGIN]
    if best_score >= TITLE_MATCH_SCORE and len(close) == 1:
        return close[0]
    candidates = [catalog.entries[position] for _, score, position in scored]
    if best_score >= TITLE_MATCH_SCORE:
        raise AmbiguousReferenceError(f"'{ref}' matches several titles; use one of their ids: {_listing(close)}")
    raise NotFoundError(f"no entry matches '{ref}'; closest: {_listing(candidates[:3])}")


def _listing(entries: list[Entry]) -> str:
    return "; ".join(f"{entry.id} ({shorten(entry.title)})" for entry in entries[:_LISTED])
