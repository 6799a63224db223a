"""A bug in papercat ends with one line and exit 3, never a bare traceback."""

from __future__ import annotations

from typer.testing import CliRunner

from papercat import store
from papercat.cli import app


def _crash(*args, **kwargs):
    raise RuntimeError("something papercat did not expect")


def test_an_unexpected_exception_is_one_line_and_exit_3(tmp_path, monkeypatch):
    monkeypatch.delenv("PAPERCAT_DEBUG", raising=False)
    monkeypatch.setattr(store, "load", _crash)
    result = CliRunner().invoke(app, ["--catalog", str(tmp_path / "catalog.yaml"), "dedupe"])
    assert result.exit_code == 3
    assert result.stderr == (
        "papercat: internal error: RuntimeError: something papercat did not expect (please report it; PAPERCAT_DEBUG=1 shows the traceback)\n"
    )


def test_papercat_debug_shows_the_traceback_first(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERCAT_DEBUG", "1")
    monkeypatch.setattr(store, "load", _crash)
    result = CliRunner().invoke(app, ["--catalog", str(tmp_path / "catalog.yaml"), "dedupe"])
    assert result.exit_code == 3
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.endswith("PAPERCAT_DEBUG=1 shows the traceback)\n")


def test_usage_errors_from_click_are_not_internal_errors(tmp_path):
    result = CliRunner().invoke(app, ["--catalog", str(tmp_path / "catalog.yaml"), "dedupe", "--no-such-option"])
    assert result.exit_code == 2
    assert "internal error" not in result.stderr
