"""Where a preprint was published: the services' answers weighed, venue names in the list's spelling.

Pure functions over the records papercat.sources.venue_lookup returns: no network, no files.
`judge_entry` turns one entry's records into a `VenueFinding` (a change, or an ambiguity that is
reported and never guessed); `apply_findings` writes the unambiguous ones into a catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .catalog import Catalog, Entry
from .identity import TitleSimilarity, arxiv_id_in, keys_of, normalize_title
from .ids import acl_id_from_text
from .sources.published import DBLP, OPENALEX, SEMANTIC_SCHOLAR, SOURCE_NAMES, PublishedRecord, VenueCandidate
from .text import collapse_whitespace

# A search hit with a title this close to the entry's (rapidfuzz ratio of normalized titles) is the
# same paper; between LOOSE and SAME it may be, and is reported rather than used.
SAME_TITLE_SCORE = TitleSimilarity.SAME_PAPER
LOOSE_TITLE_SCORE = TitleSimilarity.TYPO

# Values of `venue` that say "not published (yet)": such entries are the ones refresh --venues asks about.
PREPRINT_VENUES = frozenset({"", "arxiv", "corr", "preprint", "arxiv preprint", "biorxiv", "medrxiv", "ssrn", "openreview"})

# Full names the services use, to the short names paper lists use (then spelt as the list's lint
# venue table says). Checked in order; the first pattern found in the lower-cased name wins.
LONG_VENUE_NAMES: tuple[tuple[str, str], ...] = (
    (r"\bfindings of the association for computational linguistics\b.*\bemnlp\b|\bemnlp\b.*\bfindings\b|\bfindings\b.*\bemnlp\b", "Findings of EMNLP"),
    (r"\bfindings of the association for computational linguistics\b.*\bnaacl\b|\bnaacl\b.*\bfindings\b", "Findings of NAACL"),
    (r"\bfindings of the association for computational linguistics\b|\bacl\b.*\bfindings\b|\bfindings\b.*\bacl\b", "Findings of ACL"),
    (r"\bneural information processing systems\b|\bneurips\b|\bnips\b", "NeurIPS"),
    (r"\binternational conference on learning representations\b|\biclr\b", "ICLR"),
    (r"\binternational conference on machine learning\b|\bicml\b", "ICML"),
    (r"\bempirical methods in natural language processing\b|\bemnlp\b", "EMNLP"),
    (r"\bnorth american chapter of the association for computational linguistics\b|\bnaacl\b", "NAACL"),
    (r"\beuropean chapter of the association for computational linguistics\b|\beacl\b", "EACL"),
    (r"\btransactions of the association for computational linguistics\b|\btacl\b", "TACL"),
    (r"\bannual meeting of the association for computational linguistics\b|^acl\b", "ACL"),
    (r"\binternational conference on computational linguistics\b|\bcoling\b", "COLING"),
    (r"\bconference on language modeling\b|\bcolm\b", "COLM"),
    (r"computer vision and pattern recognition|\bcvpr\b", "CVPR"),
    (r"\binternational conference on computer vision\b|\biccv\b", "ICCV"),
    (r"\beuropean conference on computer vision\b|\beccv\b", "ECCV"),
    (r"\baaai conference on artificial intelligence\b|^aaai\b", "AAAI"),
    (r"\binternational joint conference on artificial intelligence\b|\bijcai\b", "IJCAI"),
    (r"knowledge discovery and data mining|\bkdd\b", "KDD"),
    (r"\binternational conference on web and social media\b|\bicwsm\b", "ICWSM"),
    (r"\btransactions on machine learning research\b|\btmlr\b", "TMLR"),
    (r"\bjournal of machine learning research\b|\bjmlr\b", "JMLR"),
    (r"\bproceedings of the national academy of sciences\b|\bpnas\b", "PNAS"),
)
_LONG_PATTERNS = tuple((re.compile(pattern), short) for pattern, short in LONG_VENUE_NAMES)
# dblp writes proceedings volumes and tracks after the venue: "ACL (1)", "ECCV (12)".
_VOLUME = re.compile(r"\s*\((?:\d+|long papers|short papers)\)\s*$", re.IGNORECASE)


def is_preprint_venue(venue: Optional[str]) -> bool:
    """True when an entry's venue says it is a preprint (or says nothing)."""
    text = re.sub(r"\s+\d{4}$", "", (venue or "").strip()).lower()
    return text in PREPRINT_VENUES


