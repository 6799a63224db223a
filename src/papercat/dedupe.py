"""Find entries that are the same paper (duplicates) and links shared by different papers (conflicts).

Pure functions over a Catalog. Candidate pairs come only from blocking (shared arXiv ids,
DOIs, URLs, equal normalized titles, and an inverted index over each title's rarest
tokens), so the cost grows with the number of entries, not with its square; rapidfuzz
scores only those candidates.

Precision rules (a false "duplicate" invites a merge that loses a paper):
- a shared id or URL makes a duplicate only when the titles agree; otherwise it is a
  conflict (one of the links is wrong);
- titles never agree across a different number or roman numeral ("II", "2", "v3", a year);
- a fuzzy title match with no shared id also needs the same name before the colon
  ("WizardLM: ..." is not "WizardMath: ..."), the same name-like tokens ("LLaMA", "GPT"),
  no two different arXiv ids or DOIs, and the same year.
The `code` field is never evidence: one repository often serves several papers.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Optional, Union

from .blocking import fuzzy_candidates
from .catalog import Catalog, Entry
from .generic_titles import is_generic_title
from .identity import TitleSimilarity, keys_of, link_key, links_to, normalize_title, title_head, title_words

if TYPE_CHECKING:
    from typing import TypedDict

    from typing_extensions import NotRequired

    class EvidenceData(TypedDict):
        kind: str
        score: float
        detail: NotRequired[str]

    class DuplicateGroupData(TypedDict):
        entries: list[str]
        evidence: list[EvidenceData]

    class ConflictData(TypedDict):
        key: str
        entries: list[str]
        wrong: Optional[str]

    class DedupeData(TypedDict):
        """The documented JSON shape of `papercat dedupe --format json`."""

        duplicates: list[DuplicateGroupData]
        conflicts: list[ConflictData]


__all__ = [
    "DEFAULT_THRESHOLD", "Conflict", "DedupeReport", "DuplicateGroup", "Evidence", "entry_arxiv_ids", "entry_dois",
    "entry_links", "find_duplicates", "links_to", "normalize_title", "title_head", "title_words",
]  # fmt: skip

DEFAULT_THRESHOLD = TitleSimilarity.SAME_PAPER
# "published_twin": a venue service lists one entry's arXiv id and the other's DOI or ACL id as one paper.
EVIDENCE_KINDS = ("arxiv", "doi", "url", "title", "fuzzy_title", "published_twin")

# Known titles by arXiv id (e.g. from the metadata cache): a mapping or a lookup function.
KnownTitles = Union[Mapping[str, str], Callable[[str], Optional[str]]]

_ROMAN = frozenset("ii iii iv vi vii viii ix xi xii xiii xiv xv".split())
_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Evidence:
    """Why two entries are the same paper: a kind from EVIDENCE_KINDS and a 0-100 score."""

    kind: str
    score: float
    detail: str = ""  # for published_twin: which service said so, e.g. "Semantic Scholar lists arXiv 2212.10560 as ACL 2023.acl-long.754"


@dataclass
class DuplicateGroup:
    """Entries (ids, in catalog order) that are one paper, with every kind of evidence found."""

    entries: list[str]
    evidence: list[Evidence]


@dataclass
class Conflict:
    """One id or URL (`key`, e.g. `arxiv:2307.08701`) shared by entries that are different papers.

    `wrong` names the entry whose link is wrong when known metadata (or another listing
    of the same title under its own id) says so, else None.
    """

    key: str
    entries: list[str]
    wrong: Optional[str] = None


@dataclass
class DedupeReport:
    duplicates: list[DuplicateGroup] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def found_anything(self) -> bool:
        return bool(self.duplicates or self.conflicts)

    def to_data(self) -> DedupeData:
        """The documented JSON shape of `papercat dedupe --format json`."""
        return {
            "duplicates": [{"entries": list(group.entries), "evidence": [_evidence_data(e) for e in group.evidence]} for group in self.duplicates],
            "conflicts": [{"key": c.key, "entries": list(c.entries), "wrong": c.wrong} for c in self.conflicts],
        }


def _evidence_data(evidence: Evidence) -> EvidenceData:
    data: EvidenceData = {"kind": evidence.kind, "score": _round(evidence.score)}
    if evidence.detail:
        data["detail"] = evidence.detail
    return data


def _round(score: float) -> float:
    return round(float(score), 1)


# --- normalisation ------------------------------------------------------------------
# The title key and an entry's links are papercat.identity's; the names stay importable here.


def _sequel_markers(normalized: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Numbers and roman numerals: what tells "Textbooks ... II" or "LLaMA 2" from the original."""
    numbers = _DIGITS.findall(normalized)
    romans = [token for token in normalized.split() if token in _ROMAN]
    return tuple(numbers), tuple(sorted(romans))


