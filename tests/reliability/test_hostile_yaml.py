"""Hostile catalog files: refused or handled in bounded time and memory, with one clear line.

Each file goes through the real command line in its own process, whose wall time and peak
memory (os.wait4's rusage for that child) are measured and bounded; the figures are recorded
in docs/reliability.md. The loader never builds anything but dicts, lists, strings and None.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercat import store, yamltext
from papercat.errors import CatalogError

from .helpers import base_env, papercat_argv, run_measured

pytestmark = pytest.mark.scenario("YAML: bombs, huge files, deep nesting, tags")

# Bounds for one papercat process on a hostile file (a fresh interpreter alone is ~40 MB, 0.2 s).
REFUSAL_SECONDS = 15
REFUSAL_MEGABYTES = 400
BIG_FILE_BYTES = 50 * 1024 * 1024
BIG_FILE_SECONDS = 90
BIG_FILE_MEGABYTES = 2048


def billion_laughs() -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    return "title: T\n" + "\n".join(lines) + "\nentries: *a9\n"


def quadratic_blowup() -> str:
    """One big anchored list referenced many times: 100k items x 100 aliases = 10M nodes."""
    items = ", ".join(["x"] * 100_000)
    aliases = "\n".join("  - *big" for _ in range(100))
    return f"title: T\nnote: &big [{items}]\nentries:\n{aliases}\n"


HOSTILE = {
    "billion laughs (9^9 aliases)": (billion_laughs(), "alias bomb"),
    "quadratic alias blow-up": (quadratic_blowup(), "alias bomb"),
    "10,000 nested flow lists": ("title: " + "[" * 10_000 + "]" * 10_000 + "\n", "nests deeper than"),
    "10,000 nested block lists": ("title: T\nentries:\n" + "".join("  " * level + "-\n" for level in range(1, 10_000)), "nests deeper than"),
    "10,000 nested mappings": ("title: T\nintro: " + "{a: " * 10_000 + "x" + "}" * 10_000 + "\n", "nests deeper than"),
    "python/object/apply tag": ("title: !!python/object/apply:os.system ['touch pwned']\n", "tag"),
    "python/object/new tag": ("title: T\nentries:\n  - !!python/object/new:subprocess.Popen [['touch', 'pwned']]\n", "tag"),
    "python/name tag": ("title: !!python/name:os.system\n", "tag"),
    "custom local tag": ("title: !Secret hello\n", "tag"),
    "binary tag": ("title: !!binary aGVsbG8=\n", "tag"),
    "set tag": ("title: T\nentries: !!set {a, b}\n", "tag"),
    "several documents": ("title: A\n---\ntitle: B\n", "several YAML documents"),
    "invalid UTF-8": (b"title: caf\xe9\n", "not valid UTF-8"),
    "an empty explicit key": ("---\n? \n", "catalog.yaml"),  # found by hypothesis: was a TypeError traceback
}


def write(path: Path, content) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def assert_one_clean_error_line(stderr: str, words: str, path: Path) -> None:
    assert "Traceback" not in stderr, stderr
    assert stderr.count("\n") == 1 and stderr.startswith("papercat: error: "), f"stderr must be one line:\n{stderr}"
    assert str(path) in stderr and words in stderr, stderr


@pytest.mark.timing  # asserts on wall-clock seconds: `pytest -m timing`
@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_catalog_is_refused_quickly_with_one_line(tmp_path, record_property, name):
    content, words = HOSTILE[name]
    catalog = write(tmp_path / "catalog.yaml", content)
    measured = run_measured(papercat_argv(catalog, ["render"]), base_env(tmp_path), tmp_path, timeout=60)
    record_property("seconds", round(measured.seconds, 2))
    record_property("peak MB", round(measured.peak_megabytes))
    assert measured.returncode == 2, measured.stderr
    assert_one_clean_error_line(measured.stderr, words, catalog)
    assert measured.seconds < REFUSAL_SECONDS and measured.peak_megabytes < REFUSAL_MEGABYTES, measured
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("name", ["python/object/apply tag", "10,000 nested flow lists", "an empty explicit key"])
def test_a_writing_command_on_a_hostile_catalog_changes_nothing(tmp_path, name):
    content, words = HOSTILE[name]
    catalog = write(tmp_path / "catalog.yaml", content)
    measured = run_measured(papercat_argv(catalog, ["add", "--title", "X", "--url", "https://example.org/x"]), base_env(tmp_path), tmp_path)
    assert measured.returncode == 2
    assert_one_clean_error_line(measured.stderr, words, catalog)
    assert catalog.read_bytes() == (content if isinstance(content, bytes) else content.encode("utf-8"))
    assert not (tmp_path / "pwned").exists()


@pytest.fixture(scope="module")
def fifty_megabytes(tmp_path_factory) -> Path:
    """A valid 50 MB catalog: about 195,000 entries."""
    folder = tmp_path_factory.mktemp("big")
    parts = ["version: 1\ntitle: Big list\nsections:\n  - id: s\n    title: S\nentries:\n"]
    size, number = len(parts[0]), 0
    while size < BIG_FILE_BYTES:
        entry = (
            f'  - id: e{number}\n    title: "Paper number {number} on synthetic data, {"long words " * 11}"\n'
            f"    url: https://example.org/paper/{number}\n    year: 2023\n    sections: [s]\n"
        )
        parts.append(entry)
        size += len(entry)
        number += 1
    return write(folder / "catalog.yaml", "".join(parts))


@pytest.mark.timing  # asserts on wall-clock seconds: `pytest -m timing`
def test_a_50_megabyte_catalog_renders_in_bounded_time_and_memory(fifty_megabytes, record_property):
    folder = fifty_megabytes.parent
    measured = run_measured(papercat_argv(fifty_megabytes, ["render"]), base_env(folder), folder, timeout=180)
    record_property("seconds", round(measured.seconds, 2))
    record_property("peak MB", round(measured.peak_megabytes))
    assert measured.returncode == 0, measured.stderr[-500:]
    assert measured.stdout.count("\n| [Paper number ") == fifty_megabytes.read_bytes().count(b"  - id: e")
    assert measured.seconds < BIG_FILE_SECONDS and measured.peak_megabytes < BIG_FILE_MEGABYTES


@pytest.mark.timing  # asserts on wall-clock seconds: `pytest -m timing`
def test_a_syntax_error_at_the_end_of_50_megabytes_names_its_line(fifty_megabytes, tmp_path, record_property):
    broken = tmp_path / "catalog.yaml"
    text = fifty_megabytes.read_bytes() + b"  - id: last\n    title: [unclosed\n"
    broken.write_bytes(text)
    measured = run_measured(papercat_argv(broken, ["render"]), base_env(tmp_path), tmp_path, timeout=180)
    record_property("seconds", round(measured.seconds, 2))
    record_property("peak MB", round(measured.peak_megabytes))
    assert measured.returncode == 2
    assert_one_clean_error_line(measured.stderr, "invalid YAML", broken)
    last_line = text.count(b"\n")
    assert f"catalog.yaml:{last_line}:" in measured.stderr or f"catalog.yaml:{last_line + 1}:" in measured.stderr, measured.stderr
    assert measured.seconds < BIG_FILE_SECONDS and measured.peak_megabytes < BIG_FILE_MEGABYTES


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, record_property):
    catalog = tmp_path / "catalog.yaml"
    with open(catalog, "wb") as stream:  # sparse: no disk space used
        stream.truncate(store.MAX_CATALOG_BYTES + 1)
    measured = run_measured(papercat_argv(catalog, ["render"]), base_env(tmp_path), tmp_path)
    record_property("seconds", round(measured.seconds, 2))
    record_property("peak MB", round(measured.peak_megabytes))
    assert measured.returncode == 2
    assert_one_clean_error_line(measured.stderr, "papercat reads catalogs up to", catalog)
    assert measured.peak_megabytes < REFUSAL_MEGABYTES


PLAIN_TYPES = (dict, list, str, bool, type(None))


def only_plain_values(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and only_plain_values(v) for k, v in value.items())
    if isinstance(value, list):
        return all(only_plain_values(v) for v in value)
    return isinstance(value, PLAIN_TYPES)


YAML_PIECES = st.sampled_from(
    [
        "title: ",
        "T",
        "\n",
        "  ",
        "- ",
        "&a ",
        "*a",
        "!!python/object:os.system ",
        "!x ",
        "!!str ",
        "!!binary ",
        "<<: ",
        "{",
        "}",
        "[",
        "]",
        ", ",
        "'",
        '"',
        "#",
        "? ",
        ": ",
        "|",
        ">",
        "---\n",
        "...\n",
        "%YAML 1.2\n",
        "entries:",
        "sections:",
        "id: ",
        "\t",
        "\\u0000",
        "é",
        "🧙",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(YAML_PIECES, max_size=40).map("".join) | st.text(max_size=200))
def test_any_text_loads_as_plain_data_or_is_one_catalog_error(text):
    try:
        data = yamltext.parse_yaml(text.encode("utf-8"), "catalog.yaml")
    except CatalogError as error:
        assert "\n" not in str(error)
        return
    assert only_plain_values(data)
    try:
        store.load_text(text)
    except CatalogError as error:
        assert "\n" not in str(error)