def is_workshop(name: str) -> bool:
    """A workshop's name: "... Workshop on ...", dblp's "DL4C @ ICLR"."""
    lower = name.lower()
    return "workshop" in lower or " @ " in lower


def canonical_venue(name: str, spellings: dict[str, str]) -> str:
    """A service's venue name in the list's spelling: "Neural Information Processing Systems" -> "NeurIPS".

    `spellings` is lint's venue table (lower-case spelling -> canonical), e.g. {"nips": "NeurIPS"}.
    A name neither table knows (most journals) is kept as the service writes it.
    """
    text = _VOLUME.sub("", collapse_whitespace(name))
    lower = text.lower()
    if lower in spellings:
        return spellings[lower]
    for pattern, short in _LONG_PATTERNS:
        if pattern.search(lower):
            return spellings.get(short.lower(), short)
    return text


@dataclass
class Evidence:
    """One source's word for a venue."""

    source: str  # SEMANTIC_SCHOLAR | DBLP | OPENALEX
    venue: str  # canonical
    year: Optional[int]
    kind: str
    doi: Optional[str]
    detail: str
    title_score: Optional[float] = None  # None: looked up by id, not by title
    year_used: bool = False  # this source's year is the finding's year

    def describe(self) -> str:
        # Semantic Scholar's year is usually the preprint's: shown only where no other source gives one.
        year = f" {self.year}" if self.year and (self.source != SEMANTIC_SCHOLAR or self.year_used) else ""
        match = f", title {self.title_score:.0f}% alike" if self.title_score is not None and self.title_score < 100 else ""
        return f"{SOURCE_NAMES[self.source]}: {self.venue}{year} ({self.detail}{match})"


@dataclass
class VenueFinding:
    """What the services say about one entry's venue: a change to make, or why none is made."""

    entry_id: str
    old_venue: Optional[str]
    old_year: Optional[int]
    venue: Optional[str] = None
    year: Optional[int] = None
    doi: Optional[str] = None
    evidence: list[Evidence] = field(default_factory=list)
    problem: Optional[str] = None  # set: ambiguous, reported and not applied
    hand_written: bool = False  # the entry already names a venue: only --force replaces it

    @property
    def applicable(self) -> bool:
        return self.problem is None and self.venue is not None

    def headline(self) -> str:
        """`arXiv 2023 -> ICLR 2024`, or the ambiguity."""
        old = " ".join(str(part) for part in (self.old_venue or "no venue", self.old_year) if part)
        if self.problem:
            return f"{old}: {self.problem}"
        new = " ".join(str(part) for part in (self.venue, self.year) if part)
        return f"{old} -> {new}"


def entry_keys(entry: Entry) -> list[str]:
    """The lookup keys of an entry, best first: its arXiv id, then its ACL Anthology id, then its DOI."""
    keys = []
    arxiv_ids, dois, _ = keys_of(entry)
    in_field = arxiv_id_in(entry.arxiv)
    if in_field:
        keys.append(f"arxiv:{in_field[0]}")
    keys.extend(f"arxiv:{value}" for value in sorted(arxiv_ids) if f"arxiv:{value}" not in keys)
    for link in [entry.url or "", *entry.aliases]:
        acl = acl_id_from_text(link)
        if acl and f"acl:{acl}" not in keys:
            keys.append(f"acl:{acl}")
    keys.extend(f"doi:{doi.lower()}" for doi in sorted(dois) if not doi.lower().startswith("10.48550/"))
    return list(dict.fromkeys(keys))


def title_score(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(normalize_title(a), normalize_title(b)))


