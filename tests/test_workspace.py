"""The workspace decides where a catalog's files live, once, for every command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from papercat import store
from papercat.lint import context_for
from papercat.workspace import Workspace

CATALOG_WITH_CACHE_SETTING = """\
version: 1
title: Papers
settings:
  lint:
    cache: shared-cache
sections:
  - id: pretraining
    title: Pretraining
entries: []
"""


def test_the_cache_setting_wins_over_the_environment_and_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERCAT_CACHE_DIR", str(tmp_path / "from-env"))
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG_WITH_CACHE_SETTING, encoding="utf-8")
    workspace = Workspace.at(catalog)
    assert workspace.cache_dir(store.load(catalog).catalog) == tmp_path / "shared-cache"
    assert workspace.cache_dir() == tmp_path / "from-env"  # before the catalog is read
    monkeypatch.delenv("PAPERCAT_CACHE_DIR")
    assert workspace.cache_dir() == tmp_path.resolve() / ".papercat-cache"


def test_pyproject_settings_name_the_cache_and_the_readme(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.papercat.lint]\ncache = "c"\nreadme = "docs/LIST.md"\n', encoding="utf-8")
    workspace = Workspace.at(tmp_path / "catalog.yaml")
    assert workspace.cache_dir() == tmp_path / "c"
    assert workspace.readme_path() == tmp_path / "docs" / "LIST.md"


def test_add_fills_the_cache_folder_that_lint_reads(tmp_path, sources_env, arxiv_server):
    """The bug in issue 13: with `cache:` in the lint settings, add filled one folder and lint read another."""
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG_WITH_CACHE_SETTING, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "papercat", "--catalog", str(catalog), "add", "2305.07759", "--section", "pretraining"],
        capture_output=True, text=True, env={**os.environ, **sources_env}, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    cached = sorted(path.name for path in (tmp_path / "shared-cache" / "arxiv").iterdir())
    assert cached == ["2305.07759.json"]
    assert not Path(sources_env["PAPERCAT_CACHE_DIR"]).exists()
    lint_cache = context_for(store.load(catalog)).metadata_cache
    assert lint_cache is not None and lint_cache.directory == tmp_path / "shared-cache"
    assert lint_cache.get_arxiv("2305.07759") is not None
