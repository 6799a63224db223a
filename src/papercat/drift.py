"""Planning `refresh`: which id to re-fetch for an entry, how it drifted from its source, applying it.

Pure functions over a Catalog and PaperMetadata: no files, no network, no terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from .catalog import Catalog, Entry
from .identity import TitleSimilarity, arxiv_id_in, keys_of, normalize_title, title_head
from .ids import PaperId
from .sources.metadata import PaperMetadata
from .text import collapse_whitespace, short_title

if TYPE_CHECKING:
    from .edits import FieldValue

# Levels of identity's title-similarity scale: a changed title at TYPO or above is a
# misspelling; below RELATED (token_set_ratio), with a different name before the colon, it is another paper.
TYPO_TITLE_SCORE = TitleSimilarity.TYPO
SAME_PAPER_TOKEN_SCORE = TitleSimilarity.RELATED


@dataclass
class Drift:
    """One field where the catalog and the source disagree."""

    entry_id: str
    field: str  # 'title' | 'year'
    kind: str  # 'title-typo' | 'title-style' | 'title-changed' | 'different-paper' | 'year'
    catalog_value: FieldValue  # a title (str) or a year (int or None)
    source_value: FieldValue
    source: str  # e.g. "arXiv 2309.12284"
    message: str

    @property
    def applicable(self) -> bool:
        """A different paper behind the link cannot be fixed by copying its title over ours."""
        return self.kind != "different-paper"


def refresh_key(entry: Entry) -> Optional[PaperId]:
    """Which id to re-fetch for an entry: its arXiv id, else its DOI; None when it has neither."""
    if entry.arxiv:
        found = arxiv_id_in(entry.arxiv)
        if found:
            return PaperId("arxiv", found[0])
    arxiv_ids, dois, _ = keys_of(entry)
    if arxiv_ids:
        return PaperId("arxiv", sorted(arxiv_ids)[0])
    if dois:
        return PaperId("doi", sorted(dois)[0])
    return None


def classify_title_change(catalog_title: str, source_title: str) -> Optional[str]:
    """None when the titles match; else how they differ (typo, style, a new title, another paper)."""
    from rapidfuzz import fuzz

    if collapse_whitespace(catalog_title) == collapse_whitespace(source_title):
        return None
    ours, theirs = normalize_title(catalog_title), normalize_title(source_title)
    if ours == theirs:
        return "title-style"
    if fuzz.ratio(ours, theirs) >= TYPO_TITLE_SCORE:
        return "title-typo"
    same_name = title_head(catalog_title) and title_head(catalog_title) == title_head(source_title)
    if same_name or fuzz.token_set_ratio(ours, theirs) >= SAME_PAPER_TOKEN_SCORE:
        return "title-changed"
    return "different-paper"


def find_drift(entry: Entry, paper_id: PaperId, metadata: PaperMetadata) -> list[Drift]:
    """How an entry differs from what its source says now: title and year."""
    source = f"arXiv {paper_id.value}" if metadata.source == "arxiv" else f"Crossref {paper_id.value}"
    drifts = []
    kind = classify_title_change(entry.title, metadata.title)
    if kind == "different-paper":
        message = f"the link points at {source}, which is a different paper: '{short_title(metadata.title)}'; fix the link by hand"
        return [Drift(entry.id, "title", kind, entry.title, metadata.title, source, message)]  # its other fields describe that paper
    if kind:
        what = {"title-typo": "is misspelt", "title-style": "differs in case or punctuation", "title-changed": "has changed"}[kind]
        message = f"title {what}: '{short_title(entry.title)}' -> '{short_title(metadata.title)}' ({source})"
        drifts.append(Drift(entry.id, "title", kind, entry.title, metadata.title, source, message))
    if _year_drifted(entry, metadata):
        reason = "first version" if metadata.source == "arxiv" else "publication"
        drifts.append(
            Drift(entry.id, "year", "year", entry.year, metadata.year, source, f"year {entry.year} differs from the {reason} year {metadata.year} ({source})")
        )
    return drifts


def _year_drifted(entry: Entry, metadata: PaperMetadata) -> bool:
    """A year before the first version is always wrong; a later one is fine for a venue's year."""
    if entry.year is None or metadata.year is None or entry.year == metadata.year:
        return False
    if entry.year < metadata.year or metadata.source != "arxiv":
        return True
    return not entry.venue or "arxiv" in entry.venue.lower()


def apply_drift(catalog: Catalog, drifts: list[Drift]) -> tuple[Catalog, list[Drift]]:
    """Copy the source's value into each drifted field (never sections or notes); returns what was applied."""
    applied = []
    for drift in drifts:
        if not drift.applicable:
            continue
        entry = catalog.entry_by_id(drift.entry_id)
        if entry is None:
            continue
        setattr(entry, drift.field, drift.source_value)
        applied.append(drift)
    return catalog, applied
