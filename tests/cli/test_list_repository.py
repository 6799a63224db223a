"""Living in a list repository: papercat leaves nothing untracked behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CATALOG = """\
version: 1
title: Test list
sections:
  - id: pretraining
    title: Pretraining
entries:
  - id: tiny
    title: TinyStories
    url: https://arxiv.org/abs/2305.07759
    sections: [pretraining]
"""


def papercat(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "papercat", *args], capture_output=True, text=True, cwd=folder, env={**os.environ, "NO_COLOR": "1"})


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, cwd=folder, check=True).stdout


def test_writes_and_dry_runs_leave_git_status_clean(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    assert papercat(tmp_path, "render", "-o", "README.md").returncode == 0
    git(tmp_path, "add", "catalog.yaml", "README.md")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "list")

    assert papercat(tmp_path, "edit", "tiny", "--venue", "arXiv", "--dry-run").returncode == 0
    assert git(tmp_path, "status", "--porcelain") == ""
    assert papercat(tmp_path, "edit", "tiny", "--venue", "arXiv").returncode == 0
    assert papercat(tmp_path, "render", "-o", "README.md").returncode == 0
    assert git(tmp_path, "status", "--porcelain", "--untracked-files=all") == " M README.md\n M catalog.yaml\n"
    assert not (tmp_path / ".catalog.yaml.lock").exists()
    assert (tmp_path / ".papercat-cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_the_metadata_cache_folder_ignores_itself(tmp_path, sources_env, arxiv_server):
    (tmp_path / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    cache = Path(sources_env["PAPERCAT_CACHE_DIR"])
    done = subprocess.run(
        [sys.executable, "-m", "papercat", "add", "2306.11644", "--section", "pretraining"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, **sources_env},
    )
    assert done.returncode == 0, done.stderr
    assert (cache / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_from_a_sub_folder_the_catalog_above_is_used_and_named(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    sub = tmp_path / "docs" / "notes"
    sub.mkdir(parents=True)
    done = papercat(sub, "edit", "tiny", "--venue", "arXiv")
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(f"papercat: using {os.path.join('..', '..', 'catalog.yaml')}\n")
    assert "venue: arXiv" in (tmp_path / "catalog.yaml").read_text(encoding="utf-8")
    assert not (sub / "catalog.yaml").exists()


def test_the_search_stops_at_the_repository_root(tmp_path):
    (tmp_path / "catalog.yaml").write_text(CATALOG, encoding="utf-8")  # outside the repository below
    repository = tmp_path / "list"
    (repository / "sub").mkdir(parents=True)
    git(repository, "init", "-q")
    done = papercat(repository / "sub", "lint")
    assert done.returncode == 2
    assert "PC100" in done.stdout and "no such file" in done.stdout and "using" not in done.stderr


def test_an_explicit_catalog_is_never_searched_for(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    done = papercat(tmp_path / "sub", "--catalog", "catalog.yaml", "lint")
    assert done.returncode == 2 and "using" not in done.stderr


def test_from_a_sub_folder_a_readme_named_as_in_the_root_points_at_the_catalogs_readme(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    assert papercat(tmp_path, "render", "-o", "README.md").returncode == 0
    sub = tmp_path / "docs"
    sub.mkdir()
    done = papercat(sub, "render", "--check", "README.md")
    assert done.returncode == 2
    assert f"README.md: no such file here; the catalog's README is {os.path.join('..', 'README.md')}: pass that path" in done.stderr
    assert not (sub / "README.md").exists()
