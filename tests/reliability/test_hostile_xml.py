"""A poisoned arXiv response through the real `add` and `refresh --apply`: refused, nothing written.

The parser-level cases (entity bomb, malformed and truncated XML, a body over a custom limit)
are in tests/sources/test_faults.py and are credited in docs/reliability.md; these prove the
same refusals reach the user as one line with the catalog untouched, at the default 10 MB limit.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from papercat.cli import app
from papercat.sources.http import MAX_BODY_BYTES

from .helpers import CATALOG, base_env, one_error_line, registered_commands

pytestmark = pytest.mark.scenario("XML from the API: entities and size")

ENTRY = "<entry><id>http://arxiv.org/abs/2306.08568v1</id><title>{title}</title><published>2023-06-14T00:00:00Z</published></entry>"
ATOM = '<feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'

POISONED = {
    "entity bomb": '<?xml version="1.0"?>\n<!DOCTYPE f [\n <!ENTITY a "aaaaaaaaaa">\n <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
    ' <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">\n]>\n' + ATOM.format(entries=ENTRY.format(title="&d;")),
    "external entity (local file)": '<?xml version="1.0"?>\n<!DOCTYPE f [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    + ATOM.format(entries=ENTRY.format(title="&secret;")),
    "external DTD": '<?xml version="1.0"?>\n<!DOCTYPE feed SYSTEM "http://127.0.0.1:9/evil.dtd">\n' + ATOM.format(entries=ENTRY.format(title="x")),
    "parameter entity": '<?xml version="1.0"?>\n<!DOCTYPE f [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n' + ATOM.format(entries=ENTRY.format(title="x")),
    "oversized body (10 MB + 1 KB)": ATOM.format(entries=ENTRY.format(title="big") + " " * (MAX_BODY_BYTES + 1024)),
}
WORDS = {"oversized body (10 MB + 1 KB)": "sent more than 10 MB; stopped reading"}

COMMANDS = {
    "add": ["add", "2306.08568", "--section", "pretraining"],
    "refresh --apply": ["refresh", "wizardlm-2023", "--apply"],
}

CASES = [pytest.param(command, poison, id=f"{command}: {poison}") for command in COMMANDS for poison in POISONED]


@pytest.mark.parametrize("command, poison", CASES)
def test_a_poisoned_feed_is_refused_and_nothing_is_written(tmp_path, monkeypatch, metadata_server, command, poison):
    if COMMANDS[command][0] not in registered_commands():
        pytest.skip(f"`papercat {COMMANDS[command][0]}` is not registered yet")
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    metadata_server.httpserver.expect_request("/api/query").respond_with_data(POISONED[poison], content_type="application/atom+xml")
    for key, value in {**base_env(tmp_path), "PAPERCAT_ARXIV_API": metadata_server.arxiv_api}.items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(app, ["--catalog", str(catalog), *COMMANDS[command]])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    output = result.stdout + result.stderr
    assert result.exit_code == 2, output
    message = one_error_line(result.stderr)
    assert WORDS.get(poison, "refused to read it") in message, message
    assert "root:" not in output and "aaaaaaaaaaaaaaaaaaaa" not in output
    assert catalog.read_bytes() == CATALOG.encode()
    assert not list((tmp_path / "cache").rglob("2306.08568*")), "a refused answer must not be cached"
