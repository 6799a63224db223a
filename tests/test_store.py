"""The store: reading with clear errors, minimal-diff atomic writes, the lock."""

from __future__ import annotations

import difflib
import multiprocessing
import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papercat import files, store, yamltext
from papercat.catalog import Catalog, Entry, Section
from papercat.catalog_data import catalog_from_data
from papercat.errors import CatalogError, LockTimeoutError, WriteError

HAND_WRITTEN = """\
# The list of papers we care about.
version: 1
title: Test list   # shown as the page title
sections:
  - id: pretraining
    title: Pretraining
  - id: fine-tuning
    title: Fine-Tuning
entries:
  # the classics
  - id: tinystories-2023
    title: "TinyStories: How Small Can Language Models Be?"
    url: https://arxiv.org/abs/2305.07759
    arxiv: '2305.07759'
    year: 2023
    sections: [pretraining]   # filed once
  - id: star-2022
    title: 'STaR: Bootstrapping Reasoning With Reasoning'
    # a note to self inside an entry
    venue: arxiv
    sections:
      - fine-tuning
      - pretraining

  - id: wizardlm-2023
    title: WizardLM
    url: https://arxiv.org/abs/2304.12244
    sections: [fine-tuning]
# end of list
"""


def write(tmp_path: Path, text: str, name: str = "catalog.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def changed_lines(old: str, new: str) -> list[str]:
    return [
        line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0) if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


# --- reading ---------------------------------------------------------------------


def test_load_reads_a_hand_written_catalog(tmp_path):
    doc = store.load(write(tmp_path, HAND_WRITTEN))
    assert doc.catalog.title == "Test list"
    assert [e.id for e in doc.catalog.entries] == ["tinystories-2023", "star-2022", "wizardlm-2023"]
    star = doc.catalog.entries[1]
    assert star.sections == ["fine-tuning", "pretraining"]
    assert doc.catalog.entries[0].arxiv == "2305.07759" and doc.catalog.entries[0].year == 2023


def test_positions_point_at_the_field_in_the_file(tmp_path):
    doc = store.load(write(tmp_path, HAND_WRITTEN))
    lines = HAND_WRITTEN.splitlines()
    line, column = doc.locate(("entries", 1, "venue"))
    assert lines[line - 1][column - 1 :].startswith("venue: arxiv")
    line, column = doc.locate(("entries", 2))
    assert lines[line - 1][column - 1 :].startswith("- id: wizardlm-2023")
    assert doc.entry_line("wizardlm-2023") == line
    line, column = doc.locate(("sections", 1, "title"))
    assert lines[line - 1][column - 1 :].startswith("title: Fine-Tuning")


@pytest.mark.parametrize(
    "text, expected_line, words",
    [
        ("version: 1\ntitle: [unclosed\nentries: []\n", 3, "invalid YAML"),
        ("version: 1\nentries: []\n", None, "'title' is missing"),
        ("version: 1\ntitle: T\ncolour: red\n", 3, "unknown key 'colour'"),
        ("title: T\nentries:\n  - id: x\n    titel: X\n", 4, "did you mean 'title'"),
        ("title: T\nentries:\n  - id: x\n    title: X\n    year: twenty\n", 5, "four-digit year"),
        ("title: T\nentries:\n  - id: x\n    title: X\n  - id: x\n    title: Y\n", 5, "used twice"),
        ("title: T\ntitle: U\n", 2, "appears twice"),
        ("title: T\nentries:\n  - id: x\n    title: X\n    title: Y\n", 5, "appears twice"),
    ],
)
def test_malformed_catalogs_are_one_clear_error_with_the_line(tmp_path, text, expected_line, words):
    path = write(tmp_path, text)
    with pytest.raises(CatalogError) as raised:
        store.load(path)
    message = str(raised.value)
    assert message.startswith(str(path))
    assert words in message
    if expected_line is not None:
        assert raised.value.line == expected_line, message


def test_missing_file_says_how_to_create_one(tmp_path):
    with pytest.raises(CatalogError, match="papercat import"):
        store.load(tmp_path / "nope.yaml")


@pytest.mark.timing  # asserts on wall-clock seconds: `pytest -m timing`
def test_an_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    lines.append("title: *a9")
    path = write(tmp_path, "\n".join(lines) + "\n")
    started = time.perf_counter()
    with pytest.raises(CatalogError, match="alias bomb"):
        store.load(path)
    assert time.perf_counter() - started < 30


def test_a_python_object_tag_is_refused(tmp_path):
    path = write(tmp_path, "title: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(CatalogError, match="tag"):
        store.load(path)


def test_anchors_and_aliases_in_a_hand_written_file_are_read(tmp_path):
    text = "title: T\nsections:\n  - id: a\n    title: A\nentries:\n  - id: x\n    title: X\n    sections: &both [a]\n  - id: y\n    title: Y\n    sections: *both\n"
    doc = store.load(write(tmp_path, text))
    assert doc.catalog.entries[1].sections == ["a"]


def test_fast_and_careful_read_paths_agree(tmp_path):
    """The JSON fast path and the node walker must build the same data."""
    ryml = pytest.importorskip("ryml", reason="rapidyaml is not installed: only the pure reader runs")

    text = (
        HAND_WRITTEN
        + "  - id: odd\n    title: \"tab\\there \\u00e9 'q' \\\"dq\\\"\"\n    note: |\n      two\n      lines\n    year: '2021'\n    sections: []\n"
    )
    data = text.encode()
    fast = yamltext.parse_yaml(data, "x")
    walker = yamltext._Walker(ryml.parse_in_arena(data), None, "x", ryml.NONE)
    tree = walker.tree
    careful = walker.node(tree.root_id(), 0)
    assert fast == careful
    assert catalog_from_data(fast) == catalog_from_data(careful)


@given(st.text(alphabet=" \t\n\r\f\v,[]{}&*!ab:-'\"", max_size=40))
def test_the_anchor_and_tag_scan_finds_what_the_plain_pattern_finds(text):
    """Anchors, aliases and tags send a file to the careful walker; the quick scan must miss none."""
    import re

    data = text.encode()
    plain = data[:1] in (b"&", b"*", b"!") or re.search(rb"[\s\[{,][&*!][^\s,\[\]{}]", data) is not None
    assert yamltext._needs_walker(data) == plain


def test_an_alias_in_a_title_free_file_takes_the_careful_path(tmp_path):
    text = (
        "title: T\nsections:\n  - id: a\n    title: A\nentries:\n  - id: x\n    title: X\n    sections: &s [a]\n  - id: y\n    title: Y & Z\n    sections: *s\n"
    )
    assert yamltext._needs_walker(text.encode())
    assert store.load(write(tmp_path, text)).catalog.entries[1].title == "Y & Z"


# --- writing ---------------------------------------------------------------------


def test_unchanged_catalog_writes_identical_bytes(tmp_path):
    doc = store.load(write(tmp_path, HAND_WRITTEN))
    assert store.preview(doc, store.clone_catalog(doc.catalog)) == HAND_WRITTEN


def test_adding_an_entry_adds_only_its_lines_and_keeps_comments(tmp_path):
    path = write(tmp_path, HAND_WRITTEN)

    def add(catalog):
        catalog.entries.append(
            Entry(id="new-2024", title="A new: paper", url="https://arxiv.org/abs/2401.00001", arxiv="2401.00001", year=2024, sections=["pretraining"])
        )
        return catalog, None

    result = store.update(path, add)
    new_text = path.read_text()
    assert result.changed
    assert all(line.startswith("+") for line in changed_lines(HAND_WRITTEN, new_text))
    assert "# end of list" in new_text and "# a note to self inside an entry" in new_text
    assert store.load(path).catalog.entries[-1].title == "A new: paper"


def test_changing_a_field_changes_one_line_and_keeps_its_comment_and_quotes(tmp_path):
    path = write(tmp_path, HAND_WRITTEN)

    def fix(catalog):
        catalog.entries[0].sections = ["pretraining", "fine-tuning"]
        catalog.entries[1].venue = "arXiv"
        catalog.entries[0].title = "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?"
        return catalog, None

    store.update(path, fix)
    diff = changed_lines(HAND_WRITTEN, path.read_text())
    assert sorted(diff) == sorted(
        [
            '-    title: "TinyStories: How Small Can Language Models Be?"',
            "-    sections: [pretraining]   # filed once",
            '+    title: "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?"',
            "+    sections: [pretraining, fine-tuning]   # filed once",
            "-    venue: arxiv",
            "+    venue: arXiv",
        ]
    )


def test_removing_an_entry_removes_only_its_lines(tmp_path):
    path = write(tmp_path, HAND_WRITTEN)
    store.update(path, lambda c: (Catalog(**{**c.__dict__, "entries": [e for e in c.entries if e.id != "star-2022"]}), None))
    removed = changed_lines(HAND_WRITTEN, path.read_text())
    assert all(line.startswith("-") for line in removed)
    assert removed[0] == "-  - id: star-2022" and len(removed) == 7


def test_crlf_and_bom_survive_an_edit(tmp_path):
    original = "\ufeff" + HAND_WRITTEN.replace("\n", "\r\n")
    path = write(tmp_path, original)

    def fix(catalog):
        catalog.entries[2].year = 2023
        return catalog, None

    store.update(path, fix)
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())
    assert raw.count(b"\r\n") == original.count("\r\n") + 1 and b"\n" not in raw.replace(b"\r\n", b"")
    assert store.load(path).catalog.entries[2].year == 2023


def test_dry_run_writes_nothing_but_reports_the_diff(tmp_path):
    path = write(tmp_path, HAND_WRITTEN)

    def fix(catalog):
        catalog.entries[1].venue = "arXiv"
        return catalog, "ok"

    result = store.update(path, fix, dry_run=True)
    assert path.read_text() == HAND_WRITTEN
    assert "+    venue: arXiv" in result.diff()


def test_a_failure_before_the_replace_leaves_the_file_byte_identical(tmp_path, monkeypatch):
    path = write(tmp_path, HAND_WRITTEN)

    def broken_replace(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)

    def fix(catalog):
        catalog.entries[1].venue = "arXiv"
        return catalog, None

    with pytest.raises(WriteError, match="No space left on device"):
        store.update(path, fix)
    assert path.read_bytes() == HAND_WRITTEN.encode()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_failing_transform_leaves_the_file_byte_identical(tmp_path):
    path = write(tmp_path, HAND_WRITTEN)

    def explode(catalog):
        catalog.entries.clear()
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.update(path, explode)
    assert path.read_bytes() == HAND_WRITTEN.encode()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_folder_is_a_clear_error(tmp_path):
    path = write(tmp_path, HAND_WRITTEN)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="cannot write"):
            files.write_atomic(path, "title: x\n")
    finally:
        tmp_path.chmod(0o755)
    assert path.read_text() == HAND_WRITTEN


