"""Every lint rule, in code order. Adding a rule: write it in the module of its family,
list it here, add its tests, regenerate docs/rules.md (`python -m papercat.lint.docs`)."""

from __future__ import annotations

from .arxiv_ids import arxiv_field_invalid, arxiv_field_mismatch, arxiv_field_missing, arxiv_version_mismatch
from .duplicates import conflicting_identifier, duplicate_entry
from .links import arxiv_url_not_canonical, url_not_absolute, url_trailing_punctuation, url_unsafe_scheme
from .readme import readme_out_of_sync
from .structure import (
    catalog_unreadable,
    empty_section,
    entry_without_section,
    noqa_unknown_rule,
    noqa_without_reason,
    unknown_section,
)
from .text import text_control_characters
from .title import title_markup, title_unbalanced_brackets, title_whitespace
from .typo import title_differs_from_arxiv
from .venue import venue_not_canonical, venue_repeats_year
from .year import arxiv_year_later_than_id, year_before_arxiv_id

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
    text_control_characters,
    duplicate_entry,
    conflicting_identifier,
    readme_out_of_sync,
)

# Every code and name a selector, a severity override or a noqa may use for one rule.
RULE_SELECTORS = frozenset({r.code for r in ALL_RULES} | {r.name for r in ALL_RULES})
SCHEMA_RULE = catalog_unreadable
# The costliest rules, which share nothing with the others but the catalog: the runner may
# run them in a second process (papercat.lint.background), group by group in this order;
# the rules of one group share their work (one duplicate detection for both).
SECOND_PROCESS_RULES = ((duplicate_entry, conflicting_identifier), (readme_out_of_sync,))
