"""Small text helpers every message and module shares: whitespace, truncation, plurals, "did you mean".

Pure functions only, the venue-year split among them. (Cell text for the rendered page has its own rules in papercat.render:
control characters, escaping.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Optional

ELLIPSIS = "..."


def collapse_whitespace(text: Optional[str]) -> str:
    """Runs of whitespace (newlines included) become one space; the ends are stripped."""
    return " ".join((text or "").split())


def shorten(text: str, width: int = 60) -> str:
    """`text` cut to `width` characters, ending in "..." when cut."""
    return text if len(text) <= width else text[: width - len(ELLIPSIS)] + ELLIPSIS


def short_title(title: Optional[str], width: int = 70) -> str:
    """A title for a one-line message: whitespace collapsed, then cut to `width`."""
    return shorten(collapse_whitespace(title), width)


def plural(count: int, noun: str, plural_noun: Optional[str] = None) -> str:
    """`1 group`, `2 groups`; `plural_noun` for the irregular ones (`entry`, `entries`)."""
    return f"{count} {noun if count == 1 else plural_noun or noun + 's'}"


def closest_match(word: str, choices: Iterable[str]) -> Optional[str]:
    """The choice a typo most likely meant (difflib's ratio >= 0.6), or None."""
    from difflib import get_close_matches

    close = get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice, or "" when nothing is close."""
    close = closest_match(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


# A year written inside a venue: `ICLR 2024`, `NeurIPS (2023)`, `ACL'23` is left alone.
_YEAR_IN_VENUE = re.compile(r"(?<![\w-])\(?((?:19|20)\d{2})\)?(?![\w-])")


def year_in_venue(venue: Optional[str]) -> Optional[tuple[str, int]]:
    """(the venue without its year, the year) when the venue text holds one year, else None."""
    if not venue:
        return None
    found = list(_YEAR_IN_VENUE.finditer(venue))
    if len(found) != 1:
        return None
    match = found[0]
    rest = (venue[: match.start()] + " " + venue[match.end() :]).strip(" ,;:-")
    return collapse_whitespace(rest), int(match.group(1))
