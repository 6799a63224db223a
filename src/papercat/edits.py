"""Pure catalog transformations behind `move`, `remove` and `dedupe --merge`.

Each is a store transform: it takes a catalog it may change (the store hands it a private
clone; a caller outside `store.update` passes `store.clone_catalog(...)`) and returns the
changed catalog plus a one-line summary of what changed.
"""

from __future__ import annotations

import copy
import re
from typing import Iterable, Mapping, Optional, TypeVar, Union

from .catalog import EMPTY_SECTION_STYLES, Catalog, Entry
from .errors import NotFoundError, RefusedError, UsageError
from .identity import arxiv_id_in, normalize_title
from .ids import canonical_arxiv_url, doi_from_text, is_absolute_http_url, is_arxiv_doi, normalize_url
from .placing import hand_over_text, keeping_row_order, rows_as_written
from .tables import BEFORE_KEY, BETWEEN_KEY, EMPTY_ABOVE_KEY, EMPTY_BELOW_KEY, GAP_KEY
from .text import closest_match, collapse_whitespace, did_you_mean, shorten
from .untrusted import clean, shown

LINK_FIELDS = ("url", "code", "download")

# A field value as a command gives it: text a person typed, a typed value (absorb's year), or None.
FieldValue = Union[str, int, None]
T = TypeVar("T")
# checked_field_values keeps its input's value type: text alone (add), or text and typed values (absorb).
_Checked = TypeVar("_Checked", Optional[str], FieldValue)


def checked_field_values(values: Mapping[str, _Checked]) -> dict[str, _Checked]:
    """Field values a person typed (`add` and `edit` options), checked and made safe the same way.

    Control and bidi characters are removed and whitespace collapsed (a note keeps its line
    breaks); a blank title, a link that is not http(s) (`javascript:`, `vbscript:`, a bare
    path) or a DOI that is not one is refused with a UsageError naming the option. None and ""
    (clear the field) pass through.
    """
    checked: dict[str, _Checked] = {}
    for key, value in values.items():
        if value is None or value == "" or not isinstance(value, str):
            checked[key] = value  # clearing a field, or a typed value (absorb's year) with nothing to clean
            continue
        text = clean(value, multiline=key == "note")
        text = text.strip() if key == "note" else collapse_whitespace(text)
        if key == "title" and not text:
            raise UsageError(f"an entry needs a title; give a non-empty --title, not {shown(repr(value), 40)}")
        if key in LINK_FIELDS and not is_absolute_http_url(text):
            raise UsageError(f"--{key} '{shown(value, 120)}' is not an http(s) link; give the full https:// address")
        if key == "doi":
            found = doi_from_text(text)
            if not found or found != text.lower().removeprefix("https://doi.org/").removeprefix("doi:").strip():
                raise UsageError(f"--doi '{shown(value, 120)}' is not a DOI; write it as 10.NNNN/suffix, e.g. 10.1073/pnas.2305016120")
            text = found
        checked[key] = text or None
    return checked


def require_section(catalog: Catalog, section_id: str) -> None:
    """Raise NotFoundError naming the closest section and every valid one."""
    valid = catalog.section_ids()
    if section_id in valid:
        return
    close = closest_match(section_id, valid)
    hint = f"did you mean '{close}'? " if close else ""
    raise NotFoundError(f"section '{section_id}' does not exist; {hint}{sections_hint(catalog, section_id)}")


def sections_hint(catalog: Catalog, wanted: str = "") -> str:
    """The valid section ids, and how to create one: the end of every 'no such section' message."""
    valid = catalog.section_ids()
    create = f'create it with `papercat section add "TITLE" --id {wanted}`' if wanted else 'create one with `papercat section add "TITLE"`'
    if not valid:
        return f"the catalog has no sections yet: {create}"
    listed = ", ".join(valid) if len(valid) <= 12 else ", ".join(valid[:12]) + f", ... ({len(valid)} in all: `papercat section list`)"
    return f"sections: {listed}; or {create}"


def _entry(catalog: Catalog, entry_id: str) -> Entry:
    entry = catalog.entry_by_id(entry_id)
    if entry is None:
        raise NotFoundError(f"no entry with id '{entry_id}'")
    return entry


