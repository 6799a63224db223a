"""Semantic Scholar, DBLP and OpenAlex clients: recorded bodies parsed, and every network fault one clear line."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import pytest
from werkzeug import Response

from papercat.errors import SourceError
from papercat.sources import SourceSettings
from papercat.sources.cache import MetadataCache
from papercat.sources.dblp import DblpClient, parse_search
from papercat.sources.http import PoliteHttp
from papercat.sources.openalex import OpenAlexClient, parse_works
from papercat.sources.published import DBLP, OPENALEX, SEMANTIC_SCHOLAR
from papercat.sources.semantic_scholar import SemanticScholarClient, parse_paper
from papercat.sources.venue_lookup import VenueQuery, VenueSettings, cached_records, find_published_versions
from papercat.twins import cached_twin_records

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def recorded(relative: str) -> bytes:
    return (FIXTURES / relative).read_bytes()


# --- what the recorded bodies say ---------------------------------------------------------------


def test_semantic_scholar_maps_a_journal_doi_to_its_arxiv_id_and_venue():
    paper = json.loads(recorded("semantic_scholar/paper_DOI_10.1038_s42256-024-00832-8_has_ArXiv.json"))
    record = parse_paper(paper, "doi:10.1038/s42256-024-00832-8")
    assert record.arxiv == "2304.05376" and record.doi == "10.1038/s42256-024-00832-8"
    [candidate] = record.candidates
    assert candidate.venue == "Nature Machine Intelligence" and candidate.kind == "journal"  # journal.name, not the abbreviation


def test_semantic_scholar_says_an_arxiv_only_paper_has_no_venue():
    paper = json.loads(recorded("semantic_scholar/paper_DOI_10.48550_arxiv.2312.07559.json"))
    record = parse_paper(paper, "arxiv:2312.07559")
    assert record.arxiv == "2312.07559" and record.doi is None  # arXiv's own DOI is not a published version's
    assert record.candidates == []


def test_semantic_scholar_null_is_a_paper_it_does_not_know():
    record = parse_paper(None, "arxiv:2399.99999")
    assert not record.found and record.candidates == []


def test_dblp_search_accepts_2019_string_authors_and_lists_every_venue():
    record = parse_search(recorded("dblp/search_publ_q_test_star_2019format.json"), "arxiv:0000.00000")
    assert record.found and len(record.candidates) >= 20
    first = record.candidates[0]
    assert first.venue == "Asian Test Symposium" and first.year == 2005 and first.kind == "conference"
    assert first.doi == "10.1109/ats.2005.17" and first.evidence == "dblp record conf/ats/ShinogiYHTY05"
    assert not first.title.endswith(".")


def test_dblp_corr_record_gives_the_arxiv_id_not_a_venue():
    searches = json.loads(recorded("dblp/seed_searches.json"))
    body = json.dumps(searches["Mind's Eye Grounded Language Model Reasoning through Simulation"]).encode()
    record = parse_search(body, "arxiv:2210.05359")
    assert record.arxiv == "2210.05359"
    assert [(c.venue, c.year) for c in record.candidates] == [("ICLR", 2023)]


def test_dblp_with_no_hits_is_not_found():
    record = parse_search(b'{"result": {"hits": {"@total": "0", "@sent": "0"}}}', "arxiv:x")
    assert not record.found


def test_openalex_split_preprint_and_journal_give_the_journal_and_the_arxiv_twin():
    body = recorded("openalex/works_filter_title.search_chemistry_tools_preprint_and_journal_split.json")
    record = parse_works(body, "arxiv:2304.05376")
    assert record.arxiv == "2304.05376"
    [journal] = record.candidates  # PubMed Central and arXiv are repositories, not venues
    assert journal.venue == "Nature Machine Intelligence" and journal.year == 2024 and journal.kind == "journal"
    assert journal.doi == "10.1038/s42256-024-00832-8"


def test_openalex_arxiv_only_work_has_no_venue():
    record = parse_works(recorded("openalex/works_filter_title.search_paperqa_arxiv_only.json"), "arxiv:2312.07559")
    assert record.arxiv == "2312.07559" and record.candidates == []


# --- the cache of their answers -----------------------------------------------------------------


def test_a_corrupt_venue_cache_file_is_a_miss_not_a_crash(tmp_path):
    key = "arxiv:2304.05376"
    cache = MetadataCache(tmp_path / "cache")
    cache.put_data(SEMANTIC_SCHOLAR, key, {"source": SEMANTIC_SCHOLAR, "key": key, "candidates": 5})  # candidates not a list
    cache.put_data(DBLP, key, {"found": True})  # no source, no key
    (tmp_path / "cache" / OPENALEX).mkdir()
    (tmp_path / "cache" / OPENALEX / "arxiv%3A2304.05376.json").write_text("[" * 100_000)
    lookup = find_published_versions([VenueQuery(key, "A title")], VenueSettings(sources=SourceSettings(cache_dir=tmp_path / "cache", offline=True)))
    assert lookup.records == {key: []} and lookup.not_cached == [key]
    assert cached_records(cache, key) == []
    assert cached_twin_records(tmp_path / "cache")(key) == []


def test_the_cache_lists_the_keys_it_holds_as_they_were_stored(tmp_path):
    cache = MetadataCache(tmp_path / "cache")
    for key in ("doi:10.18653/v1/2023.acl-long.1", "arxiv:hep-th/9901001", "acl:2023.acl-long.1"):
        cache.put_data(SEMANTIC_SCHOLAR, key, {"source": SEMANTIC_SCHOLAR, "key": key})
    assert cache.keys(SEMANTIC_SCHOLAR) == {"doi:10.18653/v1/2023.acl-long.1", "arxiv:hep-th/9901001", "acl:2023.acl-long.1"}
    assert cache.keys(DBLP) == set()


# --- the clients against a real local server ------------------------------------------------------


def s2(url: str, **http) -> callable:
    http.setdefault("delay_seconds", 0)
    client = SemanticScholarClient(base_url=url + "/graph/v1", http=PoliteHttp(service="the Semantic Scholar API", **http))
    return lambda: client.fetch(["arxiv:2210.05359"])


def dblp(url: str, **http) -> callable:
    http.setdefault("delay_seconds", 0)
    client = DblpClient(base_url=url + "/dblp", http=PoliteHttp(service="the DBLP API", **http))
    return lambda: client.fetch([("arxiv:2210.05359", "Mind's Eye: Grounded Language Model Reasoning through Simulation")])


def openalex(url: str, **http) -> callable:
    http.setdefault("delay_seconds", 0)
    client = OpenAlexClient(base_url=url + "/openalex", http=PoliteHttp(service="the OpenAlex API", **http))
    return lambda: client.fetch([("arxiv:2305.07759", "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?")])


CLIENTS = {"semantic_scholar": (s2, "/graph/v1/paper/batch"), "dblp": (dblp, "/dblp/search/publ/api"), "openalex": (openalex, "/openalex/works")}
SERVICE = {"semantic_scholar": "the Semantic Scholar API", "dblp": "the DBLP API", "openalex": "the OpenAlex API"}


def one_line(error: pytest.ExceptionInfo) -> str:
    message = str(error.value)
    assert message and "\n" not in message
    return message


@pytest.mark.parametrize("name", CLIENTS)
def test_each_client_reads_the_seed_answer(name, metadata_server):
    metadata_server.serve_venues()
    make, path = CLIENTS[name]
    records = make(metadata_server.httpserver.url_for("").rstrip("/"))()
    [record] = records.values()
    assert record.found
    assert len(metadata_server.requests(path)) == 1


def test_semantic_scholar_asks_for_many_papers_in_one_post(metadata_server):
    metadata_server.serve_venues()
    client = SemanticScholarClient(base_url=metadata_server.semantic_scholar_api, http=PoliteHttp(service="s2", delay_seconds=0))
    records = client.fetch(["arxiv:2210.05359", "arxiv:2212.10560", "arxiv:2399.99999"])
    [request] = metadata_server.requests("/graph/v1/paper/batch")
    assert request.method == "POST" and "venue" in request.args["fields"]
    assert json.loads(request.get_data())["ids"] == ["ARXIV:2210.05359", "ARXIV:2212.10560", "ARXIV:2399.99999"]
    assert records["arxiv:2212.10560"].acl == "2023.acl-long.754"
    assert not records["arxiv:2399.99999"].found


def test_semantic_scholar_splits_batches_at_the_limit(metadata_server):
    metadata_server.serve_venues()
    client = SemanticScholarClient(base_url=metadata_server.semantic_scholar_api, http=PoliteHttp(service="s2", delay_seconds=0), batch_size=2)
    client.fetch(["arxiv:2210.05359", "arxiv:2212.10560", "arxiv:2305.07759"])
    assert len(metadata_server.requests("/graph/v1/paper/batch")) == 2


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("name", CLIENTS)
def test_connection_refused_is_one_line_suggesting_offline(name):
    make, _ = CLIENTS[name]
    with pytest.raises(SourceError) as error:
        make(closed_port_url())()
    assert f"cannot connect to {SERVICE[name]}" in one_line(error) and "--offline" in one_line(error)


@pytest.mark.parametrize("name", CLIENTS)
def test_a_server_that_never_answers_times_out_after_the_retries(name, metadata_server):
    release = threading.Event()
    make, path = CLIENTS[name]

    def slow(request):
        release.wait(0.6)
        return Response("{}", content_type="application/json")

    metadata_server.httpserver.expect_request(path).respond_with_handler(slow)
    with pytest.raises(SourceError) as error:
        make(metadata_server.httpserver.url_for("").rstrip("/"), read_timeout=0.2, retries=1)()
    assert "did not answer within 0.2 s (2 attempts)" in one_line(error)
    release.set()
    deadline = time.monotonic() + 5
    while len(metadata_server.httpserver.log) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.mark.parametrize("name", CLIENTS)
def test_429_with_retry_after_is_honoured_then_the_retry_succeeds(name, metadata_server):
    make, path = CLIENTS[name]
    metadata_server.serve_venues()
    answers = iter([Response("slow down", status=429, headers={"Retry-After": "7"})])

    def throttled_once(request):
        first = next(answers, None)
        if first is not None:
            return first
        from fixtures import venue_replay

        if name == "semantic_scholar":
            return Response(venue_replay.s2_batch(request.get_data())[1], content_type="application/json")
        if name == "dblp":
            return Response(venue_replay.dblp_search(request.args.get("q", "")), content_type="application/json")
        return Response(venue_replay.openalex_search(request.args.get("filter", "")), content_type="application/json")

    metadata_server.httpserver.clear_all_handlers()
    metadata_server.httpserver.expect_request(path).respond_with_handler(throttled_once)
    waits: list[float] = []
    records = make(metadata_server.httpserver.url_for("").rstrip("/"), delay_seconds=1.0, sleep=waits.append)()
    assert all(record.found for record in records.values())
    assert len(metadata_server.requests(path)) == 2
    assert waits[0] == 7.0  # Retry-After (7 s) beats the first back-off step (1 s)


@pytest.mark.parametrize("name", CLIENTS)
def test_503_three_times_gives_up_with_one_line(name, metadata_server):
    make, path = CLIENTS[name]
    metadata_server.httpserver.expect_request(path).respond_with_data("busy", status=503)
    waits: list[float] = []
    with pytest.raises(SourceError) as error:
        make(metadata_server.httpserver.url_for("").rstrip("/"), delay_seconds=1.0, sleep=waits.append)()
    assert "answered HTTP 503 (3 attempts); try again later" in one_line(error)
    assert waits == [1.0, 2.0]


@pytest.mark.parametrize("name", CLIENTS)
@pytest.mark.parametrize("body", [b"{not json", b"<html>busy</html>", b'{"unexpected": true}', b"[1, 2, 3]"])
def test_malformed_answers_are_one_line(name, body, metadata_server):
    make, path = CLIENTS[name]
    metadata_server.httpserver.expect_request(path).respond_with_data(body, content_type="application/json")
    with pytest.raises(SourceError) as error:
        make(metadata_server.httpserver.url_for("").rstrip("/"))()
    assert "try again later" in one_line(error)


@pytest.mark.parametrize("name", CLIENTS)
def test_a_truncated_body_is_reported(name, metadata_server):
    make, path = CLIENTS[name]
    body = b'{"result": {"hits": {"hit": [' + b" " * 200
    metadata_server.httpserver.expect_request(path).respond_with_response(
        Response(body, headers={"Content-Length": str(len(body) * 2)}, content_type="application/json")
    )
    with pytest.raises(SourceError) as error:
        make(metadata_server.httpserver.url_for("").rstrip("/"), read_timeout=2.0)()
    message = one_line(error)
    assert "closed the connection before the response was complete" in message or "not valid JSON" in message


@pytest.mark.parametrize("name", CLIENTS)
def test_a_body_that_trickles_in_is_stopped_at_the_deadline(name, metadata_server):
    make, path = CLIENTS[name]

    def trickle(request):
        def chunks():
            yield b"["
            for _ in range(40):
                time.sleep(0.05)
                yield b" "
            yield b"]"

        return Response(chunks(), content_type="application/json")

    metadata_server.httpserver.expect_request(path).respond_with_handler(trickle)
    with pytest.raises(SourceError) as error:
        make(metadata_server.httpserver.url_for("").rstrip("/"), read_timeout=1.0, deadline_seconds=0.3)()
    assert "did not finish its response within 0.3 s" in one_line(error)
