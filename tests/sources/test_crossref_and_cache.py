"""Crossref lookups, the metadata cache, and `fetch_metadata` combining them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papercat.errors import SourceError, WriteError
from papercat.ids import PaperId
from papercat.sources import PaperMetadata, SourceSettings, fetch_metadata
from papercat.sources.cache import MetadataCache, default_cache_dir
from papercat.sources.crossref import parse_work

CROSSREF = Path(__file__).parent.parent / "fixtures" / "crossref"


def settings_for(server, tmp_path, **options) -> SourceSettings:
    options.setdefault("delay_seconds", 0)
    return SourceSettings(cache_dir=tmp_path / "cache", arxiv_api=server.arxiv_api, crossref_api=server.crossref_api, **options)


def test_parse_work_reads_a_recorded_crossref_record():
    paper = parse_work((CROSSREF / "works_10.1073_pnas.1414271111.json").read_bytes(), "10.1073/pnas.1414271111")
    assert paper.title == "Developing functional musculoskeletal tissues through hypoxia and lysyl oxidase-induced collagen cross-linking"
    assert paper.authors[0] == "Eleftherios A. Makris"
    assert paper.published == "2014-10-27" and paper.year == 2014
    assert paper.venue == "Proceedings of the National Academy of Sciences"
    assert paper.doi == "10.1073/pnas.1414271111"
    assert paper.category == "journal-article"
    assert "<jats" not in paper.abstract


def test_parse_work_rejects_a_body_that_is_not_json():
    with pytest.raises(SourceError, match="not valid JSON"):
        parse_work(b"<html>", "10.1/x")


def test_a_doi_resolves_through_crossref(arxiv_server, tmp_path):
    doi = PaperId("doi", "10.1073/pnas.2305016120")
    outcome = fetch_metadata([doi], settings_for(arxiv_server, tmp_path))
    paper = outcome.found[doi]
    assert paper.title == "ChatGPT Outperforms Crowd Workers for Text-Annotation Tasks"
    assert paper.year == 2023 and paper.authors[0] == "Fabrizio Gilardi"
    (request,) = arxiv_server.requests("/works/")
    assert request.path == "/works/10.1073/pnas.2305016120"


def test_an_acl_id_resolves_through_its_crossref_doi(arxiv_server, tmp_path):
    outcome = fetch_metadata([PaperId("acl", "2023.acl-long.754")], settings_for(arxiv_server, tmp_path))
    assert outcome.failures == {PaperId("acl", "2023.acl-long.754"): "Crossref has no work with DOI 10.18653/v1/2023.acl-long.754"}


def test_crossref_404_on_an_arxiv_doi_says_to_use_the_arxiv_id(arxiv_server, tmp_path):
    paper_id = PaperId("doi", "10.48550/arxiv.2312.07559")
    outcome = fetch_metadata([paper_id], settings_for(arxiv_server, tmp_path))
    assert "give the arXiv id instead" in outcome.failures[paper_id]


def test_fetched_metadata_is_cached_with_its_fetch_time_and_a_second_run_needs_no_request(arxiv_server, tmp_path):
    ids = [PaperId("arxiv", "2305.07759"), PaperId("doi", "10.1073/pnas.2305016120")]
    first = fetch_metadata(ids, settings_for(arxiv_server, tmp_path))
    assert first.requests_sent == 2
    cached = json.loads((tmp_path / "cache" / "arxiv" / "2305.07759.json").read_text())
    assert cached["title"].startswith("TinyStories") and cached["fetched_at"].endswith("Z")
    second = fetch_metadata(ids, settings_for(arxiv_server, tmp_path))
    assert second.requests_sent == 0
    assert second.found == first.found
    assert len(arxiv_server.requests()) == 2


def test_offline_uses_the_cache_only_and_names_what_is_missing(arxiv_server, tmp_path):
    fetch_metadata([PaperId("arxiv", "2305.07759")], settings_for(arxiv_server, tmp_path))
    outcome = fetch_metadata([PaperId("arxiv", "2305.07759"), PaperId("arxiv", "2307.08701")], settings_for(arxiv_server, tmp_path, offline=True))
    assert list(outcome.found) == [PaperId("arxiv", "2305.07759")]
    assert outcome.failures[PaperId("arxiv", "2307.08701")].startswith("2307.08701: not in the cache")
    assert outcome.requests_sent == 0 and len(arxiv_server.requests()) == 1


def test_refreshing_ignores_the_cache_but_updates_it(arxiv_server, tmp_path):
    fetch_metadata([PaperId("arxiv", "2305.07759")], settings_for(arxiv_server, tmp_path))
    outcome = fetch_metadata([PaperId("arxiv", "2305.07759")], settings_for(arxiv_server, tmp_path, use_cache=False))
    assert outcome.requests_sent == 1


def test_the_cache_reads_back_what_it_stored_even_for_old_style_ids_and_dois(tmp_path):
    cache = MetadataCache(tmp_path)
    paper = PaperMetadata(id="hep-th/9901001", source="arxiv", title="T", authors=["A B"], year=1999, fetched_at="2026-01-01T00:00:00Z")
    work = PaperMetadata(id="10.1073/pnas.2305016120", source="crossref", title="W")
    cache.put(paper)
    cache.put(work)
    assert cache.get_arxiv("hep-th/9901001") == paper
    assert cache.get_doi("10.1073/PNAS.2305016120") == work
    assert cache.get_arxiv("2305.07759") is None


def test_an_unwritable_cache_folder_is_one_clear_error_naming_it(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    cache = MetadataCache(blocker / "cache")
    with pytest.raises(WriteError, match=r"cannot write to the metadata cache .*not-a-folder.*; make it writable or set \$PAPERCAT_CACHE_DIR") as raised:
        cache.put(PaperMetadata(id="2305.07759", source="arxiv", title="T"))
    assert "\n" not in str(raised.value)


def test_an_unreadable_cache_file_counts_as_missing(tmp_path):
    (tmp_path / "arxiv").mkdir()
    (tmp_path / "arxiv" / "2305.07759.json").write_text("{not json")
    assert MetadataCache(tmp_path).get_arxiv("2305.07759") is None


def test_the_cache_lives_next_to_the_catalog_unless_the_environment_says_otherwise(tmp_path, monkeypatch):
    monkeypatch.delenv("PAPERCAT_CACHE_DIR", raising=False)
    assert default_cache_dir(tmp_path / "catalog.yaml") == tmp_path.resolve() / ".papercat-cache"
    monkeypatch.setenv("PAPERCAT_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert default_cache_dir(tmp_path / "catalog.yaml") == tmp_path / "elsewhere"


def test_progress_is_reported_from_none_to_all_done(arxiv_server, tmp_path):
    seen = []
    ids = [PaperId("arxiv", i) for i in ("2305.07759", "2307.08701", "2309.12284", "2403.04706")] + [PaperId("doi", "10.1073/pnas.2305016120")]
    fetch_metadata(ids, settings_for(arxiv_server, tmp_path), on_progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 5), (4, 5), (5, 5)]


def test_a_bad_delay_in_the_environment_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERCAT_HTTP_DELAY", "soon")
    with pytest.raises(SourceError, match=r"\$PAPERCAT_HTTP_DELAY must be a number of seconds, not 'soon'"):
        SourceSettings(cache_dir=tmp_path).delay_for(3.0)
