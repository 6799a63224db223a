"""PC309 title-generic: a title that is a link text (`link`, `[pdf]`, `Paper`) names no paper."""

from __future__ import annotations

import pytest
from lint_helpers import make_catalog, make_entry, run_lint


@pytest.mark.parametrize("title", ["link", "[pdf]", "Paper", "arXiv", "code", "**PDF**"])
def test_generic_title_is_flagged(title):
    (finding,) = run_lint(make_catalog(make_entry(title=title)), select=["PC309"])
    assert finding.code == "PC309" and "not the paper's title" in finding.message


@pytest.mark.parametrize("title", ["Code Llama: Open Foundation Models for Code", "Paper Copilot", "LinkBERT"])
def test_a_real_title_with_such_a_word_is_not_flagged(title):
    assert run_lint(make_catalog(make_entry(title=title)), select=["PC309"]) == []
