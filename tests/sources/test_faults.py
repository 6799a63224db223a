"""Every way the network can fail ends in one clear SourceError (or a clean Ctrl-C), never a traceback."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
from werkzeug import Response

from papercat.errors import SourceError
from papercat.ids import PaperId
from papercat.sources import SourceSettings, fetch_metadata
from papercat.sources.arxiv import ArxivClient
from papercat.sources.http import PoliteHttp


def arxiv_client(url: str, **options) -> ArxivClient:
    options.setdefault("delay_seconds", 0)
    return ArxivClient(base_url=url, http=PoliteHttp(service="the arXiv API", **options))


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/query"


def one_line(error: pytest.ExceptionInfo) -> str:
    message = str(error.value)
    assert "\n" not in message and message
    return message


def test_connection_refused_says_so_and_suggests_offline():
    with pytest.raises(SourceError) as error:
        arxiv_client(closed_port_url()).fetch(["2305.07759"])
    message = one_line(error)
    assert "cannot connect to the arXiv API" in message and "--offline" in message


def test_a_server_that_never_answers_times_out_after_the_retries(metadata_server, seed_feed):
    release = threading.Event()

    def slow(request):
        release.wait(0.6)
        return Response(seed_feed(["2305.07759"]), content_type="application/atom+xml")

    metadata_server.httpserver.expect_request("/api/query").respond_with_handler(slow)
    with pytest.raises(SourceError) as error:
        arxiv_client(metadata_server.arxiv_api, read_timeout=0.2, retries=1).fetch(["2305.07759"])
    assert "did not answer within 0.2 s (2 attempts)" in one_line(error)
    # Let the server finish the abandoned requests so they do not spill into the next test's log.
    release.set()
    deadline = time.monotonic() + 5
    while len(metadata_server.httpserver.log) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)


def test_429_with_retry_after_is_honoured_then_the_retry_succeeds(metadata_server, seed_feed):
    answers = iter([Response("slow down", status=429, headers={"Retry-After": "7"})])

    def throttled_once(request):
        return next(answers, None) or Response(seed_feed(["2305.07759"]), content_type="application/atom+xml")

    metadata_server.httpserver.expect_request("/api/query").respond_with_handler(throttled_once)
    waits = []
    result = arxiv_client(metadata_server.arxiv_api, delay_seconds=3.0, sleep=waits.append).fetch(["2305.07759"])
    assert list(result.found) == ["2305.07759"]
    assert len(metadata_server.arxiv_requests()) == 2
    assert waits == [7.0]  # Retry-After (7 s) beats the first back-off step (3 s)


def test_503_three_times_gives_up_with_one_line(metadata_server):
    metadata_server.httpserver.expect_request("/api/query").respond_with_data("busy", status=503)
    waits = []
    with pytest.raises(SourceError) as error:
        arxiv_client(metadata_server.arxiv_api, delay_seconds=3.0, sleep=waits.append).fetch(["2305.07759"])
    assert "answered HTTP 503 (3 attempts); try again later" in one_line(error)
    assert len(metadata_server.arxiv_requests()) == 3
    assert waits == [3.0, 6.0]  # back-off doubles


def test_a_retry_after_longer_than_a_minute_is_reported_instead_of_waited(metadata_server):
    metadata_server.httpserver.expect_request("/api/query").respond_with_data("later", status=429, headers={"Retry-After": "3600"})
    waits = []
    with pytest.raises(SourceError) as error:
        arxiv_client(metadata_server.arxiv_api, delay_seconds=3.0, sleep=waits.append).fetch(["2305.07759"])
    assert "asked to wait 3600 s" in one_line(error)
    assert waits == []


def test_malformed_xml_is_reported(metadata_server):
    metadata_server.httpserver.expect_request("/api/query").respond_with_data("<feed><entry>", content_type="application/atom+xml")
    with pytest.raises(SourceError) as error:
        arxiv_client(metadata_server.arxiv_api).fetch(["2305.07759"])
    assert "not well-formed XML" in one_line(error)


ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2305.07759v1</id><title>&lol3;</title></entry></feed>
"""


def test_an_entity_bomb_is_refused_without_expanding_it(metadata_server):
    metadata_server.httpserver.expect_request("/api/query").respond_with_data(ENTITY_BOMB, content_type="application/atom+xml")
    with pytest.raises(SourceError) as error:
        arxiv_client(metadata_server.arxiv_api).fetch(["2305.07759"])
    assert "refused to read it" in one_line(error)


def test_a_truncated_body_is_reported(metadata_server, seed_feed):
    body = seed_feed(["2305.07759"]).encode()
    cut = body[: len(body) // 2]
    metadata_server.httpserver.expect_request("/api/query").respond_with_response(
        Response(cut, headers={"Content-Length": str(len(body))}, content_type="application/atom+xml")
    )
    with pytest.raises(SourceError) as error:
        arxiv_client(metadata_server.arxiv_api, read_timeout=2.0).fetch(["2305.07759"])
    message = one_line(error)
    assert "closed the connection before the response was complete" in message or "not well-formed XML" in message


def test_a_body_cut_off_at_a_tag_boundary_is_malformed_xml(metadata_server, seed_feed):
    body = seed_feed(["2305.07759"])
    metadata_server.httpserver.expect_request("/api/query").respond_with_data(body[: body.index("</entry>")], content_type="application/atom+xml")
    with pytest.raises(SourceError) as error:
        arxiv_client(metadata_server.arxiv_api).fetch(["2305.07759"])
    assert "not well-formed XML" in one_line(error)


def test_an_oversized_body_is_cut_off_at_the_limit(metadata_server):
    metadata_server.httpserver.expect_request("/api/query").respond_with_data(b"<feed>" + b" " * 3_000_000, content_type="application/atom+xml")
    with pytest.raises(SourceError) as error:
        arxiv_client(metadata_server.arxiv_api, max_body_bytes=2 * 1024 * 1024).fetch(["2305.07759"])
    assert "sent more than 2 MB; stopped reading" in one_line(error)


def test_an_unknown_id_is_a_failure_naming_the_id(arxiv_server, tmp_path):
    settings = SourceSettings(cache_dir=tmp_path / "cache", arxiv_api=arxiv_server.arxiv_api, delay_seconds=0)
    outcome = fetch_metadata([PaperId("arxiv", "2305.07759"), PaperId("arxiv", "2399.99999")], settings)
    assert list(outcome.found) == [PaperId("arxiv", "2305.07759")]
    assert outcome.failures == {PaperId("arxiv", "2399.99999"): "arXiv has no paper 2399.99999; check the id"}


def test_ctrl_c_during_a_fetch_propagates_as_keyboard_interrupt(tmp_path):
    def interrupted(request):
        raise KeyboardInterrupt

    settings = SourceSettings(
        cache_dir=tmp_path / "cache", arxiv_api="http://127.0.0.1:9/api/query", delay_seconds=0, transport=httpx.MockTransport(interrupted)
    )
    with pytest.raises(KeyboardInterrupt):
        fetch_metadata([PaperId("arxiv", "2305.07759")], settings)
    assert not (tmp_path / "cache").exists()


def test_retry_after_may_be_an_http_date():
    from datetime import datetime, timedelta, timezone
    from email.utils import format_datetime

    from papercat.sources.http import _retry_after_seconds

    in_ten = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=10), usegmt=True)
    assert 8 <= _retry_after_seconds(in_ten) <= 10
    assert _retry_after_seconds("5") == 5.0
    assert _retry_after_seconds("whenever") is None
