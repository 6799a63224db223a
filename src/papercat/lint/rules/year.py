"""Metadata rules PC302-PC303: the year agrees with what the arXiv id proves.

An arXiv id `YYMM.NNNNN` is assigned when a paper is first submitted, so the paper
exists from that year on: a later venue year is normal (a 2022 preprint published at
ACL 2023), an earlier one is impossible.
"""

from __future__ import annotations

from typing import Iterator

from ...catalog import Catalog, Entry
from ..context import LintContext
from ..model import Problem, entry_problem, rule
from .identifiers import arxiv_id_year, entry_arxiv_id


def is_arxiv_venue(entry: Entry) -> bool:
    return entry.venue is not None and entry.venue.strip().casefold() == "arxiv"


@rule("PC302", "year-before-arxiv-id", "error", fixable=True)
def year_before_arxiv_id(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """The year is earlier than the year the entry's arXiv id was assigned.

    arXiv 2407.07053 was submitted in July 2024, so the paper cannot be from 2023; the
    year or the link is wrong. When the venue is arXiv the year is the id's year, so the
    fix sets it; for other venues a person must check which of the two is wrong.
    """
    for index, entry in enumerate(catalog.entries):
        if entry.year is None:
            continue
        arxiv_id = entry_arxiv_id(entry)
        if not arxiv_id:
            continue
        id_year = arxiv_id_year(arxiv_id)
        if entry.year < id_year:
            message = f"year {entry.year} is before arXiv {arxiv_id} was submitted ({id_year})"
            if is_arxiv_venue(entry):
                yield entry_problem(index, entry, "year", f"{message}; use {id_year}", id_year, fixable=True)
            else:
                yield entry_problem(index, entry, "year", f"{message}; check the year and the link")


@rule("PC303", "arxiv-year-later-than-id", "warning", fixable=True)
def arxiv_year_later_than_id(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """An entry published on arXiv gives a later year than its arXiv id.

    For a paper listed as "arXiv" the year a reader expects is the year of the preprint,
    which the id encodes (`2212.10560` is December 2022). A later year usually copies the
    date of a revision or of a later conference version; name that venue instead, or take
    the id's year (the fix).
    """
    for index, entry in enumerate(catalog.entries):
        if entry.year is None or not is_arxiv_venue(entry):
            continue
        arxiv_id = entry_arxiv_id(entry)
        if not arxiv_id:
            continue
        id_year = arxiv_id_year(arxiv_id)
        if entry.year > id_year:
            yield entry_problem(
                index, entry, "year", f"venue is arXiv and arXiv {arxiv_id} is from {id_year}, not {entry.year}; use {id_year}", id_year, fixable=True
            )
