"""README rows and the paper each one is: what rows are matched by, between a README and the catalog."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ..catalog import Catalog, Entry
from ..errors import IdentifierError
from ..ids import PaperId, normalize_url, parse_paper_id
from ..text import collapse_whitespace

if TYPE_CHECKING:
    from ..sources.metadata import PaperMetadata

# The fields a row can show; the importer reads the same ones from both READMEs.
ROW_FIELDS = ("title", "url", "venue", "year", "code", "download", "note")


@dataclass
class Row:
    """A row of a README as the importer read it; `entry` is the catalog's entry for a rendered row."""

    parsed: Entry
    section: str  # the catalog section id
    line: int
    entry: Optional[Entry] = None
    claimed: bool = False


def title_key(title: str) -> str:
    """A title as rows are matched by it: case and runs of whitespace do not count."""
    return collapse_whitespace(title.casefold())


# The README and the render show the same links: each is normalised once.
_normalized_url = functools.lru_cache(maxsize=1 << 16)(normalize_url)


def row_keys(parsed: Entry) -> list[str]:
    """What identifies a row's paper, strongest first: its link, then its title."""
    keys = []
    if parsed.url:
        keys.append("url " + _normalized_url(parsed.url))
    keys.append("title " + title_key(parsed.title))
    return keys


def rows_not_in_catalog(
    catalog: Catalog, readme_text: str, readme_name: str = "README.md", removed: frozenset[str] = frozenset(), rendered: Optional[str] = None
) -> list[tuple[int, str]]:
    """(README line, title) of each row whose paper is in no catalog entry (nor among the `removed`
    row keys, see ledger.py): what rendering over the README would drop.

    Given the catalog's `rendered` README, a large list is read only where the two differ
    (absorbing/scope.py): a section that reads as the render holds only the catalog's rows."""
    from ..importer import import_readme
    from .plan import SCOPE_FROM_ENTRIES
    from .scope import scoped_pair

    known: set[str] = set(removed)
    for entry in catalog.entries:
        known.update(row_keys(entry))
        known.update("url " + normalize_url(alias) for alias in entry.aliases)
    scoped = scoped_pair(rendered, readme_text) if rendered is not None and len(catalog.entries) >= SCOPE_FROM_ENTRIES else None
    imported = import_readme(scoped[1].text if scoped is not None else readme_text, readme_name)
    if scoped is not None:
        imported = scoped[1].lines_of(imported)
    # A row written exactly as the render writes it is the catalog's own, however it reads back
    # (a link papercat shows as text, such as `arXiv:2110.16897`, reads back with another title).
    written = set(rendered.split("\n")) if rendered is not None else set()
    readme_lines = readme_text.split("\n")
    missing = []
    for parsed in imported.catalog.entries:
        line = imported.entry_lines.get(parsed.id, 0)
        if 0 < line <= len(readme_lines) and readme_lines[line - 1] in written:
            continue
        if not any(key in known for key in row_keys(parsed)):
            missing.append((line, parsed.title))
    return missing


def paper_id_of(url: Optional[str]) -> Optional[PaperId]:
    """The arXiv id, DOI or Anthology id a row's link names, or None."""
    if not url:
        return None
    try:
        return parse_paper_id(url)
    except IdentifierError:
        return None


def entry_from_row(parsed: Entry, section_id: str, paper_id: Optional[PaperId], found: Optional[PaperMetadata]) -> Entry:
    """A new entry (id still to give) from a README row as written, or from fetched metadata where found."""
    arxiv = paper_id.value if paper_id is not None and paper_id.kind == "arxiv" else None
    if arxiv and paper_id is not None and paper_id.version and parsed.arxiv and "v" in parsed.arxiv:
        arxiv = str(paper_id)  # the link pins a version: the arxiv field agrees with it
    return Entry(
        id="",
        title=found.title if found else parsed.title,
        url=parsed.url,
        arxiv=arxiv,
        doi=paper_id.value if paper_id is not None and paper_id.kind == "doi" else (found.doi if found else None),
        venue=parsed.venue,
        year=parsed.year or (found.year if found else None),
        code=parsed.code,
        download=parsed.download,
        sections=[section_id],
        authors=list(found.authors) if found else [],
        published=found.published if found else None,
        note=parsed.note,
    )
