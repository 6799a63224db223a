"""The planner: both READMEs read with the importer, their rows compared as entries."""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Optional

from ..catalog import Catalog, Entry, Section, make_entry_id
from ..edits import FieldValue, edit_entry
from ..errors import PapercatError
from ..ids import PaperId
from ..importer import ImportResult
from ..lint.rules.readme import first_difference
from ..render import render_readme, section_rows
from ..sources.metadata import PaperMetadata
from ..text import shorten
from .order import CrossedRows
from .presentation import absorb_page, absorb_rows, absorb_sections
from .report import AbsorbReport, Finding
from .rows import ROW_FIELDS, Row, entry_from_row, paper_id_of, row_keys, title_key
from .scope import import_both
from .sections import add_section_like, follow_outline, remove_sections

# Import problems that lose nothing when they are not absorbed (an empty row, a missing `# title`),
# or after which import still made the entry absorb makes (a row kept without a url).
_LOSSLESS_PROBLEMS = re.compile(
    r"empty table row|no '# title' heading|heading has no text|the link of '|row has no link in its"
    r"|row has \d+ more cell"  # kept under 'extra'
)


def new_row_ids(catalog: Catalog, readme_text: str) -> list[PaperId]:
    """The paper ids of the README rows that are new to the catalog (what `--fetch` asks for)."""
    _, report = absorb_readme(catalog, readme_text)
    ids = []
    for _, entry in report.new_rows:
        paper_id = paper_id_of(entry.url)
        if paper_id is not None:
            ids.append(paper_id)
    return list(dict.fromkeys(ids))


def absorb_readme(
    catalog: Catalog,
    readme_text: str,
    readme_name: str = "README.md",
    metadata: Optional[Mapping[PaperId, PaperMetadata]] = None,
) -> tuple[Catalog, AbsorbReport]:
    """The catalog with the README's hand edits applied, and what was done or left undone."""
    rendered = render_readme(catalog)
    report = AbsorbReport()
    if rendered == readme_text:
        report.up_to_date = True
        return catalog, report
    ours, theirs = import_both(catalog, rendered, readme_text, readme_name, scope_from=SCOPE_FROM_ENTRIES)
    planner = _Planner(catalog, ours, theirs, readme_text, metadata or {})
    new_catalog = planner.run(report)
    if not report.unmapped and not metadata:
        after = render_readme(new_catalog)
        if after != readme_text:
            line = first_difference(readme_text, after)
            report.unmapped.append(
                Finding(
                    line,
                    "still differs from what the catalog renders after absorbing (a table of contents that lacks a heading, or text no field holds); "
                    "`papercat render --check README.md` shows how, `papercat render -o README.md` writes the catalog's version",
                )
            )
    report.changes.sort(key=lambda finding: finding.line)
    report.unmapped.sort(key=lambda finding: finding.line)
    return new_catalog, report


# From this many entries on, only the sections that differ are read (see scope.py).
SCOPE_FROM_ENTRIES = 2000


