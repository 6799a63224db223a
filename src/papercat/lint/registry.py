"""The registry: every lint rule, in code order, and the names a selector may use.

Adding a rule: write it in the module of its family under papercat.lint.rules, list it
here, add its tests, regenerate docs/rules.md (`python -m papercat.lint.docs`). Which rules
run in a second process is the runner's choice, from what each rule declares it needs.
"""

from __future__ import annotations

from .rules.arxiv_ids import arxiv_field_invalid, arxiv_field_mismatch, arxiv_field_missing, arxiv_version_mismatch
from .rules.duplicates import conflicting_identifier, duplicate_entry
from .rules.links import arxiv_url_not_canonical, url_not_absolute, url_trailing_punctuation, url_unsafe_scheme
from .rules.readme import readme_out_of_sync
from .rules.structure import (
    catalog_unreadable,
    empty_section,
    entry_without_section,
    noqa_unknown_rule,
    noqa_without_reason,
    unknown_section,
)
from .rules.text import text_control_characters
from .rules.title import title_generic, title_markup, title_unbalanced_brackets, title_whitespace
from .rules.typo import title_differs_from_arxiv
from .rules.venue import venue_not_canonical, venue_repeats_year
from .rules.year import arxiv_year_later_than_id, year_before_arxiv_id

ALL_RULES = (
    catalog_unreadable,
    unknown_section,
    entry_without_section,
    empty_section,
    noqa_without_reason,
    noqa_unknown_rule,
    url_not_absolute,
    url_unsafe_scheme,
    url_trailing_punctuation,
    arxiv_url_not_canonical,
    arxiv_field_missing,
    arxiv_field_mismatch,
    arxiv_field_invalid,
    arxiv_version_mismatch,
    venue_not_canonical,
    year_before_arxiv_id,
    arxiv_year_later_than_id,
    title_whitespace,
    title_markup,
    title_unbalanced_brackets,
    title_differs_from_arxiv,
    venue_repeats_year,
    title_generic,
    text_control_characters,
    duplicate_entry,
    conflicting_identifier,
    readme_out_of_sync,
)

# Every code and name a selector, a severity override or a noqa may use for one rule.
RULE_SELECTORS = frozenset({r.code for r in ALL_RULES} | {r.name for r in ALL_RULES})
SCHEMA_RULE = catalog_unreadable
