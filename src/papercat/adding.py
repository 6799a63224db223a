"""Planning `add`: new entries from fetched metadata, duplicate checks (refresh's planning is papercat.drift).

Pure functions over a Catalog and PaperMetadata: no files, no network, no terminal. The CLI
fetches (papercat.sources), then hands these functions' transformations to `store.update`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Optional

from .catalog import Catalog, Entry, make_entry_id

# refresh's planning (drift) lives in papercat.drift; its names stay importable from here.
from .drift import Drift, apply_drift, classify_title_change, find_drift, refresh_key  # noqa: E402, F401
from .edits import checked_field_values, require_section, sections_hint
from .errors import RefusedError, UsageError
from .identity import CatalogIndex, TitleSimilarity, normalize_title
from .ids import PaperId, canonical_arxiv_url, is_absolute_http_url
from .sources.metadata import PaperMetadata
from .text import short_title, year_in_venue
from .untrusted import clean, shown

# A level of identity's one title-similarity scale (rapidfuzz 0-100 on title keys):
# a new title this close to one in the catalog gets a warning.
NEAR_IDENTICAL_TITLE_SCORE = TitleSimilarity.NEAR_IDENTICAL

# Where an entry sits in the file, for messages: entry id -> "catalog.yaml:12" (or "").
Locate = Callable[[str], str]


def _nowhere(entry_id: str) -> str:
    return ""


# --- sections -----------------------------------------------------------------------


def check_sections(catalog: Catalog, wanted: list[str]) -> None:
    """Every section asked for exists; otherwise one error naming it, a guess, and the valid ones."""
    if not wanted:
        raise UsageError(f"say where the paper goes with --section; {sections_hint(catalog)}")
    for section_id in wanted:
        require_section(catalog, section_id)


# --- duplicates -----------------------------------------------------------------------


def find_existing(catalog: Catalog, candidate: Entry, index: Optional[CatalogIndex] = None) -> Optional[tuple[Entry, str]]:
    """An entry already holding the candidate's arXiv id, DOI or URL, and which one matched.

    `index` is the catalog's CatalogIndex, for callers that check many candidates.
    """
    return (index or CatalogIndex.of(catalog)).find_existing(candidate)


def near_identical_titles(
    catalog: Catalog, title: str, score_cutoff: float = NEAR_IDENTICAL_TITLE_SCORE, titles: Optional[list[str]] = None
) -> list[tuple[Entry, float]]:
    """Entries whose title is nearly the same as `title` (case, punctuation and small typos ignored).

    `titles` is the entries' normalized titles, in order, for callers that check many titles.
    """
    from rapidfuzz import fuzz, process

    wanted = normalize_title(title)
    if titles is None:
        titles = [normalize_title(entry.title) for entry in catalog.entries]
    matches = process.extract(wanted, titles, scorer=fuzz.ratio, score_cutoff=score_cutoff, limit=5)
    return [(catalog.entries[index], score) for _, score, index in matches]


# --- new entries -----------------------------------------------------------------------


@dataclass
class AddOptions:
    sections: list[str]
    code: Optional[str] = None
    venue: Optional[str] = None
    note: Optional[str] = None
    year: Optional[int] = None  # the venue's year, or --year: beats the source's year
    keep_version: bool = False  # pin the arXiv version the user pasted (`abs/2306.02707v1`)


def venue_and_year(venue: Optional[str], year: Optional[int]) -> tuple[Optional[str], Optional[int]]:
    """`--venue 'ICLR 2024'` is venue ICLR and year 2024 (rendered "ICLR 2024", not "ICLR 2024 2023").

    A venue year that contradicts --year is refused: one of the two is a typo.
    """
    split = year_in_venue(venue)
    if split is None:
        return venue, year
    bare, venue_year = split
    if year is not None and year != venue_year:
        raise UsageError(f"--venue '{venue}' says {venue_year} but --year says {year}; give the venue without its year (--venue '{bare}')")
    return bare or None, venue_year

    def __post_init__(self) -> None:
        """Checked and made safe as `edit` checks them: whoever builds the options gets the same rules."""
        checked = checked_field_values({"code": self.code, "venue": self.venue, "note": self.note})
        self.code, self.venue, self.note = checked["code"], checked["venue"], checked["note"]


def entry_from_metadata(paper_id: PaperId, metadata: PaperMetadata, options: AddOptions) -> Entry:
    """A new entry as arXiv (or Crossref) describes the paper; its id is assigned when it is filed.

    An arXiv link is stored unversioned (`abs/2306.02707`, the page arXiv asks people to link)
    unless `keep_version`: then the url and the `arxiv` field both pin the version, and the
    entry says why lint's PC204 does not apply. The code link is `options.code`, else the
    repository the paper's own comment or abstract names (papercat.code_links); never one
    guessed from the title.
    """
    from .code_links import code_link

    from_arxiv = metadata.source == "arxiv"
    stated = None if options.code else code_link(metadata)
    pinned = options.keep_version and paper_id.kind == "arxiv" and paper_id.version is not None
    url = paper_id.canonical_url if pinned or paper_id.kind != "arxiv" else canonical_arxiv_url(paper_id.value)
    return Entry(
        id="",
        title=metadata.title,
        url=url,
        arxiv=(str(paper_id) if pinned else paper_id.value) if from_arxiv else None,
        doi=metadata.doi,
        venue=options.venue or ("arXiv" if from_arxiv else metadata.venue),
        year=options.year or metadata.year,
        code=options.code or (stated[0] if stated else None),
        sections=list(options.sections),
        authors=list(metadata.authors),
        category=metadata.category if from_arxiv else None,
        published=metadata.published,
        note=options.note,
        noqa={"PC204": f"version v{paper_id.version} pinned with add --keep-version"} if pinned else {},
    )


def require_web_links(**links: Optional[str]) -> None:
    """Refuse links papercat would have to render as text (`javascript:`, `data:`, bare paths): lint PC201/PC202."""
    for option, value in links.items():
        if value is None:
            continue
        if not is_absolute_http_url(value):
            raise UsageError(f"--{option} '{shown(value, 120)}' is not an http(s) link; give the full https:// address")


def manual_entry(title: str, url: str, options: AddOptions, year: Optional[int] = None) -> Entry:
    """An entry for a paper that is on neither arXiv nor Crossref: the user gives title and URL."""
    if not clean(title).strip() or not url.strip():
        raise UsageError("--title and --url must both be given (and not be empty) to add a paper by hand")
    checked = checked_field_values({"title": title, "url": url})
    from .identity import arxiv_id_in

    link, arxiv, noqa = checked["url"] or "", None, {}
    found = arxiv_id_in(link)
    if found:  # an arXiv link: stored as add stores a pasted arXiv id (unversioned unless --keep-version)
        arxiv_id, version = found
        if options.keep_version and version is not None:
            arxiv, link = f"{arxiv_id}v{version}", canonical_arxiv_url(f"{arxiv_id}v{version}")
            noqa = {"PC204": f"version v{version} pinned with add --keep-version"}
        else:
            arxiv, link = arxiv_id, canonical_arxiv_url(arxiv_id)
    return Entry(
        id="",
        title=checked["title"] or "",
        url=link,
        arxiv=arxiv,
        venue=options.venue,
        year=options.year or year,
        code=options.code,
        sections=list(options.sections),
        note=options.note,
        noqa=noqa,
    )


@dataclass
class AddReport:
    added: list[Entry] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def refusal(existing: Entry, matched: str, sections: list[str], where: str = "") -> str:
    """Why a paper is not added again, naming the entry and the command that does what was meant."""
    at = f" ({where})" if where else ""
    head = f"{matched} is already in the catalog as '{existing.id}'{at}: {short_title(existing.title)}"
    missing = [section for section in sections if section not in existing.sections]
    if sections and not missing:
        listed = ", ".join(f"'{section}'" for section in sections)
        return f"{head}, listed under {listed} already; nothing to do (--force adds a second copy)"
    section = missing[0] if missing else "SECTION"
    return f"{head}; to list it in '{section}' too, use `papercat move {existing.id} --copy --to {section}`; --force adds it anyway"


def plan_additions(catalog: Catalog, candidates: list[Entry], force: bool = False, locate: Locate = _nowhere) -> tuple[Catalog, AddReport]:
    """File the candidates at the end of the catalog, refusing duplicates unless `force`.

    Each candidate gets a readable id unique in the catalog. A candidate whose arXiv id, DOI or
    URL is already present (or was added earlier in the same call) is refused; a near-identical
    title is only a warning, since two papers can share a title.
    """
    report = AddReport()
    # Built once and kept in step with catalog.entries as candidates are filed.
    index = CatalogIndex.of(catalog)
    taken = {entry.id for entry in catalog.entries}
    for candidate in candidates:
        existing = index.find_existing(candidate)
        if existing and not force:
            entry, matched = existing
            report.refused.append(refusal(entry, matched, candidate.sections, locate(entry.id)))
            continue
        if not existing:
            for entry, score in near_identical_titles(catalog, candidate.title, titles=index.titles):
                report.warnings.append(
                    f"'{short_title(candidate.title)}' has nearly the same title as '{entry.id}' ({short_title(entry.title)}, {score:.0f}% alike); added anyway"
                )
        new = replace(candidate, id=make_entry_id(candidate.title, candidate.year, taken))
        if not new.cells:
            from .blocks import cells_like_neighbours

            new.cells = cells_like_neighbours(catalog, new)  # the row reads as its neighbours do
        index.append(new)
        taken.add(new.id)
        report.added.append(new)
    return catalog, report


def refusals_before_fetch(
    catalog: Catalog, paper_ids: list[PaperId], sections: list[str], force: bool = False, locate: Locate = _nowhere
) -> dict[PaperId, str]:
    """Ids already in the catalog, each with its refusal, so they are never fetched for nothing."""
    if force:
        return {}
    refused = {}
    index = CatalogIndex.of(catalog)
    for paper_id in paper_ids:
        probe = Entry(
            id="",
            title="",
            url=paper_id.canonical_url,
            arxiv=paper_id.value if paper_id.kind == "arxiv" else None,
            doi=paper_id.value if paper_id.kind == "doi" else None,
        )
        existing = index.find_existing(probe)
        if existing:
            refused[paper_id] = refusal(existing[0], existing[1], sections, locate(existing[0].id))
    return refused


def refuse_if_any(refused: list[str], keep_going: bool) -> None:
    """Without --keep-going a single refusal cancels the whole add (nothing is written)."""
    if refused and not keep_going:
        extra = f" (and {len(refused) - 1} more refused)" if len(refused) > 1 else ""
        raise RefusedError(refused[0] + extra)