def move_entry(
    catalog: Catalog,
    entry_id: str,
    to_section: Optional[str] = None,
    *,
    from_section: Optional[str] = None,
    copy_only: bool = False,
) -> tuple[Catalog, str]:
    """File an entry under another section (`copy_only`: in one more section; no `to_section`: out of one).

    The entry keeps its place in the file, so its row order in every section is unchanged.
    """
    entry = _entry(catalog, entry_id)
    if to_section is None and from_section is None:
        raise UsageError("say where to: --to SECTION (or --from SECTION to take the entry out of one section)")
    if to_section is not None:
        require_section(catalog, to_section)
    if from_section is not None:
        if from_section not in entry.sections or catalog.section_by_id(from_section) is not None:
            require_section(catalog, from_section)  # a vanished section may still be left
        if from_section not in entry.sections:
            raise UsageError(f"'{entry.id}' is not in section '{from_section}'; it is in: {', '.join(entry.sections) or '(none)'}")
    if copy_only and from_section is not None:
        raise UsageError("--copy keeps the entry where it is; drop --from, or drop --copy to move it")
    if copy_only and to_section is None:
        raise UsageError("--copy needs --to SECTION")
    sections = list(entry.sections)

    if to_section is None:  # only take the entry out of `from_section`
        if sections == [from_section]:
            raise RefusedError(
                f"'{from_section}' is the only section of '{entry.id}'; an entry needs a section: "
                f"use 'papercat remove {entry.id}' to drop the paper, or --to SECTION to move it"
            )
        assert from_section is not None  # refused above when both are None
        sections.remove(from_section)
        summary = f"took '{entry.id}' out of '{from_section}' (still in {', '.join(sections)})"
        entry.sections = sections
        return catalog, summary

    if copy_only:
        if to_section in sections:
            return catalog, f"'{entry.id}' is already in '{to_section}'; nothing changed"
        sections.append(to_section)
        entry.sections = sections
        return catalog, f"copied '{entry.id}' to '{to_section}' (now in {', '.join(sections)})"

    if from_section is None:
        if len(sections) > 1 and to_section in sections:
            others = [section for section in sections if section != to_section]
            return catalog, (
                f"'{entry.id}' is already in '{to_section}' (and in {', '.join(others)}); nothing changed; "
                f"to take it out of the others, use `papercat move {entry.id} --from {others[0]}`"
            )
        if len(sections) > 1:
            raise UsageError(
                f"'{entry.id}' is in several sections ({', '.join(sections)}); say which one to leave with --from, or use --copy to add '{to_section}'"
            )
        from_section = sections[0] if sections else None
    if from_section == to_section:
        return catalog, f"'{entry.id}' is already in '{to_section}'; nothing changed"
    if from_section is None:
        sections = [to_section]
    elif to_section in sections:
        sections.remove(from_section)
    else:
        sections[sections.index(from_section)] = to_section
    origin = f" from '{from_section}'" if from_section else ""
    entry.sections = sections
    return catalog, f"moved '{entry.id}'{origin} to '{to_section}'"


def place_next_to(catalog: Catalog, entry_ids: list[str], anchor_id: str, *, after: bool, sections: list[str]) -> str:
    """Put entries just before (or after) another entry of the same section: a hand-ordered list's row order.

    Refused when the anchor shares none of `sections`, or when a shared section sorts its
    rows itself (newest-first, by-year, by-title). Returns where, in words.
    """
    anchor = _entry(catalog, anchor_id)
    if anchor.id in entry_ids:
        raise UsageError(f"--{'after' if after else 'before'} names the paper being placed; name another row of the section")
    shared = [section_id for section_id in sections if section_id in anchor.sections]
    if not shared:
        raise UsageError(
            f"'{anchor.id}' is in {', '.join(anchor.sections) or 'no section'}, not in {', '.join(sections) or 'the target section'}; "
            f"--before/--after name a row of the section the paper goes to"
        )
    for section_id in shared:
        section = catalog.section_by_id(section_id)
        if section is not None and section.order != "as-written":
            raise UsageError(
                f"section '{section_id}' is ordered {section.order}, so its rows place themselves; --before/--after are for "
                f"hand-ordered sections (`papercat section order {section_id} as-written`)"
            )
    wanted = set(entry_ids)
    moving = [entry for entry in catalog.entries if entry.id in wanted]
    rest = [entry for entry in catalog.entries if entry.id not in wanted]
    at = next(position for position, entry in enumerate(rest) if entry.id == anchor.id) + (1 if after else 0)
    catalog.entries = rest[:at] + moving + rest[at:]
    return f"{'after' if after else 'before'} '{anchor.id}' in '{shared[0]}'"


