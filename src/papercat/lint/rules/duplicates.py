"""Duplicate rules (PC4xx): one paper, one entry; one identifier, one paper."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ...catalog import Catalog
from ..context import LintContext
from ..model import Problem, rule

if TYPE_CHECKING:
    from ...dedupe import Evidence

_EVIDENCE_WORDS = {"arxiv": "same arXiv id", "doi": "same DOI", "url": "same URL", "title": "same title"}


def _describe(evidence: list[Evidence]) -> str:
    """`[Evidence("arxiv", 100), Evidence("fuzzy_title", 94.2)]` -> ` (same arXiv id, similar title 94%)`."""
    words = [_EVIDENCE_WORDS.get(item.kind) or f"similar title {round(item.score)}%" for item in evidence or []]
    return f" ({', '.join(words)})" if words else ""


@rule("PC401", "duplicate-entry", "error", needs=("duplicates",))
def duplicate_entry(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """Two or more entries describe the same paper.

    Duplicates arise when a paper fits several sections and is pasted into each, or
    is listed once as a preprint and once under its venue. One entry can sit in several
    sections (`sections: [a, b]`), so keep one and merge the rest with `papercat dedupe`.
    Reported on every entry after the first of its group.
    """
    index_of = context.index.positions
    for group in context.duplicates.duplicates:
        members = sorted(group.entries, key=lambda entry_id: index_of.get(entry_id, 0))
        keep = members[0]
        for entry_id in members[1:]:
            yield Problem(
                where=("entries", index_of.get(entry_id, 0), "id"),
                message=f"duplicate of '{keep}'{_describe(group.evidence)}; merge them with `papercat dedupe`",
                entry=entry_id,
            )


@rule("PC402", "conflicting-identifier", "error", needs=("duplicates",))
def conflicting_identifier(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """Different papers share one identifier (an arXiv id, DOI or URL).

    Typically a row copied from its neighbour kept the neighbour's link: "TinyStories"
    pointing at AlpaGasus's arXiv id. One of the entries links the wrong paper; it is
    reported on the entry that looks wrong (or on all of them when that is unclear).
    """
    index_of = context.index.positions
    for conflict in context.duplicates.conflicts:
        wrong = [conflict.wrong] if conflict.wrong else list(conflict.entries)
        for entry_id in wrong:
            others = [e for e in conflict.entries if e != entry_id]
            yield Problem(
                where=("entries", index_of.get(entry_id, 0), "id"),
                message=f"shares {conflict.key} with {', '.join(repr(o) for o in others)} but is a different paper; one link is wrong",
                entry=entry_id,
            )
