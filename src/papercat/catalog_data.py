"""catalog.yaml's data <-> the catalog model: the keys a file may hold, validation, and writing.

`catalog_from_data` validates parsed YAML (plain dicts, lists and scalars, as
`papercat.yamltext` reads them) against the schema documented in docs/catalog-format.md and
papercat/catalog.schema.json, with each error at its line; `catalog_to_data` is its inverse,
producing the key order papercat writes. The `layout:` keys are `papercat.layout_data`'s.
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any, Optional

from . import layout_data
from .catalog import (
    EMPTY_SECTION_STYLES,
    FORMAT_VERSION,
    RENDER_STYLES,
    SECTION_ID_RE,
    SECTION_ORDERS,
    TABLE_KINDS,
    Catalog,
    Entry,
    Locator,
    Section,
    Settings,
    Where,
)
from .errors import CatalogError
from .text import did_you_mean

_ENTRY_STR = ("id", "title", "url", "arxiv", "doi", "venue", "code", "download", "category", "published", "note", "date")
_ENTRY_LIST = ("sections", "aliases", "authors")
ENTRY_KEYS = tuple(f.name for f in fields(Entry))
SECTION_KEYS = ("id", "title", "kind", "description", "order", "sections", "layout", "after")
TOP_KEYS = ("version", "title", "intro", "footer", "settings", "layout", "sections", "entries")
SETTINGS_KEYS = ("empty_sections", "style", "lint", "stats")


class Validator:
    """Reads parsed YAML into model values; every refusal is a CatalogError at the value's line."""

    def __init__(self, path: Optional[str], locate: Optional[Locator]):
        self.path = path
        self.locate = locate

    def fail(self, where: Where, message: str) -> CatalogError:
        position = self.locate(where) if self.locate else None
        line, column = position if position else (None, None)
        return CatalogError(message, path=self.path, line=line, column=column)

    def mapping(self, value: Any, where: Where, what: str) -> dict[Any, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"{what} must be a mapping of keys to values")
        return value

    def known_keys(self, data: dict[Any, Any], allowed: tuple[str, ...], where: Where, what: str) -> None:
        for key in data:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed)
                raise self.fail(where + (key,), f"unknown key '{key}' in {what}{hint}; allowed: {', '.join(allowed)}")

    def text(self, value: Any, where: Where, what: str) -> Optional[str]:
        if type(value) is str and value:  # the common case, kept cheap; a quoted "~" is text
            return value
        if value is None or value == "":
            return None
        if isinstance(value, (dict, list)):
            raise self.fail(where, f"{what} must be text, not a {'mapping' if isinstance(value, dict) else 'list'}")
        if isinstance(value, bool):  # an unquoted true/false: the reader means the word
            return "true" if value else "false"
        return str(value)

    def required_text(self, value: Any, where: Where, what: str) -> str:
        """`text` that must be there: a missing or empty value is an error."""
        text = self.text(value, where, what)
        if text is None:
            raise self.fail(where, f"{what} is missing; add a non-empty value")
        return text

    def text_list(self, value: Any, where: Where, what: str) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list):
            raise self.fail(where, f"{what} must be a list of text")
        return [self.required_text(item, where + (i,), f"{what}[{i}]") for i, item in enumerate(value)]

    def raw_text(self, value: Any, where: Where, what: str) -> Optional[str]:
        """Markdown kept as written: any text, spaces included; None when absent."""
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            raise self.fail(where, f"{what} must be text, not a {'mapping' if isinstance(value, dict) else 'list'}")
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    def text_map(self, value: Any, where: Where, what: str) -> dict[str, str]:
        if value is None:
            return {}
        data = self.mapping(value, where, what)
        return {str(key): self.raw_text(item, where + (key,), f"{what}[{key}]") or "" for key, item in data.items()}

    def year(self, value: Any, where: Where) -> Optional[int]:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not re.fullmatch(r"\d{4}", str(value).strip()):
            raise self.fail(where, f"year must be a four-digit year such as 2023, not '{value}'")
        return int(str(value).strip())