def remove_entry(catalog: Catalog, entry_id: str) -> tuple[Catalog, str]:
    """Drop an entry from the catalog (and so from every section it sits in); the list's text
    above its row stays on the page (hand_over_text)."""
    entry = _entry(catalog, entry_id)
    hand_over_text(catalog, entry)
    catalog.entries = [existing for existing in catalog.entries if existing.id != entry_id]
    where = f" from {', '.join(entry.sections)}" if entry.sections else ""
    return catalog, f"removed '{entry.id}' ({entry.title}){where}"


EDITABLE_FIELDS = ("title", "url", "venue", "year", "code", "download", "doi", "note")


def edit_entry(catalog: Catalog, entry_id: str, changes: Mapping[str, FieldValue]) -> tuple[Catalog, str]:
    """Set fields of one entry in place (its row keeps its position); "" clears a field.

    A new URL that carries an arXiv id or DOI updates `arxiv` / `doi` to match, and the old
    URL is kept under `aliases`, so fixing a wrong link never loses what was there.
    """
    entry = _entry(catalog, entry_id)
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise UsageError(f"cannot edit {', '.join(unknown)}; editable fields: {', '.join(EDITABLE_FIELDS)}")
    if not changes:
        raise UsageError("nothing to change: give at least one of --title, --url, --venue, --year, --code, --download, --doi, --note")
    values: dict[str, FieldValue | list[str]] = {key: (value if value != "" else None) for key, value in checked_field_values(changes).items()}
    if "title" in values and not values["title"]:
        raise UsageError("an entry needs a title; give a non-empty --title")
    if values.get("year") is not None:
        year = str(values["year"]).strip()
        if not re.fullmatch(r"\d{4}", year):
            raise UsageError(f"--year must be a four-digit year such as 2023, not '{shown(str(values['year']), 40)}'")
        values["year"] = int(year)
    new_url = values.get("url")
    if "url" in values and entry.url and entry.url != new_url and entry.url not in entry.aliases:
        values["aliases"] = [*entry.aliases, entry.url]
    if new_url and isinstance(new_url, str):  # checked_field_values left a url as text
        found = arxiv_id_in(new_url)
        if found:
            values.setdefault("arxiv", found[0])
        elif entry.arxiv:
            values.setdefault("arxiv", None)  # the old id belonged to the old link
        doi = doi_from_text(new_url)
        if doi and not is_arxiv_doi(doi):
            values.setdefault("doi", doi)
    changed = {key: value for key, value in values.items() if getattr(entry, key) != value}
    if not changed:
        return catalog, f"'{entry.id}' already has those values; nothing changed"
    summary = ", ".join(f"{key} {' -> '.join(shown_change(getattr(entry, key), value))}" for key, value in changed.items() if key != "aliases")
    kept = " (old url kept in aliases)" if "aliases" in changed else ""
    for key, value in changed.items():
        setattr(entry, key, value)
    return catalog, f"edited '{entry.id}': {summary}{kept}"


SHOWN_WIDTH = 60
_CONTEXT = 20  # characters shown on each side of where two long values differ


def shown_change(old: FieldValue | list[str], new: FieldValue | list[str]) -> tuple[str, str]:
    """Two values as a summary shows them: whole when short, else cut around where they differ.

    A typo fixed near the end of a long title must show the fix, not the same first 57
    characters twice: `'...Can Self-Improv'` -> `'...Can Self-Improve'`.
    """
    if old in (None, "", []) or new in (None, "", []):
        return _shown(old), _shown(new)
    before, after = str(old), str(new)
    if len(before) <= SHOWN_WIDTH and len(after) <= SHOWN_WIDTH:
        return repr(before), repr(after)
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(before), len(after)) - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    start = max(0, prefix - _CONTEXT)
    return _window(before, start, len(before) - suffix), _window(after, start, len(after) - suffix)


def _window(text: str, start: int, changed_end: int) -> str:
    end = min(len(text), max(changed_end, start) + _CONTEXT)
    piece = text[start:end]
    cut = len(piece) > SHOWN_WIDTH  # shorten ends it in "...": no second "..." after it
    return repr(("..." if start > 0 else "") + shorten(piece, SHOWN_WIDTH) + ("..." if end < len(text) and not cut else ""))


def _shown(value: FieldValue | list[str]) -> str:
    if value in (None, "", []):
        return "(none)"
    return repr(shorten(str(value), SHOWN_WIDTH))


# --- merge -------------------------------------------------------------------------------

# Fields merged by rule below; every other text field keeps its first non-empty value and
# records the others in `note`, so a merge never loses what someone wrote.
_NOTED_FIELDS = ("title", "venue", "year", "code", "download", "category", "published", "doi")


