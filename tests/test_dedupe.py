"""find_duplicates: duplicate groups, conflicts and the precision rules, on hand-built catalogs and the seed list."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from papercat.catalog import Catalog, Entry, Section
from papercat.dedupe import DEFAULT_THRESHOLD, entry_arxiv_ids, entry_dois, find_duplicates, normalize_title
from papercat.edits import merge_entries
from papercat.importer import import_readme

TESTS = Path(__file__).parent
SEED = TESTS / "data" / "seed-README.md"
KNOWN_TITLES = TESTS / "fixtures" / "arxiv" / "known_titles.tsv"


def catalog_of(*entries: Entry) -> Catalog:
    return Catalog(title="t", sections=[Section("papers", "Papers"), Section("more", "More")], entries=list(entries))


def paper(entry_id: str, title: str, **fields) -> Entry:
    fields.setdefault("sections", ["papers"])
    return Entry(id=entry_id, title=title, **fields)


def groups_of(report) -> set[frozenset[str]]:
    return {frozenset(group.entries) for group in report.duplicates}


def kinds_of(report) -> list[list[str]]:
    return [[evidence.kind for evidence in group.evidence] for group in report.duplicates]


# --- identifiers ---------------------------------------------------------------------


def test_versioned_pdf_and_prefixed_arxiv_links_are_one_paper():
    report = find_duplicates(
        catalog_of(
            paper("a", "Mind's Eye: Grounded Language Model Reasoning through Simulation", url="https://arxiv.org/pdf/2210.05359v2.pdf"),
            paper("b", "Mind's eye: grounded language model reasoning through simulation", url="arXiv:2210.05359"),
            paper("c", "Mind's Eye: Grounded Language Model Reasoning through Simulation", arxiv="2210.05359", sections=["more"]),
        )
    )
    assert groups_of(report) == {frozenset({"a", "b", "c"})}
    assert kinds_of(report) == [["arxiv", "title"]]
    assert report.conflicts == []


def test_a_shared_doi_is_evidence():
    report = find_duplicates(
        catalog_of(
            paper("a", "ChatGPT outperforms crowd workers for text-annotation tasks", doi="10.1073/pnas.2305016120"),
            paper("b", "ChatGPT Outperforms Crowd-Workers for Text-Annotation Tasks", url="https://www.pnas.org/doi/pdf/10.1073/pnas.2305016120"),
        )
    )
    assert groups_of(report) == {frozenset({"a", "b"})}
    assert kinds_of(report) == [["doi", "title"]]


def test_a_shared_page_url_is_evidence():
    report = find_duplicates(
        catalog_of(
            paper("a", "Stanford Alpaca: An Instruction-following LLaMA Model", url="https://github.com/tatsu-lab/stanford_alpaca"),
            paper("b", "Stanford Alpaca: an instruction-following LLaMA model.", url="http://github.com/tatsu-lab/stanford_alpaca/"),
        )
    )
    assert groups_of(report) == {frozenset({"a", "b"})}
    assert kinds_of(report)[0][0] == "url"


def test_a_shared_code_repository_is_not_evidence():
    repo = "https://github.com/nlpxucan/WizardLM"
    report = find_duplicates(
        catalog_of(
            paper("lm", "WizardLM: Empowering large language models to follow complex instructions", arxiv="2304.12244", code=repo),
            paper("coder", "WizardCoder: Empowering Code Large Language Models with Evol-Instruct", arxiv="2306.08568", code=repo),
            paper("math", "WizardMath: Empowering mathematical reasoning for large language models", arxiv="2308.09583", code=repo),
        )
    )
    assert not report.found_anything


# --- conflicts ------------------------------------------------------------------------


def test_one_id_on_two_different_papers_is_a_conflict_not_a_duplicate():
    report = find_duplicates(
        catalog_of(
            paper("core", "CORE: A retrieve-then-edit framework for counterfactual data generation", url="https://arxiv.org/pdf/2210.04873"),
            paper("alia", "Diversify your vision datasets with automatic diffusion-based augmentation", url="https://arxiv.org/pdf/2210.04873"),
        )
    )
    assert report.duplicates == []
    assert [(c.key, c.entries, c.wrong) for c in report.conflicts] == [("arxiv:2210.04873", ["core", "alia"], None)]


def test_a_wrong_link_kept_as_an_alias_after_the_fix_is_no_longer_a_conflict():
    # what `papercat edit alia --url https://arxiv.org/abs/2305.16289` leaves behind
    fixed = find_duplicates(
        catalog_of(
            paper("core", "CORE: A retrieve-then-edit framework for counterfactual data generation", url="https://arxiv.org/pdf/2210.04873"),
            paper(
                "alia",
                "Diversify your vision datasets with automatic diffusion-based augmentation",
                url="https://arxiv.org/abs/2305.16289",
                arxiv="2305.16289",
                aliases=["https://arxiv.org/pdf/2210.04873"],
            ),
        )
    )
    assert fixed.conflicts == [] and fixed.duplicates == []
    # an alias still counts as evidence that two entries are one paper
    merged_later = find_duplicates(
        catalog_of(
            paper("a", "Mind's Eye: Grounded Language Model Reasoning through Simulation", url="https://arxiv.org/abs/2210.05359"),
            paper("b", "Mind's eye: grounded language model reasoning", url="https://example.org/minds-eye", aliases=["https://arxiv.org/pdf/2210.05359"]),
        )
    )
    assert groups_of(merged_later) == {frozenset({"a", "b"})}


@pytest.mark.parametrize("as_function", [False, True])
def test_known_metadata_names_the_entry_whose_link_is_wrong(as_function):
    known = {"2210.04873": "CORE: A Retrieve-then-Edit Framework for Counterfactual Data Generation"}
    metadata = known.get if as_function else known
    report = find_duplicates(
        catalog_of(
            paper("core", "CORE: A retrieve-then-edit framework for counterfactual data generation", arxiv="2210.04873"),
            paper("alia", "Diversify your vision datasets with automatic diffusion-based augmentation", arxiv="2210.04873"),
        ),
        metadata=metadata,
    )
    assert [c.wrong for c in report.conflicts] == ["alia"]


def test_a_title_listed_elsewhere_under_its_own_id_marks_the_borrowed_link_wrong():
    report = find_duplicates(
        catalog_of(
            paper("alpagasus", "AlpaGasus: Training A Better Alpaca with Fewer Data", arxiv="2307.08701"),
            paper("tiny-wrong", "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?", arxiv="2307.08701"),
            paper("tiny", "TinyStories: How small can language models be and still speak coherent English", arxiv="2305.07759", sections=["more"]),
        )
    )
    assert [(c.key, c.wrong) for c in report.conflicts] == [("arxiv:2307.08701", "tiny-wrong")]
    assert groups_of(report) == {frozenset({"tiny-wrong", "tiny"})}


def test_a_renamed_paper_under_one_id_and_one_name_is_a_duplicate():
    report = find_duplicates(
        catalog_of(
            paper("v2", "Magicoder: Empowering Code Generation with OSS-Instruct", arxiv="2312.02120"),
            paper("v1", "Magicoder: Source code is all you need", url="https://arxiv.org/abs/2312.02120"),
        )
    )
    assert groups_of(report) == {frozenset({"v1", "v2"})}
    assert kinds_of(report) == [["arxiv"]]
    assert report.conflicts == []


def test_a_sequel_sharing_an_id_is_a_conflict():
    report = find_duplicates(
        catalog_of(
            paper("one", "Textbooks Are All You Need", arxiv="2306.11644"),
            paper("two", "Textbooks Are All You Need II: phi-1.5 technical report", arxiv="2306.11644"),
        )
    )
    assert report.duplicates == []
    assert [c.entries for c in report.conflicts] == [["one", "two"]]


# --- titles -------------------------------------------------------------------------------


def test_a_typo_in_a_title_is_a_fuzzy_duplicate_with_its_score():
    report = find_duplicates(
        catalog_of(
            paper("a", "Augmenting math word problems via iterative question composing", year=2024),
            paper("b", "Augmenting math word problems via iterative question composng", year=2024),
        )
    )
    assert groups_of(report) == {frozenset({"a", "b"})}
    [evidence] = report.duplicates[0].evidence
    assert evidence.kind == "fuzzy_title"
    assert DEFAULT_THRESHOLD <= evidence.score < 100


@pytest.mark.parametrize("order", ["listed-first", "listed-second"])
@pytest.mark.parametrize("typo_is_longer", [False, True])
def test_a_typo_d_copy_without_an_arxiv_id_matches_the_original_that_has_one(order, typo_is_longer):
    """Only pairs with an entry lacking an arXiv id are scored: the scan must reach the
    original whether its title is the shorter or the longer one, listed before or after."""
    title = "Augmenting math word problems via iterative question composing"
    typo = title.replace("composing", "composingg") if typo_is_longer else title.replace("composing", "composng")
    original = paper("original", title, arxiv="2401.09003", url="https://arxiv.org/abs/2401.09003", year=2024)
    copy = paper("copy", typo, url="https://github.com/iqc/iqc", year=2024)
    others = [paper(f"other-{n}", f"Unrelated survey number {n} of graph neural networks", arxiv=f"2302.{n:05d}") for n in range(1, 30)]
    entries = [original, *others, copy] if order == "listed-first" else [copy, *others, original]
    report = find_duplicates(catalog_of(*entries))
    assert groups_of(report) == {frozenset({"original", "copy"})}
    assert kinds_of(report) == [["fuzzy_title"]]


def test_the_threshold_decides_fuzzy_matches():
    catalog = catalog_of(
        paper("a", "Augmenting math word problems via iterative question composing"),
        paper("b", "Augmenting math word problems via iterative question composng"),
    )
    assert find_duplicates(catalog, threshold=99.5).duplicates == []
    assert len(find_duplicates(catalog, threshold=90).duplicates) == 1


@pytest.mark.parametrize(
    "first, second",
    [
        ("Textbooks Are All You Need", "Textbooks Are All You Need II: phi-1.5 technical report"),
        ("Textbooks Are All You Need", "Textbooks Are All You Need II"),
        ("LLaMA: Open and Efficient Foundation Language Models", "Llama 2: Open and Efficient Foundation Language Models"),
        ("WizardLM: Empowering large language models with Evol-Instruct", "WizardMath: Empowering large language models with Evol-Instruct"),
        ("WizardCoder: Empowering Code Large Language Models with Evol-Instruct", "WizardCode: Empowering Code Large Language Models with Evol-Instruct"),
        ("Scaling instruction-finetuned language models v1", "Scaling instruction-finetuned language models v2"),
        ("Fine-tuning LLaMA for mathematical reasoning in the wild", "Fine-tuning Alpaca for mathematical reasoning in the wild"),
        ("The WMT 2022 shared task on quality estimation", "The WMT 2023 shared task on quality estimation"),
    ],
)
def test_similar_titles_of_different_papers_are_not_duplicates(first, second):
    assert not find_duplicates(catalog_of(paper("a", first), paper("b", second))).found_anything


def test_similar_titles_in_different_years_are_not_duplicates():
    report = find_duplicates(
        catalog_of(
            paper("a", "A survey of large language models for code generation", year=2023),
            paper("b", "A survey of large language model for code generation", year=2024),
        )
    )
    assert report.duplicates == []


def test_equal_titles_years_apart_are_not_duplicates_but_a_preprint_year_earlier_is():
    far = catalog_of(paper("a", "Introduction", year=2019), paper("b", "Introduction", year=2023))
    near = catalog_of(paper("a", "Self-Instruct", year=2022), paper("b", "Self-instruct", year=2023))
    assert find_duplicates(far).duplicates == []
    assert groups_of(find_duplicates(near)) == {frozenset({"a", "b"})}


def test_fuzzy_titles_with_two_different_arxiv_ids_are_not_duplicates():
    report = find_duplicates(
        catalog_of(
            paper("a", "Augmenting math word problems via iterative question composing", arxiv="2401.09003"),
            paper("b", "Augmenting math word problems via iterative question composng", arxiv="2401.09111"),
        )
    )
    assert report.duplicates == []


def test_titles_compare_without_case_punctuation_or_full_width_forms():
    assert normalize_title("TinyStories: How Small Can…?") == normalize_title("tinystories how  small can")
    assert normalize_title("ＧＰＴ３Ｍｉｘ") == "gpt3mix"


# --- the report ---------------------------------------------------------------------------


def test_report_data_has_the_documented_shape_and_order():
    report = find_duplicates(
        catalog_of(
            paper("x", "CORE: A retrieve-then-edit framework", arxiv="2210.04873"),
            paper("y", "Diversify your vision datasets", arxiv="2210.04873"),
            paper("b", "STaR: Bootstrapping Reasoning With Reasoning", arxiv="2203.14465"),
            paper("a", "STaR: Bootstrapping reasoning with reasoning", url="https://arxiv.org/abs/2203.14465v1", sections=["more"]),
        )
    )
    assert report.to_data() == {
        "duplicates": [{"entries": ["b", "a"], "evidence": [{"kind": "arxiv", "score": 100.0}, {"kind": "title", "score": 100.0}]}],
        "conflicts": [{"key": "arxiv:2210.04873", "entries": ["x", "y"], "wrong": None}],
    }


# --- the seed list --------------------------------------------------------------------------


def seed_catalog() -> Catalog:
    return import_readme(SEED.read_text(encoding="utf-8")).catalog


def known_titles() -> dict[str, str]:
    with KNOWN_TITLES.open(encoding="utf-8") as handle:
        return {row["id"]: row["title"] for row in csv.DictReader(handle, delimiter="\t")}


def titles(catalog: Catalog, ids) -> frozenset[str]:
    return frozenset(catalog.entry_by_id(entry_id).title for entry_id in ids)


SEED_GROUPS = {
    frozenset({"STaR: Bootstrapping Reasoning With Reasoning", "STaR: Bootstrapping reasoning with reasoning"}),
    frozenset({"Textbooks Are All You Need II: phi-1.5 technical report", "Textbooks are all you need II: phi-1.5 technical report"}),
    frozenset(
        {
            "WizardMath: Empowering Mathematical Reasoning for Large Language Models via Reinforced Evol-Instruct",
            "WizardMath: Empowering mathematical reasoning for large language models via reinforced evol-instruct",
        }
    ),
    frozenset(
        {"WizardCoder: Empowering Code Large Language Models with Evol-Instruct", "WizardCode: Empowering code large language models with Evol-Instruct"}
    ),
    frozenset({"Magicoder: Empowering Code Generation with OSS-Instruct", "Magicoder: Source code is all you need"}),
    frozenset(
        {
            "Self-Instruct: Aligning Language Models with Self-Generated Instructions",
            "Self-Instruct: Aligning language models with self-generated instructions",
        }
    ),
    frozenset(
        {
            "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?",
            "TinyStories: How small can language models be and still speak coherent English",
        }
    ),
}

SEED_CONFLICTS = {
    (
        "arxiv:2307.08701",
        frozenset({"AlpaGasus: Training A Better Alpaca with Fewer Data", "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?"}),
        "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?",
    ),
    (
        "arxiv:2210.04873",
        frozenset(
            {
                "CORE: A retrieve-then-edit framework for counterfactual data generation",
                "Diversify your vision datasets with automatic diffusion-based augmentation",
            }
        ),
        "Diversify your vision datasets with automatic diffusion-based augmentation",
    ),
}


def test_seed_list_every_duplicate_and_both_conflicts_and_nothing_else():
    catalog = seed_catalog()
    assert len(catalog.entries) == 44
    report = find_duplicates(catalog, metadata=known_titles())
    assert {titles(catalog, group.entries) for group in report.duplicates} == SEED_GROUPS
    found = {(c.key, titles(catalog, c.entries), catalog.entry_by_id(c.wrong).title if c.wrong else None) for c in report.conflicts}
    assert found == SEED_CONFLICTS


def test_seed_list_without_metadata_cannot_tell_which_of_core_and_alia_is_wrong():
    catalog = seed_catalog()
    report = find_duplicates(catalog)
    assert {titles(catalog, group.entries) for group in report.duplicates} == SEED_GROUPS
    wrong = {c.key: (catalog.entry_by_id(c.wrong).title if c.wrong else None) for c in report.conflicts}
    assert wrong == {
        "arxiv:2307.08701": "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?",
        "arxiv:2210.04873": None,
    }


def test_seed_list_keeps_sequels_and_sibling_models_apart():
    catalog = seed_catalog()
    report = find_duplicates(catalog)
    grouped = [titles(catalog, group.entries) for group in report.duplicates]
    apart = ["Textbooks are all you need", "WizardLM: Empowering large language models to follow complex instructions"]
    for title in apart:
        assert not any(title in group for group in grouped)
    for group in grouped:
        names = {title.split(":")[0].casefold() for title in group}
        assert not ({"wizardlm", "wizardmath"} <= names or {"wizardmath", "wizardcoder"} <= names)


def test_merging_a_seed_group_files_the_paper_once_in_both_sections():
    catalog = seed_catalog()
    report = find_duplicates(catalog)
    star = next(group for group in report.duplicates if catalog.entry_by_id(group.entries[0]).title.startswith("STaR"))
    merged, new_catalog, _ = merge_entries(catalog, star.entries)
    assert merged.sections == ["data-synthesis", "fine-tuning"]
    assert len(new_catalog.entries) == 43
    assert [entry.id for entry in new_catalog.entries if entry.title.startswith("STaR")] == [star.entries[0]]
    assert find_duplicates(new_catalog).duplicates == [g for g in report.duplicates if g is not star]


def test_entry_links_read_only_valid_arxiv_ids_and_count_arxiv_dois_as_arxiv_ids():
    assert entry_arxiv_ids(paper("a", "T", arxiv="2305.07759v2", url="https://arxiv.org/pdf/2306.11644.pdf")) == {"2305.07759", "2306.11644"}
    # no month 13, no four-digit number after 2014: not arXiv ids, so never a shared arXiv id
    assert entry_arxiv_ids(paper("b", "T", arxiv="2313.12345", url="https://arxiv.org/abs/2305.1234")) == set()
    arxiv_doi = paper("c", "T", doi="10.48550/arXiv.2305.07759")
    assert entry_arxiv_ids(arxiv_doi) == {"2305.07759"} and entry_dois(arxiv_doi) == set()


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_words = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9), min_size=3, max_size=10)


@settings(max_examples=60, deadline=None)
@given(words=_words, marker=st.sampled_from([" II", " 2", " 3", " v2", " III", ": part 2"]))
def test_a_title_and_its_sequel_are_never_duplicates(words, marker):
    title = " ".join(words)
    assert find_duplicates(catalog_of(paper("a", title), paper("b", title + marker))).duplicates == []


@settings(max_examples=60, deadline=None)
@given(words=_words)
def test_a_title_and_its_recased_repunctuated_copy_are_always_duplicates(words):
    title = " ".join(words)
    copy = "-".join(words).upper() + "?"
    report = find_duplicates(catalog_of(paper("a", title), paper("b", copy)))
    assert groups_of(report) == {frozenset({"a", "b"})}


@given(
    st.tuples(
        st.sampled_from(["", "https://arxiv.org/abs/", "http://arxiv.org/abs/", "https://arxiv.org/pdf/"]),
        st.from_regex(r"\d{4}\.\d{3,6}", fullmatch=True),
        st.sampled_from(["", "v2", ".pdf"]),
    ).map("".join)
)
def test_the_canonical_link_fast_path_reads_what_the_general_parser_reads(text):
    from papercat.dedupe import _link_keys
    from papercat.ids import arxiv_id_from_text, normalize_url

    parsed = arxiv_id_from_text(text)
    expected = ("arxiv", parsed[0]) if parsed else ("url", normalize_url(text)) if "://" in text else ("", "")
    assert _link_keys(text) == expected


@given(
    arxiv=st.one_of(
        st.from_regex(r"\d{4}\.\d{4,5}(v\d)?", fullmatch=True),
        st.sampled_from(["arXiv:2305.07759", " 2305.07759 ", "math/0309136", "10.48550/arXiv.2305.07759", "10.1145/1234.56789"]),
    ),
    as_abs_url=st.booleans(),
)
def test_an_entry_whose_url_is_its_arxiv_ids_abs_page_gives_the_keys_of_both(arxiv, as_abs_url):
    """entry_links reads such a url once; the keys must be those of reading both."""
    from papercat.dedupe import _link_keys, entry_links

    url = ("https://arxiv.org/abs/" + arxiv) if as_abs_url else "https://example.org/x"
    entry = Entry(id="e", title="T", arxiv=arxiv, url=url)
    expected = ({key for kind, key in map(_link_keys, (arxiv.strip(), url)) if kind == "arxiv"},)
    assert entry_links(entry)[:1] == expected


_ascii_titles = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=80)


@given(_ascii_titles)
def test_the_ascii_title_fast_path_is_the_general_normalization(title):
    """NFKC, casefold and every run of non-word characters to one space, as the regex does it."""
    import re
    import unicodedata

    expected = re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", title).casefold()).strip()
    assert normalize_title(title) == expected


@settings(max_examples=300)
@given(
    arxiv=st.none() | st.from_regex(r"\d{4}\.\d{4,5}(v\d)?", fullmatch=True) | st.sampled_from(["0704.0001", " 2305.07759", "hep-th/9901001"]),
    url=st.none() | st.sampled_from(["https://arxiv.org/abs/", "https://arxiv.org/pdf/", "http://arxiv.org/abs/", "https://github.com/a/"]),
    doi=st.none() | st.sampled_from(["10.1145/3442188.3445922", "10.48550/arXiv.2305.07759"]),
    aliases=st.lists(st.sampled_from(["https://arxiv.org/abs/2305.07759", "https://openreview.net/forum?id=x"]), max_size=2),
)
def test_entry_links_read_what_each_link_read_alone_gives(arxiv, url, doi, aliases):
    """The one-id fast path of entry_links must give the keys of reading every link."""
    from papercat.dedupe import _link_keys, entry_links

    if url is not None:
        url += (arxiv or "2306.08568").strip()
    entry = Entry(id="e", title="T", arxiv=arxiv, url=url, doi=doi, aliases=aliases)
    expected = (set(), set(), set())
    for text in (arxiv, doi, url, *aliases):
        if text:
            kind, key = _link_keys(text.strip())
            if kind == "arxiv":
                expected[0].add(key)
            elif kind == "doi":
                expected[1].add(key)
            elif kind == "url" and text is not doi:
                expected[2].add(key)
    assert entry_links(entry) == expected
