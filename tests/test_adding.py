"""The pure planning behind `add` and `refresh`: new entries, duplicates, drift."""

from __future__ import annotations

import pytest

from papercat.adding import (
    AddOptions,
    apply_drift,
    check_sections,
    classify_title_change,
    entry_from_metadata,
    find_drift,
    plan_additions,
    refresh_key,
    refusals_before_fetch,
    require_web_links,
)
from papercat.catalog import Catalog, Entry, Section
from papercat.errors import NotFoundError, UsageError
from papercat.ids import PaperId
from papercat.sources import PaperMetadata


def catalog_with(*entries: Entry) -> Catalog:
    return Catalog(title="T", sections=[Section("math", "Math"), Section("pretraining", "Pretraining")], entries=list(entries))


ALPAGASUS = Entry(
    id="alpagasus-2023", title="AlpaGasus: Training A Better Alpaca with Fewer Data", url="http://www.arxiv.org/pdf/2307.08701v3.pdf", sections=["math"]
)
TINYSTORIES = PaperMetadata(
    id="2305.07759",
    source="arxiv",
    title="TinyStories: How Small Can Language Models Be and Still Speak Coherent English?",
    authors=["Ronen Eldan", "Yuanzhi Li"],
    published="2023-05-12",
    year=2023,
    version=2,
    category="cs.CL",
)


def test_an_arxiv_entry_gets_the_abs_url_venue_arxiv_and_the_first_version_year():
    entry = entry_from_metadata(PaperId("arxiv", "2305.07759"), TINYSTORIES, AddOptions(sections=["pretraining"]))
    assert (entry.url, entry.arxiv, entry.venue, entry.year, entry.published) == ("https://arxiv.org/abs/2305.07759", "2305.07759", "arXiv", 2023, "2023-05-12")
    assert entry.authors == ["Ronen Eldan", "Yuanzhi Li"]


def test_a_given_venue_replaces_arxiv():
    entry = entry_from_metadata(PaperId("arxiv", "2305.07759"), TINYSTORIES, AddOptions(sections=["pretraining"], venue="NeurIPS 2023"))
    assert entry.venue == "NeurIPS 2023"


def test_duplicates_are_found_through_any_form_of_the_same_link():
    catalog = catalog_with(ALPAGASUS)
    refused = refusals_before_fetch(catalog, [PaperId("arxiv", "2307.08701"), PaperId("arxiv", "2305.07759")], ["pretraining"])
    assert list(refused) == [PaperId("arxiv", "2307.08701")]
    assert refused[PaperId("arxiv", "2307.08701")].startswith("arXiv id 2307.08701 is already in the catalog as 'alpagasus-2023'")
    assert "papercat move alpagasus-2023 --copy --to pretraining" in refused[PaperId("arxiv", "2307.08701")]
    assert refusals_before_fetch(catalog, [PaperId("arxiv", "2307.08701")], ["math"], force=True) == {}


def test_a_doi_already_present_is_a_duplicate():
    catalog = catalog_with(Entry(id="gilardi", title="ChatGPT", url="https://www.pnas.org/doi/10.1073/pnas.2305016120", sections=["math"]))
    refused = refusals_before_fetch(catalog, [PaperId("doi", "10.1073/pnas.2305016120")], ["math"])
    assert "DOI 10.1073/pnas.2305016120 is already in the catalog as 'gilardi'" in refused[PaperId("doi", "10.1073/pnas.2305016120")]


def test_plan_additions_assigns_unique_readable_ids_and_refuses_a_repeat_in_the_same_call():
    catalog = catalog_with(Entry(id="tinystories-how-small-can-2023", title="Something else", sections=["math"]))
    candidate = entry_from_metadata(PaperId("arxiv", "2305.07759"), TINYSTORIES, AddOptions(sections=["pretraining"]))
    new, report = plan_additions(catalog, [candidate, candidate])
    assert [e.id for e in report.added] == ["tinystories-how-small-can-2023-1"]
    assert len(report.refused) == 1 and "already in the catalog as 'tinystories-how-small-can-2023-1'" in report.refused[0]
    assert new.entries[-1].sections == ["pretraining"]


def test_unknown_section_guesses_and_lists_the_valid_ones():
    with pytest.raises(NotFoundError, match=r"section 'pretrain' does not exist; did you mean 'pretraining'\? sections: math, pretraining"):
        check_sections(catalog_with(), ["pretrain"])
    with pytest.raises(NotFoundError, match=r"section 'zzz' does not exist; sections: math, pretraining"):
        check_sections(catalog_with(), ["zzz"])
    with pytest.raises(UsageError):
        check_sections(catalog_with(), [])