class _Planner(CrossedRows):
    def __init__(self, catalog: Catalog, ours: ImportResult, theirs: ImportResult, readme_text: str, metadata: Mapping[PaperId, PaperMetadata]):
        self.catalog = catalog
        self.ours = ours
        self.theirs = theirs
        self.readme_lines = readme_text.splitlines()
        self.metadata = metadata
        self.entries = {entry.id: entry for entry in catalog.entries}
        self.sections_of: dict[str, list[str]] = {entry.id: list(entry.sections) for entry in catalog.entries}
        self.new_entries: list[Entry] = []
        self.taken = set(self.entries) | {alias for entry in catalog.entries for alias in entry.aliases}
        self.edits: dict[str, dict[str, FieldValue]] = {}
        self.edit_lines: dict[str, int] = {}
        self.matched: dict[str, str] = {}
        self.refiled: set[str] = set()
        self._keys_of_catalog: Optional[dict[str, Entry]] = None
        self._ours_to_catalog: Optional[dict[str, str]] = None
        self.pairs: dict[str, tuple[Entry, Optional[Entry], int]] = {}  # entry id -> its README row, rendered row, line
        self.row_at: dict[tuple[str, str], Entry] = {}  # (entry id, section) -> its README row there
        self.removed_sections: list[str] = []

    # --- sections -----------------------------------------------------------------

    def _catalog_section_of(self) -> dict[str, str]:
        """Imported section id of the rendered README -> the catalog's section id (same titles, same order)."""
        if self._ours_to_catalog is not None:  # worked out once, before absorb adds sections
            return self._ours_to_catalog
        mapping: dict[str, str] = {}
        self._ours_to_catalog = mapping
        wanted = list(self.catalog.iter_sections())
        position = 0
        for _, section in self.ours.catalog.iter_sections():
            key = title_key(section.title)
            found = next((p for p in range(position, len(wanted)) if title_key(wanted[p][1].title) == key), None)
            if found is None:
                continue  # a heading the importer saw that is no catalog section: it maps to nothing
            mapping[section.id] = wanted[found][1].id
            position = found + 1
        return mapping

    def _match_sections(self, report: AbsorbReport) -> dict[str, str]:
        """The README's imported section id -> the catalog section it is; reports headings that are not."""
        ours = [(depth, s) for depth, s in self.ours.catalog.iter_sections()]
        theirs = [(depth, s) for depth, s in self.theirs.catalog.iter_sections()]

        def key(item: tuple[int, Section]) -> str:  # by title: a heading moved to another level is still its section
            return title_key(item[1].title)

        to_catalog = self._catalog_section_of()
        matched: dict[str, str] = {}
        added: list[tuple[int, Section, Optional[Section]]] = []  # README heading, and the one it replaced (a rename?)
        gone: list[tuple[int, Section]] = []  # rendered headings the README no longer has where they were
        matcher = difflib.SequenceMatcher(a=[key(item) for item in ours], b=[key(item) for item in theirs], autojunk=False)
        for tag, a0, a1, b0, b1 in matcher.get_opcodes():
            if tag == "equal":
                for offset in range(a1 - a0):
                    if ours[a0 + offset][1].id in to_catalog:
                        matched[theirs[b0 + offset][1].id] = to_catalog[ours[a0 + offset][1].id]
                continue
            same_count = tag == "replace" and a1 - a0 == b1 - b0
            for offset, (_, section) in enumerate(theirs[b0:b1]):
                added.append((b0 + offset, section, ours[a0 + offset][1] if same_count else None))
            if tag == "delete" or (tag == "replace" and not same_count):
                gone.extend((b0, section) for _, section in ours[a0:a1] if section.id in to_catalog)
        # A heading moved elsewhere in the README (sections reordered) is the same section.
        for index, section, _ in list(added):
            twin = next((g for g in gone if title_key(g[1].title) == title_key(section.title)), None)
            if twin is not None:
                gone.remove(twin)
                added = [a for a in added if a[1] is not section]
                matched[section.id] = to_catalog[twin[1].id]
        for index, section, replaced in added:
            line = self.theirs.section_lines.get(section.id, 1)
            catalog_id = to_catalog.get(replaced.id) if replaced is not None else None
            if replaced is None or catalog_id is None:
                self.catalog, matched[section.id], message = add_section_like(self.catalog, theirs, index, matched)
                report.changes.append(Finding(line, f"new heading '{shorten(section.title)}' -> {message}"))
                continue
            title = section.title.replace("'", "'\\''")
            hint = f"it was '{shorten(replaced.title)}': rename the section with `papercat section rename {catalog_id} --title '{title}'`"
            report.unmapped.append(
                Finding(line, f"heading '{shorten(section.title)}' is not a section of the catalog; {hint}, then absorb again (its rows were left alone)")
            )
        for near, section in gone:
            # A heading removed: the section goes, and its rows count as removed where the README
            # does not show them elsewhere (its subsections stay in its place).
            self.removed_sections.append(to_catalog[section.id])
            report.changes.append(
                Finding(
                    self._line_near(near, theirs),
                    f"the heading of section '{to_catalog[section.id]}' ({shorten(section.title)}) was removed -> section removed",
                )
            )
        return matched

    def _line_near(self, index: int, theirs: list[tuple[int, Section]]) -> int:
        if index < len(theirs):
            return self.theirs.section_lines.get(theirs[index][1].id, 1)
        return len(self.readme_lines) or 1

    # --- prose ------------------------------------------------------------------

    def _ours_section(self, section_id: str) -> Section:
        section = self.ours.catalog.section_by_id(section_id)
        assert section is not None
        return section

    def _first_new_line(self, old: str, new: str, start: int) -> int:
        """The README line of the first line of `new` that `old` lacks (searched from line `start`)."""
        old_lines = set(old.splitlines())
        wanted = next((line for line in new.splitlines() if line not in old_lines and line.strip()), None)
        if wanted is None:
            return start
        for number in range(max(start - 1, 0), len(self.readme_lines)):
            if self.readme_lines[number] == wanted:
                return number + 1
        return start

    # --- rows -------------------------------------------------------------------

    def _rendered_rows(self) -> dict[str, list[Row]]:
        """Rows of the rendered README per catalog section, each with the catalog entry it shows."""
        to_catalog = self._catalog_section_of()
        parsed_by_section: dict[str, list[Entry]] = {}
        for parsed in self.ours.catalog.entries:
            parsed_by_section.setdefault(parsed.sections[0], []).append(parsed)
        rows: dict[str, list[Row]] = {}
        in_readme_order = section_rows(self.catalog)  # a section's `order` setting applied, as render does
        for section_id, catalog_id in to_catalog.items():
            shown = [entry.id for entry in in_readme_order.get(catalog_id, [])]
            parsed_rows = parsed_by_section.get(section_id, [])
            if len(shown) != len(parsed_rows):
                continue  # the render cannot be read back row for row here; the final check reports it
            rows[catalog_id] = [
                Row(parsed, catalog_id, self.ours.entry_lines.get(parsed.id, 0), self.entries[entry_id]) for parsed, entry_id in zip(parsed_rows, shown)
            ]
        return rows

    def _unreadable_lines(self, report: AbsorbReport) -> set[int]:
        """README lines the importer had to guess at that the rendered README does not share: reported, not absorbed."""
        known: dict[str, int] = {}
        for problem in self.ours.problems:
            known[problem.message] = known.get(problem.message, 0) + 1
        lines = set()
        for problem in self.theirs.problems:
            if _LOSSLESS_PROBLEMS.match(problem.message):
                continue  # nothing there to absorb, and nothing lost by leaving it
            if problem.message.startswith("control or bidi characters"):  # read without them: absorbed, and said
                report.changes.append(Finding(problem.line, f"{problem.message}; absorbed without them"))
                continue
            if known.get(problem.message):
                known[problem.message] -= 1
                continue
            lines.add(problem.line)
            report.unmapped.append(Finding(problem.line, f"{problem.message}; not absorbed"))
        return lines

    def run(self, report: AbsorbReport) -> Catalog:
        self._catalog_section_of()
        # Absorb may add sections: to a copy, so the catalog it was handed keeps its tree.
        self.catalog = replace(self.catalog, sections=copy.deepcopy(self.catalog.sections))
        matched = self.matched = self._match_sections(report)
        unreadable = self._unreadable_lines(report)
        rendered = self._rendered_rows()
        for catalog_id in matched.values():
            rendered.setdefault(catalog_id, [])  # a section new in this absorb: no rows rendered yet
        index: dict[str, list[Row]] = {}
        for rows in rendered.values():
            for row in rows:
                for key in row_keys(row.parsed):
                    index.setdefault(key, []).append(row)

        wanted: dict[str, list[str]] = {}  # catalog section id -> entry ids in the README's order
        placed: dict[tuple[str, str], int] = {}  # (entry id, section) -> README line
        in_place: dict[str, int] = {}  # entry id -> README line of a row in a section it was in
        elsewhere: list[tuple[Row, Entry, int, str]] = []
        first_cells: dict[str, tuple[tuple[object, ...], int]] = {}  # entry id -> its first README row's cells, line
        rows_in_readme = [(parsed, matched[parsed.sections[0]]) for parsed in self.theirs.catalog.entries if matched.get(parsed.sections[0]) in rendered]
        # Rows still in their section claim their rendered row first: a copy of the paper added
        # elsewhere (above them in the README) must not take the entry from them.
        claims: dict[str, Row] = {}
        for parsed, catalog_id in rows_in_readme:
            claim = self._match(parsed, catalog_id, index, in_section_only=True)
            if claim is not None:
                claims[parsed.id] = claim
                if claim.entry is not None:
                    cells = tuple(getattr(parsed, name) for name in ROW_FIELDS)
                    first_cells.setdefault(claim.entry.id, (cells, self.theirs.entry_lines.get(parsed.id, 0)))
        for parsed, catalog_id in rows_in_readme:
            line = self.theirs.entry_lines.get(parsed.id, 0)
            claimed = claims.get(parsed.id)
            if line in unreadable:
                # A row the importer had to guess at: not absorbed (reported), but its paper keeps its place.
                if claimed is not None and claimed.entry is not None and (claimed.entry.id, catalog_id) not in placed:
                    placed[(claimed.entry.id, catalog_id)] = line
                    wanted.setdefault(catalog_id, []).append(claimed.entry.id)
                continue
            matched_row = claimed or self._match(parsed, catalog_id, index)
            entry_id = matched_row.entry.id if matched_row is not None and matched_row.entry is not None else ""
            if matched_row is not None and (entry_id, catalog_id) not in placed:
                shown = matched_row.parsed if matched_row.parsed is not parsed and matched_row.line else None
                self.pairs.setdefault(entry_id, (parsed, shown, line))
                cells = tuple(getattr(parsed, name) for name in ROW_FIELDS)
                seen = first_cells.setdefault(entry_id, (cells, line))
                if seen[0] != cells:
                    # A second row of the paper that says other things: a row of its own, as import reads it.
                    entry_id = self._own_entry(parsed, catalog_id, line, f"the paper's row at line {seen[1]} has other cells", report, index)
                elif matched_row.section != catalog_id:
                    elsewhere.append((matched_row, parsed, line, catalog_id))
                elif self._compare(matched_row, parsed, line):
                    in_place.setdefault(entry_id, line)
                else:
                    first = self.edit_lines[entry_id]
                    entry_id = self._own_entry(parsed, catalog_id, line, f"the paper's row at line {first} has other cells", report, index)
            else:
                # A new paper, or one more row of a paper this section already shows: a new entry
                # either way, as import makes one (`papercat dedupe` lists such pairs).
                repeated = placed.get((entry_id, catalog_id))
                if repeated is not None:
                    entry_id = self._own_entry(parsed, catalog_id, line, f"the row repeats the one at line {repeated}", report, index)
                else:
                    entry_id = self._new_entry(parsed, catalog_id, line, report, index)
                    self.pairs.setdefault(entry_id, (parsed, None, line))
            # An entry made here from this row: its later rows with other cells are rows of their own too.
            first_cells.setdefault(entry_id, (tuple(getattr(parsed, name) for name in ROW_FIELDS), line))
            placed[(entry_id, catalog_id)] = line
            self.row_at[(entry_id, catalog_id)] = parsed
            wanted.setdefault(catalog_id, []).append(entry_id)

        for row, parsed, line, catalog_id in elsewhere:
            # A row shown in one more section: its cells are an edit only if the paper has no row left
            # in place (a move); next to a row with other cells, it is a row of its own (as import reads it).
            if row.entry is None:
                continue
            if row.entry.id not in in_place and self._compare(row, parsed, line):
                continue
            if row.entry.id not in in_place or any(getattr(parsed, name) != getattr(row.parsed, name) for name in ROW_FIELDS):
                first = in_place.get(row.entry.id) or self.edit_lines.get(row.entry.id, line)
                own = self._own_entry(parsed, catalog_id, line, f"the paper's row at line {first} has other cells", report, index)
                ids = wanted[catalog_id]
                ids[ids.index(row.entry.id)] = own
                placed[(own, catalog_id)] = placed.pop((row.entry.id, catalog_id))
                self.row_at[(own, catalog_id)] = self.row_at.pop((row.entry.id, catalog_id))
        self._refile(rendered, placed, report)
        new_catalog = self._apply_edits(report)
        kept: dict[str, list[str]] = {}
        # A section not compared (unchanged and not read) keeps its row order; a removed one has none.
        removed = set(self.removed_sections)
        for entry in self.catalog.entries:
            for section_id in entry.sections:
                if section_id not in wanted and section_id not in removed:
                    kept.setdefault(section_id, []).append(entry.id)
        for section_id, ids in kept.items():
            wanted.setdefault(section_id, ids)
        # New and re-filed entries take the place their rows have; the others keep theirs.
        floating = {entry.id for entry in self.new_entries} | self.refiled
        new_catalog.entries = self._ordered(new_catalog, floating, wanted, report)
        remove_sections(new_catalog, set(self.removed_sections))
        if follow_outline(new_catalog, self.theirs.catalog.sections, matched):
            report.changes.append(Finding(1, "sections re-ordered or re-nested as the README's headings are"))
        ours_of = {catalog_id: self._ours_section(section_id) for section_id, catalog_id in self._catalog_section_of().items()}
        absorb_sections(new_catalog, ours_of, self.theirs, matched, self._first_new_line, report)
        absorb_rows(new_catalog, self.pairs, report)
        intro_line = self._first_new_line(self.ours.catalog.intro, self.theirs.catalog.intro, 1)
        absorb_page(new_catalog, self.ours, self.theirs, (self._catalog_section_of(), matched), intro_line, report)
        return new_catalog

    def _match(self, parsed: Entry, catalog_id: str, index: dict[str, list[Row]], in_section_only: bool = False) -> Optional[Row]:
        """The rendered row this README row is: same link or title, in the same section first."""
        keys = row_keys(parsed)
        for key in keys:
            for row in index.get(key, []):
                if row.section == catalog_id and not row.claimed:
                    row.claimed = True
                    return row
        if in_section_only:
            return None
        for key in keys:
            for row in index.get(key, []):
                return row
        # A paper the catalog has whose row was not read (a section the edit did not touch, or
        # an entry in no section): shown here too, with its cells as they are.
        for key in keys:
            entry = self._catalog_keys().get(key)
            if entry is not None:
                return Row(parsed, entry.sections[0] if entry.sections else "", 0, entry)
        return None

    def _catalog_keys(self) -> dict[str, Entry]:
        if self._keys_of_catalog is None:
            self._keys_of_catalog = {}
            for entry in self.catalog.entries:
                for key in row_keys(entry):
                    self._keys_of_catalog.setdefault(key, entry)
        return self._keys_of_catalog

    def _compare(self, row: Row, parsed: Entry, line: int) -> bool:
        """Record the row's cells that differ as edits of its entry; False (nothing recorded) when
        another row of the same paper already edits one of them to something else."""
        entry = row.entry
        if entry is None:  # a row new in this absorb, shown in one more section
            return True
        # A cell that differs from the render but not from the catalog (a field this layout does not
        # show, such as a note) is no change.
        changes = {
            name: getattr(parsed, name)
            for name in ROW_FIELDS
            if getattr(parsed, name) != getattr(row.parsed, name) and getattr(parsed, name) != getattr(entry, name)
        }
        if not changes:
            return True
        pending = self.edits.setdefault(entry.id, {})
        if any(name in pending and pending[name] != value for name, value in changes.items()):
            return False
        pending.update(changes)
        self.edit_lines.setdefault(entry.id, line)
        return True

    def _own_entry(self, parsed: Entry, catalog_id: str, line: int, why: str, report: AbsorbReport, index: dict[str, list[Row]]) -> str:
        """A row of a paper that cannot be the same entry as its other row: an entry of its own, as import makes one."""
        entry_id = self._new_entry(parsed, catalog_id, line, report, index)
        self.pairs.setdefault(entry_id, (parsed, None, line))
        report.changes[-1].message += f" ({why}; `papercat dedupe` lists the pair)"
        return entry_id

    def _new_entry(self, parsed: Entry, catalog_id: str, line: int, report: AbsorbReport, index: dict[str, list[Row]]) -> str:
        """A row that matches no entry: a new entry, from the row as written or from fetched metadata."""
        paper_id = paper_id_of(parsed.url)
        found = self.metadata.get(paper_id) if paper_id is not None else None
        entry = entry_from_row(parsed, catalog_id, paper_id, found)
        entry.id = make_entry_id(entry.title, entry.year, self.taken)
        self.taken.add(entry.id)
        self.new_entries.append(entry)
        self.entries[entry.id] = entry
        self.sections_of[entry.id] = [catalog_id]
        source = " (title, authors and year from the source)" if found else ""
        report.new_rows.append((line, entry))
        report.changes.append(Finding(line, f"new row '{shorten(entry.title)}' -> new entry '{entry.id}' in '{catalog_id}'{source}"))
        row = Row(parsed, catalog_id, line, None, claimed=True)
        row.entry = entry
        for key in row_keys(parsed):
            index.setdefault(key, []).append(row)
        return entry.id

    def _refile(self, rendered: dict[str, list[Row]], placed: dict[tuple[str, str], int], report: AbsorbReport) -> None:
        """Sections gained and lost by each entry, from where its rows are now."""
        gained: dict[str, list[str]] = {}
        lost: dict[str, list[str]] = {}
        for entry_id, section in placed:
            if section not in self.sections_of[entry_id]:
                gained.setdefault(entry_id, []).append(section)
        compared = set(self.matched.values()) | set(self.removed_sections)
        for section, rows in rendered.items():
            if section not in compared:
                continue
            for row in rows:
                assert row.entry is not None
                if (row.entry.id, section) not in placed:
                    lost.setdefault(row.entry.id, []).append(section)
        new_ids = {entry.id for entry in self.new_entries}
        for entry_id in dict.fromkeys([*gained, *lost]):
            if entry_id in new_ids:
                # A new paper shown in several sections (its rows alike): one entry, filed in each.
                self.sections_of[entry_id] = [*self.sections_of[entry_id], *gained.get(entry_id, [])]
                continue
            if entry_id not in self.sections_of:
                continue
            sections = [s for s in self.sections_of[entry_id] if s not in lost.get(entry_id, [])] + gained.get(entry_id, [])
            self.sections_of[entry_id] = sections
            if entry_id in gained:
                self.refiled.add(entry_id)
            to, away = gained.get(entry_id, []), lost.get(entry_id, [])
            line = min((placed[(entry_id, s)] for s in to), default=self._line_of_gap(away))
            if not sections:
                report.changes.append(Finding(line, f"'{entry_id}' has no row left -> removed from the catalog (was in {', '.join(away)})"))
            elif to and away:
                report.changes.append(Finding(line, f"'{entry_id}' moved from {', '.join(away)} to {', '.join(to)}"))
            elif to:
                report.changes.append(Finding(line, f"'{entry_id}' is now also in {', '.join(to)}"))
            else:
                report.changes.append(Finding(line, f"'{entry_id}' row removed -> taken out of {', '.join(away)}"))

    def _line_of_gap(self, sections: list[str]) -> int:
        """Where a removed row was: the README line of its section's heading."""
        for section_id, catalog_id in self.matched.items():
            if catalog_id in sections:
                return self.theirs.section_lines.get(section_id, 1)
        return 1

    def _apply_edits(self, report: AbsorbReport) -> Catalog:
        catalog = replace(self.catalog, entries=list(self.catalog.entries))
        position = {entry.id: number for number, entry in enumerate(catalog.entries)}
        for entry_id, changes in self.edits.items():
            if not self.sections_of.get(entry_id) or entry_id not in position:
                continue  # gone, or new in this absorb (made from its first row as written)
            line = self.edit_lines[entry_id]
            values = {name: ("" if value is None else value) for name, value in changes.items()}
            original = catalog.entries[position[entry_id]]
            # edit_entry changes the entry it finds: give it a copy, so the catalog absorb was
            # handed (the caller's, or the store's clone) keeps its entries as they were.
            catalog.entries[position[entry_id]] = replace(original)
            try:
                catalog, message = edit_entry(catalog, entry_id, values)
            except PapercatError as error:
                catalog.entries[position[entry_id]] = original
                report.unmapped.append(Finding(line, f"the row's new cells do not make a valid entry ({error}); not absorbed"))
                continue
            if catalog.entries[position[entry_id]] != original:
                report.changes.append(Finding(line, message))
        kept = []
        for entry in catalog.entries:
            sections = self.sections_of.get(entry.id)
            if not sections:
                continue
            kept.append(entry if sections == entry.sections else replace(entry, sections=sections))
        catalog.entries = kept + [
            entry if self.sections_of[entry.id] == entry.sections else replace(entry, sections=self.sections_of[entry.id]) for entry in self.new_entries
        ]
        return catalog