def catalog_from_data(data: Any, path: Optional[str] = None, locate: Optional[Locator] = None) -> Catalog:
    """Validate parsed YAML (plain dicts, lists and scalars) and build a Catalog."""
    v = Validator(path, locate)
    if data is None:
        raise v.fail((), "the catalog is empty; it needs at least a 'title'")
    top = v.mapping(data, (), "the catalog")
    v.known_keys(top, TOP_KEYS, (), "the catalog")
    version = top.get("version", FORMAT_VERSION)
    if str(version) != str(FORMAT_VERSION):
        raise v.fail(("version",), f"catalog format version {version} is not supported; this papercat reads version {FORMAT_VERSION}")
    catalog = Catalog(
        title=v.required_text(top.get("title"), ("title",), "the catalog's 'title'"),
        intro=v.text(top.get("intro"), ("intro",), "'intro'") or "",
        footer=v.text(top.get("footer"), ("footer",), "'footer'") or "",
    )
    catalog.settings = _settings_from_data(v, top.get("settings"))
    catalog.layout = layout_data.page_layout_from_data(v, top.get("layout"))
    catalog.sections = _sections_from_data(v, top.get("sections"), ("sections",), set())
    raw_entries = top.get("entries") or []
    if not isinstance(raw_entries, list):
        raise v.fail(("entries",), "'entries' must be a list of entries")
    seen_ids: dict[str, int] = {}
    for index, raw in enumerate(raw_entries):
        entry = _entry_from_data(v, raw, ("entries", index))
        if entry.id in seen_ids:
            raise v.fail(("entries", index, "id"), f"entry id '{entry.id}' is used twice (also entry {seen_ids[entry.id] + 1}); ids must be unique")
        seen_ids[entry.id] = index
        catalog.entries.append(entry)
    return catalog


def _settings_from_data(v: Validator, raw: Any) -> Settings:
    if raw is None:
        return Settings()
    data = v.mapping(raw, ("settings",), "'settings'")
    v.known_keys(data, SETTINGS_KEYS, ("settings",), "'settings'")
    style = v.text(data.get("empty_sections"), ("settings", "empty_sections"), "'empty_sections'") or "table"
    if style not in EMPTY_SECTION_STYLES:
        raise v.fail(("settings", "empty_sections"), f"empty_sections must be one of {', '.join(EMPTY_SECTION_STYLES)}, not '{style}'")
    render_style = v.text(data.get("style"), ("settings", "style"), "'style'") or "default"
    if render_style not in RENDER_STYLES:
        raise v.fail(("settings", "style"), f"style must be one of {', '.join(RENDER_STYLES)}, not '{render_style}'")
    lint = data.get("lint") or {}
    v.mapping(lint, ("settings", "lint"), "'settings.lint'")
    return Settings(empty_sections=style, style=render_style, lint=lint, stats=_stats_setting(v, data.get("stats")))


def _stats_setting(v: Validator, raw: Any) -> Optional[dict[str, Any]]:
    """`stats: true|false` or `stats: {chart: papers-per-year.svg}` (a file name next to the README)."""
    where = ("settings", "stats")
    # The fast reader gives booleans; the tree walker gives their text (see papercat.yamltext).
    if raw is None or raw is False or raw in ("false", "False", "~", "null"):
        return None
    if raw is True or raw in ("true", "True"):
        return {}
    data = v.mapping(raw, where, "'settings.stats'")
    v.known_keys(data, ("chart",), where, "'settings.stats'")
    chart = data.get("chart")
    if chart is not None:
        chart = v.text(chart, (*where, "chart"), "'settings.stats.chart'")
        if not chart or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.svg", chart):
            raise v.fail((*where, "chart"), f"settings.stats.chart must be a file name ending in .svg (written next to the README), not '{chart}'")
    return {"chart": chart} if chart else {}


def _sections_from_data(v: Validator, raw: Any, where: Where, seen: set[str]) -> list[Section]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise v.fail(where, "'sections' must be a list of sections")
    sections = []
    for index, item in enumerate(raw):
        here = where + (index,)
        data = v.mapping(item, here, "a section")
        v.known_keys(data, SECTION_KEYS, here, "a section")
        section_id = v.required_text(data.get("id"), here + ("id",), "the section's 'id'")
        if not SECTION_ID_RE.fullmatch(section_id):
            raise v.fail(here + ("id",), f"section id '{section_id}' must be a slug: lower-case letters, digits, '-' and '_'")
        if section_id in seen:
            raise v.fail(here + ("id",), f"section id '{section_id}' is used twice; section ids must be unique")
        seen.add(section_id)
        kind = v.text(data.get("kind"), here + ("kind",), "'kind'") or "papers"
        if kind not in TABLE_KINDS:
            raise v.fail(here + ("kind",), f"section kind must be one of {', '.join(TABLE_KINDS)}, not '{kind}'")
        order = v.text(data.get("order"), here + ("order",), "'order'") or "as-written"
        if order not in SECTION_ORDERS:
            raise v.fail(here + ("order",), f"section order must be one of {', '.join(SECTION_ORDERS)}, not '{order}'")
        sections.append(
            Section(
                id=section_id,
                title=v.required_text(data.get("title"), here + ("title",), f"the title of section '{section_id}'"),
                kind=kind,
                description=v.text(data.get("description"), here + ("description",), "'description'"),
                children=_sections_from_data(v, data.get("sections"), here + ("sections",), seen),
                order=order,
                layout=layout_data.layout_from_data(v, data.get("layout"), here + ("layout",)),
                after=v.raw_text(data.get("after"), here + ("after",), "'after'"),
            )
        )
    return sections


