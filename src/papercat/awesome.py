"""The `awesome` render style: a README that passes awesome-lint (settings.style: awesome).

awesome-lint is what the awesome-list community runs on every list. Its conventions, as
awesome-lint 2.3.0 checks them, and what this style writes for each:

- one top-level heading, with the awesome badge next to it: `# Title [![Awesome](...)](...)`;
  sections are therefore `##` (top level), `###` (their children) and so on;
- a `## Contents` section right after the intro, listing the first two levels of sections
  with links whose text is the heading's text;
- list items, not tables: `- [Title](url) - Venue Year. [Code](url).` (the description starts
  with a capital or a camel-case word and ends with a full stop);
- no link twice on the page: a paper shown in several sections is linked in the first one and
  named (without links) in the others, pointing at the section that has its links.

Everything else (escaping of titles and links, which URLs may become links, empty-section
settings) is the default style's, from papercat.render. Pure: a catalog in, markdown out.
"""

from __future__ import annotations

import re
from typing import Optional

from .catalog import Catalog, Entry, Section
from .cells import (
    escape_heading,
    escape_text,
    is_web_url,
    link_destination,
    normalize_space,
)
from .render import empty_section_note, take_anchor, visible_sections

BADGE = "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"
CONTENTS = "Contents"
MAX_CONTENTS_DEPTH = 1  # awesome-lint allows two levels of contents


def render_awesome(catalog: Catalog) -> str:
    """The whole README in the awesome-list conventions; ends with exactly one newline."""
    empty_style = catalog.settings.empty_sections
    visible = visible_sections(catalog)
    taken: set[str] = set()
    take_anchor(f"{catalog.title} Awesome", taken)

    blocks = [f"# {escape_heading(catalog.title)} {BADGE}"]
    if catalog.intro.strip():
        blocks.append(catalog.intro.strip("\n"))
    anchors: dict[str, str] = {}
    if visible:
        blocks.append(f"## {CONTENTS}")
        take_anchor(CONTENTS, taken)
        contents = []
        for depth, section in visible:
            anchors[section.id] = take_anchor(section.title, taken)
            if depth <= MAX_CONTENTS_DEPTH:
                contents.append(f"{'  ' * depth}- [{escape_text(section.title)}](#{anchors[section.id]})")
        blocks.append("\n".join(contents))

    placed: dict[str, Section] = {}  # entry id -> the section that links it
    entries = _entries_by_section(catalog)
    for depth, section in visible:
        blocks.append(f"{'#' * min(depth + 2, 6)} {escape_heading(section.title)}")
        if section.description and section.description.strip():
            blocks.append(section.description.strip("\n"))
        items = []
        for entry in entries.get(section.id, []):
            first = placed.setdefault(entry.id, section)
            items.append(list_item(entry, section.kind) if first is section else repeated_item(entry, first))
        if items:
            blocks.append("\n".join(items))
        elif not section.children and empty_style == "note":
            blocks.append(empty_section_note(section).strip("_"))

    if catalog.footer.strip():
        blocks.append(catalog.footer.strip("\n"))
    return "\n\n".join(blocks) + "\n"


def _entries_by_section(catalog: Catalog) -> dict[str, list[Entry]]:
    rows: dict[str, list[Entry]] = {}
    for entry in catalog.entries:
        for section_id in dict.fromkeys(entry.sections):
            rows.setdefault(section_id, []).append(entry)
    return rows


def list_item(entry: Entry, kind: str) -> str:
    """`- [Title](url) - Description.`; a title without a web link stays plain text."""
    title = escape_text(entry.title)
    if is_web_url(entry.url):
        head = f"[{title}]({link_destination(entry.url.strip())})"
    elif entry.url and entry.url.strip():
        head = f"{title} ({escape_text(entry.url)})"
    else:
        head = title
    description = _description(entry, kind)
    return f"- {head} - {description}" if description else f"- {head}"


def repeated_item(entry: Entry, first: Section) -> str:
    """A paper already linked in an earlier section: named here, linked there (no double links)."""
    return f"- {escape_text(entry.title)} (links under {escape_text(first.title)})."


def _description(entry: Entry, kind: str) -> str:
    parts = []
    if kind == "datasets":
        if _link(entry.code, "Project"):
            parts.append(_link(entry.code, "Project"))
        if _link(entry.download, "Download"):
            parts.append(_link(entry.download, "Download"))
        return " ".join(f"{part}." for part in parts)
    where = " ".join(part for part in (entry.venue and normalize_space(entry.venue), entry.year and str(entry.year)) if part)
    if where:
        parts.append(f"{_capitalized(escape_text(where))}.")
    code = _link(entry.code, "Code")
    if code:
        parts.append(f"{code}.")
    return " ".join(parts)


def _link(url: Optional[str], text: str) -> str:
    return f"[{text}]({link_destination(url.strip())})" if is_web_url(url) else ""


_FIRST_WORD = re.compile(r"[a-z][^\s\-;./']*")


def _capitalized(text: str) -> str:
    """awesome-lint wants a description to start with a capital or camel-case word (arXiv is fine)."""
    match = _FIRST_WORD.match(text)
    if match and match.group(0).islower():
        return text[:1].upper() + text[1:]
    return text