def merge_entries(catalog: Catalog, entry_ids: list[str]) -> tuple[Entry, Catalog, str]:
    """Merge entries that are one paper into the first of them (in catalog order).

    Rules (documented in docs/commands/dedupe.md):
    - id and position: the first entry's (a section it joins keeps its row order: keeping_row_order);
      sections: the union, in order of appearance;
    - arxiv: the one id all entries agree on; entries with two different arXiv ids are refused
      (one of the links is wrong: fix it first);
    - url: the canonical arXiv abs URL when there is an arXiv id, else the first url; every
      other url or link text goes to `aliases`, so future imports still match;
    - venue: the first that is not arXiv (a publication beats a preprint), else the first;
    - code: the first, preferring one without trailing punctuation;
    - authors: the longest list; noqa: the union;
    - other fields: the first non-empty value; differing values of the others are appended
      to `note` as "also: field 'value'", and distinct notes are joined.
    """
    merged, new, summaries = merge_groups(catalog, [entry_ids])
    return merged[0], new, summaries[0]


def merge_groups(catalog: Catalog, groups: list[list[str]]) -> tuple[list[Entry], Catalog, list[str]]:
    """Merge several groups in one pass over the catalog (merge_entries one by one is O(groups x entries))."""
    order = {entry.id: index for index, entry in enumerate(catalog.entries)}
    replaced: dict[str, Entry] = {}
    dropped: set[str] = set()
    into: dict[str, str] = {}  # a dropped entry's id -> the id it was merged into
    joins_a_section = False  # a dropped entry was in a section the kept one is not in
    merged_entries, summaries = [], []
    for entry_ids in groups:
        if len(set(entry_ids)) < 2:
            raise UsageError("a merge needs at least two entries")
        for entry_id in entry_ids:
            if entry_id not in order or entry_id in dropped or entry_id in replaced:
                raise NotFoundError(f"no entry with id '{entry_id}' (or it is already part of another merge)")
        entries = [catalog.entries[order[entry_id]] for entry_id in sorted(set(entry_ids), key=order.__getitem__)]
        merged = merged_entry(entries)
        replaced[merged.id] = merged
        dropped.update(entry.id for entry in entries[1:])
        into.update((entry.id, merged.id) for entry in entries[1:])
        joins_a_section = joins_a_section or any(set(entry.sections) - set(entries[0].sections) for entry in entries[1:])
        merged_entries.append(merged)
        summaries.append(f"merged {', '.join(entry.id for entry in entries[1:])} into '{merged.id}'")
    rows_before = rows_as_written(catalog, into) if joins_a_section else {}
    catalog.entries = [replaced.get(entry.id, entry) for entry in catalog.entries]
    for entry in [entry for entry in catalog.entries if entry.id in dropped]:
        hand_over_text(catalog, entry)
    catalog.entries = [entry for entry in catalog.entries if entry.id not in dropped]
    if rows_before:
        catalog.entries = keeping_row_order(catalog.entries, rows_before.values())
    return merged_entries, catalog, summaries


def merged_entry(entries: list[Entry]) -> Entry:
    """One entry from several that are one paper; `entries` in catalog order (the rules: merge_entries)."""
    first = entries[0]
    arxiv_ids = []
    for entry in entries:
        for text in (entry.arxiv, entry.url, entry.doi):
            found = arxiv_id_in(text) if text else None
            if found and found[0] not in arxiv_ids:
                arxiv_ids.append(found[0])
    if len(arxiv_ids) > 1:
        holders = ", ".join(entry.id for entry in entries)
        raise RefusedError(f"entries {holders} carry different arXiv ids ({', '.join(arxiv_ids)}); one link is wrong: fix it, then merge")

    merged = copy.deepcopy(first)
    merged.sections = _unique(section for entry in entries for section in entry.sections)
    merged.arxiv = arxiv_ids[0] if arxiv_ids else None
    if merged.arxiv:
        merged.url = canonical_arxiv_url(merged.arxiv)
    else:
        merged.url = next((entry.url for entry in entries if entry.url), None)
    link_texts = [entry.url for entry in entries if entry.url] + [alias for entry in entries for alias in entry.aliases]
    merged.aliases = _unique(text for text in link_texts if text != merged.url)

    notes: list[str] = [entry.note for entry in entries if entry.note]
    merged.venue = _best_venue(entries)
    merged.code = _best_code(entries)
    merged.authors = max((list(entry.authors) for entry in entries), key=len)
    merged.noqa = {}
    for entry in entries:
        for code, reason in entry.noqa.items():
            merged.noqa.setdefault(code, reason)
    merged.doi = next((entry.doi for entry in entries if entry.doi and not is_arxiv_doi(entry.doi)), None) or next(
        (entry.doi for entry in entries if entry.doi), None
    )
    for name in ("download", "category", "published", "year"):
        setattr(merged, name, next((getattr(entry, name) for entry in entries if getattr(entry, name)), None))

    for name in _NOTED_FIELDS:
        kept_values = [getattr(merged, name)]
        for entry in entries:
            value = getattr(entry, name)
            if value and not any(_same_value(name, value, kept) for kept in kept_values):
                kept_values.append(value)
                notes.append(f"also: {name} '{value}'")
    merged.note = " ".join(_unique(notes)) or None
    # How each row was written, and the columns and links papercat has no field for, from every
    # entry (the first's win): a paper shown as a list item in one section and a table row in
    # another keeps both looks. The text above a dropped row went to its neighbour (hand_over_text).
    for entry in reversed(entries[1:]):
        merged.cells = {**{key: value for key, value in (entry.cells or {}).items() if key not in _PLACE_KEYS}, **(merged.cells or {})}
        merged.extra = {**(entry.extra or {}), **(merged.extra or {})}
        taken = {link.get("url") for link in merged.links}
        merged.links = [*merged.links, *(link for link in entry.links if link.get("url") not in taken)]
    return merged


