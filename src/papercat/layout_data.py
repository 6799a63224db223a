"""The `layout:` keys of catalog.yaml (docs/catalog-format.md, "Layouts"): validation and writing.

A section's layout and the page's layout say how the source list was written, so render can
give it back as it was. The enums come from `papercat.tables`, as the JSON Schema's do.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .catalog import PageLayout, Where
from .tables import ALIGNMENTS, BLOCKS, FIELD_NAMES, Column, Layout
from .text import did_you_mean

if TYPE_CHECKING:
    from .catalog_data import Validator
    from .errors import DataPath

LAYOUT_KEYS = ("block", "columns", "header_row", "delimiter_row", "padded", "marker", "level", "heading", "spacing")
COLUMN_KEYS = ("header", "field", "align")
PAGE_LAYOUT_KEYS = ("title", "toc_heading", "toc", "toc_before", "toc_marker", "toc_indent", "toc_broken", "spacing", "final_newline")
LINK_KEYS = ("label", "url")


def _small_int(v: Validator, value: Any, where: Where, what: str) -> int:
    if isinstance(value, bool) or not re.fullmatch(r"\d{1,2}", str(value).strip()):
        raise v.fail(where, f"{what} must be a small whole number such as 2, not '{value}'")
    return int(str(value).strip())


def _flag(v: Validator, value: Any, where: DataPath, what: str) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if str(value).strip().lower() in ("true", "false"):
        return str(value).strip().lower() == "true"
    raise v.fail(where, f"{what} must be true or false, not '{value}'")


def _choice(v: Validator, value: Any, where: DataPath, what: str, choices: tuple[str, ...], default: str) -> str:
    text = v.text(value, where, what) or default
    if text not in choices:
        raise v.fail(where, f"{what} must be one of {', '.join(choices)}, not '{text}'{did_you_mean(text, choices)}")
    return text


def _spacing(v: Validator, value: Any, where: DataPath) -> list[int | str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise v.fail(where, "'spacing' must be a list of blank-line counts such as [1, 0, 1]")
    return [_gap(v, item, where + (i,), f"spacing[{i}]") for i, item in enumerate(value)]


def _gap(v: Validator, value: Any, where: DataPath, what: str) -> int | str:
    """A count of empty lines, or blank lines as written (whitespace only)."""
    if isinstance(value, str) and value and not value.strip():
        return value
    return _small_int(v, value, where, what)


def layout_from_data(v: Validator, raw: Any, where: DataPath) -> Layout | None:
    """A section's `layout:` (docs/catalog-format.md, "Layouts")."""
    if raw is None:
        return None
    data = v.mapping(raw, where, "'layout'")
    v.known_keys(data, LAYOUT_KEYS, where, "a layout")
    columns = []
    raw_columns = data.get("columns") or []
    if not isinstance(raw_columns, list):
        raise v.fail(where + ("columns",), "'columns' must be a list of columns (header, field, align)")
    for index, item in enumerate(raw_columns):
        here = where + ("columns", index)
        column = v.mapping(item, here, "a column")
        v.known_keys(column, COLUMN_KEYS, here, "a column")
        header = v.raw_text(column.get("header"), here + ("header",), "the column's 'header'") or ""
        columns.append(
            Column(
                header=header,
                field=_choice(v, column.get("field"), here + ("field",), "a column's 'field'", FIELD_NAMES, "extra"),
                align=_choice(v, column.get("align"), here + ("align",), "a column's 'align'", ALIGNMENTS, "none"),
            )
        )
    level = data.get("level")
    return Layout(
        block=_choice(v, data.get("block"), where + ("block",), "'block'", BLOCKS, "table"),
        columns=columns,
        header_row=v.raw_text(data.get("header_row"), where + ("header_row",), "'header_row'"),
        delimiter_row=v.raw_text(data.get("delimiter_row"), where + ("delimiter_row",), "'delimiter_row'"),
        padded=_flag(v, data.get("padded"), where + ("padded",), "'padded'"),
        marker=v.text(data.get("marker"), where + ("marker",), "'marker'"),
        level=None if level is None else _small_int(v, level, where + ("level",), "'level'"),
        heading=v.raw_text(data.get("heading"), where + ("heading",), "'heading'"),
        spacing=_spacing(v, data.get("spacing"), where + ("spacing",)),
    )


def page_layout_from_data(v: Validator, raw: Any) -> PageLayout | None:
    if raw is None:
        return None
    where = ("layout",)
    data = v.mapping(raw, where, "'layout'")
    v.known_keys(data, PAGE_LAYOUT_KEYS, where, "the page layout")
    indent = data.get("toc_indent")
    return PageLayout(
        title=v.raw_text(data.get("title"), where + ("title",), "'title'"),
        toc_heading=v.raw_text(data.get("toc_heading"), where + ("toc_heading",), "'toc_heading'"),
        toc=v.raw_text(data.get("toc"), where + ("toc",), "'toc'"),
        toc_before=v.raw_text(data.get("toc_before"), where + ("toc_before",), "'toc_before'"),
        toc_marker=v.text(data.get("toc_marker"), where + ("toc_marker",), "'toc_marker'") or "*",
        toc_indent=2 if indent is None else _small_int(v, indent, where + ("toc_indent",), "'toc_indent'"),
        toc_broken=_anchors(v, data.get("toc_broken"), where + ("toc_broken",)),
        spacing=_spacing(v, data.get("spacing"), where + ("spacing",)),
        final_newline=_flag(v, data.get("final_newline", True), where + ("final_newline",), "'final_newline'"),
    )


def _anchors(v: Validator, value: Any, where: DataPath) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise v.fail(where, "'toc_broken' must be a list of anchors such as [old-heading]")
    return [v.raw_text(item, where + (i,), f"toc_broken[{i}]") or "" for i, item in enumerate(value)]


def links_from_data(v: Validator, raw: Any, where: DataPath) -> list[dict[str, str]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise v.fail(where, "'links' must be a list of links, each with a label and a url")
    links = []
    for index, item in enumerate(raw):
        data = v.mapping(item, where + (index,), "a link")
        v.known_keys(data, LINK_KEYS, where + (index,), "a link")
        label = v.raw_text(data.get("label"), where + (index, "label"), "a link's 'label'") or ""
        links.append({"label": label, "url": v.raw_text(data.get("url"), where + (index, "url"), "a link's 'url'") or ""})
    return links


def layout_to_data(layout: Layout) -> dict[str, Any]:
    data: dict[str, Any] = {"block": layout.block}
    if layout.columns:
        data["columns"] = [{"header": c.header, "field": c.field, **({"align": c.align} if c.align != "none" else {})} for c in layout.columns]
    for key in ("header_row", "delimiter_row", "marker", "level", "heading"):
        value = getattr(layout, key)
        if value is not None:
            data[key] = value
    if layout.padded:
        data["padded"] = True
    if layout.spacing:
        data["spacing"] = list(layout.spacing)
    return data


def page_layout_to_data(layout: PageLayout) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in ("title", "toc_heading", "toc", "toc_before"):
        value = getattr(layout, key)
        if value is not None:
            data[key] = value
    if layout.toc_marker != "*":
        data["toc_marker"] = layout.toc_marker
    if layout.toc_indent != 2:
        data["toc_indent"] = layout.toc_indent
    if layout.toc_broken:
        data["toc_broken"] = list(layout.toc_broken)
    if layout.spacing:
        data["spacing"] = list(layout.spacing)
    if not layout.final_newline:
        data["final_newline"] = False
    return data
