"""`add`: file papers from arXiv or Crossref (or by hand) under one or more sections."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from ..catalog import Catalog, Entry
from ..workspace import Workspace
from .sources import Fetch, fetch_quietly, source_settings

if TYPE_CHECKING:
    from .. import adding
    from ..store import Update


@dataclass
class AddRequest:
    """What to add and how: the command line's options, as plain data."""

    sections: list[str] = field(default_factory=list)
    code: Optional[str] = None
    venue: Optional[str] = None
    note: Optional[str] = None
    title: Optional[str] = None  # with url: a paper added by hand
    url: Optional[str] = None
    year: Optional[int] = None
    keep_version: bool = False  # store `abs/2306.02707v1` as pasted instead of the unversioned id
    before: Optional[str] = None  # REF of a row to place the new papers above (hand-ordered sections)
    after: Optional[str] = None
    keep_going: bool = False
    force: bool = False
    dry_run: bool = False
    offline: bool = False
    arxiv_api: Optional[str] = None
    crossref_api: Optional[str] = None


@dataclass
class AddOutcome:
    added: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # near-identical titles: added anyway
    failures: list[str] = field(default_factory=list)  # not added (with --keep-going): why
    update: Optional[Update[adding.AddReport]] = None  # None when nothing was planned
    dry_run: bool = False
    code_from: dict[str, str] = field(default_factory=dict)  # paper URL -> where its code link was found (not --code)


def add_papers(workspace: Workspace, refs: list[str], request: AddRequest, *, fetch: Fetch = fetch_quietly) -> AddOutcome:
    """Fetch the papers' metadata and file them; raises RefusedError/SourceError unless `keep_going`.

    Duplicates are refused before going to the network: no request for a paper already held.
    """
    from .. import adding, store
    from ..errors import SourceError, UsageError
    from ..ids import parse_paper_id

    catalog_path = workspace.catalog_path
    refs = list(refs)
    by_hand = request.title is not None or request.url is not None
    if by_hand and refs:
        raise UsageError("give either ids to fetch or --title and --url for a paper added by hand, not both")
    if not by_hand and not refs:
        raise UsageError("nothing to add: give an arXiv id, DOI or URL (or --title and --url)")
    paper_ids = list(dict.fromkeys(parse_paper_id(ref) for ref in refs))

    document = store.load(catalog_path)
    adding.check_sections(document.catalog, request.sections)
    adding.require_web_links(url=request.url, code=request.code)
    venue, year = adding.venue_and_year(request.venue, request.year)
    add_options = adding.AddOptions(sections=request.sections, code=request.code, venue=venue, note=request.note, year=year, keep_version=request.keep_version)
    if request.before and request.after:
        raise UsageError("give --before or --after, not both")

    def where(entry_id: str) -> str:
        line = document.entry_line(entry_id)
        return f"{catalog_path}:{line}" if line else ""

    from ..code_links import code_link

    candidates = []
    code_from: dict[str, str] = {}
    failures: list[str] = []
    if by_hand:
        candidates.append(adding.manual_entry(request.title or "", request.url or "", add_options))
    else:
        early = adding.refusals_before_fetch(document.catalog, paper_ids, request.sections, force=request.force, locate=where)
        adding.refuse_if_any(list(early.values()), request.keep_going)
        failures.extend(early.values())
        wanted = [p for p in paper_ids if p not in early]
        settings = source_settings(workspace, document.catalog, offline=request.offline, arxiv_api=request.arxiv_api, crossref_api=request.crossref_api)
        fetched = fetch(wanted, settings)
        fetch_failures = []
        for paper_id in wanted:
            if paper_id in fetched.found:
                candidate = adding.entry_from_metadata(paper_id, fetched.found[paper_id], add_options)
                if candidate.code and not request.code:
                    stated = code_link(fetched.found[paper_id])
                    code_from[candidate.url or ""] = stated[1] if stated else ""
                candidates.append(candidate)
            else:
                fetch_failures.append(fetched.failures[paper_id])
        if fetch_failures and not request.keep_going:
            more = f" (and {len(fetch_failures) - 1} more)" if len(fetch_failures) > 1 else ""
            others = " (--keep-going adds the others)" if len(fetch_failures) < len(paper_ids) else ""
            hand = "; or add it by hand with --title and --url" if len(paper_ids) == 1 else ""
            raise SourceError(f"{fetch_failures[0]}{more}; nothing was added{others}{hand}")
        failures.extend(fetch_failures)

    def transform(catalog: Catalog) -> tuple[Catalog, adding.AddReport]:
        from ..edits import place_next_to
        from ..refs import resolve_entry

        anchor_ref = request.before or request.after
        anchor = resolve_entry(catalog, anchor_ref) if anchor_ref else None  # before the new rows exist
        new_catalog, report = adding.plan_additions(catalog, candidates, force=request.force, locate=where)
        adding.refuse_if_any(report.refused, request.keep_going)
        if anchor is not None and report.added:
            place_next_to(new_catalog, [entry.id for entry in report.added], anchor.id, after=bool(request.after), sections=request.sections)
        return new_catalog, report

    update = store.update(catalog_path, transform, dry_run=request.dry_run, known=document) if candidates else None
    report = update.result if update else adding.AddReport()
    failures.extend(report.refused)
    return AddOutcome(added=report.added, warnings=report.warnings, failures=failures, update=update, dry_run=request.dry_run, code_from=code_from)
