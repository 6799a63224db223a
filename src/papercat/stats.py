"""The shape of a list: entries per section, year and venue, the arXiv-only share, entries without code.

Pure functions over a Catalog: `catalog_stats` counts, `papers_per_year_svg` draws the README's
small bar chart as plain SVG text (no plotting library), byte for byte the same for the same
catalog, and `stats_block` is the README paragraph that shows it (`settings.stats`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Optional
from xml.sax.saxutils import escape

from .catalog import Catalog, Section
from .text import collapse_whitespace, plural
from .venues import is_preprint_venue

DEFAULT_CHART = "papers-per-year.svg"
NO_YEAR = "no year"
NO_VENUE = "no venue"


@dataclass
class SectionCount:
    id: str
    title: str
    depth: int
    entries: int  # entries in this section or any section below it (each entry once)


@dataclass
class CatalogStats:
    total: int = 0
    sections: list[SectionCount] = field(default_factory=list)
    years: list[tuple[str, int]] = field(default_factory=list)  # oldest first; NO_YEAR last
    venues: list[tuple[str, int]] = field(default_factory=list)  # most entries first, then by name
    arxiv_only: int = 0  # venue arXiv (or none) and an arXiv id: not (yet) published elsewhere
    without_code: int = 0

    @property
    def arxiv_only_share(self) -> float:
        return self.arxiv_only / self.total if self.total else 0.0

    def to_data(self) -> dict[str, Any]:
        """The documented JSON shape of `papercat stats --format json`."""
        return {
            "entries": self.total,
            "sections": [{"id": s.id, "title": s.title, "depth": s.depth, "entries": s.entries} for s in self.sections],
            "years": [{"year": year, "entries": count} for year, count in self.years],
            "venues": [{"venue": venue, "entries": count} for venue, count in self.venues],
            "arxiv_only": {"entries": self.arxiv_only, "share": round(self.arxiv_only_share, 4)},
            "without_code": self.without_code,
        }


def catalog_stats(catalog: Catalog) -> CatalogStats:
    stats = CatalogStats(total=len(catalog.entries))
    direct: dict[str, set[int]] = {}
    years: Counter[str] = Counter()
    venues: Counter[str] = Counter()
    for index, entry in enumerate(catalog.entries):
        for section in entry.sections:
            direct.setdefault(section, set()).add(index)
        years[str(entry.year) if entry.year else NO_YEAR] += 1
        venue = collapse_whitespace(entry.venue) or NO_VENUE
        venues[venue] += 1
        if is_preprint_venue(entry.venue) and (entry.arxiv or "arxiv.org/" in (entry.url or "")):
            stats.arxiv_only += 1
        if not entry.code:
            stats.without_code += 1

    def below(section: Section) -> set[int]:
        found = set(direct.get(section.id, set()))
        for child in section.children:
            found |= below(child)
        return found

    stats.sections = [SectionCount(section.id, section.title, depth, len(below(section))) for depth, section in catalog.iter_sections()]
    stats.years = sorted(years.items(), key=lambda item: (item[0] == NO_YEAR, item[0]))
    stats.venues = sorted(venues.items(), key=lambda item: (-item[1], item[0].lower()))
    return stats


def chart_name(catalog: Catalog) -> Optional[str]:
    """The chart's file name when the README shows statistics (`settings.stats`), else None."""
    stats = catalog.settings.stats
    if stats is None:
        return None
    return str(stats.get("chart") or DEFAULT_CHART)


def stats_block(catalog: Catalog) -> Optional[str]:
    """The README paragraph for `settings.stats`: one line of figures and the chart, or None."""
    name = chart_name(catalog)
    if name is None:
        return None
    stats = catalog_stats(catalog)
    years = [int(year) for year, _ in stats.years if year != NO_YEAR]
    span = f"{min(years)}–{max(years)}" if years and min(years) != max(years) else (str(years[0]) if years else "")
    parts = [f"**{plural(stats.total, 'paper')}**"]
    if span:
        parts.append(f"from {span}")
    parts.append(f"{stats.arxiv_only} on arXiv only ({stats.arxiv_only_share:.0%})")
    parts.append(f"{stats.without_code} without a code link")
    return " · ".join(parts) + f"\n\n![Papers per year]({name})"


# --- the chart ------------------------------------------------------------------------------

_WIDTH, _HEIGHT = 480, 180
_LEFT, _RIGHT, _TOP, _BOTTOM = 36, 12, 34, 28


def papers_per_year_svg(catalog: Catalog) -> str:
    """A bar chart of entries per year as SVG text: fixed size, integer coordinates, no timestamps."""
    stats = catalog_stats(catalog)
    bars = [(year, count) for year, count in stats.years if year != NO_YEAR]
    plot_width, plot_height = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM
    highest = max((count for _, count in bars), default=0)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" viewBox="0 0 {_WIDTH} {_HEIGHT}" '
        'role="img" aria-labelledby="title" font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="11">',
        f'<title id="title">{escape("Papers per year: " + ", ".join(f"{y}: {c}" for y, c in bars) if bars else "Papers per year: none")}</title>',
        f'<rect width="{_WIDTH}" height="{_HEIGHT}" fill="#ffffff"/>',
        f'<text x="{_LEFT}" y="15" fill="#24292f" font-weight="600">Papers per year</text>',
        f'<line x1="{_LEFT}" y1="{_TOP + plot_height}" x2="{_LEFT + plot_width}" y2="{_TOP + plot_height}" stroke="#8c959f"/>',
    ]
    if bars:
        slot = plot_width // len(bars)
        bar_width = max(4, min(48, slot * 2 // 3))
        for position, (year, count) in enumerate(bars):
            height = round(plot_height * count / highest) if highest else 0
            x = _LEFT + position * slot + (slot - bar_width) // 2
            y = _TOP + plot_height - height
            middle = x + bar_width // 2
            lines.append(f'<rect x="{x}" y="{y}" width="{bar_width}" height="{height}" fill="#0969da"><title>{year}: {count}</title></rect>')
            lines.append(f'<text x="{middle}" y="{y - 4}" text-anchor="middle" fill="#24292f">{count}</text>')
            if len(bars) <= 16 or position % max(1, len(bars) // 12) == 0:
                lines.append(f'<text x="{middle}" y="{_TOP + plot_height + 16}" text-anchor="middle" fill="#57606a">{escape(year)}</text>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"
