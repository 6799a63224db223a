"""Only http(s) URLs become links; anything else is shown as escaped text, flagged by lint, and refused by add."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from papercat.cli import app

from .helpers import CATALOG, base_env, one_error_line
from .test_hostile_text import rendered_links_and_html

pytestmark = pytest.mark.scenario("Only http(s) URLs become links")

# url -> the lint rule that must flag it
NOT_WEB_URLS = {
    "javascript:alert(1)": "PC202",
    "JaVaScRiPt:alert(document.cookie)": "PC202",
    "data:text/html,<script>alert(1)</script>": "PC202",
    "vbscript:msgbox(1)": "PC202",
    "file:///etc/passwd": "PC202",
    "java\tscript:alert(1)": "PC201",
    "//evil.example/x": "PC201",
    "arxiv.org/abs/2305.07759": "PC201",
    "mailto:someone@example.org": "PC201",
    "ftp://example.org/paper.pdf": "PC201",
}

CATALOG_WITH_URL = """\
title: Links
sections:
  - id: papers
    title: Papers
  - id: data
    title: Data
    kind: datasets
entries:
  - id: bad-link
    title: A paper with a strange link
    url: {url}
    code: {url}
    sections: [papers]
  - id: bad-dataset
    title: A dataset with a strange link
    code: {url}
    download: {url}
    sections: [data]
  - id: good-link
    title: A paper with a web link
    url: https://example.org/paper_(v2)
    code: https://github.com/example/code
    sections: [papers]
"""


def write_catalog(tmp_path, url):
    path = tmp_path / "catalog.yaml"
    path.write_text(CATALOG_WITH_URL.format(url=json.dumps(url)), encoding="utf-8")
    return path


def invoke(tmp_path, monkeypatch, *args):
    for key, value in base_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.mark.parametrize("url", list(NOT_WEB_URLS))
def test_a_non_web_url_is_rendered_as_visible_text_never_a_link(tmp_path, monkeypatch, url):
    catalog = write_catalog(tmp_path, url)
    result = invoke(tmp_path, monkeypatch, "--catalog", str(catalog), "render")
    assert result.exit_code == 0, result.stderr
    links, html = rendered_links_and_html(result.stdout)
    assert html == []
    assert {href for href in links if not href.startswith("#")} == {"https://example.org/paper_(v2)"}  # code is a bare URL (autolinked by GitHub)
    assert "https://example.org/paper_(v2)" in links, "the web link must still be a link"
    assert all(href.startswith(("https://", "#")) for href in links), links
    visible = result.stdout.replace("\\", "")
    assert url.split(":", 1)[0].split("\t")[0] in visible, "the odd link stays visible for a reader to judge"


@pytest.mark.parametrize("url", list(NOT_WEB_URLS))
def test_lint_flags_every_field_holding_a_non_web_url(tmp_path, monkeypatch, url):
    catalog = write_catalog(tmp_path, url)
    result = invoke(tmp_path, monkeypatch, "--catalog", str(catalog), "lint", "--format", "json", "--select", "PC2")
    assert result.exit_code == 1, result.stdout + result.stderr
    findings = json.loads(result.stdout)
    flagged = {(finding["entry"], finding["field"].rsplit(".", 1)[-1]) for finding in findings if finding["code"] == NOT_WEB_URLS[url]}
    assert flagged == {("bad-link", "url"), ("bad-link", "code"), ("bad-dataset", "code"), ("bad-dataset", "download")}
    assert not any(finding["entry"] == "good-link" for finding in findings)


@pytest.mark.parametrize("option", ["--url", "--code"])
@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "example.org/paper"])
def test_add_refuses_to_write_a_non_web_link(tmp_path, monkeypatch, url, option):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    args = ["--title", "Evil", "--url", "https://example.org/fine", "--section", "pretraining"]
    if option == "--url":
        args[3] = url
    else:
        args += ["--code", url]
    result = invoke(tmp_path, monkeypatch, "--catalog", str(catalog), "add", *args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert "is not an http(s) link" in one_error_line(result.stderr)
    assert catalog.read_bytes() == CATALOG.encode()
