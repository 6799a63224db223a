"""Identifiers as people paste them: arXiv ids and URLs, DOIs, ACL Anthology ids."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercat.errors import IdentifierError
from papercat.ids import (
    PaperId,
    acl_id_from_text,
    arxiv_id_from_text,
    canonical_arxiv_url,
    doi_from_text,
    is_arxiv_doi,
    normalize_url,
    parse_paper_id,
)

CASES_FILE = Path(__file__).parent / "fixtures" / "arxiv" / "normalization_cases.tsv"


def _recorded_cases():
    with CASES_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [pytest.param(row["input"], row["expected_id"], row["expected_version"], id=row["input"]) for row in rows]


RECORDED_CASES = _recorded_cases()


def test_the_recorded_table_has_all_45_cases():
    assert len(RECORDED_CASES) == 45


@pytest.mark.parametrize("text, expected_id, expected_version", RECORDED_CASES)
def test_arxiv_id_from_text_matches_the_recorded_table(text, expected_id, expected_version):
    found = arxiv_id_from_text(text)
    if not expected_id:
        assert found is None
    else:
        assert found == (expected_id, int(expected_version) if expected_version else None)


@pytest.mark.parametrize("text, expected_id, expected_version", RECORDED_CASES)
def test_parse_paper_id_accepts_valid_rows_and_rejects_invalid_ones(text, expected_id, expected_version):
    if not expected_id:
        with pytest.raises(IdentifierError):
            parse_paper_id(text)
    else:
        assert parse_paper_id(text) == PaperId("arxiv", expected_id, int(expected_version) if expected_version else None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2305.07759", PaperId("arxiv", "2305.07759")),
        ("  2305.07759v2\n", PaperId("arxiv", "2305.07759", 2)),
        ("arXiv:2305.07759", PaperId("arxiv", "2305.07759")),
        ("https://arxiv.org/pdf/2305.07759", PaperId("arxiv", "2305.07759")),
        ("https://arxiv.org/pdf/2305.07759v1.pdf", PaperId("arxiv", "2305.07759", 1)),
        ("http://export.arxiv.org/abs/2305.07759", PaperId("arxiv", "2305.07759")),
        ("https://huggingface.co/papers/2305.07759", PaperId("arxiv", "2305.07759")),
        ("https://arxiv.org/abs/2305.07759#comments", PaperId("arxiv", "2305.07759")),
        ("hep-th/9901001", PaperId("arxiv", "hep-th/9901001")),
        ("math.GT/0309136", PaperId("arxiv", "math/0309136")),
        ("10.1073/pnas.2305016120", PaperId("doi", "10.1073/pnas.2305016120")),
        ("10.1073/PNAS.2305016120", PaperId("doi", "10.1073/pnas.2305016120")),
        ("doi:10.1073/pnas.2305016120", PaperId("doi", "10.1073/pnas.2305016120")),
        ("https://doi.org/10.1073/pnas.2305016120", PaperId("doi", "10.1073/pnas.2305016120")),
        ("https://dx.doi.org/10.1073/pnas.2305016120", PaperId("doi", "10.1073/pnas.2305016120")),
        ("https://www.pnas.org/doi/pdf/10.1073/pnas.2305016120", PaperId("doi", "10.1073/pnas.2305016120")),
        ("https://doi.org/10.48550/arXiv.2305.07759", PaperId("arxiv", "2305.07759")),
        ("2023.acl-long.754", PaperId("acl", "2023.acl-long.754")),
        ("https://aclanthology.org/2023.acl-long.754/", PaperId("acl", "2023.acl-long.754")),
        ("https://aclanthology.org/2023.acl-long.754.pdf", PaperId("acl", "2023.acl-long.754")),
        ("https://aclanthology.org/2021.naacl-main.208", PaperId("acl", "2021.naacl-main.208")),
        ("https://aclanthology.org/P19-1001/", PaperId("acl", "P19-1001")),
        ("P19-1001", PaperId("acl", "P19-1001")),
    ],
)
def test_parse_paper_id_understands_every_pasted_form(text, expected):
    assert parse_paper_id(text) == expected


@pytest.mark.parametrize("text", ["foo", "", "   ", "2305", "https://github.com/owner/repo", "1234.1234", "Attention is all you need"])
def test_parse_paper_id_rejects_other_text_and_says_what_was_expected(text):
    with pytest.raises(IdentifierError) as caught:
        parse_paper_id(text)
    message = str(caught.value)
    assert "is not an arXiv id, DOI or ACL Anthology id" in message
    assert "2305.07759" in message and "10.1073/pnas.2305016120" in message and "2023.acl-long.754" in message
    assert "\n" not in message


def test_the_error_for_a_very_long_input_stays_one_short_line():
    with pytest.raises(IdentifierError) as caught:
        parse_paper_id("x" * 5000)
    assert len(str(caught.value)) < 300


@pytest.mark.parametrize(
    "paper_id, url",
    [
        (PaperId("arxiv", "2305.07759"), "https://arxiv.org/abs/2305.07759"),
        (PaperId("arxiv", "2305.07759", 2), "https://arxiv.org/abs/2305.07759v2"),
        (PaperId("arxiv", "hep-th/9901001"), "https://arxiv.org/abs/hep-th/9901001"),
        (PaperId("doi", "10.1073/pnas.2305016120"), "https://doi.org/10.1073/pnas.2305016120"),
        (PaperId("acl", "2023.acl-long.754"), "https://aclanthology.org/2023.acl-long.754/"),
    ],
)
def test_canonical_url_of_each_kind(paper_id, url):
    assert paper_id.canonical_url == url


def test_canonical_arxiv_url_is_the_abs_page():
    assert canonical_arxiv_url("2307.08701") == "https://arxiv.org/abs/2307.08701"


@pytest.mark.parametrize(
    "text",
    [
        "10.1145/3442188.3445922",  # a DOI whose suffix looks numeric
        "10.1000/1234.56789",  # a DOI whose suffix is shaped like an arXiv id
        "https://dl.acm.org/doi/10.1000/2305.07759",
        "version 1.2 of 3.14159",
        "phone 2305 07759",
        "123452305.07759",
        "2305.077591",
        "https://github.com/microsoft/phi-1",
        "2023.acl-long.754",
        "foo/1234567",
        "hep-th/9913001",  # month 13
    ],
)
def test_arxiv_id_from_text_does_not_mistake_dois_or_numbers_for_arxiv_ids(text):
    assert arxiv_id_from_text(text) is None


def test_arxiv_id_from_text_reads_percent_encoded_links():
    assert arxiv_id_from_text("https://example.org/?u=https%3A%2F%2Farxiv.org%2Fabs%2F2305.07759") == ("2305.07759", None)


@pytest.mark.parametrize(
    "text, doi",
    [
        ("10.1073/pnas.2305016120", "10.1073/pnas.2305016120"),
        ("https://www.pnas.org/doi/pdf/10.1073/pnas.2305016120", "10.1073/pnas.2305016120"),
        ("https://www.pnas.org/doi/10.1073/pnas.2305016120?af=R", "10.1073/pnas.2305016120"),
        ("see doi:10.1073/pnas.2305016120.", "10.1073/pnas.2305016120"),
        ("https://doi.org/10.48550/arXiv.2305.07759", "10.48550/arxiv.2305.07759"),
        ("https://doi.org/10.18653/v1/2023.acl-long.754", "10.18653/v1/2023.acl-long.754"),
        ("https://arxiv.org/abs/2305.07759", None),
        ("no doi here", None),
    ],
)
def test_doi_from_text(text, doi):
    assert doi_from_text(text) == doi


@pytest.mark.parametrize(
    "text, acl_id",
    [
        ("2023.acl-long.754", "2023.acl-long.754"),
        ("https://aclanthology.org/2023.acl-long.754/", "2023.acl-long.754"),
        ("https://www.aclweb.org/anthology/P19-1001.pdf", "P19-1001"),
        ("https://doi.org/10.18653/v1/2023.acl-long.754", "2023.acl-long.754"),
        ("https://github.com/x/2023.acl-long.754", None),
        ("2305.07759", None),
        ("P19", None),
    ],
)
def test_acl_id_from_text(text, acl_id):
    assert acl_id_from_text(text) == acl_id


@pytest.mark.parametrize(
    "url, key",
    [
        ("http://www.arxiv.org/pdf/2207.14502v4.pdf", "https://arxiv.org/abs/2207.14502"),
        ("https://arxiv.org/abs/2312.06731.pdf", "https://arxiv.org/abs/2312.06731"),
        ("https://export.arxiv.org/abs/2305.07759v2", "https://arxiv.org/abs/2305.07759"),
        ("https://arxiv.org/abs/arXiv:2306.08568", "https://arxiv.org/abs/2306.08568"),
        ("https://arxiv.org/abs/astro-ph/0601001v1", "https://arxiv.org/abs/astro-ph/0601001"),
        ("HTTPS://GitHub.com/Owner/Repo/", "https://github.com/Owner/Repo"),
        ("http://www.example.com/page#section", "https://example.com/page"),
        ("https://example.com/search?q=1", "https://example.com/search?q=1"),
        ("https://dx.doi.org/10.1073/PNAS.2305016120", "https://doi.org/10.1073/pnas.2305016120"),
        ("https://aclanthology.org/2023.acl-long.754.pdf", "https://aclanthology.org/2023.acl-long.754"),
        ("https://aclanthology.org/2023.acl-long.754/", "https://aclanthology.org/2023.acl-long.754"),
        ("  not a url  ", "not a url"),
        ("", ""),
    ],
)
def test_normalize_url_gives_one_key_per_page(url, key):
    assert normalize_url(url) == key


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_parsers_never_crash_on_any_text(text):
    try:
        parsed = parse_paper_id(text)
    except IdentifierError:
        parsed = None
    if parsed is not None:
        assert parsed.kind in ("arxiv", "doi", "acl") and parsed.value
        assert parsed.canonical_url.startswith("https://")
    found = arxiv_id_from_text(text)
    assert found is None or (isinstance(found[0], str) and (found[1] is None or found[1] >= 1))
    assert doi_from_text(text) is None or doi_from_text(text).startswith("10.")
    acl_id_from_text(text)
    assert isinstance(normalize_url(text), str)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\A(https?://(www\.)?arxiv\.org/(abs|pdf)/)?2[0-4](0[1-9]|1[0-2])\.\d{5}(v[1-9])?\Z"))
def test_every_well_formed_new_style_id_round_trips_through_its_canonical_url(text):
    parsed = parse_paper_id(text)
    assert parse_paper_id(parsed.canonical_url) == parsed
    assert normalize_url(parsed.canonical_url) == canonical_arxiv_url(parsed.value)


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"\A(https?://(www\.)?arxiv\.org/(abs|pdf)/)?\d{4}\.\d{4,5}(v\d{1,2})?(\.pdf)?/?\Z"))
def test_the_fast_path_for_common_shapes_agrees_with_the_general_search(text):
    # a leading space keeps the text out of the fast path
    assert arxiv_id_from_text(text) == arxiv_id_from_text(" " + text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2305.07759v2", ("2305.07759", 2)),
        ("https://arxiv.org/pdf/2305.07759v3.pdf", ("2305.07759", 3)),
        ("https://www.arxiv.org/abs/1412.1234/", ("1412.1234", None)),
        ("2313.07759", None),
        ("1412.12345", None),
        ("2305.07759v0", None),
    ],
)
def test_the_common_shapes_are_validated(text, expected):
    assert arxiv_id_from_text(text) == expected


@pytest.mark.parametrize(
    "doi, expected",
    [("10.48550/arXiv.2305.07759", True), ("10.48550/ARXIV.2305.07759", True), ("10.48550/zenodo.1", False), ("10.1145/1234.56789", False), ("", False)],
)
def test_is_arxiv_doi(doi, expected):
    assert is_arxiv_doi(doi) is expected


@given(st.from_regex(r"[0-9]{4}\.[0-9]{3,6}", fullmatch=True) | st.from_regex(r"\d{4}\.\d{4,5}", fullmatch=True) | st.text(max_size=12))
def test_the_bare_id_check_applies_the_scheme_rules_of_the_general_parser(text):
    """is_bare_arxiv_id reads arXiv's rules off the text; it must say what the parser says."""
    from papercat.ids import is_bare_arxiv_id

    found = arxiv_id_from_text(text)
    general = found is not None and found[0] == text and found[1] is None and text.isascii()
    assert is_bare_arxiv_id(text) == general


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from(["http", "https"]),
    www=st.booleans(),
    kind=st.sampled_from(["abs", "pdf"]),
    yymm=st.integers(0, 9999).map(lambda n: f"{n:04d}"),
    number=st.integers(0, 99999).map(lambda n: f"{n:05d}") | st.integers(0, 9999).map(lambda n: f"{n:04d}"),
    version=st.none() | st.integers(1, 30),
    tail=st.sampled_from(["", "/", ".pdf", ".pdf/"]),
)
def test_the_arxiv_fast_path_of_normalize_url_gives_the_general_paths_key(scheme, www, kind, yymm, number, version, tail):
    """normalize_url answers common arXiv links with one regex; the general path must agree."""
    from papercat import ids

    url = f"{scheme}://{'www.' if www else ''}arxiv.org/{kind}/{yymm}.{number}{f'v{version}' if version else ''}{tail}"
    fast_off = ids._FAST_ARXIV
    try:
        ids._FAST_ARXIV = re.compile(r"(?!)")  # a pattern that never matches: the general path only
        general = normalize_url(url)
    finally:
        ids._FAST_ARXIV = fast_off
    assert normalize_url(url) == general
