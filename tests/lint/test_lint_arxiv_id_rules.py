from __future__ import annotations

from lint_helpers import make_entry


def test_missing_arxiv_field_is_filled_from_the_url(lint_entries):
    (finding,) = lint_entries(make_entry("a", url="https://arxiv.org/abs/2305.07759"), select=["PC205"])
    assert (finding.fix.field, finding.fix.value) == ("arxiv", "2305.07759")


def test_no_arxiv_field_needed_for_links_elsewhere(lint_entries):
    # A publisher URL whose digits look like an arXiv id is not an arXiv link.
    entry = make_entry("a", url="https://www.pnas.org/doi/10.1073/pnas.2305.01612")
    assert lint_entries(entry, select=["PC205"]) == []


def test_arxiv_field_that_contradicts_the_url_is_an_error_without_fix(lint_entries):
    entry = make_entry("tinystories", url="https://arxiv.org/abs/2307.08701", arxiv="2305.07759")
    (finding,) = lint_entries(entry, select=["PC206"])
    assert "arxiv is 2305.07759 but url links arXiv 2307.08701" in finding.message
    assert not finding.fixable


def test_arxiv_field_agreeing_with_a_versioned_url_passes(lint_entries):
    entry = make_entry("a", url="https://arxiv.org/abs/2305.07759v2", arxiv="2305.07759")
    assert lint_entries(entry, select=["PC205", "PC206", "PC207"]) == []


def test_arxiv_field_that_is_not_an_id_is_reported(lint_entries):
    (finding,) = lint_entries(make_entry("a", arxiv="23.07759"), select=["PC207"])
    assert finding.code == "PC207"
