"""Helpers for lint tests: small in-memory catalogs and a one-call lint."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from papercat.catalog import Catalog, Entry, Section
from papercat.lint import LintConfig, LintContext, lint_catalog
from papercat.lint.config import merge_config


def make_entry(entry_id: str = "paper", **fields) -> Entry:
    fields.setdefault("title", "A Paper About Things")
    fields.setdefault("sections", ["papers"])
    return Entry(id=entry_id, **fields)


def make_catalog(*entries: Entry, sections: Optional[list[Section]] = None, lint: Optional[dict] = None) -> Catalog:
    catalog = Catalog(title="A list", sections=sections if sections is not None else [Section(id="papers", title="Papers")])
    catalog.entries = list(entries)
    if lint:
        catalog.settings.lint = lint
    return catalog


def run_lint(catalog: Catalog, select: Optional[list[str]] = None, settings: Optional[dict] = None, **context_fields):
    """Findings of `select`ed rules (all when None) under optional lint `settings`."""
    config = merge_config(LintConfig(), settings, "settings.lint")
    if select is not None:
        config = replace(config, select=tuple(select))
    return lint_catalog(catalog, LintContext(config=config, **context_fields)).findings
