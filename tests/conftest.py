"""Shared test fixtures: a real HTTP server on 127.0.0.1 replaying recorded arXiv and Crossref bodies."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import settings

from fixtures import venue_replay
from fixtures.replay_server import seed_feed

# CI must be reproducible: there the property tests replay the same examples every run
# (`derandomize`). On a developer's machine they explore new examples each time, and a
# failure found there becomes a fixed regression test.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

FIXTURES = Path(__file__).parent / "fixtures"
ARXIV_FIXTURES = FIXTURES / "arxiv"
SEED_FEEDS = ARXIV_FIXTURES / "seed"
CROSSREF_FIXTURES = FIXTURES / "crossref"


class MetadataServer:
    """pytest-httpserver serving arXiv's /api/query and Crossref's /works/<doi> from the fixtures."""

    def __init__(self, httpserver):
        self.httpserver = httpserver

    @property
    def arxiv_api(self) -> str:
        return self.httpserver.url_for("/api/query")

    @property
    def crossref_api(self) -> str:
        return self.httpserver.url_for("/works")

    def serve_seed(self) -> "MetadataServer":
        from werkzeug import Response

        def answer_arxiv(request):
            ids = [i for i in request.args.get("id_list", "").split(",") if i]
            return Response(seed_feed(ids), status=200, content_type="application/atom+xml; charset=utf-8")

        def answer_crossref(request):
            doi = unquote(request.path.split("/works/", 1)[1]).lower()
            path = CROSSREF_FIXTURES / f"works_{doi.replace('/', '_')}.json"
            if path.exists():
                return Response(path.read_bytes(), status=200, content_type="application/json")
            return Response(b"Resource not found.", status=404, content_type="text/plain")

        self.httpserver.expect_request("/api/query").respond_with_handler(answer_arxiv)
        self.httpserver.expect_request(re.compile(r"^/works/.+")).respond_with_handler(answer_crossref)
        return self

    @property
    def semantic_scholar_api(self) -> str:
        return self.httpserver.url_for(venue_replay.S2_PREFIX)

    @property
    def dblp_api(self) -> str:
        return self.httpserver.url_for(venue_replay.DBLP_PREFIX)

    @property
    def openalex_api(self) -> str:
        return self.httpserver.url_for(venue_replay.OPENALEX_PREFIX)

    def serve_venues(self) -> "MetadataServer":
        """Semantic Scholar's batch endpoint, DBLP's and OpenAlex's searches, answering for the seed."""
        from werkzeug import Response

        def answer_s2(request):
            status, body = venue_replay.s2_batch(request.get_data())
            return Response(body, status=status, content_type="application/json")

        def answer_dblp(request):
            return Response(venue_replay.dblp_search(request.args.get("q", "")), content_type="application/json")

        def answer_openalex(request):
            return Response(venue_replay.openalex_search(request.args.get("filter", "")), content_type="application/json")

        self.httpserver.expect_request(venue_replay.S2_BATCH_PATH, method="POST").respond_with_handler(answer_s2)
        self.httpserver.expect_request(venue_replay.DBLP_SEARCH_PATH).respond_with_handler(answer_dblp)
        self.httpserver.expect_request(venue_replay.OPENALEX_WORKS_PATH).respond_with_handler(answer_openalex)
        return self

    def requests(self, path_prefix: str = "/") -> list:
        return [request for request, _ in self.httpserver.log if request.path.startswith(path_prefix)]

    def arxiv_requests(self) -> list:
        return self.requests("/api/query")


@pytest.fixture(autouse=True)
def _not_inside_github_actions(monkeypatch):
    """GITHUB_ACTIONS=true changes lint's default format (as in ruff); tests that want it set it."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def metadata_server(httpserver) -> MetadataServer:
    """An empty server; tests call `.serve_seed()` or register their own fault responses."""
    return MetadataServer(httpserver)


@pytest.fixture
def sources_env(metadata_server, tmp_path, monkeypatch) -> dict[str, str]:
    """Point papercat at the local server, with no delay, a fresh cache and no colour."""
    values = {
        "PAPERCAT_ARXIV_API": metadata_server.arxiv_api,
        "PAPERCAT_CROSSREF_API": metadata_server.crossref_api,
        "PAPERCAT_SEMANTIC_SCHOLAR_API": metadata_server.semantic_scholar_api,
        "PAPERCAT_DBLP_API": metadata_server.dblp_api,
        "PAPERCAT_OPENALEX_API": metadata_server.openalex_api,
        "PAPERCAT_HTTP_DELAY": "0",
        "PAPERCAT_CACHE_DIR": str(tmp_path / "cache"),
        "NO_COLOR": "1",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


@pytest.fixture
def arxiv_server(metadata_server) -> MetadataServer:
    """The server answering for every seed id (arXiv) and the recorded Crossref works."""
    return metadata_server.serve_seed()


@pytest.fixture(name="seed_feed")
def seed_feed_fixture():
    """The feed builder itself, for tests that serve a seed feed in a faulty way."""
    return seed_feed
