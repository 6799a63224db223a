"""Which paper is this entry? One owner for an entry's keys, the arXiv-link policy, the title
similarity scale and the index of a loaded catalog.

Import, add, refresh, dedupe, lint, edit, merge and the REF resolver all ask this module, so
they give one answer: before, a publisher link such as
`https://www.example.org/papers/2305.07759.pdf` was arXiv 2305.07759 to import and dedupe and
no arXiv paper to lint, and import's answer made lint report a conflict that was not there.

The arXiv-link policy: in a link (anything with `://`, or a bare `www.host/...` or `host.tld/...`)
only these carry an arXiv id:
- arXiv's own site and its mirrors (`ids.ARXIV_HOSTS`: arxiv.org and its subdomains, ar5iv);
- pages named by the arXiv id alone: `huggingface.co/papers/<id>`, `alphaxiv.org/abs/<id>`,
  `semanticscholar.org/arxiv/<id>`;
- arXiv's DOI (`doi.org/10.48550/arXiv.<id>`) and dblp's CoRR records (`corr/abs-2305-07759`).
Digits in any other site's URL are that site's business, never an arXiv id. In text that is no
link (an id typed alone, `arXiv:2305.07759`, `hep-th/9901001`, a citation), the first id is the id.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property, lru_cache
from typing import Iterable, Optional
from urllib.parse import unquote

from .catalog import Catalog, Entry
from .ids import (
    ARXIV_HOSTS,
    OLD_STYLE_ARCHIVES,
    arxiv_id_from_text,
    canonical_arxiv_url,
    doi_from_text,
    host_of,
    is_arxiv_doi,
    is_bare_arxiv_id,
    normalize_url,
)

__all__ = [
    "CatalogIndex",
    "TitleSimilarity",
    "arxiv_id_in",
    "entry_arxiv_id",
    "keys_of",
    "link_key",
    "links_to",
    "normalize_title",
    "title_head",
    "title_words",
]


# --- the title key and the similarity scale -----------------------------------------------


def normalize_title(title: str) -> str:
    """A comparison key for titles: NFKC (full-width and ligatures fold), casefold, punctuation to spaces."""
    return " ".join(title_words(title))


def title_words(title: str) -> list[str]:
    """The words of normalize_title's key."""
    text = title or ""
    # fast path: same answer as the NFKC route for ASCII titles, checked by
    # tests/test_dedupe.py::test_the_ascii_title_fast_path_is_the_general_normalization
    if text.isascii():  # most titles: one byte-table pass folds case and blanks punctuation
        return text.encode("ascii").translate(_ASCII_FOLD).decode("ascii").split()
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split()


_NON_WORD = re.compile(r"[\W_]+")
# What normalize_title does to an ASCII byte: letters lower-cased, digits kept, the rest a space.
_ASCII_FOLD = bytes(byte + 32 if 65 <= byte <= 90 else byte if (48 <= byte <= 57 or 97 <= byte <= 122) else 32 for byte in range(256))


def title_head(title: str) -> str:
    """The name before the first colon ("WizardLM" in "WizardLM: Empowering ..."), normalized; '' if none.

    Only short heads count: a long clause before a colon is a sentence, not a name.
    """
    if ":" not in (title or ""):
        return ""
    head = normalize_title(title.split(":", 1)[0])
    return head if 0 < len(head.split()) <= 4 else ""


class TitleSimilarity:
    """One scale for "how alike are two titles": rapidfuzz scores (0-100) on title keys.

    Each command compares at the level its question needs; the levels are named here once.
    """

    # dedupe's default --threshold: two titles with no shared id are one paper (ratio).
    SAME_PAPER = 92.0
    # add warns that a new title nearly repeats one in the catalog (ratio); a REF names a
    # title when it scores this (WRatio) and no other title comes close.
    NEAR_IDENTICAL = 90.0
    # refresh and lint PC307: at or above, a changed title is a misspelling, not another title (ratio).
    TYPO = 80.0
    # refresh: a renamed paper still shares this many words (token_set_ratio); the floor of a
    # REF's suggestions (WRatio).
    RELATED = 60.0


# --- the arXiv-link policy ------------------------------------------------------------------

# A link papercat reads the host of: a scheme, or a bare `www.` / `host.tld/` start.
_SCHEME_HOST = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#]*)")
_BARE_HOST = re.compile(r"^\s*((?:[a-zA-Z0-9-]+\.)+[a-zA-Z]{2,})(?::\d+)?(?=[/?#]|$)")
_OLD_ARCHIVES = frozenset(OLD_STYLE_ARCHIVES)
# Pages named by an arXiv id alone, on hosts that are not arXiv's: host -> path prefix.
ARXIV_ID_PAGES = {"huggingface.co": "/papers/", "alphaxiv.org": "/", "semanticscholar.org": "/arxiv/"}
_DBLP_HOSTS = ("dblp.org", "dblp.uni-trier.de", "dblp.dagstuhl.de")
_DOI_HOSTS = ("doi.org", "dx.doi.org")
# fast path: same answer as arxiv_id_in's general route for the forms almost every entry uses,
# checked by tests/test_identity.py::test_every_consumer_reads_the_same_arxiv_id_from_each_url_shape
_CANONICAL_ABS = re.compile(r"https://arxiv\.org/abs/(\d{4}\.\d{4,5})")
_MEMO_SIZE = 1 << 16