def judge_entry(entry: Entry, records: list[PublishedRecord], spellings: dict[str, str], arxiv_title: Optional[str] = None) -> Optional[VenueFinding]:
    """The venue the records agree on for `entry`, an ambiguity, or None when there is nothing to say.

    Semantic Scholar's records were looked up by the entry's id, so they are the paper; DBLP and
    OpenAlex were searched by title, so a hit counts only when its title matches the entry's (or
    arXiv's current title) closely. Years: a dblp record's year is the venue's; Semantic Scholar
    often gives the preprint's year, so its year is used only when no other source gives one.
    """
    titles = [t for t in (entry.title, arxiv_title) if t]
    strong: list[Evidence] = []
    loose: list[Evidence] = []
    for record in records:
        for candidate in record.candidates:
            evidence = _evidence(record.source, candidate, spellings, titles)
            if evidence is None:
                continue
            (strong if evidence.title_score is None or evidence.title_score >= SAME_TITLE_SCORE else loose).append(evidence)
    finding = VenueFinding(entry.id, entry.venue, entry.year, hand_written=not is_preprint_venue(entry.venue))
    main = [e for e in strong if e.kind != "workshop"]
    workshops = [e for e in strong if e.kind == "workshop"]
    if not main:
        if workshops:
            finding.evidence = workshops
            finding.problem = (
                "only a workshop version was found ("
                + "; ".join(e.describe() for e in workshops)
                + "); not applied: set the venue by hand if that is where it appeared"
            )
            return finding
        if loose:
            finding.evidence = loose
            finding.problem = "a title matches only loosely (" + "; ".join(e.describe() for e in loose) + "); not applied: check it and set the venue by hand"
            return finding
        return None
    venues = list(dict.fromkeys(e.venue for e in main))
    if len(venues) > 1:
        finding.evidence = main
        finding.problem = "two candidate venues (" + "; ".join(e.describe() for e in main) + "); not applied: choose one by hand"
        return finding
    finding.venue = venues[0]
    finding.evidence = main + workshops
    finding.year = _venue_year(main)
    if finding.year and entry.year and finding.year < entry.year and all(e.source == SEMANTIC_SCHOLAR for e in main if e.year_used):
        finding.year = entry.year  # Semantic Scholar's year is often the preprint's: it never moves a year back
    finding.doi = next((e.doi for e in main if e.doi and e.source == DBLP), None) or next((e.doi for e in main if e.doi), None)
    if workshops:
        finding.problem = f"found at {finding.venue} and at a workshop (" + "; ".join(e.describe() for e in workshops) + "); not applied: choose by hand"
        return finding
    if finding.venue == entry.venue and (finding.year is None or finding.year == entry.year):
        return None
    return finding


def _evidence(source: str, candidate: VenueCandidate, spellings: dict[str, str], titles: list[str]) -> Optional[Evidence]:
    venue = canonical_venue(candidate.venue, spellings)
    if is_preprint_venue(venue):
        return None
    score = None
    if source != SEMANTIC_SCHOLAR:
        if not candidate.title:
            return None
        score = max(title_score(candidate.title, title) for title in titles)
        if score < LOOSE_TITLE_SCORE:
            return None
    kind = "workshop" if is_workshop(candidate.venue) else candidate.kind
    return Evidence(source, venue, candidate.year, kind, candidate.doi, candidate.evidence, score)


def _venue_year(evidence: list[Evidence]) -> Optional[int]:
    """dblp's year (the proceedings'), else OpenAlex's (the published work's), else Semantic Scholar's."""
    for source in (DBLP, OPENALEX, SEMANTIC_SCHOLAR):
        used = [e for e in evidence if e.source == source and e.year]
        if used:
            year = max(e.year for e in used if e.year)
            for e in used:
                e.year_used = e.year == year
            return year
    return None


def apply_findings(catalog: Catalog, findings: list[VenueFinding], force: bool = False) -> tuple[Catalog, list[VenueFinding]]:
    """Set venue and year (and the DOI, where the entry has none) for each applicable finding.

    The arXiv id and link stay; a hand-written venue is replaced only with `force`.
    """
    applied = []
    for finding in findings:
        if not finding.applicable or (finding.hand_written and not force):
            continue
        entry = catalog.entry_by_id(finding.entry_id)
        if entry is None:
            continue
        entry.venue = finding.venue
        if finding.year:
            entry.year = finding.year
        if finding.doi and not entry.doi:
            entry.doi = finding.doi
        applied.append(finding)
    return catalog, applied