_ENTRY_KEY_SET = frozenset(ENTRY_KEYS)
_YEAR_TEXT = re.compile(r"\d{4}")


# fast path: same answer as _entry_from_data for well-formed entries, checked by
# tests/test_catalog_schema.py::test_a_field_of_the_wrong_shape_is_refused_not_taken_as_is
def _entry_fast(raw: Any) -> Optional[Entry]:
    """The common well-formed entry, built without per-field checks; None means 'check carefully'."""
    if type(raw) is not dict or not raw.keys() <= _ENTRY_KEY_SET:
        return None
    for key, value in raw.items():
        if key in _ENTRY_LISTS:
            if type(value) is not list:
                return None
            for item in value:
                if type(item) is not str or not item or item == "~":
                    return None
        elif type(value) is not str or not value or value == "~" or key == "noqa":
            return None  # a number, a mapping, a null, noqa...: the careful path checks and words it
    if "id" not in raw or "title" not in raw:
        return None
    values = raw.copy()
    year = values.get("year")
    if year is not None:
        if not _YEAR_TEXT.fullmatch(year):
            return None
        values["year"] = int(year)
    return Entry(**values)


_ENTRY_LISTS = frozenset(_ENTRY_LIST)


def _entry_from_data(v: Validator, raw: Any, where: Where) -> Entry:
    fast = _entry_fast(raw)
    if fast is not None:
        return fast
    data = v.mapping(raw, where, "an entry")
    v.known_keys(data, ENTRY_KEYS, where, "an entry")
    values: dict[str, Any] = {}
    for key in _ENTRY_STR:
        read = v.required_text if key in ("id", "title") else v.text
        values[key] = read(data.get(key), where + (key,), f"'{key}'")
    for key in _ENTRY_LIST:
        values[key] = v.text_list(data.get(key), where + (key,), f"'{key}'")
    values["year"] = v.year(data.get("year"), where + ("year",))
    values["links"] = layout_data.links_from_data(v, data.get("links"), where + ("links",))
    for key in ("extra", "cells"):
        values[key] = v.text_map(data.get(key), where + (key,), f"'{key}'")
    noqa = data.get("noqa") or {}
    v.mapping(noqa, where + ("noqa",), "'noqa'")
    values["noqa"] = {str(code): str(reason) if reason is not None else "" for code, reason in noqa.items()}
    # A section id that no section has is not a load error: a section deleted or renamed by
    # hand would otherwise make the catalog unreadable, and with it `move --from` and
    # `section add` that repair it. Lint (PC101) reports every such entry; render refuses.
    return Entry(**values)


# --- Catalog -> plain data (the order papercat writes keys in) -----------------


def entry_to_data(entry: Entry) -> dict[str, Any]:
    """An entry as YAML-ready data, omitting empty fields so files stay short."""
    data: dict[str, Any] = {}
    for key in ENTRY_KEYS:
        value = getattr(entry, key)
        if value in (None, "", [], {}):
            continue
        if key == "links":
            value = [dict(link) for link in value]
        data[key] = list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value
    return data


def section_to_data(section: Section) -> dict[str, Any]:
    data: dict[str, Any] = {"id": section.id, "title": section.title}
    if section.kind != "papers":
        data["kind"] = section.kind
    if section.description:
        data["description"] = section.description
    if section.order != "as-written":
        data["order"] = section.order
    if section.layout is not None:
        data["layout"] = layout_data.layout_to_data(section.layout)
    if section.after:
        data["after"] = section.after
    if section.children:
        data["sections"] = [section_to_data(child) for child in section.children]
    return data


def settings_to_data(settings: Settings) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if settings.empty_sections != "table":
        data["empty_sections"] = settings.empty_sections
    if settings.style != "default":
        data["style"] = settings.style
    if settings.lint:
        data["lint"] = settings.lint
    if settings.stats is not None:
        data["stats"] = dict(settings.stats) if settings.stats else True
    return data


def catalog_to_data(catalog: Catalog, with_entries: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {"version": catalog.version, "title": catalog.title}
    if catalog.intro:
        data["intro"] = catalog.intro
    if catalog.footer:
        data["footer"] = catalog.footer
    settings = settings_to_data(catalog.settings)
    if settings:
        data["settings"] = settings
    if catalog.layout is not None:
        data["layout"] = layout_data.page_layout_to_data(catalog.layout)
    data["sections"] = [section_to_data(s) for s in catalog.sections]
    if with_entries:
        data["entries"] = [entry_to_data(e) for e in catalog.entries]
    return data
