"""Lint settings as data: the defaults and one layer of settings merged over them.

Knows no rule: which codes exist is the registry's business (papercat.lint.config checks
selectors and severity overrides against it). Layers: defaults, then `[tool.papercat.lint]`
in pyproject.toml, then `settings.lint` in the catalog, then the command line.

Keys (kebab-case or snake_case): `select`, `ignore` (codes, code prefixes such as
`PC2`, rule names, or `ALL`), `severity` (code -> error|warning), `venues`
(spelling -> canonical spelling, merged over the defaults), `empty-sections`
(true|false), `readme` (path of the rendered README, relative to the catalog),
`cache` (metadata cache directory, relative to the catalog).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Optional

from ..errors import CatalogError
from ..text import closest_match
from .model import SEVERITIES

# Canonical spellings of venues people often write differently. Matched as whole
# words, case-insensitively, so "arxiv" and "ARXIV" both become "arXiv".
DEFAULT_VENUES: dict[str, str] = {
    "arxiv": "arXiv",
    "nips": "NeurIPS",
    "neurips": "NeurIPS",
    "github": "GitHub",
    "huggingface": "Hugging Face",
    "openreview": "OpenReview",
    "iclr": "ICLR",
    "icml": "ICML",
    "acl": "ACL",
    "emnlp": "EMNLP",
    "naacl": "NAACL",
    "coling": "COLING",
    "eacl": "EACL",
    "cvpr": "CVPR",
    "iccv": "ICCV",
    "eccv": "ECCV",
    "aaai": "AAAI",
    "ijcai": "IJCAI",
    "kdd": "KDD",
    "tmlr": "TMLR",
    "jmlr": "JMLR",
    "pnas": "PNAS",
}

DEFAULT_README = "README.md"
KNOWN_KEYS = ("select", "ignore", "severity", "venues", "empty_sections", "readme", "cache")


@dataclass(frozen=True)
class LintConfig:
    select: Optional[tuple[str, ...]] = None  # None: every rule
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    venues: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_VENUES))
    empty_sections: bool = True
    readme: Optional[str] = DEFAULT_README
    cache: Optional[str] = None  # None: $PAPERCAT_CACHE_DIR, else .papercat-cache/ beside the catalog


def split_selectors(values: Iterable[str]) -> tuple[str, ...]:
    """`["PC2,PC301", "title-markup"]` -> `("PC2", "PC301", "title-markup")`."""
    out: list[str] = []
    for value in values:
        out.extend(part.strip() for part in str(value).split(",") if part.strip())
    return tuple(out)


def merge_config(config: LintConfig, data: Any, source: str, path: Optional[str] = None) -> LintConfig:
    """Apply one layer of settings (a mapping from TOML or YAML) over `config`."""

    def fail(message: str) -> CatalogError:
        return CatalogError(f"{source}: {message}", path=path)

    if data is None:
        return config
    if not isinstance(data, dict):
        raise fail("lint settings must be a mapping of keys to values")
    changes: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = str(raw_key).replace("-", "_")
        if key not in KNOWN_KEYS:
            close = closest_match(key, KNOWN_KEYS)
            hint = f" (did you mean '{close.replace('_', '-')}'?)" if close else ""
            raise fail(f"unknown lint setting '{raw_key}'{hint}; allowed: {', '.join(k.replace('_', '-') for k in KNOWN_KEYS)}")
        if key in ("select", "ignore"):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list):
                raise fail(f"'{raw_key}' must be a list of rule codes or names")
            changes[key] = split_selectors(value)
        elif key == "severity":
            if not isinstance(value, dict):
                raise fail("'severity' must map rule codes to error or warning")
            for code, level in value.items():
                if level not in SEVERITIES:
                    raise fail(f"severity of {code} must be 'error' or 'warning', not '{level}'")
            changes["severity"] = {**config.severity, **{str(k): str(v) for k, v in value.items()}}
        elif key == "venues":
            if not isinstance(value, dict):
                raise fail("'venues' must map a spelling to its canonical form, e.g. {nips: NeurIPS}")
            venues = dict(config.venues)
            for spelling, canonical in value.items():
                if canonical in (None, "", False):
                    venues.pop(str(spelling).casefold(), None)  # a way to switch one default off
                else:
                    venues[str(spelling).casefold()] = str(canonical)
            changes["venues"] = venues
        elif key == "empty_sections":
            if not isinstance(value, bool):
                raise fail("'empty-sections' must be true or false")
            changes["empty_sections"] = value
        else:  # readme, cache
            if not isinstance(value, str) or not value:
                raise fail(f"'{raw_key}' must be a path")
            changes[key] = value
    return replace(config, **changes)
