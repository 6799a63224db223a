"""Release metadata: one version, the licence, the files the wheel must carry, the hooks' rev."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

import papercat

ROOT = Path(__file__).resolve().parents[1]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_version_lives_in_one_place():
    project = PYPROJECT["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "papercat.__version__"}
    assert metadata.version("papercat") == papercat.__version__


def test_licence_classifiers_and_urls_are_declared():
    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "Typing :: Typed" in project["classifiers"]
    supported = {c.rsplit(" :: ", 1)[1] for c in project["classifiers"] if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)}
    assert min(supported, key=lambda v: tuple(map(int, v.split(".")))) == project["requires-python"].removeprefix(">=")
    assert {"Homepage", "Documentation", "Changelog", "Issues", "Source"} <= set(project["urls"])


def test_the_package_data_is_the_schema_and_py_typed():
    assert set(PYPROJECT["tool"]["setuptools"]["package-data"]["papercat"]) == {"py.typed", "catalog.schema.json"}
    for name in ("py.typed", "catalog.schema.json"):
        assert (ROOT / "src" / "papercat" / name).exists()


def test_the_changelog_and_the_docs_name_this_release():
    version = papercat.__version__
    assert f"## [{version}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert f"rev: v{version}" in ci and "<owner>" not in ci
    assert f"papercat=={version}" in ci


def test_the_release_workflow_publishes_with_trusted_publishing_only():
    from ruamel.yaml import YAML

    workflow = YAML(typ="safe", pure=True).load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    assert workflow.get("on", workflow.get(True)) == {"push": {"tags": ["v*"]}}
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"} and publish["environment"]["name"] == "pypi"
    (step,) = [s for s in publish["steps"] if s["uses"].startswith("pypa/gh-action-pypi-publish@")]
    assert "with" not in step or not {"password", "user"} & set(step["with"])
    build_commands = " ".join(s.get("run", "") for s in workflow["jobs"]["build"]["steps"])
    assert ".ci/check_wheel.py --build --sdist --runners --expect-version" in build_commands


def test_the_pypi_page_links_only_absolute_urls():
    assert PYPROJECT["project"]["readme"] == "docs/package-readme.md"
    text = (ROOT / "docs" / "package-readme.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)]+)\)", text)
    assert targets and all(target.startswith("https://") for target in targets)
    assert f"v{papercat.__version__}" in text