def _name_tokens(title: str) -> frozenset[str]:
    """Tokens written like model names (WizardLM, LLaMA, GPT, phi1): capitals after the first letter."""
    names = set()
    text = title or ""
    for token in _WORD.findall(text if text.isascii() else unicodedata.normalize("NFKC", text)):
        tail = token[1:]
        if tail != tail.lower():
            names.add(token.casefold())
    return frozenset(names)


# --- per-entry keys -------------------------------------------------------------------


@dataclass
class _Profile:
    index: int
    entry: Entry
    title: str  # normalized
    tokens: frozenset[str]
    arxiv: set[str]
    dois: set[str]
    urls: set[str]

    # Needed only when a candidate pair is compared (a few hundred in 10k entries): lazy.
    @cached_property
    def head(self) -> str:
        return title_head(self.entry.title)

    @cached_property
    def markers(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return _sequel_markers(self.title)

    @cached_property
    def names(self) -> frozenset[str]:
        return _name_tokens(self.entry.title)


_link_keys = link_key
entry_links = keys_of


def entry_arxiv_ids(entry: Entry) -> set[str]:
    """Every arXiv id an entry carries: its `arxiv` field, its url and its aliases (versions dropped)."""
    return entry_links(entry)[0]


def entry_dois(entry: Entry) -> set[str]:
    """Every non-arXiv DOI an entry carries (arXiv's own DOIs count as arXiv ids instead)."""
    return entry_links(entry)[1]


def _profile(index: int, entry: Entry) -> _Profile:
    # A generic title ("link", "[pdf]") names no paper: it is never evidence of a duplicate.
    words = [] if is_generic_title(entry.title) else title_words(entry.title)
    return _Profile(index, entry, " ".join(words), frozenset(words), *entry_links(entry))


# --- pair rules ------------------------------------------------------------------------


def _ratio(a: str, b: str, cutoff: float = 0.0) -> float:
    # imported on first use, not at import time, so `papercat --help` does not pay for it
    global _fuzz_ratio
    if _fuzz_ratio is None:
        from rapidfuzz.fuzz import ratio

        _fuzz_ratio = ratio
    return _fuzz_ratio(a, b, score_cutoff=cutoff)


_fuzz_ratio: Optional[Callable[..., float]] = None  # rapidfuzz.fuzz.ratio, once imported


def titles_agree_given_shared_id(a: _Profile, b: _Profile, threshold: float) -> tuple[bool, float]:
    """Do two titles that share an id name the same paper? Typos and renames under one name are fine."""
    if a.title == b.title or not a.title or not b.title:  # a generic title says nothing either way
        return True, 100.0
    if a.markers != b.markers:
        return False, 0.0
    score = _ratio(a.title, b.title)
    if score >= threshold:
        return True, score
    # arXiv lets authors retitle a paper: "Magicoder: Source Code Is All You Need" became
    # "Magicoder: Empowering Code Generation with OSS-Instruct". The name before the colon stays.
    if a.head and a.head == b.head:
        return True, score
    return False, score


def _fuzzy_match(a: _Profile, b: _Profile, threshold: float) -> float:
    """The fuzzy score when two entries with no shared id are the same paper, else 0."""
    # The cheap tests first: most candidate pairs differ in year or id.
    if a.entry.year and b.entry.year and a.entry.year != b.entry.year:
        return 0.0
    if a.arxiv and b.arxiv and not (a.arxiv & b.arxiv):
        return 0.0
    if a.dois and b.dois and not (a.dois & b.dois):
        return 0.0
    if a.markers != b.markers or a.head != b.head:
        return 0.0
    if (a.names - b.tokens) or (b.names - a.tokens):
        return 0.0
    return _ratio(a.title, b.title, threshold)


def _exact_title_match(a: _Profile, b: _Profile) -> bool:
    """Equal normalized titles, unless the years are far apart (a preprint and its venue may differ by one)."""
    if a.entry.year and b.entry.year and abs(a.entry.year - b.entry.year) > 1:
        return False
    return True


# --- union-find --------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller index is the root, so a group's root is its first entry
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


# --- detection ---------------------------------------------------------------------------


def find_duplicates(
    catalog: Catalog,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    metadata: Optional[KnownTitles] = None,
    twins: Iterable[tuple[str, str, str]] = (),
) -> DedupeReport:
    """Groups of entries that are one paper, and ids/URLs shared by different papers.

    `threshold` is the minimum rapidfuzz ratio (0-100, on normalized titles) for a fuzzy
    title match. `metadata` gives the true title of an arXiv id where it is known (e.g. from
    the metadata cache); it only decides which entry of a conflict is wrong. `twins` are pairs of
    entry ids a venue service says are one paper (papercat.twins reads them from the cache), each
    with the evidence in words. Nothing is fetched.
    """
    profiles = [_profile(index, entry) for index, entry in enumerate(catalog.entries)]
    known_title = _known_title_lookup(metadata)
    union = _UnionFind(len(profiles))
    edges: dict[tuple[int, int], dict[str, float]] = defaultdict(dict)

    def link(i: int, j: int, kind: str, score: float) -> None:
        pair = (i, j) if i < j else (j, i)
        kinds = edges[pair]
        kinds[kind] = min(kinds.get(kind, 100.0), score)
        union.union(i, j)

    by_title: dict[str, list[int]] = defaultdict(list)
    for profile in profiles:
        if profile.title:
            by_title[profile.title].append(profile.index)
    conflicts: list[tuple[int, Conflict]] = []
    for kind, key, members in _id_buckets(profiles):
        clusters = _cluster_by_title(members, profiles, threshold, link, kind)
        if sum(1 for cluster in clusters if any(links_to(profiles[i].entry, kind, key) for i in cluster)) > 1:
            ids = [profiles[i].entry.id for i in members]
            wrong = _wrong_entry(kind, key, clusters, profiles, by_title, known_title, threshold)
            conflicts.append((members[0], Conflict(key=f"{kind}:{key}", entries=ids, wrong=wrong)))

    for members in by_title.values():
        for position, a in enumerate(members):
            for b in members[position + 1 :]:
                if _exact_title_match(profiles[a], profiles[b]):
                    link(a, b, "title", 100.0)

    for a, b, score in fuzzy_candidates(profiles, threshold, _fuzzy_match):
        if _shares_link(profiles[a], profiles[b]) or profiles[a].title == profiles[b].title:
            continue
        link(a, b, "fuzzy_title", score)

    position_of = {profile.entry.id: profile.index for profile in profiles}
    twin_details: dict[int, str] = {}
    for first, second, detail in twins:
        if first in position_of and second in position_of and first != second:
            link(position_of[first], position_of[second], "published_twin", 100.0)
            twin_details.setdefault(position_of[first], detail)

    groups: dict[int, list[int]] = defaultdict(list)
    for profile in profiles:
        groups[union.find(profile.index)].append(profile.index)
    evidence_by_root: dict[int, dict[str, float]] = defaultdict(dict)
    for (a, _), kinds in edges.items():
        best = evidence_by_root[union.find(a)]
        for kind, score in kinds.items():
            best[kind] = min(best.get(kind, 100.0), score)
    duplicates = []
    for root in sorted(groups):
        members = groups[root]
        if len(members) < 2:
            continue
        best = evidence_by_root[root]
        details = "; ".join(twin_details[i] for i in members if i in twin_details)
        evidence = [Evidence(kind, best[kind], details if kind == "published_twin" else "") for kind in EVIDENCE_KINDS if kind in best]
        duplicates.append(DuplicateGroup(entries=[profiles[i].entry.id for i in members], evidence=evidence))
    conflicts.sort(key=lambda item: (item[0], item[1].key))
    return DedupeReport(duplicates=duplicates, conflicts=[conflict for _, conflict in conflicts])


def _known_title_lookup(metadata: Optional[KnownTitles]) -> Callable[[str], Optional[str]]:
    if metadata is None:
        return lambda arxiv_id: None
    if callable(metadata):
        return metadata
    return metadata.get


def _id_buckets(profiles: list[_Profile]) -> Iterable[tuple[str, str, list[int]]]:
    """(kind, key, entry indices) for every arXiv id, DOI and URL held by two or more entries."""
    by_kind: dict[str, dict[str, list[int]]] = {"arxiv": {}, "doi": {}, "url": {}}
    for profile in profiles:
        for kind, keys in (("arxiv", profile.arxiv), ("doi", profile.dois), ("url", profile.urls)):
            if keys:
                bucket = by_kind[kind]
                for key in keys:
                    holders = bucket.get(key)
                    if holders is None:
                        bucket[key] = [profile.index]
                    else:
                        holders.append(profile.index)
    shared = [(members[0], kind, key, members) for kind, bucket in by_kind.items() for key, members in bucket.items() if len(members) > 1]
    for _, kind, key, members in sorted(shared):
        yield kind, key, members


def _cluster_by_title(
    members: list[int], profiles: list[_Profile], threshold: float, link: Callable[[int, int, str, float], None], kind: str
) -> list[list[int]]:
    """Split the holders of one id into papers by title; link the entries within each paper."""
    clusters: list[list[int]] = []
    for index in members:
        for cluster in clusters:
            agree, score = titles_agree_given_shared_id(profiles[cluster[0]], profiles[index], threshold)
            if agree:
                link(cluster[0], index, kind, 100.0)
                if profiles[cluster[0]].title == profiles[index].title:
                    link(cluster[0], index, "title", 100.0)
                elif score >= threshold:
                    link(cluster[0], index, "fuzzy_title", score)
                cluster.append(index)
                break
        else:
            clusters.append([index])
    return clusters


def _wrong_entry(
    kind: str,
    key: str,
    clusters: list[list[int]],
    profiles: list[_Profile],
    by_title: Mapping[str, list[int]],
    known_title: Callable[[str], Optional[str]],
    threshold: float,
) -> Optional[str]:
    """The one entry whose link is wrong, if the evidence says so; None when unsure."""
    if kind == "arxiv":
        title = known_title(key)
        if title:
            truth = _profile(-1, Entry(id="", title=title))
            wrong = [i for cluster in clusters for i in cluster if not titles_agree_given_shared_id(truth, profiles[i], threshold)[0]]
            right = [i for cluster in clusters for i in cluster if i not in wrong]
            return profiles[wrong[0]].entry.id if len(wrong) == 1 and right else None
    # Without metadata: an entry whose title is also listed elsewhere under its own
    # link most likely borrowed this one by mistake (TinyStories with AlpaGasus's id).
    members = {i for cluster in clusters for i in cluster}
    listed_elsewhere = [i for i in sorted(members) if any(other not in members and _has_link(profiles[other]) for other in by_title.get(profiles[i].title, ()))]
    if len(listed_elsewhere) == 1:
        return profiles[listed_elsewhere[0]].entry.id
    return None


def _shares_link(a: _Profile, b: _Profile) -> bool:
    """Do two entries hold a common arXiv id, DOI or URL? (Their pair was judged by its id bucket.)"""
    return bool(a.arxiv & b.arxiv or a.dois & b.dois or a.urls & b.urls)


def _has_link(profile: _Profile) -> bool:
    return bool(profile.arxiv or profile.dois or profile.urls)
