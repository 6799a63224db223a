"""The typo rule (cached metadata), the duplicate rules (dedupe) and the README rule (render)."""

from __future__ import annotations

from lint_helpers import make_catalog, make_entry, run_lint

from papercat.render import render_readme
from papercat.sources.cache import MetadataCache
from papercat.sources.metadata import PaperMetadata


def cache_with(tmp_path, **titles: str) -> MetadataCache:
    cache = MetadataCache(tmp_path / "cache")
    for arxiv_id, title in titles.items():
        cache.put(PaperMetadata(id=arxiv_id.replace("_", "."), source="arxiv", title=title, year=2023))
    return cache


def test_typo_rule_reports_a_title_that_differs_from_cached_arxiv_metadata(tmp_path):
    cache = cache_with(tmp_path, **{"2309_12284": "MetaMath: Bootstrap Your Own Mathematical Questions for Large Language Models"})
    entry = make_entry("metameth", arxiv="2309.12284", title="MetaMeth: Bootstap your own mathematical questions for large language models")
    (finding,) = run_lint(make_catalog(entry), select=["PC307"], metadata_cache=cache)
    assert "a typo?" in finding.message
    assert "MetaMath: Bootstrap" in finding.message


def test_typo_rule_suspects_the_link_when_the_titles_name_different_papers(tmp_path):
    cache = cache_with(tmp_path, **{"2307_08701": "AlpaGasus: Training A Better Alpaca with Fewer Data"})
    entry = make_entry("tinystories", url="https://arxiv.org/abs/2307.08701", title="TinyStories: How Small Can Language Models Be")
    (finding,) = run_lint(make_catalog(entry), select=["PC307"], metadata_cache=cache)
    assert "is the link right" in finding.message


def test_typo_rule_ignores_capitalisation_and_punctuation(tmp_path):
    cache = cache_with(tmp_path, **{"2306_11644": "Textbooks Are All You Need"})
    entry = make_entry("textbooks", arxiv="2306.11644", title="Textbooks are all you need.")
    assert run_lint(make_catalog(entry), select=["PC307"], metadata_cache=cache) == []


def test_typo_rule_ignores_titles_that_differ_only_in_unicode_compatibility_forms(tmp_path):
    cache = cache_with(tmp_path, **{"2306_11644": "Textbooks Are All You Need: Efficient Fine-Tuning"})
    entry = make_entry("textbooks", arxiv="2306.11644", title="Ｔextbooks are all you need: efﬁcient ﬁne-tuning")
    assert run_lint(make_catalog(entry), select=["PC307"], metadata_cache=cache) == []


def test_typo_rule_is_silent_without_a_cache_or_a_cached_paper(tmp_path):
    entry = make_entry("metameth", arxiv="2309.12284", title="MetaMeth: Bootstap")
    assert run_lint(make_catalog(entry), select=["PC307"]) == []
    assert run_lint(make_catalog(entry), select=["PC307"], metadata_cache=cache_with(tmp_path)) == []


def test_duplicate_entries_are_reported_on_the_later_entry():
    first = make_entry("star", title="STaR: Bootstrapping Reasoning With Reasoning", arxiv="2203.14465", year=2022)
    second = make_entry("star-1", title="STaR: Bootstrapping reasoning with reasoning", arxiv="2203.14465", year=2022)
    (finding,) = run_lint(make_catalog(first, second), select=["PC401"])
    assert finding.entry == "star-1"
    assert "duplicate of 'star'" in finding.message
    assert "same arXiv id" in finding.message


def test_different_papers_with_one_arxiv_id_are_a_conflict_not_a_duplicate():
    alpagasus = make_entry("alpagasus", title="AlpaGasus: Training A Better Alpaca with Fewer Data", arxiv="2307.08701")
    tinystories = make_entry("tinystories", title="TinyStories: How Small Can Language Models Be", arxiv="2307.08701")
    findings = run_lint(make_catalog(alpagasus, tinystories), select=["PC401", "PC402"])
    assert {f.code for f in findings} == {"PC402"}
    assert {f.entry for f in findings} <= {"alpagasus", "tinystories"}
    assert all("arxiv:2307.08701" in f.message for f in findings)


def test_distinct_papers_are_neither_duplicates_nor_conflicts():
    a = make_entry("wizardlm", title="WizardLM: Empowering Large Language Models", arxiv="2304.12244")
    b = make_entry("wizardmath", title="WizardMath: Empowering Mathematical Reasoning", arxiv="2308.09583")
    assert run_lint(make_catalog(a, b), select=["PC4"]) == []


def test_readme_in_sync_passes_and_a_hand_edit_is_reported_at_its_line():
    catalog = make_catalog(make_entry("a", title="A Paper", url="https://arxiv.org/abs/2305.07759"))
    rendered = render_readme(catalog)
    assert run_lint(catalog, select=["PC501"], readme_text=rendered, readme_name="README.md") == []
    lines = rendered.splitlines(keepends=True)
    changed_line = len(lines)  # edit the last line by hand
    edited = "".join(lines[:-1]) + "hand edit\n"
    (finding,) = run_lint(catalog, select=["PC501"], readme_text=edited, readme_name="README.md")
    assert (finding.path, finding.line, finding.column) == ("README.md", changed_line, 1)
    assert "papercat render" in finding.message


def test_readme_rule_is_silent_without_a_readme():
    assert run_lint(make_catalog(make_entry("a")), select=["PC501"]) == []
