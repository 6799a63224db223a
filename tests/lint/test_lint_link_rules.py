from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lint_helpers import make_entry

from papercat.lint.rules.links import strip_trailing_punctuation


def test_relative_arxiv_citation_is_reported_with_the_canonical_abs_url_as_fix(lint_entries):
    (finding,) = lint_entries(make_entry("wizardcoder", url="arXiv:2306.08568"), select=["PC201"])
    assert finding.fixable
    assert finding.fix.value == "https://arxiv.org/abs/2306.08568"


def test_relative_link_without_an_arxiv_id_has_no_fix(lint_entries):
    (finding,) = lint_entries(make_entry("a", code="github.com/owner/repo"), select=["PC201"])
    assert "code 'github.com/owner/repo' is not an absolute" in finding.message
    assert not finding.fixable


def test_absolute_https_links_pass_the_absolute_url_rule(lint_entries):
    entry = make_entry("a", url="https://arxiv.org/abs/2306.08568", code="http://example.org/x", download="https://hf.co/d")
    assert lint_entries(entry, select=["PC201", "PC202"]) == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:void(0)", "data:text/html,hi", "file:///etc/passwd"])
def test_unsafe_schemes_are_reported_once_as_unsafe(lint_entries, url):
    findings = lint_entries(make_entry("a", url=url), select=["PC201", "PC202"])
    assert [f.code for f in findings] == ["PC202"]


def test_trailing_dot_in_a_code_link_is_fixed_by_stripping_it(lint_entries):
    (finding,) = lint_entries(make_entry("wizardcoder", code="https://github.com/nlpxucan/WizardLM."), select=["PC203"])
    assert finding.fix.field == "code"
    assert finding.fix.value == "https://github.com/nlpxucan/WizardLM"


def test_links_without_trailing_punctuation_pass(lint_entries):
    entry = make_entry("a", url="https://en.wikipedia.org/wiki/Foo_(bar)", code="https://github.com/a/b/")
    assert lint_entries(entry, select=["PC203"]) == []


@pytest.mark.parametrize(
    ("url", "fixed"),
    [
        ("https://example.org/a.", "https://example.org/a"),
        ("https://example.org/a),", "https://example.org/a"),
        ("https://example.org/Foo_(bar)", "https://example.org/Foo_(bar)"),
        ("https://example.org/a]", "https://example.org/a"),
    ],
)
def test_strip_trailing_punctuation_keeps_balanced_brackets(url, fixed):
    assert strip_trailing_punctuation(url) == fixed


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://arxiv.org/abs/2405.14333v1", "pins version v1"),
        ("https://arxiv.org/pdf/2405.14333", "links the pdf"),
        ("https://arxiv.org/pdf/2405.14333v2.pdf", "pins version v2"),
        ("http://arxiv.org/abs/2405.14333", "not the canonical"),
    ],
)
def test_non_canonical_arxiv_urls_are_fixed_to_the_abs_page(lint_entries, url, why):
    (finding,) = lint_entries(make_entry("a", url=url), select=["PC204"])
    assert why in finding.message
    assert finding.fix.value == "https://arxiv.org/abs/2405.14333"


def test_canonical_arxiv_url_and_other_sites_pass(lint_entries):
    entries = [make_entry("a", url="https://arxiv.org/abs/2405.14333"), make_entry("b", url="https://www.pnas.org/doi/pdf/10.1073/pnas.2305016120")]
    assert lint_entries(*entries, select=["PC204"]) == []


@given(
    st.tuples(
        st.sampled_from(["https://", "HTTP://", " http://", "ftp://", "https:/", ""]),
        st.sampled_from(["arxiv.org", "ArXiv.org:443", "www.arxiv.org", "export.arxiv.org", "user@arxiv.org", "arx\tiv.org", "github.com", ""]),
        st.text(alphabet="/?#:@ab\t\n.", max_size=12),
    ).map("".join)
)
def test_the_arxiv_host_check_agrees_with_urlsplit(url):
    """is_arxiv_url reads the host with a regex (it is on lint's hot path); urlsplit is the reference."""
    from urllib.parse import urlsplit

    from papercat.ids import is_absolute_http_url
    from papercat.lint.rules.identifiers import ARXIV_HOSTS, is_arxiv_url

    expected = is_absolute_http_url(url) and urlsplit(url.strip()).netloc.lower().split(":", 1)[0] in ARXIV_HOSTS
    assert is_arxiv_url(url) == expected
