"""Fixtures for lint tests (helpers live in lint_helpers.py)."""

from __future__ import annotations

from typing import Optional

import pytest
from lint_helpers import make_catalog, run_lint

from papercat.catalog import Entry


@pytest.fixture
def lint_entries():
    """Lint one or more entries in a one-section catalog with the given rule codes."""

    def run(*entries: Entry, select: list[str], settings: Optional[dict] = None, **context_fields):
        return run_lint(make_catalog(*entries), select=select, settings=settings, **context_fields)

    return run