@pytest.mark.timing  # asserts on wall-clock seconds: `pytest -m timing`
def test_the_lock_refuses_after_its_timeout(tmp_path):
    path = write(tmp_path, HAND_WRITTEN)
    with files.locked(path):
        started = time.perf_counter()
        with pytest.raises(LockTimeoutError, match="another papercat process"):
            store.update(path, lambda c: (c, None), lock_timeout=0.2)
        assert time.perf_counter() - started < 5


def _add_in_another_process(path: str, number: int) -> None:
    def add(catalog):
        catalog.entries.append(Entry(id=f"p{number}", title=f"Paper {number}", sections=["pretraining"]))
        return catalog, None

    store.update(path, add, lock_timeout=60)


def test_concurrent_writers_lose_no_change(tmp_path):
    path = write(tmp_path, HAND_WRITTEN)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_add_in_another_process, args=(str(path), n)) for n in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    ids = {entry.id for entry in store.load(path).catalog.entries}
    assert {f"p{n}" for n in range(6)} <= ids


# --- property: any edit touches only its own lines ---------------------------------

# "~" is YAML's null: the format reads it as "no value" (docs/catalog-format.md).
_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60).filter(lambda s: s.strip() != "" and s != "~")
_maybe_text = st.none() | _text


@st.composite
def entries_strategy(draw, count):
    entries = []
    for number in range(count):
        entries.append(
            Entry(
                id=f"e{number}",
                title=draw(_text),
                url=draw(st.none() | st.sampled_from(["https://arxiv.org/abs/2305.07759", "arXiv:2306.08568", "https://x.org/a b"])),
                venue=draw(_maybe_text),
                year=draw(st.none() | st.integers(1990, 2030)),
                note=draw(st.none() | _text | st.just("two\nlines\n")),
                sections=draw(st.lists(st.sampled_from(["pretraining", "fine-tuning"]), max_size=2, unique=True)),
                authors=draw(st.lists(_text, max_size=2)),
            )
        )
    return entries


