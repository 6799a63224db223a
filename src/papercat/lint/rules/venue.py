"""Metadata rule PC301: venues spelled one way across the list."""

from __future__ import annotations

import re
from typing import Iterator

from ...catalog import Catalog
from ...text import year_in_venue
from ..context import LintContext
from ..model import Problem, entry_problem, rule


def venue_pattern(venues: dict[str, str]) -> re.Pattern[str]:
    """One regex matching every known spelling as a whole word, longest first."""
    spellings = sorted(venues, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, spellings)) + r")(?![\w-])", re.IGNORECASE)


def canonical_venue(venue: str, venues: dict[str, str], pattern: re.Pattern[str]) -> str:
    """The fix for PC301: each known spelling (`pattern` from venue_pattern(venues)) replaced by its canonical form (`NIPS 2023` -> `NeurIPS 2023`)."""
    return pattern.sub(lambda m: venues[m.group(1).casefold()], venue)


@rule("PC301", "venue-not-canonical", "warning", fixable=True)
def venue_not_canonical(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """A venue is not written in its canonical spelling (`arxiv` -> `arXiv`, `NIPS` -> `NeurIPS`, `github` -> `GitHub`).

    One spelling per venue keeps the rendered "Published in" column consistent and
    lets readers search the page for a venue. Spellings are matched as whole words,
    ignoring case; the map is configurable with `venues` in the lint settings (map a
    spelling to "" to switch a default off). The fix rewrites the venue.
    """
    venues = context.config.venues
    if not venues:
        return
    pattern = venue_pattern(venues)
    for index, entry in enumerate(catalog.entries):
        if not entry.venue:
            continue
        fixed = canonical_venue(entry.venue, venues, pattern)
        if fixed != entry.venue:
            yield entry_problem(index, entry, "venue", f"venue '{entry.venue}' is spelled '{fixed}' in this list", fixed, fixable=True)


_DIGIT = re.compile(r"\d")


@rule("PC308", "venue-repeats-year", "warning", fixable=True)
def venue_repeats_year(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """The venue cell holds a year: the same as the entry's year, or a different one.

    The README's "Published in" cell is `venue year`, so `venue: ICLR 2024` with `year: 2024`
    renders "ICLR 2024 2024", and with `year: 2023` a cell that contradicts itself. Keep the
    year in `year` only. When the two agree the fix drops the year from the venue; when they
    differ a person must say which is right (`papercat edit ID --venue ICLR --year 2024`).
    """
    for index, entry in enumerate(catalog.entries):
        if not entry.venue or not _DIGIT.search(entry.venue):
            continue
        split = year_in_venue(entry.venue)
        if split is None:
            continue
        bare, venue_year = split
        if entry.year is None:
            yield entry_problem(
                index,
                entry,
                "venue",
                f"venue '{entry.venue}' holds the year {venue_year} and the entry has none; "
                f"use `papercat edit {entry.id} --venue '{bare}' --year {venue_year}`",
            )
        elif entry.year == venue_year:
            yield entry_problem(
                index,
                entry,
                "venue",
                f"venue '{entry.venue}' repeats the year {venue_year} (rendered '{entry.venue} {entry.year}'); use venue '{bare}'",
                bare or None,
                fixable=bool(bare),
            )
        else:
            yield entry_problem(
                index,
                entry,
                "venue",
                f"venue '{entry.venue}' says {venue_year} but year is {entry.year}; fix one with `papercat edit {entry.id} --venue '{bare}' --year YEAR`",
            )
