"""The arXiv client against a real local server replaying recorded feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from papercat.errors import SourceError
from papercat.sources.arxiv import MAX_IDS_PER_REQUEST, ArxivClient, arxiv_api_url, parse_feed
from papercat.sources.http import USER_AGENT, PoliteHttp

FIXTURES = Path(__file__).parent.parent / "fixtures" / "arxiv"


def client(url: str, **http_options) -> ArxivClient:
    http_options.setdefault("delay_seconds", 0)
    return ArxivClient(base_url=url, http=PoliteHttp(service="the arXiv API", **http_options))


def recorded(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_parse_feed_reads_every_field_of_a_recorded_entry():
    (paper,) = parse_feed(recorded("single_legacy_astro-ph_0601001.xml"))
    assert paper.id == "astro-ph/0601001"
    assert paper.version == 1
    assert paper.title.startswith("Frequency of Hot Jupiters and Very Hot Jupiters")
    assert paper.authors == ["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"]
    assert paper.published == "2006-01-02" and paper.year == 2006
    assert paper.updated == "2006-01-02"
    assert paper.category == "astro-ph"
    assert paper.journal_ref == "ActaAstron.56:1-50,2006"
    assert paper.abstract.startswith("We derive the frequencies of hot Jupiters")


def test_parse_feed_collapses_the_line_breaks_of_old_format_titles_and_reads_the_doi():
    (paper,) = parse_feed(recorded("single_oldformat2016_1111.2011v2.xml"))
    assert paper.title == "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    assert "\n" not in paper.abstract and "  " not in paper.abstract
    assert paper.id == "1111.2011" and paper.version == 2
    assert paper.published == "2011-11-08" and paper.updated == "2012-04-02"
    assert paper.doi and paper.doi.startswith("10.")
    assert paper.category == "cond-mat.str-el"


def test_parse_feed_keeps_a_numeric_title_as_text():
    (paper,) = parse_feed(recorded("single_versioned_2104.12255v1.xml"))
    assert paper.title == "0"
    assert paper.id == "2104.12255"


def test_parse_feed_reads_both_entries_of_an_old_multi_entry_feed():
    papers = parse_feed(recorded("multi_oldformat2012_1205.1001v1_1001.1001v1.xml"))
    assert [(p.id, p.category) for p in papers] == [("1205.1001", "cond-mat.soft"), ("1001.1001", "astro-ph.SR")]


def test_parse_feed_of_an_empty_result_is_empty():
    assert parse_feed(recorded("empty_0000.0000.xml")) == []


def test_parse_feed_turns_an_error_entry_into_a_source_error():
    with pytest.raises(SourceError, match="arXiv rejected the request: incorrect id format for abc"):
        parse_feed(recorded("error_http400_id_abc.xml"))


def test_one_request_fetches_several_ids_and_asks_for_enough_results(arxiv_server):
    result = client(arxiv_server.arxiv_api).fetch(["2305.07759", "2307.08701", "2309.12284"])
    assert sorted(result.found) == ["2305.07759", "2307.08701", "2309.12284"]
    assert result.found["2307.08701"].title == "AlpaGasus: Training A Better Alpaca with Fewer Data"
    assert result.found["2307.08701"].version == 5
    (request,) = arxiv_server.arxiv_requests()
    assert request.args["id_list"] == "2305.07759,2307.08701,2309.12284"
    assert request.args["max_results"] == "3"


def test_requests_name_papercat_in_the_user_agent(arxiv_server):
    client(arxiv_server.arxiv_api).fetch(["2305.07759"])
    (request,) = arxiv_server.arxiv_requests()
    assert request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("papercat/")


def test_more_than_a_hundred_ids_are_split_into_batches_of_at_most_a_hundred(arxiv_server):
    ids = [f"2301.{n:05d}" for n in range(1, 2 * MAX_IDS_PER_REQUEST + 6)]
    result = client(arxiv_server.arxiv_api).fetch(ids)
    sizes = [len(r.args["id_list"].split(",")) for r in arxiv_server.arxiv_requests()]
    assert sizes == [100, 100, 5]
    assert [int(r.args["max_results"]) for r in arxiv_server.arxiv_requests()] == sizes
    assert result.missing == ids


def test_an_id_arxiv_drops_silently_is_reported_missing(metadata_server):
    metadata_server.httpserver.expect_request("/api/query").respond_with_data(
        recorded("multi_id_0808.05394_1707.08567_one_hit.xml"), content_type="application/atom+xml"
    )
    result = client(metadata_server.arxiv_api).fetch(["0808.05394", "1707.08567"])
    assert list(result.found) == ["1707.08567"]
    assert result.missing == ["0808.05394"]


def test_http_400_with_an_error_entry_reports_arxivs_reason(metadata_server):
    metadata_server.httpserver.expect_request("/api/query").respond_with_data(
        recorded("error_http400_id_abc.xml"), status=400, content_type="application/atom+xml"
    )
    with pytest.raises(SourceError, match="incorrect id format for abc"):
        client(metadata_server.arxiv_api).fetch(["abc"])


def test_http_400_without_an_error_feed_reports_the_status(metadata_server):
    metadata_server.httpserver.expect_request("/api/query").respond_with_data("bad", status=400)
    with pytest.raises(SourceError, match="HTTP 400"):
        client(metadata_server.arxiv_api).fetch(["2305.07759"])


def test_consecutive_requests_wait_the_configured_delay(metadata_server):
    metadata_server.serve_seed()
    waits = []
    now = [100.0]
    http = PoliteHttp(service="the arXiv API", delay_seconds=3.0, sleep=waits.append, clock=lambda: now[0])
    arxiv = ArxivClient(base_url=metadata_server.arxiv_api, http=http, batch_size=1)
    arxiv.fetch(["2305.07759", "2307.08701", "2309.12284"])
    assert waits == [3.0, 3.0]


def test_the_api_url_comes_from_the_option_then_the_environment(monkeypatch):
    monkeypatch.delenv("PAPERCAT_ARXIV_API", raising=False)
    assert arxiv_api_url() == "https://export.arxiv.org/api/query"
    monkeypatch.setenv("PAPERCAT_ARXIV_API", "http://127.0.0.1:9/api/query")
    assert arxiv_api_url() == "http://127.0.0.1:9/api/query"
    assert arxiv_api_url("http://mirror/api") == "http://mirror/api"


def test_a_contact_address_joins_the_user_agent_when_configured(arxiv_server, monkeypatch):
    monkeypatch.setenv("PAPERCAT_CONTACT_EMAIL", "curator@example.org")
    client(arxiv_server.arxiv_api).fetch(["2305.07759"])
    (request,) = arxiv_server.arxiv_requests()
    assert request.headers["User-Agent"].startswith("papercat/")
    assert request.headers["User-Agent"].endswith("; mailto:curator@example.org)")


def test_a_malformed_contact_address_is_left_out(monkeypatch):
    from papercat.sources.http import user_agent

    monkeypatch.setenv("PAPERCAT_CONTACT_EMAIL", "x@y.org\r\nX-Evil: 1")
    assert user_agent() == USER_AGENT