def _base_catalog(entries):
    return Catalog(title="T", sections=[Section("pretraining", "Pretraining"), Section("fine-tuning", "Fine-Tuning")], entries=entries)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_edit_changes_only_the_lines_of_the_entries_it_touches(tmp_path, data):
    entries = data.draw(entries_strategy(4))
    text = store.dump_catalog(_base_catalog(entries))
    text = text.replace("entries:\n", "entries:\n  # keep me\n")  # a comment that must survive
    doc = store.load_text(text, tmp_path / "catalog.yaml")
    assert doc.catalog == _base_catalog(entries)
    target = data.draw(st.integers(0, 3))
    new = store.clone_catalog(doc.catalog)
    action = data.draw(st.sampled_from(["title", "venue", "year", "remove", "add", "sections"]))
    if action == "title":
        new.entries[target].title = data.draw(_text)
    elif action == "venue":
        new.entries[target].venue = data.draw(_maybe_text)
    elif action == "year":
        new.entries[target].year = data.draw(st.none() | st.integers(1990, 2030))
    elif action == "sections":
        new.entries[target].sections = data.draw(st.lists(st.sampled_from(["pretraining", "fine-tuning"]), max_size=2, unique=True))
    elif action == "remove":
        del new.entries[target]
    else:
        new.entries.append(data.draw(entries_strategy(5))[4])
    new_text = store.preview(doc, new)
    assert store.load_text(new_text).catalog == new
    assert "  # keep me\n" in new_text
    # Every line that changed belongs to the touched entry: the other entries' text is intact.
    for number, entry in enumerate(doc.catalog.entries):
        if number == target or action == "add":
            continue
        block = doc.index.entry_blocks[number]
        entry_text = "\n".join(doc.index.lines[block.start : block.end])
        assert entry_text in new_text


