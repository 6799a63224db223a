"""PC208 (the arxiv field and the link agree on the version) and PC308 (a venue cell that holds a year)."""

from __future__ import annotations

import pytest
from lint_helpers import make_catalog, make_entry, run_lint


def test_arxiv_version_mismatch_fires_when_the_field_pins_a_version_the_link_does_not():
    entry = make_entry("d", url="https://arxiv.org/abs/2405.14333", arxiv="2405.14333v1")
    (finding,) = run_lint(make_catalog(entry), select=["PC208"])
    assert finding.fix.value == "2405.14333"
    assert "disagree on the version" in finding.message


@pytest.mark.parametrize(
    "url, arxiv",
    [
        ("https://arxiv.org/abs/2405.14333", "2405.14333"),
        ("https://arxiv.org/abs/2405.14333v1", "2405.14333v1"),
        ("https://arxiv.org/abs/2405.14333v2", "2405.14333"),  # PC204 unpins the link first
        ("https://example.org/paper", "2405.14333v1"),
    ],
)
def test_arxiv_version_mismatch_is_silent_when_they_agree_or_pc204_will_settle_it(url, arxiv):
    assert run_lint(make_catalog(make_entry("d", url=url, arxiv=arxiv)), select=["PC208"]) == []


def test_a_venue_repeating_the_year_is_fixed_by_dropping_it():
    (finding,) = run_lint(make_catalog(make_entry("m", venue="ICLR 2024", year=2024)), select=["venue-repeats-year"])
    assert (finding.code, finding.fix.value) == ("PC308", "ICLR")


def test_a_venue_contradicting_the_year_is_reported_without_a_fix():
    (finding,) = run_lint(make_catalog(make_entry("m", venue="ICLR 2024", year=2023)), select=["PC308"])
    assert finding.fix is None and "says 2024 but year is 2023" in finding.message


def test_a_venue_with_a_year_and_no_year_field_says_which_edit_fixes_it():
    (finding,) = run_lint(make_catalog(make_entry("m", venue="NeurIPS (2023)", year=None)), select=["PC308"])
    assert "papercat edit m --venue 'NeurIPS' --year 2023" in finding.message


@pytest.mark.parametrize("venue", ["ICLR", "arXiv", "NeurIPS 2023 and ICML 2024", "ACL'23", "COLING-2022"])
def test_venue_repeats_year_is_silent_without_one_clear_year(venue):
    assert run_lint(make_catalog(make_entry("m", venue=venue, year=2023)), select=["PC308"]) == []
