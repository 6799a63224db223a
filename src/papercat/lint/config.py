"""Lint configuration against the registry: the settings layers for a catalog file, and
which rules they select, at which severity.

The settings themselves (keys, defaults, one layer merged over another) are
papercat.lint.settings; this module adds what needs the list of rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Optional

from ..errors import UsageError
from ..text import did_you_mean
from .model import Rule
from .registry import RULE_SELECTORS
from .settings import DEFAULT_README, DEFAULT_VENUES, KNOWN_KEYS, LintConfig, merge_config, split_selectors

__all__ = [
    "DEFAULT_README",
    "DEFAULT_VENUES",
    "KNOWN_KEYS",
    "LintConfig",
    "enabled_rules",
    "load_config",
    "merge_config",
    "read_pyproject_settings",
    "resolve_selectors",
    "severity_of",
    "split_selectors",
]


def read_pyproject_settings(directory: Path) -> Optional[dict[str, Any]]:
    """`[tool.papercat.lint]` from pyproject.toml in `directory`, or None (the workspace reads it)."""
    from ..workspace import read_pyproject_lint_settings

    return read_pyproject_lint_settings(directory)


def load_config(catalog_settings: dict[str, Any], catalog_path: Optional[Path]) -> LintConfig:
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
            raise UsageError(
                f"severity override for unknown rule '{code}'{did_you_mean(code, sorted(RULE_SELECTORS))}; use an exact code such as PC301 or a rule name"
            )
    return [r for r in rules if r.code in selected and r.code not in ignored]


def severity_of(rule: Rule, config: LintConfig) -> str:
    return config.severity.get(rule.code) or config.severity.get(rule.name) or rule.severity