@settings(max_examples=60, deadline=None)
@given(entries=entries_strategy(3), title=_text, intro=st.text(max_size=200))
def test_dump_then_load_gives_back_the_same_catalog(entries, title, intro):
    catalog = _base_catalog(entries)
    catalog.title = title
    catalog.intro = intro if intro.strip() else ""
    text = store.dump_catalog(catalog)
    assert store.load_text(text).catalog == catalog
    # An independent reader agrees with ours.
    from ruamel.yaml import YAML

    independent = YAML(typ="safe", pure=True).load(text)
    assert independent["title"] == title
    assert [e["title"] for e in independent["entries"]] == [e.title for e in entries]


@pytest.mark.parametrize("text", ["-_", "+_", "_", "-_1", "0o17"])
def test_text_ruamel_reads_as_a_number_is_written_quoted(text):
    """ruamel's YAML 1.2 int pattern takes "-_" for a number (and then fails on it): quote it."""
    from ruamel.yaml import YAML

    catalog = _base_catalog([Entry(id="e0", title=text, sections=["pretraining"])])
    catalog.intro = text
    written = store.dump_catalog(catalog)
    assert store.load_text(written).catalog == catalog
    independent = YAML(typ="safe", pure=True).load(written)
    assert independent["intro"] == text and independent["entries"][0]["title"] == text


def test_a_list_item_with_a_trailing_newline_is_written_quoted():
    """`re.match(r"...$")` accepts "0\\n"; a flow list item must be a slug through and through."""
    catalog = _base_catalog([Entry(id="e0", title="T", authors=["0\n"], sections=["pretraining"])])
    assert store.load_text(store.dump_catalog(catalog)).catalog == catalog


def test_rewriting_an_anchored_field_writes_the_aliases_out_and_keeps_the_rest(tmp_path):
    text = (
        "title: T\nsections:\n  - id: a\n    title: A\n  - id: b\n    title: B\nentries:\n"
        "  - id: x\n    title: X\n    sections: &shared [a]   # anchored here\n"
        "  - id: y\n    title: Y\n    sections: *shared\n# end of list\n"
    )
    path = write(tmp_path, text)

    def file_x_in_b_too(catalog):
        catalog.entries[0].sections = ["a", "b"]
        return catalog, None

    store.update(path, file_x_in_b_too)
    assert sorted(changed_lines(text, path.read_text())) == sorted(
        [
            "-    sections: &shared [a]   # anchored here",
            "+    sections: [a, b]   # anchored here",
            "-    sections: *shared",
            "+    sections: [a]",
        ]
    )
    assert [e.sections for e in store.load(path).catalog.entries] == [["a", "b"], ["a"]]


def test_a_list_item_that_looks_like_a_number_is_written_quoted():
    """'0.' is a slug by its characters but a float to YAML: a flow item must be plain-safe too."""
    catalog = _base_catalog([Entry(id="e0", title="T", authors=["0.", "2023", "yes"], sections=["pretraining"])])
    assert store.load_text(store.dump_catalog(catalog)).catalog == catalog


# (a deeper comment line after a `note: |` block would be part of the note: not noise)
_LAYOUT_NOISE = st.sampled_from([None, "", "    # a comment", "  # an outdented comment", "   "])


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_field_positions_agree_with_the_yaml_parser_on_hand_edited_layouts(data):
    """lint's line numbers come from a fast line scan; ruamel's marks are the reference."""
    from ruamel.yaml import YAML

    entries = data.draw(entries_strategy(3))
    lines = store.dump_catalog(_base_catalog(entries)).split("\n")
    noisy = []
    for number, line in enumerate(lines):
        before_a_key = re.match(r"(    [a-z]|  - )", lines[number + 1] if number + 1 < len(lines) else "")
        noise = data.draw(_LAYOUT_NOISE) if before_a_key and number > lines.index("entries:") else None
        noisy.append(line)
        if noise is not None:
            noisy.append(noise)
    text = "\n".join(noisy)
    doc = store.load_text(text)
    assert doc.catalog == _base_catalog(entries)
    reference = YAML(typ="rt").load(text)["entries"]
    for index, entry in enumerate(reference):
        assert doc.locate(("entries", index))[0] == reference.lc.item(index)[0] + 1
        for key in entry:
            line, column = entry.lc.key(key)
            assert doc.locate(("entries", index, key)) == (line + 1, column + 1), (key, text)
