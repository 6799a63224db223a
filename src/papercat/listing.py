"""Seeing the catalog without reading YAML: `papercat list` (filtered rows) and `papercat show` (one entry).

Pure functions over a Catalog; the text they return is what the CLI prints.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Iterator, Optional

from .catalog import Catalog, Entry, Section
from .catalog_data import ENTRY_KEYS, entry_to_data
from .errors import UsageError
from .render import section_anchors, section_rows
from .section_edits import find_section
from .text import collapse_whitespace

LIST_FORMATS = ("table", "json", "csv")
CSV_COLUMNS = ("id", "title", "url", "arxiv", "doi", "venue", "year", "code", "sections", "authors")
_YEARS = re.compile(r"^(\d{4})?(?:(-)(\d{4})?)?$")


@dataclass(frozen=True)
class YearRange:
    """`2023`, `2021-2023`, `2022-` (from 2022 on) or `-2020` (up to 2020)."""

    first: Optional[int]
    last: Optional[int]

    @classmethod
    def parse(cls, text: str) -> "YearRange":
        match = _YEARS.fullmatch(text.strip())
        if not match or not (match.group(1) or match.group(3)):
            raise UsageError(f"--year '{text}' is not a year or a range such as 2023, 2021-2023, 2022- or -2020")
        first = int(match.group(1)) if match.group(1) else None
        if not match.group(2):
            return cls(first, first)
        return cls(first, int(match.group(3)) if match.group(3) else None)

    def holds(self, year: Optional[int]) -> bool:
        if year is None:
            return False
        return (self.first is None or year >= self.first) and (self.last is None or year <= self.last)


def select_entries(
    catalog: Catalog,
    *,
    section: Optional[str] = None,
    year: Optional[str] = None,
    venue: Optional[str] = None,
    query: Optional[str] = None,
) -> list[Entry]:
    """The entries that pass every filter. With `section`, that section and its subsections,
    in README order; otherwise catalog order. `query` words must all appear (any case) in
    the title, id, authors, note or links."""
    if section is not None:
        root = find_section(catalog, section)
        rows = section_rows(catalog)
        below = [candidate for _, candidate in _subtree(root)]
        entries = list({entry.id: entry for part in below for entry in rows.get(part.id, [])}.values())
    else:
        entries = list(catalog.entries)
    if year is not None:
        years = YearRange.parse(year)
        entries = [entry for entry in entries if years.holds(entry.year)]
    if venue:
        wanted = venue.casefold()
        entries = [entry for entry in entries if entry.venue and wanted in entry.venue.casefold()]
    if query and query.strip():
        words = query.casefold().split()
        entries = [entry for entry in entries if all(word in _searchable(entry) for word in words)]
    return entries


def _subtree(section: Section) -> Iterator[tuple[int, Section]]:
    yield 0, section
    for child in section.children:
        for depth, below in _subtree(child):
            yield depth + 1, below


def _searchable(entry: Entry) -> str:
    parts = [entry.id, entry.title, entry.note or "", entry.url or "", entry.arxiv or "", entry.doi or "", *entry.authors]
    return " ".join(parts).casefold()


def format_entries(entries: list[Entry], output_format: str = "table", total: Optional[int] = None) -> str:
    """`papercat list` output: an aligned table for people, JSON or CSV for programs."""
    if output_format == "json":
        return json.dumps([entry_to_data(entry) for entry in entries], ensure_ascii=False, indent=2) + "\n"
    if output_format == "csv":
        stream = io.StringIO()
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for entry in entries:
            data = entry_to_data(entry)
            writer.writerow(["; ".join(value) if isinstance(value, list) else value for value in (data.get(column, "") for column in CSV_COLUMNS)])
        return stream.getvalue()
    if output_format != "table":
        raise UsageError(f"--format must be one of {', '.join(LIST_FORMATS)}, not '{output_format}'")
    if not entries:
        return "no entries match\n"
    rows = [(entry.id, str(entry.year or "-"), entry.venue or "-", ",".join(entry.sections) or "-", collapse_whitespace(entry.title)) for entry in entries]
    header = ("ID", "YEAR", "VENUE", "SECTIONS", "TITLE")
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths)) + "  " + row[4] for row in [header, *rows]]
    of = f" of {total}" if total is not None and total != len(entries) else ""
    lines.append(f"{len(entries)}{of} {'entry' if len(entries) == 1 else 'entries'}")
    return "\n".join(lines) + "\n"


def where_it_renders(catalog: Catalog, entry: Entry) -> list[str]:
    """One line per section the entry is listed in: the heading path, its anchor and the row number."""
    rows = section_rows(catalog)
    anchors = section_anchors(catalog)
    paths: dict[str, list[str]] = {}
    trail: list[str] = []
    for depth, section in catalog.iter_sections():
        del trail[depth:]
        trail.append(section.title)
        paths[section.id] = list(trail)
    lines = []
    for section_id in entry.sections:
        if section_id not in paths:
            lines.append(f"section '{section_id}' (does not exist: not rendered; see `papercat section list`)")
            continue
        listed = rows.get(section_id, [])
        position = next((number for number, row in enumerate(listed, start=1) if row.id == entry.id), None)
        anchor = f" (#{anchors[section_id]})" if section_id in anchors else ""
        lines.append(f"{' > '.join(paths[section_id])}{anchor}, row {position} of {len(listed)}  [section '{section_id}']")
    return lines


def describe_entry(catalog: Catalog, entry: Entry, readme: str = "README.md", location: str = "") -> str:
    """`papercat show`: every field of the entry, where it sits in the catalog and where it renders."""
    data = entry_to_data(entry)
    width = max(len(key) for key in ENTRY_KEYS)
    lines = []
    for key in ENTRY_KEYS:
        if key not in data:
            continue
        value = data[key]
        if isinstance(value, dict):
            shown = "; ".join(f"{code}: {reason}" for code, reason in value.items())
        elif isinstance(value, list):
            shown = ", ".join(str(item) for item in value)
        else:
            shown = collapse_whitespace(str(value))
        lines.append(f"{key.ljust(width)}  {shown}")
    if location:
        lines.append(f"{'catalog'.ljust(width)}  {location}")
    for number, line in enumerate(where_it_renders(catalog, entry)):
        lines.append(f"{('renders' if number == 0 else '').ljust(width)}  {readme}: {line}")
    return "\n".join(lines) + "\n"