# cells keys that say where a row stands, not how it reads: they belong to the dropped row's place
_PLACE_KEYS = frozenset({BEFORE_KEY, BETWEEN_KEY, GAP_KEY, EMPTY_ABOVE_KEY, EMPTY_BELOW_KEY})


def _same_value(name: str, a: FieldValue, b: FieldValue) -> bool:
    """Equal for merging purposes: titles modulo case and punctuation, URLs modulo trailing dots."""
    if b is None or a == b:
        return a == b
    if name == "title":
        return normalize_title(str(a)) == normalize_title(str(b))
    if name == "code":
        return normalize_url(str(a).rstrip(".,;")) == normalize_url(str(b).rstrip(".,;"))
    if name == "doi":
        return (doi_from_text(str(a)) or a) == (doi_from_text(str(b)) or b)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().casefold() == b.strip().casefold()
    return False


def _unique(items: Iterable[T]) -> list[T]:
    seen: list[T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _best_venue(entries: list[Entry]) -> Optional[str]:
    venues = [entry.venue for entry in entries if entry.venue]
    published = [venue for venue in venues if not re.search(r"arxiv|preprint|corr", venue, re.IGNORECASE)]
    return published[0] if published else venues[0] if venues else None


def _best_code(entries: list[Entry]) -> Optional[str]:
    codes = [entry.code for entry in entries if entry.code]
    clean = [code for code in codes if not code.endswith((".", ",", ";"))]
    return clean[0] if clean else codes[0] if codes else None


# --- list-wide settings ----------------------------------------------------------------

LIST_SETTINGS = ("title", "intro", "footer", "empty_sections")


def list_setting(catalog: Catalog, key: str) -> str:
    _require_setting(key)
    if key == "empty_sections":
        return catalog.settings.empty_sections
    value: str = getattr(catalog, key) or ""  # title, intro or footer
    return value


def set_list_setting(catalog: Catalog, key: str, value: Optional[str]) -> tuple[Catalog, str]:
    """Change the list's title, intro, footer or empty-section style; None resets it."""
    _require_setting(key)
    if key == "empty_sections":
        style = value or "table"
        if style not in EMPTY_SECTION_STYLES:
            raise UsageError(f"empty_sections must be one of {', '.join(EMPTY_SECTION_STYLES)}, not '{style}'")
        before_style, catalog.settings.empty_sections = catalog.settings.empty_sections, style
        return catalog, f"empty_sections: {before_style} -> {style}"
    if value is not None:  # typed or read from a file: no control or bidi characters (a title stays one line)
        value = collapse_whitespace(clean(value)) if key == "title" else clean(value, multiline=True)
    if key == "title" and not (value or "").strip():
        raise UsageError("the list needs a title; give a non-empty value")
    before, after = getattr(catalog, key) or "", value or ""
    setattr(catalog, key, after)
    return catalog, f"{key}: {len(before.splitlines())} line(s) -> {len(after.splitlines())} line(s)"


def _require_setting(key: str) -> None:
    if key not in LIST_SETTINGS:
        raise UsageError(f"unknown setting '{key}'{did_you_mean(key, LIST_SETTINGS)}; settings: {', '.join(LIST_SETTINGS)}")