def _link_host(text: str) -> Optional[str]:
    """The host of a link (lower case, without `www.`, port or user), or None when `text` is no link."""
    match = _SCHEME_HOST.match(text)
    if match:
        netloc = match.group(1)
        if "\t" in netloc or "\r" in netloc or "\n" in netloc:  # urlsplit drops these before splitting
            netloc = netloc.replace("\t", "").replace("\r", "").replace("\n", "")
        return host_of(netloc)
    bare = _BARE_HOST.match(text)
    if bare and bare.group(1).split(".", 1)[0].lower() not in _OLD_ARCHIVES:  # math.GT/0309136 is an id
        return host_of(bare.group(1))
    return None


def _path_of(text: str) -> str:
    rest = text.split("://", 1)[-1]
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else ""


@lru_cache(maxsize=_MEMO_SIZE)
def arxiv_id_in(text: Optional[str]) -> Optional[tuple[str, Optional[int]]]:
    """(id, version or None) of the arXiv paper `text` names, under the policy above; None if none."""
    if not text:
        return None
    canonical = _CANONICAL_ABS.fullmatch(text)
    if canonical and is_bare_arxiv_id(canonical.group(1)):
        return canonical.group(1), None
    if is_bare_arxiv_id(text):
        return text, None
    host = _link_host(text)
    if host is None:
        return arxiv_id_from_text(text)
    if host in ARXIV_HOSTS or host.endswith(".arxiv.org"):
        return arxiv_id_from_text(text)
    prefix = ARXIV_ID_PAGES.get(host)
    if prefix is not None:
        return arxiv_id_from_text(text) if _path_of(text).startswith(prefix) else None
    if host in _DOI_HOSTS:
        doi = doi_from_text(text)
        return arxiv_id_from_text(doi) if doi and is_arxiv_doi(doi) else None
    if host in _DBLP_HOSTS:
        return arxiv_id_from_text(text) if "corr/abs-" in unquote(text).lower() else None
    return None


def arxiv_id_with_version(text: Optional[str]) -> Optional[str]:
    """`2305.07759v2` when a version is written, else the bare id; None when `text` names no arXiv paper."""
    found = arxiv_id_in(text)
    if not found:
        return None
    value, version = found
    return f"{value}v{version}" if version else value


def entry_arxiv_id(entry: Entry) -> Optional[str]:
    """The entry's arXiv id: its `arxiv` field when that parses, else its url's (versions dropped)."""
    if entry.arxiv:
        found = arxiv_id_in(entry.arxiv)
        if found:
            return found[0]
    found = arxiv_id_in(entry.url)
    return found[0] if found else None


# --- an entry's keys -------------------------------------------------------------------------


def link_key(text: str) -> tuple[str, str]:
    """('arxiv' | 'doi' | 'url' | '', key) for one link text of an entry."""
    parsed = arxiv_id_in(text)
    if parsed:
        return "arxiv", parsed[0]
    doi = doi_from_text(text)
    if doi:
        # arXiv's own DOIs (10.48550/arXiv.<id>) count as arXiv ids, read above
        return ("doi", doi) if not is_arxiv_doi(doi) else ("", "")
    if "://" in text:
        return "url", normalize_url(text)
    return "", ""


def keys_of(entry: Entry) -> tuple[set[str], set[str], set[str]]:
    """(arXiv ids, DOIs, normalized other URLs) from the entry's arxiv, doi, url and aliases; versions dropped."""
    # An `arxiv` field holding a bare id is its own key, and so is its abs page: read neither.
    bare = entry.arxiv if entry.arxiv and is_bare_arxiv_id(entry.arxiv) else None
    own_page = canonical_arxiv_url(bare) if bare else None
    # fast path: same answer as the loop below, checked by tests/test_dedupe.py::test_entry_links_read_what_each_link_read_alone_gives
    if bare and not entry.doi and not entry.aliases and (not entry.url or entry.url == own_page):
        return {bare}, set(), set()  # most entries
    arxiv: set[str] = set()
    dois: set[str] = set()
    urls: set[str] = set()
    if bare:
        arxiv.add(bare)
    for text in (entry.arxiv, entry.doi, entry.url, *entry.aliases):
        if not text or own_page and (text is entry.arxiv or text is entry.url and text == own_page):
            continue
        kind, key = link_key(text.strip())
        if kind == "arxiv":
            arxiv.add(key)
        elif kind == "doi":
            dois.add(key)
        elif kind == "url" and text is not entry.doi:
            urls.add(key)
    return arxiv, dois, urls