@pytest.mark.parametrize(
    "ours, theirs, kind",
    [
        (
            "MetaMeth: Bootstap Your Own Mathematical Questions for Large Language Models",
            "MetaMath: Bootstrap Your Own Mathematical Questions for Large Language Models",
            "title-typo",
        ),
        (
            "Conmmon 7B Language Models Already Possess Strong Math Capabilities",
            "Common 7B Language Models Already Possess Strong Math Capabilities",
            "title-typo",
        ),
        ("closing the loop: testing chatgpt", "Closing the Loop: Testing ChatGPT", "title-style"),
        ("Magicoder: Source Code Is All You Need", "Magicoder: Empowering Code Generation with OSS-Instruct", "title-changed"),
        ("VILA$^2$: VILA Augmented VILA", "VILA^2: VLM Augmented VLM with Self-Improvement", "title-changed"),
        (
            "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?",
            "AlpaGasus: Training A Better Alpaca with Fewer Data",
            "different-paper",
        ),
        (
            "Diversify Your Vision Datasets with Automatic Diffusion-Based Augmentation",
            "CORE: A Retrieve-then-Edit Framework for Counterfactual Data Generation",
            "different-paper",
        ),
        ("Same  title\n", "Same title", None),
    ],
)
def test_title_changes_are_told_apart(ours, theirs, kind):
    assert classify_title_change(ours, theirs) == kind


def test_a_later_venue_year_is_not_drift_but_an_earlier_year_is():
    metadata = PaperMetadata(id="2309.12284", source="arxiv", title="MetaMath", year=2023)
    iclr = Entry(id="m", title="MetaMath", arxiv="2309.12284", venue="ICLR 2024", year=2024)
    assert find_drift(iclr, PaperId("arxiv", "2309.12284"), metadata) == []
    too_early = Entry(id="m", title="MetaMath", arxiv="2309.12284", venue="ICLR 2024", year=2022)
    (drift,) = find_drift(too_early, PaperId("arxiv", "2309.12284"), metadata)
    assert (drift.field, drift.catalog_value, drift.source_value) == ("year", 2022, 2023)


def test_apply_drift_changes_only_the_drifted_fields_and_skips_another_papers_title():
    entry = Entry(id="m", title="MetaMeth: Bootstap", arxiv="2309.12284", year=2022, sections=["math"], note="mine")
    wrong = Entry(id="t", title="TinyStories: How Small Can Language Models Be", url="https://arxiv.org/abs/2307.08701", sections=["math"])
    catalog = catalog_with(entry, wrong)
    drifts = find_drift(entry, PaperId("arxiv", "2309.12284"), PaperMetadata(id="2309.12284", source="arxiv", title="MetaMath: Bootstrap", year=2023))
    drifts += find_drift(
        wrong,
        PaperId("arxiv", "2307.08701"),
        PaperMetadata(id="2307.08701", source="arxiv", title="AlpaGasus: Training A Better Alpaca with Fewer Data", year=2023),
    )
    new, applied = apply_drift(catalog, drifts)
    assert [d.field for d in applied] == ["title", "year"]
    assert (new.entries[0].title, new.entries[0].year, new.entries[0].sections, new.entries[0].note) == ("MetaMath: Bootstrap", 2023, ["math"], "mine")
    assert new.entries[1].title.startswith("TinyStories")


@pytest.mark.parametrize(
    "entry, key",
    [
        (Entry(id="a", title="x", arxiv="2305.07759v2"), PaperId("arxiv", "2305.07759")),
        (Entry(id="a", title="x", url="https://arxiv.org/abs/arXiv:2306.08568"), PaperId("arxiv", "2306.08568")),
        (Entry(id="a", title="x", url="https://doi.org/10.1073/pnas.2305016120"), PaperId("doi", "10.1073/pnas.2305016120")),
        (Entry(id="a", title="x", url="https://example.org/p.pdf"), None),
    ],
)
def test_refresh_key_prefers_the_arxiv_id_then_the_doi(entry, key):
    assert refresh_key(entry) == key


@pytest.mark.parametrize("url", ["https://example.org/paper", "HTTP://example.org", " https://a.b "])
def test_require_web_links_accepts_absolute_http_links(url):
    require_web_links(url=url, code=None)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "paper.pdf", "https://", "https://?q=1", "https:///x", "ftp://example.org"])
def test_require_web_links_refuses_what_lint_would_flag(url):
    with pytest.raises(UsageError, match=r"--url '.*' is not an http\(s\) link; give the full https:// address"):
        require_web_links(url=url, code=None)
