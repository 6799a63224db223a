"""A catalog's entries as BibTeX, CSV or JSON: pure functions over entries, no files, no network.

BibTeX keys are `firstauthorYEARword` (surname, year, first title word that is not a stop word;
ASCII, lower case), made unique in catalog order with `b`, `c`, ... suffixes, so the same catalog
always gives the same keys and a new entry at the end never renames an old one. The entry type
follows the venue: a preprint (arXiv, empty, GitHub) is `@misc`, a journal `@article`, anything
else `@inproceedings`. CSV and JSON carry every field of every entry, one row per entry.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from .catalog import Catalog, Entry
from .catalog_data import ENTRY_KEYS
from .ids import arxiv_id_from_text, canonical_arxiv_url
from .text import collapse_whitespace
from .venues import is_preprint_venue

FORMATS = ("bibtex", "csv", "json")
_STOPWORDS = frozenset("a an and are as at be by can do for from how in is it its of on or the to via we what when with".split())
# Venues that are journals although their names do not say so.
_JOURNALS = frozenset({"pnas", "tmlr", "jmlr", "tacl", "nature", "science", "cell", "plos one"})
_JOURNAL_WORDS = re.compile(r"\b(journal|transactions|letters|review|magazine|nature|science|proceedings of the national academy)\b", re.IGNORECASE)
_NOT_PUBLISHED = frozenset({"github", "hugging face", "huggingface", "blog", "website", "openreview"})
# Characters with a meaning in BibTeX/LaTeX, escaped in field values.
_LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")


@dataclass
class ExportRow:
    """One entry with what the export adds: its citation key and the section titles it sits in."""

    entry: Entry
    key: str
    section_titles: list[str]


def entries_for(catalog: Catalog, section: Optional[str] = None) -> list[Entry]:
    """Entries in catalog order; with `section`, those in it or in any section below it."""
    if section is None:
        return list(catalog.entries)
    found = catalog.section_by_id(section)
    if found is None:
        from .errors import UsageError
        from .text import did_you_mean

        raise UsageError(f"no section '{section}'{did_you_mean(section, catalog.section_ids())}; see `papercat section list` or catalog.yaml")
    wanted = set()
    stack = [found]
    while stack:
        current = stack.pop()
        wanted.add(current.id)
        stack.extend(current.children)
    return [entry for entry in catalog.entries if wanted.intersection(entry.sections)]


_NOT_KEY_CHARACTER = re.compile(r"[^a-z0-9]")
_WORD_BREAK = re.compile(r"[\s:\-–—/]+")


def ascii_word(text: str) -> str:
    """Letters and digits of `text` folded to ASCII and lower case ("Rozière" -> "roziere")."""
    folded = text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_KEY_CHARACTER.sub("", folded.lower())


def surname(author: str) -> str:
    """The family name of "First Last", "Last, First" or "F. von Last" (the last word before a comma)."""
    author = collapse_whitespace(author)
    if "," in author:
        return author.split(",", 1)[0]
    return author.split(" ")[-1] if author else ""


def base_key(entry: Entry, authors: list[str]) -> str:
    """`firstauthorYEARword`; `anon` without authors, no year part without a year."""
    author = ascii_word(surname(authors[0])) if authors else ""
    word = first = ""
    for raw in _WORD_BREAK.split(entry.title):
        candidate = ascii_word(raw)
        if candidate and not first:
            first = candidate
        if candidate and candidate not in _STOPWORDS:
            word = candidate
            break
    return f"{author or 'anon'}{entry.year or ''}{word or first or 'paper'}"


def citation_keys(entries: Iterable[Entry]) -> dict[str, str]:
    """Entry id -> unique citation key, in catalog order (the first keeps the plain key)."""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for entry in entries:
        base = base_key(entry, entry.authors)
        key, suffix = base, ord("b")
        while key in taken:
            key = base + (chr(suffix) if suffix <= ord("z") else str(suffix - ord("z") + 1))
            suffix += 1
        taken.add(key)
        keys[entry.id] = key
    return keys


def entry_type(venue: Optional[str]) -> str:
    """`misc` for preprints and repositories, `article` for journals, else `inproceedings`."""
    if is_preprint_venue(venue) or (venue or "").strip().lower() in _NOT_PUBLISHED:
        return "misc"
    name = (venue or "").strip()
    if name.lower() in _JOURNALS or _JOURNAL_WORDS.search(name):
        return "article"
    return "inproceedings"


def latex_escape(text: str) -> str:
    return _LATEX_SPECIAL.sub(lambda m: _LATEX_ESCAPES[m.group(0)], collapse_whitespace(str(text)))


def bibtex_entry(entry: Entry, key: str) -> str:
    """One BibTeX record; fields in a fixed order, values braced and escaped."""
    authors = entry.authors
    kind = entry_type(entry.venue)
    fields: list[tuple[str, str]] = [("title", "{" + latex_escape(entry.title) + "}")]  # double braces keep the title's case
    if authors:
        fields.append(("author", " and ".join(latex_escape(a) for a in authors)))
    if entry.year:
        fields.append(("year", str(entry.year)))
    if kind == "inproceedings":
        fields.append(("booktitle", latex_escape(entry.venue or "")))
    elif kind == "article":
        fields.append(("journal", latex_escape(entry.venue or "")))
    elif entry.venue and not is_preprint_venue(entry.venue):
        fields.append(("howpublished", latex_escape(entry.venue)))
    arxiv = arxiv_id_from_text(entry.arxiv or "") or arxiv_id_from_text(entry.url or "")
    if arxiv:
        fields += [("eprint", arxiv[0]), ("archivePrefix", "arXiv")]
        if entry.category:
            fields.append(("primaryClass", latex_escape(entry.category)))
    if entry.doi:
        fields.append(("doi", latex_escape(entry.doi)))
    url = entry.url or (canonical_arxiv_url(arxiv[0]) if arxiv else None)
    if url:
        fields.append(("url", _url_value(url)))
    if entry.code:
        fields.append(("note", "Code: \\url{" + _url_value(entry.code) + "}"))
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def _url_value(url: str) -> str:
    """A URL as BibTeX reads it: braces and percent signs are the only characters that need care."""
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def to_bibtex(entries: list[Entry]) -> str:
    keys = citation_keys(entries)
    return "\n".join(bibtex_entry(entry, keys[entry.id]) for entry in entries)


# `cells` is how the source list wrote a row (for render), not data about the paper.
EXPORTED_KEYS = tuple(key for key in ENTRY_KEYS if key != "cells")


def entry_record(entry: Entry, titles: dict[str, str], key: str) -> dict[str, Any]:
    """Every field of an entry (empty ones as null or []), its citation key and section titles."""
    record: dict[str, Any] = {"key": key}
    for name in EXPORTED_KEYS:
        value = getattr(entry, name)
        record[name] = list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value
    record["section_titles"] = [titles.get(section, section) for section in entry.sections]
    return record


def _section_titles(catalog: Catalog) -> dict[str, str]:
    return {section.id: section.title for _, section in catalog.iter_sections()}


def to_json(entries: list[Entry], catalog: Catalog) -> str:
    keys = citation_keys(entries)
    titles = _section_titles(catalog)
    # One entry a line, each dumped by the C encoder (an indented dump is pure Python: 4x slower at 10k).
    lines = [json.dumps(entry_record(entry, titles, keys[entry.id]), ensure_ascii=False) for entry in entries]
    title = json.dumps(catalog.title, ensure_ascii=False)
    if not lines:
        return f'{{"title": {title}, "entries": []}}\n'
    return f'{{"title": {title},\n"entries": [\n' + ",\n".join(lines) + "\n]}\n"


CSV_COLUMNS = ("key", *EXPORTED_KEYS, "section_titles")


def to_csv(entries: list[Entry], catalog: Catalog) -> str:
    """One row per entry; lists joined with '; ' (sections, aliases, authors), noqa as JSON."""
    keys = citation_keys(entries)
    titles = _section_titles(catalog)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    # Rows built straight from the entries (no record dict per entry): this runs 10k times.
    writer.writerows(
        [keys[entry.id], *(_cell(getattr(entry, name)) for name in EXPORTED_KEYS), "; ".join(titles.get(s, s) for s in entry.sections)] for entry in entries
    )
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if value.__class__ is str:
        return value
    if isinstance(value, list):
        if any(isinstance(v, dict) for v in value):  # links: label and url each
            return json.dumps(value, ensure_ascii=False)
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    return str(value)
