"""Metadata rule PC307: titles agree with the arXiv metadata already in the cache."""

from __future__ import annotations

from typing import Iterator

from ...catalog import Catalog
from ...identity import TitleSimilarity, entry_arxiv_id, normalize_title
from ..context import LintContext
from ..model import Problem, entry_problem, rule

# Below this similarity the titles name different papers: the link is the likelier mistake.
SAME_PAPER_SIMILARITY = TitleSimilarity.TYPO


@rule("PC307", "title-differs-from-arxiv", "warning", needs=("metadata",))
def title_differs_from_arxiv(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """A title differs from the title arXiv gives for the entry's id (ignoring case and punctuation).

    Hand-typed titles pick up typos (`MetaMeth: Bootstap ...`), and a row copied from
    another keeps the wrong link, so that the title and the id name different papers.
    The rule reads only metadata already cached by `papercat add` or `refresh`; it never
    fetches, so lint stays fast and offline, and it is silent when there is no cache.
    No automatic fix: authors rename papers between versions, so a person decides.
    """
    cache = context.metadata_cache
    if cache is None or not cache.holds("arxiv"):
        return  # no cache, or one that holds no arXiv record yet: nothing to compare with
    from rapidfuzz import fuzz  # only when there is a cache to compare with

    for index, entry in enumerate(catalog.entries):
        arxiv_id = entry_arxiv_id(entry)
        if not arxiv_id:
            continue
        metadata = cache.get_arxiv(arxiv_id)
        if metadata is None or not getattr(metadata, "title", None):
            continue
        # Case, punctuation, spacing and NFKC forms folded away: capitalisation style is not a typo.
        ours, theirs = normalize_title(entry.title), normalize_title(metadata.title)
        if ours == theirs:
            continue
        similarity = fuzz.ratio(ours, theirs)
        if similarity >= SAME_PAPER_SIMILARITY:
            message = f"title differs from arXiv {arxiv_id}: '{metadata.title}'; a typo?"
        else:
            message = f"title does not match arXiv {arxiv_id} ('{metadata.title}'); is the link right, or was the paper renamed?"
        yield entry_problem(index, entry, "title", message)
