"""resolve_entry: what a user may type for REF, and the errors for no match and several matches."""

from __future__ import annotations

import pytest

from papercat.catalog import Catalog, Entry, Section
from papercat.errors import AmbiguousReferenceError, NotFoundError
from papercat.refs import resolve_entry


@pytest.fixture
def catalog() -> Catalog:
    return Catalog(
        title="t",
        sections=[Section("s", "S")],
        entries=[
            Entry(id="tiny", title="TinyStories: How Small Can Language Models Be and Still Speak Coherent English?", arxiv="2305.07759", sections=["s"]),
            Entry(id="phi-1", title="Textbooks Are All You Need", url="https://arxiv.org/abs/2306.11644", sections=["s"]),
            Entry(id="phi-1-5", title="Textbooks Are All You Need II: phi-1.5 technical report", arxiv="2309.05463", sections=["s"]),
            Entry(
                id="pnas",
                title="ChatGPT outperforms crowd workers for text-annotation tasks",
                url="https://www.pnas.org/doi/pdf/10.1073/pnas.2305016120",
                sections=["s"],
            ),
            Entry(
                id="alpaca", title="Stanford Alpaca: An Instruction-following LLaMA Model", url="https://github.com/tatsu-lab/stanford_alpaca", sections=["s"]
            ),
            Entry(id="math-a", title="WizardMath: Empowering Mathematical Reasoning", arxiv="2308.09583", sections=["s"]),
            Entry(id="math-b", title="WizardMath: empowering mathematical reasoning", url="http://arxiv.org/abs/2308.09583", sections=["s"]),
        ],
    )


@pytest.mark.parametrize(
    "ref, expected",
    [
        ("tiny", "tiny"),
        ("2305.07759", "tiny"),
        ("2305.07759v2", "tiny"),
        ("arXiv:2306.11644", "phi-1"),
        ("https://arxiv.org/pdf/2306.11644v1.pdf", "phi-1"),
        ("10.1073/pnas.2305016120", "pnas"),
        ("https://doi.org/10.1073/pnas.2305016120", "pnas"),
        ("https://github.com/tatsu-lab/stanford_alpaca/", "alpaca"),
        ("Textbooks are all you need", "phi-1"),
        ("textbooks are all you need ii: phi-1.5 technical report", "phi-1-5"),
        ("tinystories how small can language models be", "tiny"),
        ("Stanford Alpaca: An Instruction-following LLaMa Modle", "alpaca"),
    ],
)
def test_a_ref_can_be_an_id_an_arxiv_id_a_doi_a_url_or_a_title(catalog, ref, expected):
    assert resolve_entry(catalog, ref).id == expected


def test_a_title_several_entries_match_lists_the_candidates(catalog):
    with pytest.raises(AmbiguousReferenceError) as raised:
        resolve_entry(catalog, "textbooks")
    message = str(raised.value)
    assert "phi-1 (Textbooks Are All You Need)" in message
    assert "phi-1-5 (Textbooks Are All You Need II" in message
    assert raised.value.exit_code == 2


def test_an_arxiv_id_held_by_two_entries_is_ambiguous(catalog):
    with pytest.raises(AmbiguousReferenceError, match="math-a .*math-b"):
        resolve_entry(catalog, "2308.09583")


def test_an_unknown_arxiv_id_is_not_found(catalog):
    with pytest.raises(NotFoundError, match="no entry has the arXiv id '2401.00001'"):
        resolve_entry(catalog, "2401.00001")


def test_an_unmatched_title_suggests_the_closest(catalog):
    with pytest.raises(NotFoundError, match="closest: alpaca"):
        resolve_entry(catalog, "Stanford Alpaca instruction model for cooking")


def test_nothing_close_says_what_a_ref_can_be(catalog):
    with pytest.raises(NotFoundError, match="give an entry id, an arXiv id, a DOI or a title"):
        resolve_entry(catalog, "quantum chromodynamics on lattices")


def test_an_id_kept_only_as_an_alias_does_not_make_a_reference_ambiguous():
    """After `papercat edit` fixes a wrong link, the old link stays in the fixed entry's aliases."""
    catalog = Catalog(
        title="T",
        sections=[Section("s", "S")],
        entries=[
            Entry(
                id="alpagasus",
                title="AlpaGasus: Training A Better Alpaca with Fewer Data",
                url="https://arxiv.org/abs/2307.08701",
                arxiv="2307.08701",
                sections=["s"],
            ),
            Entry(
                id="tinystories",
                title="TinyStories: How Small Can Language Models Be and Still Speak Coherent English?",
                url="https://arxiv.org/abs/2305.07759",
                arxiv="2305.07759",
                aliases=["https://arxiv.org/abs/2307.08701"],
                sections=["s"],
            ),
        ],
    )
    assert resolve_entry(catalog, "2307.08701").id == "alpagasus"
    assert resolve_entry(catalog, "https://arxiv.org/abs/2307.08701").id == "alpagasus"
    assert resolve_entry(catalog, "2305.07759").id == "tinystories"


def test_a_doi_or_url_kept_only_as_an_alias_does_not_make_a_reference_ambiguous():
    catalog = Catalog(
        title="T",
        sections=[Section("s", "S")],
        entries=[
            Entry(id="right", title="Right Paper", url="https://example.org/right", doi="10.1000/right", sections=["s"]),
            Entry(
                id="fixed",
                title="Fixed Paper",
                url="https://example.org/fixed",
                aliases=["https://doi.org/10.1000/right", "https://example.org/right/"],
                sections=["s"],
            ),
        ],
    )
    assert resolve_entry(catalog, "doi:10.1000/RIGHT").id == "right"
    assert resolve_entry(catalog, "http://example.org/right").id == "right"
    with pytest.raises(NotFoundError, match="no entry has the URL"):
        resolve_entry(catalog, "https://example.org/nowhere")
