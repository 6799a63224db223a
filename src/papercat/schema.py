"""The catalog's JSON Schema, built from the code that validates catalogs.

The schema papercat ships (`papercat/catalog.schema.json`, printed by `papercat schema`) is
generated from `build_schema()` by `scripts/generate_schema.py`; a test fails when the file
is not what the code builds. Enums (section kinds, empty-section styles, render styles) and the key lists come from `papercat.catalog`, `papercat.catalog_data`, `papercat.layout_data` and the lint registry, so the schema
cannot drift from the loader.

To describe a new catalog field: add it to the loader in `papercat.catalog_data` (which puts it
in ENTRY_KEYS, SECTION_KEYS, SETTINGS_KEYS or TOP_KEYS), add its JSON Schema here in the
matching `*_PROPERTIES` mapping, then run `python scripts/generate_schema.py`. A key the
loader accepts but this module does not describe stops the generation with its name.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from . import __version__

SCHEMA_FILE = "catalog.schema.json"
REPOSITORY = "https://github.com/papercat/papercat"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_url(version: str = __version__) -> str:
    """Where the schema of this release is on the web: the file in the package, at its tag."""
    return f"https://raw.githubusercontent.com/papercat/papercat/v{version}/src/papercat/{SCHEMA_FILE}"


def modeline(version: str = __version__) -> str:
    """The first line of a new catalog: YAML language servers (VS Code...) validate with it."""
    return f"# yaml-language-server: $schema={schema_url(version)}"


def schema_text() -> str:
    """The schema shipped in the package, as written (what `papercat schema` prints)."""
    return resources.files("papercat").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


# --- building blocks -------------------------------------------------------------

TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
OPTIONAL_TEXT: dict[str, Any] = {"type": ["string", "null"]}
# The loader takes one text where a list is expected (`sections: pretraining`).
TEXT_LIST: dict[str, Any] = {
    "anyOf": [
        {"type": "array", "items": {"$ref": "#/$defs/text"}},
        {"$ref": "#/$defs/text"},
        {"type": "null"},
    ]
}


def _ref(name: str, description: str = "") -> dict[str, Any]:
    reference: dict[str, Any] = {"$ref": f"#/$defs/{name}"}
    if description:
        reference["description"] = description
    return reference


def _enum(values: tuple[str, ...], description: str) -> dict[str, Any]:
    return {"description": description, "enum": list(values)}


def top_properties() -> dict[str, Any]:
    return {
        "version": {"description": "Format version; this papercat reads 1.", "enum": [1, "1"]},
        "title": _ref("text", "The list's title: the page's H1."),
        "intro": {"description": "Markdown shown between the title and the table of contents.", "type": ["string", "null"]},
        "footer": {"description": "Markdown shown after the last section.", "type": ["string", "null"]},
        "settings": _ref("settings"),
        "layout": _ref("pageLayout"),
        "sections": {"type": ["array", "null"], "items": _ref("section")},
        "entries": {"type": ["array", "null"], "items": _ref("entry")},
    }


def settings_properties() -> dict[str, Any]:
    from .catalog import EMPTY_SECTION_STYLES, RENDER_STYLES

    properties: dict[str, Any] = {
        "empty_sections": _enum(
            EMPTY_SECTION_STYLES,
            "How a section without entries renders: 'table' (header-only table), 'note' (a line inviting "
            "contributions), 'hide' (left out of the page and the table of contents).",
        ),
        "lint": {
            "description": "Lint configuration: select, ignore, severity, venues... (docs/rules.md).",
            "type": ["object", "null"],
        },
        "stats": {
            "description": "A statistics line and a papers-per-year SVG chart under the intro: true, or {chart: <file>.svg} "
            "(written next to the README by `papercat render -o`; default papers-per-year.svg).",
            "oneOf": [
                {"type": ["boolean", "null"]},
                {
                    "type": "object",
                    "properties": {"chart": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*\\.svg$"}},
                    "additionalProperties": False,
                },
            ],
        },
    }
    properties["style"] = _enum(
        RENDER_STYLES,
        "How the README is written: 'default' (papercat's tables), or 'awesome' (awesome-lint's conventions: the badge, a Contents section, list items).",
    )
    return properties


def section_properties() -> dict[str, Any]:
    from .catalog import SECTION_ID_RE, SECTION_ORDERS, TABLE_KINDS

    return {
        "id": {"description": "Stable slug, unique across the whole tree.", "type": "string", "pattern": SECTION_ID_RE.pattern},
        "title": _ref("text"),
        "kind": _enum(
            TABLE_KINDS,
            "Table columns: papers (Paper | Published in | Code/Project) or datasets (Dataset | Home/Github | Download link).",
        ),
        "description": _ref("optionalText"),
        "order": _enum(
            SECTION_ORDERS,
            "Row order in the README: as-written (catalog order, the default), newest-first, by-year (oldest first) or by-title.",
        ),
        "sections": {"type": ["array", "null"], "items": _ref("section")},
        "layout": _ref("layout"),
        "after": _ref("optionalText", "Markdown shown after the section's entries."),
    }


def entry_properties() -> dict[str, Any]:
    return {
        "id": _ref("text", "Stable, unique, readable id (e.g. tinystories-small-language-models-2023)."),
        "title": _ref("text"),
        "url": _ref("optionalText", "The paper's link (for datasets: the home page)."),
        "arxiv": _ref(
            "optionalText",
            'Normalized arXiv id without version, e.g. "2305.07759" or "hep-th/9901001". Quote it: unquoted it looks like a number.',
        ),
        "doi": _ref("optionalText", "DOI, lower case, e.g. 10.1073/pnas.2305016120."),
        "venue": _ref("optionalText", "Where it was published, without the year: EMNLP, arXiv, NeurIPS."),
        "year": {
            "description": "Four-digit year.",
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 9999},
                {"type": "string", "pattern": r"^\s*[0-9]{4}\s*$"},
                {"enum": ["", None]},
            ],
        },
        "code": _ref("optionalText", "Code or project page."),
        "download": _ref("optionalText", "Datasets only: the download link."),
        "sections": _ref("textList", "Ids of the sections this entry is listed in; one entry, several sections."),
        "aliases": _ref("textList", "Other URLs this paper was listed under (kept by merges so nothing is lost)."),
        "authors": _ref("textList", "Fetched metadata: author names in order."),
        "category": _ref("optionalText", "Fetched metadata: arXiv primary category, e.g. cs.CL."),
        "published": _ref("optionalText", "Fetched metadata: first version's date, YYYY-MM-DD."),
        "note": _ref("optionalText", "Free text for the curators."),
        "date": _ref("optionalText", "The date as the list writes it (a Date column: 2023-06, 2021.9, 2026-06-30)."),
        "links": {
            "description": "More links of the row or item, in order, with their labels (Paper, Tweet, Code...).",
            "type": ["array", "null"],
            "items": _ref("link"),
        },
        "extra": _ref("textMap", "Columns papercat has no field for: header -> the cell's markdown as written."),
        "cells": _ref(
            "textMap",
            "Cells ('_row' a whole row, '_item' a list item, '_gap' and '_before' what stood around it) as the source "
            "wrote them where papercat's rendering would differ; used while they still say what the fields say.",
        ),
        "noqa": {
            "description": 'Lint rules silenced for this entry, each with its reason: {PC301: "the venue spells itself this way"}.',
            "type": ["object", "null"],
            "additionalProperties": {"type": ["string", "null"]},
        },
    }


def layout_defs() -> dict[str, Any]:
    """The `layout:` of a section and of the page (docs/catalog-format.md, "Layouts"); enums from papercat.tables."""
    from .layout_data import COLUMN_KEYS, LAYOUT_KEYS, LINK_KEYS, PAGE_LAYOUT_KEYS
    from .tables import ALIGNMENTS, BLOCKS, FIELD_NAMES

    number = {"type": ["integer", "string", "null"]}
    spacing = {
        "description": "Blank lines before each part when not one each (section: heading, description, entries, after text, "
        "between list items; page: intro, TOC heading, TOC list).",
        "type": ["array", "null"],
        "items": {"type": ["integer", "string"]},
    }
    column = {
        "header": {"description": "The header text exactly as written.", "type": ["string", "null"]},
        "field": _enum(FIELD_NAMES, "The entry field the column shows; extra: kept under the entry's `extra`."),
        "align": _enum(ALIGNMENTS, "The column's alignment."),
    }
    layout = {
        "block": _enum(BLOCKS, "table, bullet list, numbered list, one paragraph an entry, or none (no entries yet)."),
        "columns": {"type": ["array", "null"], "items": _ref("column")},
        "header_row": _ref("optionalText", "The table's header line as written."),
        "delimiter_row": _ref("optionalText", "The table's delimiter line as written."),
        "padded": {"description": "Pad every column to its widest cell.", "type": ["boolean", "string", "null"]},
        "marker": _ref("optionalText", "A list's first marker: -, *, +, 1., 1)."),
        "level": {**number, "description": "The heading level, when not the section's depth + 1."},
        "heading": _ref("optionalText", "The heading line as written."),
        "spacing": spacing,
    }
    page = {
        "title": {"description": "The title line as written; empty when the list has no '# title' of its own.", "type": ["string", "null"]},
        "toc_heading": {"description": "The TOC's heading line; empty for a TOC without one.", "type": ["string", "null"]},
        "toc": {"description": "The TOC list as written; empty when the list has no TOC.", "type": ["string", "null"]},
        "toc_before": {"description": "The id of the section the TOC sits above (empty: after the last).", "type": ["string", "null"]},
        "toc_marker": _ref("optionalText"),
        "toc_indent": number,
        "toc_broken": {
            "description": "Anchors the TOC as written linked that the source page did not have (kept while nothing else is missing).",
            "type": ["array", "null"],
            "items": {"type": "string"},
        },
        "final_newline": {"description": "false: the file ended without a newline, and render writes it so.", "type": ["boolean", "null"]},
        "spacing": spacing,
    }
    return {
        "textMap": {"type": ["object", "null"], "additionalProperties": {"type": ["string", "null"]}},
        "link": _object({"label": OPTIONAL_TEXT, "url": OPTIONAL_TEXT}, LINK_KEYS, "link", type="object"),
        "column": _object(column, COLUMN_KEYS, "column", type="object"),
        "layout": _object(layout, LAYOUT_KEYS, "layout", type=["object", "null"]),
        "pageLayout": _object(page, PAGE_LAYOUT_KEYS, "page layout", type=["object", "null"]),
    }


def _object(properties: dict[str, Any], keys: tuple[str, ...], where: str, **extra: Any) -> dict[str, Any]:
    """An object of exactly the loader's keys, in the loader's order; refuses an undescribed one."""
    missing = [key for key in keys if key not in properties]
    if missing:
        raise ValueError(f"describe {', '.join(missing)} of {where} in papercat/schema.py ({where.replace(' ', '_')}_properties)")
    return {
        **extra,
        "additionalProperties": False,
        "properties": {key: properties[key] for key in keys},
    }


def build_schema() -> dict[str, Any]:
    from .catalog_data import ENTRY_KEYS, SECTION_KEYS, SETTINGS_KEYS, TOP_KEYS

    return {
        "$schema": DRAFT,
        "$id": schema_url(),
        "title": "papercat catalog",
        "description": (
            "One curated paper list: its title and intro, the section tree, and the entries. "
            f"Generated from papercat {__version__}; see docs/catalog-format.md."
        ),
        **_object(top_properties(), TOP_KEYS, "top", type="object", required=["title"]),
        "$defs": {
            "text": TEXT,
            "optionalText": OPTIONAL_TEXT,
            "textList": TEXT_LIST,
            "settings": _object(settings_properties(), SETTINGS_KEYS, "settings", type=["object", "null"]),
            "section": _object(section_properties(), SECTION_KEYS, "section", type="object", required=["id", "title"]),
            "entry": _object(entry_properties(), ENTRY_KEYS, "entry", type="object", required=["id", "title"]),
            **layout_defs(),
        },
    }


def dump_schema(schema: dict[str, Any]) -> str:
    """The file's text: stable key order, two-space indent, one trailing newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