def links_to(entry: Entry, kind: str, key: str) -> bool:
    """Does the entry's own link (arxiv, doi, url) carry this key? Aliases do not count.

    An alias is a link the entry was once listed under, kept by `edit` and merges so that old
    imports still match; a reader never follows it. A key that only an alias holds is no
    conflict, or fixing a wrong link with `papercat edit` would leave a conflict forever.
    """
    return any(text and link_key(text.strip()) == (kind, key) for text in (entry.arxiv, entry.doi, entry.url))


def url_keys(entry: Entry) -> set[str]:
    """The normalized url and aliases, arXiv's and DOI links included (what `add` compares URLs by)."""
    return {normalize_url(link) for link in (entry.url, *entry.aliases) if link}


# --- the index of a loaded catalog ----------------------------------------------------------


def _file_keys(by_key: dict[tuple[str, str], list[int]], position: int, entry: Entry) -> None:
    arxiv, dois, urls = keys_of(entry)
    keys: Iterable[tuple[str, str]] = [
        *(("arxiv", key) for key in arxiv),
        *(("doi", key) for key in dois),
        *(("url", key) for key in urls),
        *(("link", key) for key in url_keys(entry)),
    ]
    for key in dict.fromkeys(keys):
        by_key.setdefault(key, []).append(position)


class CatalogIndex:
    """A catalog's entries by id, by key and by title key, with their positions: built once.

    Keys are `("arxiv", id)`, `("doi", doi)`, `("url", normalized url)` as `keys_of` gives
    them, plus `("link", normalized url)` for every url and alias as written (for `add`'s
    "same URL" check and the REF resolver). Positions are built at once; keys and titles on
    first use, so a command that needs only positions pays for nothing else. `add` keeps the
    index in step with the catalog as it files entries (`append`).
    """

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.positions: dict[str, int] = {}
        for position, entry in enumerate(catalog.entries):
            self.positions.setdefault(entry.id, position)

    @classmethod
    def of(cls, catalog: Catalog) -> "CatalogIndex":
        return cls(catalog)

    @cached_property
    def by_key(self) -> dict[tuple[str, str], list[int]]:
        by_key: dict[tuple[str, str], list[int]] = {}
        for position, entry in enumerate(self.catalog.entries):
            _file_keys(by_key, position, entry)
        return by_key

    @cached_property
    def titles(self) -> list[str]:
        """Title keys, in catalog order."""
        return [normalize_title(entry.title) for entry in self.catalog.entries]

    @cached_property
    def by_title(self) -> dict[str, list[int]]:
        by_title: dict[str, list[int]] = {}
        for position, title in enumerate(self.titles):
            if title:
                by_title.setdefault(title, []).append(position)
        return by_title

    def append(self, entry: Entry) -> None:
        """File `entry` at the end of the catalog and of the index."""
        position = len(self.catalog.entries)
        self.catalog.entries.append(entry)
        self.positions.setdefault(entry.id, position)
        built = self.__dict__
        if "by_key" in built:
            _file_keys(self.by_key, position, entry)
        if "titles" in built:
            title = normalize_title(entry.title)
            self.titles.append(title)
            if "by_title" in built and title:
                self.by_title.setdefault(title, []).append(position)

    def entry(self, entry_id: str) -> Optional[Entry]:
        position = self.positions.get(entry_id)
        return self.catalog.entries[position] if position is not None else None

    def position(self, entry_id: str) -> Optional[int]:
        return self.positions.get(entry_id)

    def holders(self, kind: str, key: str) -> list[Entry]:
        """Entries carrying the key (`kind` 'arxiv', 'doi', 'url' or 'link'), in catalog order."""
        return [self.catalog.entries[position] for position in self.by_key.get((kind, key), ())]

    def with_title(self, title: str) -> list[Entry]:
        """Entries whose title key equals `title`'s."""
        return [self.catalog.entries[position] for position in self.by_title.get(normalize_title(title), ())]

    def find_existing(self, candidate: Entry) -> Optional[tuple[Entry, str]]:
        """The first entry already holding the candidate's arXiv id, DOI or URL, and which one matched."""
        arxiv_ids, dois, _ = keys_of(candidate)
        url = normalize_url(candidate.url) if candidate.url else ""
        wanted = [*(("arxiv", key) for key in arxiv_ids), *(("doi", key) for key in dois)]
        if url:
            wanted.append(("link", url))
        positions = [position for key in wanted for position in self.by_key.get(key, ())]
        if not positions:
            return None
        entry = self.catalog.entries[min(positions)]
        entry_arxiv, entry_dois, _ = keys_of(entry)
        if arxiv_ids & entry_arxiv:
            return entry, f"arXiv id {sorted(arxiv_ids & entry_arxiv)[0]}"
        if dois & entry_dois:
            return entry, f"DOI {sorted(dois & entry_dois)[0]}"
        return entry, f"URL {candidate.url}"
