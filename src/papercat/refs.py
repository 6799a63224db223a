"""Resolve what a user typed (REF) to one entry: an entry id, an arXiv id or URL, a DOI, a URL, or a title.

Tried in that order, so an exact id always wins over a title that happens to look like it.
A REF that matches several entries is an error listing them (the user picks an id), never a guess.
"""

from __future__ import annotations

from typing import Optional

from .catalog import Catalog, Entry
from .dedupe import entry_arxiv_ids, entry_dois, links_to, normalize_title
from .errors import AmbiguousReferenceError, NotFoundError
from .ids import arxiv_id_from_text, doi_from_text, normalize_url

# A fuzzy title match must score at least this (rapidfuzz WRatio on normalized titles)...
TITLE_MATCH_SCORE = 90.0
# ...and beat the runner-up by this much; otherwise the REF is ambiguous.
TITLE_MATCH_MARGIN = 5.0
_SUGGESTION_SCORE = 60.0
CONTAINED_WORDS_SCORE = 95.0
_LISTED = 8
_KIND_NAMES = {"arxiv": "arXiv id", "doi": "DOI", "url": "URL"}


def resolve_entry(catalog: Catalog, ref: str) -> Entry:
    """The one entry `ref` names; NotFoundError or AmbiguousReferenceError (listing candidates) otherwise."""
    text = (ref or "").strip()
    if not text:
        raise NotFoundError("the entry reference is empty; give an entry id, an arXiv id, a DOI or a title")
    exact = catalog.entry_by_id(text)
    if exact is not None:
        return exact

    by_link = _match_by_link(catalog, text)
    if by_link is not None:
        kind, key, matches = by_link
        # An entry whose own link is this one beats entries that only keep it as an alias
        # (a wrong link fixed with `papercat edit` stays in the aliases of the fixed entry).
        own = [entry for entry in matches if not _only_in_aliases(entry, kind, key)]
        return _one(own or matches, ref, _KIND_NAMES[kind])

    wanted = normalize_title(text)
    same_title = [entry for entry in catalog.entries if normalize_title(entry.title) == wanted]
    if same_title:
        return _one(same_title, ref, "title")
    return _fuzzy_title(catalog, ref, wanted)


def _match_by_link(catalog: Catalog, text: str) -> Optional[tuple[str, str, list[Entry]]]:
    """(kind, key, entries sharing it) for the arXiv id, DOI or URL in `text`; None when `text` is not a link or id."""
    looks_like_link = "://" in text or text.lower().startswith(("arxiv:", "doi:", "10."))
    arxiv = arxiv_id_from_text(text)
    if arxiv and (looks_like_link or _is_bare_id(text, arxiv[0])):
        return "arxiv", arxiv[0], [entry for entry in catalog.entries if arxiv[0] in entry_arxiv_ids(entry)]
    doi = doi_from_text(text) if looks_like_link else None
    if doi:
        return "doi", doi, [entry for entry in catalog.entries if doi in entry_dois(entry) or (entry.doi or "").lower() == doi]
    if "://" in text:
        wanted = normalize_url(text)
        return "url", wanted, [
            entry
            for entry in catalog.entries
            if any(normalize_url(link) == wanted for link in (entry.url, *entry.aliases) if link)
        ]
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


def _fuzzy_title(catalog: Catalog, ref: str, wanted: str) -> Entry:
    from rapidfuzz import fuzz, process

    titles = [normalize_title(entry.title) for entry in catalog.entries]
    scores: dict[int, float] = {}
    for _, score, index in process.extract(wanted, titles, scorer=fuzz.WRatio, limit=_LISTED, score_cutoff=_SUGGESTION_SCORE):
        scores[index] = score
    # Every word of the REF in a title ("wizardmath", "self instruct") is a strong match even
    # when the REF is much shorter than the title, which WRatio scores low.
    words = set(wanted.split())
    for index, title in enumerate(titles):
        if words and words <= set(title.split()):
            scores[index] = max(scores.get(index, 0.0), CONTAINED_WORDS_SCORE)
    scored = sorted(((titles[i], score, i) for i, score in scores.items()), key=lambda item: (-item[1], item[2]))
    if not scored:
        raise NotFoundError(f"no entry matches '{ref}'; give an entry id, an arXiv id, a DOI or a title")
    best_score = scored[0][1]
    close = [catalog.entries[index] for _, score, index in scored if score >= best_score - TITLE_MATCH_MARGIN]
    if best_score >= TITLE_MATCH_SCORE and len(close) == 1:
        return close[0]
    candidates = [catalog.entries[index] for _, score, index in scored]
    if best_score >= TITLE_MATCH_SCORE:
        raise AmbiguousReferenceError(f"'{ref}' matches several titles; use one of their ids: {_listing(close)}")
    raise NotFoundError(f"no entry matches '{ref}'; closest: {_listing(candidates[:3])}")


def _listing(entries: list[Entry]) -> str:
    return "; ".join(f"{entry.id} ({shorten(entry.title)})" for entry in entries[:_LISTED])


def shorten(text: str, width: int = 60) -> str:
    """`text` cut to `width` characters, ending in "..." when cut."""
    return text if len(text) <= width else text[: width - 3] + "..."
