"""Lint configuration: defaults, then `[tool.papercat.lint]` in pyproject.toml, then
`settings.lint` in the catalog, then the command line; each layer overrides the last.

Keys (kebab-case or snake_case): `select`, `ignore` (codes, code prefixes such as
`PC2`, rule names, or `ALL`), `severity` (code -> error|warning), `venues`
(spelling -> canonical spelling, merged over the defaults), `empty-sections`
(true|false), `readme` (path of the rendered README, relative to the catalog),
`cache` (metadata cache directory, relative to the catalog).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Optional

from ..catalog import closest_match, did_you_mean
from ..errors import CatalogError, UsageError
from .model import SEVERITIES, Rule
from .rules import RULE_SELECTORS

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
    out = []
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


def read_pyproject_settings(directory: Path) -> Optional[dict]:
    """`[tool.papercat.lint]` from pyproject.toml in `directory`, or None (the workspace reads it)."""
    from ..workspace import read_pyproject_lint_settings

    return read_pyproject_lint_settings(directory)


def load_config(catalog_settings: Any, catalog_path: Optional[Path]) -> LintConfig:
    """The configuration for linting the catalog at `catalog_path` (pyproject, then the catalog)."""
    config = LintConfig()
    if catalog_path is not None:
        from ..workspace import Workspace

        workspace = Workspace.at(catalog_path)
        config = merge_config(config, workspace.pyproject_lint_settings, "[tool.papercat.lint]", str(workspace.pyproject_path))
    name = str(catalog_path) if catalog_path else "catalog.yaml"
    return merge_config(config, catalog_settings, "settings.lint", name)


def resolve_selectors(selectors: Iterable[str], rules: Iterable[Rule]) -> set[str]:
    """Rule codes matched by selectors: `ALL`, an exact code, a code prefix or a rule name."""
    rules = list(rules)
    codes: set[str] = set()
    for selector in selectors:
        wanted = selector.strip()
        if wanted.upper() == "ALL":
            matched = {r.code for r in rules}
        else:
            matched = {r.code for r in rules if r.code.startswith(wanted.upper()) or r.name == wanted.lower()}
        if not matched:
            names = [r.code for r in rules] + [r.name for r in rules]
            raise UsageError(f"unknown rule '{wanted}'{did_you_mean(wanted, names)}; `papercat lint --list-rules` lists them")
        codes |= matched
    return codes


def enabled_rules(config: LintConfig, rules: Iterable[Rule]) -> list[Rule]:
    """The rules to run, in code order. The schema rule (PC100) cannot be switched off."""
    rules = list(rules)
    selected = resolve_selectors(config.select, rules) if config.select is not None else {r.code for r in rules}
    ignored = resolve_selectors(config.ignore, rules)
    if not config.empty_sections:
        ignored |= resolve_selectors(["empty-section"], rules)
    for code in config.severity:
        if code not in RULE_SELECTORS:  # an override for an unknown rule is a typo
            raise UsageError(f"severity override for unknown rule '{code}'{did_you_mean(code, sorted(RULE_SELECTORS))}; use an exact code such as PC301 or a rule name")
    return [r for r in rules if r.code in selected and r.code not in ignored]


def severity_of(rule: Rule, config: LintConfig) -> str:
    return config.severity.get(rule.code) or config.severity.get(rule.name) or rule.severity
