"""Hostile servers, metadata and settings: one `papercat: error:` line and exit 2, never a traceback or a hang."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercat.errors import PapercatError, SourceError, UsageError
from papercat.sources.crossref import parse_work
from papercat.sources.dblp import parse_search
from papercat.sources.http import PoliteHttp
from papercat.sources.metadata import PaperMetadata
from papercat.sources.openalex import parse_works

from .helpers import CACHED_NEW_ID, CATALOG, base_env, one_error_line, run_process

SOURCES = "Hostile servers, metadata and settings: one line, exit 2"
HANGS = "A slow server cannot hold a request past its deadline"
SECRET = "s3cr3t-pass"

_WORK = {"status": "ok", "message": {"DOI": "10.1/x", "title": ["A title"], "author": [{"given": "A", "family": "B"}]}}


def _work(**changes) -> bytes:
    data = json.loads(json.dumps(_WORK))
    data["message"].update(changes)
    return json.dumps(data).encode()


CROSSREF_SHAPES = {
    "string date parts": _work(published={"date-parts": [["2023", "x"]]}),
    "NaN date": b'{"status": "ok", "message": {"title": ["t"], "published": {"date-parts": [[NaN]]}}}',
    "author is a string": _work(author="Ada"),
    "given and name of wrong types": _work(author=[{"given": 5, "family": ["x"]}, {"name": 7}]),
    "DOI is a number": _work(DOI=5),
    "title is a mapping": _work(title={"a": 1}),
    "200k-deep nesting": b'{"status": "ok", "message": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
    "5000-digit integer": b'{"status": "ok", "message": {"title": ["t"], "published": {"date-parts": [[' + b"9" * 5000 + b"]]}}}",
    "lone surrogate in the title": b'{"status": "ok", "message": {"title": ["t\\ud800"]}}',
    "year 99999": _work(published={"date-parts": [[99999]]}),
}


@pytest.mark.scenario(SOURCES)
@pytest.mark.parametrize("body", list(CROSSREF_SHAPES.values()), ids=list(CROSSREF_SHAPES))
def test_crossref_json_of_any_shape_is_metadata_or_one_source_error(body):
    try:
        metadata = parse_work(body, "10.1/x")
    except SourceError as error:
        assert "\n" not in str(error) and len(str(error)) < 400
        return
    assert isinstance(metadata.title, str) and metadata.title
    assert all(isinstance(name, str) for name in metadata.authors)
    assert metadata.year is None or 1000 <= metadata.year <= 2999


JSON_READERS = {
    "crossref": lambda body: parse_work(body, "10.1/x", source_url="the Crossref API"),
    "openalex": lambda body: parse_works(body, "arxiv:2304.05376", source_url="the OpenAlex API"),
    "dblp": lambda body: parse_search(body, "arxiv:2304.05376", source_url="the DBLP API"),
}


@pytest.mark.scenario(SOURCES)
@pytest.mark.parametrize("read", list(JSON_READERS.values()), ids=list(JSON_READERS))
@pytest.mark.parametrize(
    ("body", "says"),
    [(b"[" * 100_000, "nested too deeply"), (b"\xff{}", "not valid JSON"), (b"[" + b"9" * 5000 + b"]", "not valid JSON")],
    ids=["100k open brackets", "not UTF-8", "5000-digit integer"],
)
def test_every_json_source_answers_a_hostile_body_with_one_source_error(read, body, says):
    with pytest.raises(SourceError, match=says) as raised:
        read(body)
    assert "\n" not in str(raised.value) and len(str(raised.value)) < 400


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["title", "author", "given", "family", "name", "DOI", "date-parts", "published", "issued", "container-title", "abstract", "type"]),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@pytest.mark.scenario(SOURCES)
@settings(max_examples=150, deadline=None)
@given(
    message=st.dictionaries(
        st.sampled_from(["title", "author", "DOI", "published", "issued", "container-title", "abstract", "type", "deposited"]), _JSON, max_size=8
    )
)
def test_any_crossref_message_is_metadata_or_one_source_error(message):
    try:
        parse_work(json.dumps({"status": "ok", "message": message}).encode(), "10.1/x")
    except SourceError:
        pass


CACHE_SHAPES = [
    {"source": "arxiv", "id": "x", "title": "t", "year": "2020"},
    {"source": "arxiv", "id": "x", "title": ["t"]},
    {"source": "arxiv", "id": "x", "title": "t", "authors": "Ada"},
    {"source": "arxiv", "id": "x", "title": "t", "version": 1.5},
    {"source": "ftp", "id": "x", "title": "t"},
    [],
]


@pytest.mark.scenario(SOURCES)
@pytest.mark.parametrize("data", CACHE_SHAPES, ids=[f"cache shape {i}" for i in range(len(CACHE_SHAPES))])
def test_a_cache_file_of_the_wrong_shape_is_refused_naming_it(data):
    with pytest.raises(SourceError, match="cache.json"):
        PaperMetadata.from_data(data, source_name="cache.json")


@pytest.mark.scenario(SOURCES)
def test_add_offline_with_a_cache_file_of_wrong_types_names_the_file(tmp_path):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    env = base_env(tmp_path)
    cached = next((tmp_path / "cache" / "arxiv").glob(f"{CACHED_NEW_ID}*.json"))
    cached.write_text(json.dumps({"source": "arxiv", "id": CACHED_NEW_ID, "title": {"x": 1}, "authors": 5}), encoding="utf-8")
    result = run_process(catalog, ["add", CACHED_NEW_ID, "--section", "pretraining", "--offline"], env)
    assert result.returncode == 2
    assert cached.name in one_error_line(result.stderr)
    assert catalog.read_text(encoding="utf-8") == CATALOG


def _add(tmp_path, env_changes: dict[str, str], *options: str):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    env = {**base_env(tmp_path), **env_changes}
    return run_process(catalog, ["add", "2312.12345", "--section", "pretraining", "--keep-going", *options], env)


SETTINGS = {
    "delay inf": ({"PAPERCAT_HTTP_DELAY": "inf"}, "PAPERCAT_HTTP_DELAY"),
    "timeout inf": ({"PAPERCAT_HTTP_TIMEOUT": "inf"}, "PAPERCAT_HTTP_TIMEOUT"),
    "timeout 0 blames the setting": ({"PAPERCAT_HTTP_TIMEOUT": "0"}, "more than 0"),
    "deadline nan": ({"PAPERCAT_HTTP_DEADLINE": "nan"}, "PAPERCAT_HTTP_DEADLINE"),
    "non-ASCII contact e-mail": ({"PAPERCAT_CONTACT_EMAIL": "jürgen@exämple.org"}, "PAPERCAT_CONTACT_EMAIL"),
    "empty API URL": ({"PAPERCAT_ARXIV_API": " "}, "arXiv API URL"),
    "ftp API URL": ({"PAPERCAT_ARXIV_API": "ftp://example.org/api"}, "arXiv API URL"),
    "API URL without a host": ({"PAPERCAT_ARXIV_API": "http://"}, "arXiv API URL"),
    "SOCKS proxy without its extra": (
        {
            "ALL_PROXY": "socks5://127.0.0.1:9",
            "HTTPS_PROXY": "socks5://127.0.0.1:9",
            "HTTP_PROXY": "socks5://127.0.0.1:9",
            "PAPERCAT_ARXIV_API": "http://example.invalid/api",
        },
        "SOCKS",
    ),
    "missing SSL_CERT_FILE": ({"SSL_CERT_FILE": "/nonexistent/ca.pem", "PAPERCAT_ARXIV_API": "https://example.invalid/api"}, "SSL_CERT_FILE"),
}


@pytest.mark.scenario(SOURCES)
@pytest.mark.parametrize("env_changes, words", list(SETTINGS.values()), ids=list(SETTINGS))
def test_a_bad_setting_is_one_error_line_naming_it(tmp_path, env_changes, words):
    result = _add(tmp_path, env_changes)
    assert result.returncode == 2, result
    assert words in one_error_line(result.stderr)


@pytest.mark.scenario(SOURCES)
def test_credentials_in_an_api_url_never_appear_in_a_message(tmp_path):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = _add(tmp_path, {"PAPERCAT_ARXIV_API": f"http://curator:{SECRET}@127.0.0.1:{port}/api"})
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert SECRET not in result.stderr + result.stdout and "***@127.0.0.1" in line


@pytest.mark.scenario(SOURCES)
@pytest.mark.parametrize("case", ["redirect loop", "redirect to file://", "redirect to ftp://", "gzip header on a plain body"])
def test_what_httpx_raises_becomes_one_source_error(httpserver, case):
    from werkzeug.wrappers import Response

    if case == "redirect loop":
        httpserver.expect_request("/api").respond_with_response(Response(status=302, headers={"Location": httpserver.url_for("/api")}))
    elif case.startswith("redirect to"):
        target = "file:///etc/passwd" if "file" in case else "ftp://example.org/x"
        httpserver.expect_request("/api").respond_with_response(Response(status=302, headers={"Location": target}))
    else:
        httpserver.expect_request("/api").respond_with_response(Response(b"not gzip at all", headers={"Content-Encoding": "gzip"}))
    http = PoliteHttp(service="the test API", delay_seconds=0, retries=0)
    with pytest.raises(SourceError) as raised:
        http.get(httpserver.url_for("/api"))
    assert "\n" not in str(raised.value)


class _OneByteASecond:
    """A real server on 127.0.0.1 that sends its response one byte a second, forever."""

    def __init__(self, in_headers: bool):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/api"
        self.in_headers = in_headers
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._drip, args=(connection,), daemon=True).start()

    def _drip(self, connection):
        head = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"
        data = head + b"x" * 100_000
        start = 0 if self.in_headers else len(head)
        try:
            connection.recv(65536)
            connection.sendall(data[:start])
            for at in range(start, len(data)):
                connection.sendall(data[at : at + 1])
                time.sleep(0.2)
        except OSError:
            pass

    def close(self):
        self.socket.close()


@pytest.mark.scenario(HANGS)
@pytest.mark.parametrize("in_headers", [False, True], ids=["slow body", "slow headers"])
def test_a_server_sending_a_byte_at_a_time_is_given_up_after_the_deadline(in_headers):
    server = _OneByteASecond(in_headers)
    try:
        http = PoliteHttp(service="the slow API", delay_seconds=0, retries=2, read_timeout=5, deadline_seconds=1)
        with pytest.raises(SourceError, match=r"did not finish its response within 1 s"):
            http.get(server.url)
        assert server.connections == 1  # not retried: a server that slow would be as slow again
    finally:
        server.close()


@pytest.mark.scenario(HANGS)
def test_add_against_a_slow_server_ends_with_one_line(tmp_path):
    server = _OneByteASecond(in_headers=False)
    try:
        result = _add(tmp_path, {"PAPERCAT_ARXIV_API": server.url, "PAPERCAT_HTTP_DEADLINE": "1", "PAPERCAT_HTTP_TIMEOUT": "5"})
    finally:
        server.close()
    assert result.returncode == 2
    assert "did not finish its response within 1 s" in one_error_line(result.stderr)


@pytest.mark.scenario(SOURCES)
def test_an_arxiv_version_of_5000_digits_is_one_line(tmp_path):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    result = run_process(catalog, ["add", "2305.07759v" + "9" * 5000, "--section", "pretraining"], base_env(tmp_path))
    assert result.returncode == 2
    assert len(one_error_line(result.stderr)) < 400


def test_usage_and_source_errors_are_papercat_errors():
    assert issubclass(UsageError, PapercatError) and issubclass(SourceError, PapercatError)
