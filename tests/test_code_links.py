"""Code links at `add`: from the paper's own arXiv comment or abstract, never guessed; --code wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner
from werkzeug import Response

from papercat import store
from papercat.cli import app
from papercat.code_links import repository_link
from papercat.sources.arxiv import parse_feed

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("Code is available at https://github.com/ise-uiuc/magicoder.", "https://github.com/ise-uiuc/magicoder"),
        ("ICLR 2024. Code: https://github.com/nlpxucan/WizardLM/tree/main/WizardCoder", "https://github.com/nlpxucan/WizardLM"),
        ("Our code and data are at https://gitlab.com/group/project.git (MIT licence)", "https://gitlab.com/group/project"),
        ("Project page https://meta-math.github.io/ and code https://github.com/meta-math/MetaMath)", "https://github.com/meta-math/MetaMath"),
        ("see https://github.com/topics/llm and https://github.com/owner/repo", "https://github.com/owner/repo"),
        ("code at https://github.com/owner/re\n  po-name", "https://github.com/owner/repo-name"),
        ("Project page: https://multi-modal-self-instruct.github.io/", None),
        ("https://github.com/owner", None),
        ("44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck", None),
        (None, None),
    ],
)
def test_a_repository_link_is_read_from_the_text(text, link):
    assert repository_link(text) == link


def test_the_recorded_feeds_comments_carry_no_code_link_and_none_is_made_up():
    [paper] = parse_feed((FIXTURES / "arxiv" / "single_1605.08386.xml").read_bytes())
    assert paper.comment == "20 pages, 3 figures"
    assert repository_link(paper.comment) is None and repository_link(paper.abstract) is None


CATALOG = """\
version: 1
title: Code papers
sections:
  - id: code
    title: Code
entries: []
"""

# A test-written variant of the reconstructed seed feed for 2312.02120: an arXiv comment as
# authors write them (Magicoder's repository is the one the shipped list links).
COMMENT = "<arxiv:comment>ICML 2024. Code is available at https://github.com/ise-uiuc/magicoder</arxiv:comment>"


@pytest.fixture
def commented_server(metadata_server, seed_feed):
    def answer(request):
        ids = [i for i in request.args.get("id_list", "").split(",") if i]
        feed = seed_feed(ids)
        if "2312.02120" in ids:
            feed = feed.replace("<arxiv:primary_category", COMMENT + "\n    <arxiv:primary_category", 1)
        return Response(feed, content_type="application/atom+xml")

    metadata_server.httpserver.expect_request("/api/query").respond_with_handler(answer)
    return metadata_server


def add(catalog: Path, *args: str):
    return CliRunner().invoke(app, ["--catalog", str(catalog), "add", *args])


def test_add_takes_the_code_link_from_the_arxiv_comment_and_says_so(tmp_path, commented_server, sources_env):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    result = add(catalog, "2312.02120", "--section", "code")
    assert result.exit_code == 0, result.output
    assert "code: https://github.com/ise-uiuc/magicoder (from the arXiv comment; --code to give another)" in result.output
    [entry] = store.load(catalog).catalog.entries
    assert entry.code == "https://github.com/ise-uiuc/magicoder"


def test_code_option_wins_over_the_comment(tmp_path, commented_server, sources_env):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    result = add(catalog, "2312.02120", "--section", "code", "--code", "https://github.com/someone/fork")
    assert result.exit_code == 0, result.output
    assert "from the arXiv comment" not in result.output
    assert store.load(catalog).catalog.entries[0].code == "https://github.com/someone/fork"


def test_no_code_link_is_guessed_when_the_metadata_names_none(tmp_path, commented_server, sources_env):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    assert add(catalog, "2305.07759", "--section", "code").exit_code == 0
    assert store.load(catalog).catalog.entries[0].code is None
