"""Canonical YAML writing for the catalog: the small subset papercat emits.

Block mappings and lists, flow lists of slugs, plain / quoted / literal scalars. Every
emitted scalar is checked to read back as the same string by any YAML 1.1 or 1.2 reader
(`papercat.yamltext`, ruamel.yaml, PyYAML, editors): anything that could be taken for a
number, boolean, null or date is quoted.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\x00-\x1f\x7f]*$")
_PLAIN_SAFE_DASH = re.compile(r"^-[^\s\-][^\x00-\x1f\x7f]*$")
_LOOKS_TYPED = re.compile(
    r"""^(?:
        [-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?   # numbers
      | [-+]?[0-9_]+                                                        # ruamel's lax int: "-_"
      | [-+]?0[xob][0-9a-fA-F_]+                                            # hex / octal / binary
      | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?                     # YAML 1.1 base 60
      | [-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
      | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?                           # dates
      | (?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)
      | ~|null|Null|NULL|<<|=
    )$""",
    re.VERBOSE,
)
# Outside YAML's printable set, or line-break-like: such text is written double-quoted and escaped.
_NOT_PRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
# A literal block (`|`) may hold tabs and line breaks, nothing else from that set.
_NOT_PRINTABLE_IN_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


_SPACE = frozenset(" \t\n\r\x0b\x0c\x85\xa0\u2028\u2029\u3000")
_TYPED_STARTS = frozenset("0123456789+-.~<=_")


@lru_cache(maxsize=1 << 16)
def is_plain_safe(text: str) -> bool:
    """True when `text` can be written unquoted and still reads back as this exact string.

    Memoized: a catalog repeats most of its scalars (keys, section ids, venues, years as text)."""
    if not text or text[0] in _SPACE or text[-1] in _SPACE:
        return False
    if (text[0] in _TYPED_STARTS or len(text) <= 5) and _LOOKS_TYPED.match(text):
        return False
    if ": " in text or " #" in text or text.endswith(":") or _NOT_PRINTABLE.search(text):
        return False
    return bool(_PLAIN_SAFE.fullmatch(text) or _PLAIN_SAFE_DASH.fullmatch(text))


# Characters some YAML readers take as line breaks or refuse unescaped; JSON leaves them raw.
_ESCAPE_TOO_RE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _escape_character(match: re.Match[str]) -> str:
    character = match.group()
    return "\\ufffd" if "\ud800" <= character <= "\udfff" else f"\\u{ord(character):04x}"


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's string escapes are valid YAML escapes."""
    quoted = json.dumps(text, ensure_ascii=False)
    if _ESCAPE_TOO_RE.search(quoted):
        quoted = _ESCAPE_TOO_RE.sub(_escape_character, quoted)
    return quoted


def single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def scalar(value: Any, style: str = "plain") -> str:
    """One scalar on one line; `style` is the preferred quoting (kept from the old line when editing)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if style == "single" and text == text.strip() and not _NOT_PRINTABLE.search(text):
        return single_quoted(text)
    if style == "double" or not is_plain_safe(text):
        return double_quoted(text)
    return text


def _literal_block_ok(text: str) -> bool:
    if "\n" not in text.rstrip("\n") or _NOT_PRINTABLE_IN_BLOCK.search(text):
        return False
    if text.startswith((" ", "\n")) or any(line != line.rstrip() for line in text.split("\n")):
        return False
    return True


def emit_mapping_item(key: str, value: Any, indent: int, style: str = "plain") -> list[str]:
    """Lines for `key: value` at `indent` spaces, value of any supported type."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return [f"{pad}{key}: {{}}"]
        lines = [f"{pad}{key}:"]
        for sub_key, sub_value in value.items():
            lines.extend(emit_mapping_item(scalar(str(sub_key)), sub_value, indent + 2))
        return lines
    if isinstance(value, list):
        if not value:
            return [f"{pad}{key}: []"]
        if style != "block" and all(isinstance(item, str) and _SLUG.fullmatch(item) and is_plain_safe(item) for item in value):
            return [f"{pad}{key}: [{', '.join(value)}]"]
        lines = [f"{pad}{key}:"]
        for item in value:
            lines.extend(emit_sequence_item(item, indent + 2))
        return lines
    if isinstance(value, str) and "\n" in value and _literal_block_ok(value):
        if not value.endswith("\n"):
            chomp, body = "-", value  # strip: no final newline
        else:
            chomp, body = ("+" if value.endswith("\n\n") else ""), value[:-1]  # keep / clip
        lines = [f"{pad}{key}: |{chomp}"]
        lines.extend(f"{pad}  {line}" if line else "" for line in body.split("\n"))
        return lines
    return [f"{pad}{key}: {scalar(value, style)}"]


def emit_sequence_item(value: Any, indent: int) -> list[str]:
    """Lines for `- value` at `indent`; mappings put their first key on the dash line."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        lines: list[str] = []
        for position, (key, sub_value) in enumerate(value.items()):
            sub_lines = emit_mapping_item(scalar(str(key)), sub_value, indent + 2)
            if position == 0:
                sub_lines[0] = f"{pad}- {sub_lines[0][indent + 2 :]}"
            lines.extend(sub_lines)
        return lines
    if isinstance(value, (dict, list)):
        inner = emit_mapping_item("x", value, 0)
        return [f"{pad}- {inner[0][3:]}"] + [f"{pad}  {line}" for line in inner[1:]]
    return [f"{pad}- {scalar(value)}"]


def emit_document(data: dict[str, Any], header: str = "") -> str:
    lines = header.splitlines() if header else []
    for key, value in data.items():
        lines.extend(emit_mapping_item(key, value, 0))
    return "\n".join(lines) + "\n"
