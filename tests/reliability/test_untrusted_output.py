"""Untrusted text is stripped when it enters the catalog and never reaches a terminal raw;
output that cannot be written, Ctrl-C while starting, odd values and huge inputs each end in
one line (issue 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercat.untrusted import UNSAFE_CHARACTERS, clean, escape, redact, shorten

from .helpers import CACHED_NEW_ID, CATALOG, PROCESS_TIMEOUT, base_env, one_error_line, papercat_argv, run_process

TERMINAL = "Untrusted text: stripped on entry, inert on a terminal"
TRACEBACKS = "No tracebacks: odd values, closed output, Ctrl-C while starting"
MESSAGES = "Messages: huge inputs cut, edit validated like add"

HOSTILE_TITLE = "Evil\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x1b[2J\x9b31m \u202etxt.exe"


def _catalog(tmp_path, text: str = CATALOG):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(text, encoding="utf-8")
    return catalog


@pytest.mark.scenario(TERMINAL)
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_cleaned_and_escaped_text_holds_no_active_character(text):
    assert not UNSAFE_CHARACTERS.search(clean(text))
    assert not UNSAFE_CHARACTERS.search(escape(text)) and "\r" not in escape(text)
    assert clean(clean(text)) == clean(text)


@pytest.mark.scenario(TERMINAL)
@settings(max_examples=200, deadline=None)
@given(user=st.text("abcxyz019-._~%!$", min_size=1, max_size=12), password=st.text("abcxyz019-._~%!$", min_size=1, max_size=12))
def test_a_password_in_any_url_is_redacted(user, password):
    message = f"cannot connect to the API at http://{user}:{password}@example.org/api (refused)"
    assert f"{user}:{password}@" not in redact(message) and "http://***@example.org/api" in redact(message)


@pytest.mark.scenario(TERMINAL)
def test_a_hostile_title_given_to_add_is_stored_and_printed_inert(tmp_path):
    catalog = _catalog(tmp_path)
    result = run_process(catalog, ["add", "--title", HOSTILE_TITLE, "--url", "https://example.org/p", "--section", "pretraining"], base_env(tmp_path))
    assert result.returncode == 0, result
    for text in (result.stdout, result.stderr, catalog.read_text(encoding="utf-8")):
        assert not UNSAFE_CHARACTERS.search(text)


@pytest.mark.scenario(TERMINAL)
def test_a_hostile_title_from_the_cache_is_stripped_when_added(tmp_path):
    catalog = _catalog(tmp_path)
    env = base_env(tmp_path)
    cached = next((tmp_path / "cache" / "arxiv").glob(f"{CACHED_NEW_ID}*.json"))
    data = json.loads(cached.read_text(encoding="utf-8"))
    cached.write_text(json.dumps({**data, "title": HOSTILE_TITLE, "authors": ["Ada\u202e"]}), encoding="utf-8")
    result = run_process(catalog, ["add", CACHED_NEW_ID, "--section", "pretraining", "--offline"], env)
    assert result.returncode == 0, result
    written = catalog.read_text(encoding="utf-8")
    assert "txt.exe" in written and not UNSAFE_CHARACTERS.search(written + result.stdout + result.stderr)


ESCAPED_TITLE = '"Evil\\e]8;;https://evil.example\\aclick\\e]8;;\\a \\e[2J \\u202etxt.exe"'


def _escaped_catalog(tmp_path):
    return _catalog(
        tmp_path,
        CATALOG.replace(
            '"STaR: Bootstrapping Reasoning With Reasoning"\n    url: https://arxiv.org/pdf', ESCAPED_TITLE + "\n    url: https://arxiv.org/pdf", 1
        ),
    )


@pytest.mark.scenario(TERMINAL)
@pytest.mark.parametrize(
    "args",
    [
        ["remove", "star-2022", "--yes"],
        ["edit", "star-2022", "--venue", "ICLR"],
        ["dedupe"],
        ["lint"],
        ["move", "star-2022", "--to", "pretraining", "--dry-run"],
        ["edit", "nothing-like-this", "--venue", "x"],
    ],
    ids=["remove", "edit", "dedupe", "lint", "move --dry-run", "error naming titles"],
)
def test_control_characters_already_in_the_file_are_printed_as_escapes(tmp_path, args):
    catalog = _escaped_catalog(tmp_path)
    env = {**base_env(tmp_path), "FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"}
    result = run_process(catalog, args, env)
    assert result.returncode in (0, 1, 2), result
    raw_title = "\x1b]8;;" in result.stdout + result.stderr or "\u202e" in result.stdout + result.stderr or "\x07" in result.stdout + result.stderr
    assert not raw_title


@pytest.mark.scenario(TERMINAL)
def test_lint_flags_control_characters_and_its_fix_removes_them(tmp_path):
    catalog = _escaped_catalog(tmp_path)
    env = base_env(tmp_path)
    found = run_process(catalog, ["lint", "--select", "PC310", "--format", "concise"], env)
    assert found.returncode == 1 and "PC310" in found.stdout
    fixed = run_process(catalog, ["lint", "--select", "PC310", "--fix"], env)
    assert fixed.returncode == 0, fixed
    again = run_process(catalog, ["lint", "--select", "PC310"], env)
    assert again.returncode == 0 and "txt.exe" in catalog.read_text(encoding="utf-8")


@pytest.mark.scenario(TERMINAL)
def test_every_character_pc310_flags_is_unprintable():
    """PC310's fast path skips its search when all text is printable: sound only while this holds."""
    flagged = [character for character in map(chr, range(0x10000)) if UNSAFE_CHARACTERS.match(character)]
    assert len(flagged) > 60 and not [character for character in flagged if character.isprintable()]


@pytest.mark.scenario(TERMINAL)
def test_lint_checks_links_kept_under_aliases(tmp_path):
    catalog = _catalog(tmp_path)
    edited = run_process(catalog, ["edit", "wizardlm-2023", "--url", "https://example.org/w"], base_env(tmp_path))
    assert edited.returncode == 0
    text = catalog.read_text(encoding="utf-8").replace("- https://arxiv.org/abs/2304.12244", "- javascript:alert(1)")
    catalog.write_text(text, encoding="utf-8")
    result = run_process(catalog, ["lint", "--select", "PC202", "--format", "concise"], base_env(tmp_path))
    assert result.returncode == 1 and "aliases" in result.stdout


@pytest.mark.scenario(TRACEBACKS)
@pytest.mark.parametrize("value", ["~", "null", "NULL", "yes", "no", "0.", "1e3", "0x1F", "2023-01-01", "- x", "a: b", "#x", "*a", "!tag", "true"])
def test_values_yaml_would_read_as_something_else_are_kept_as_text(tmp_path, value):
    catalog = _catalog(tmp_path)
    result = run_process(catalog, ["edit", "wizardlm-2023", "--note", value], base_env(tmp_path))
    assert result.returncode == 0, result
    from papercat import store

    assert store.load(catalog).catalog.entry_by_id("wizardlm-2023").note == value


@pytest.mark.scenario(TRACEBACKS)
@pytest.mark.parametrize("redirect", ["closed", "full"])
@pytest.mark.parametrize("args", [["render"], ["lint"], ["move", "wizardlm-2023", "--to", "pretraining"]], ids=["render", "lint", "move"])
def test_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, redirect, args):
    catalog = _catalog(tmp_path)
    argv = papercat_argv(catalog, args)
    env = {**os.environ, **base_env(tmp_path)}
    if redirect == "closed":
        process = subprocess.run(
            argv,
            stdout=None,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=PROCESS_TIMEOUT,
            stdin=subprocess.DEVNULL,
            pass_fds=(),
            close_fds=True,
            preexec_fn=lambda: os.close(1),
        )
    else:
        with open("/dev/full", "w") as full:
            process = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=PROCESS_TIMEOUT, stdin=subprocess.DEVNULL)
    assert process.returncode == 2, process
    assert "standard output" in one_error_line(process.stderr)
    if args[0] == "move":
        assert "wizardlm-2023" in catalog.read_text(encoding="utf-8")


# Sends SIGINT to itself the moment papercat's CLI imports typer: Ctrl-C in the middle of start-up.
_INTERRUPT_DURING_IMPORT = """
import builtins, os, signal, sys
real_import = builtins.__import__
def interrupting_import(name, *args, **kwargs):
    if name == {target!r}:
        os.kill(os.getpid(), signal.SIGINT)
    return real_import(name, *args, **kwargs)
builtins.__import__ = interrupting_import
sys.argv = ["papercat", "--catalog", sys.argv[1], "lint"]
from papercat.cli import main
main()
"""


@pytest.mark.scenario(TRACEBACKS)
@pytest.mark.parametrize("target", ["typer", "typer.core", "httpx"])
def test_ctrl_c_while_python_imports_papercat_is_one_line_and_exit_130(tmp_path, target):
    catalog = _catalog(tmp_path)
    code = _INTERRUPT_DURING_IMPORT.format(target=target)
    process = subprocess.run([sys.executable, "-c", code, str(catalog)], capture_output=True, text=True, timeout=PROCESS_TIMEOUT)
    if target == "httpx":  # lint never imports httpx: the command runs to its end
        assert process.returncode in (0, 1), process
        return
    assert process.returncode == 130, process
    assert "interrupted" in one_error_line(process.stderr)


@pytest.mark.scenario(TRACEBACKS)
@pytest.mark.parametrize(
    "title, outcome",
    [('"a\\ud83d\\ude80b"', "a\U0001f680b"), ('"a\\ud800b"', None), ('"a\\udc00\\ud83db"', None)],
    ids=["JSON-style surrogate pair", "lone high surrogate", "pair in the wrong order"],
)
def test_surrogate_escapes_are_decoded_as_a_pair_or_refused(tmp_path, title, outcome):
    catalog = _catalog(tmp_path, CATALOG.replace("title: Reliability list", f"title: {title}"))
    rendered = run_process(catalog, ["render"], base_env(tmp_path))
    moved = run_process(catalog, ["move", "wizardlm-2023", "--to", "pretraining"], base_env(tmp_path))
    if outcome is None:
        assert (rendered.returncode, moved.returncode) == (2, 2)
        assert "surrogate" in one_error_line(rendered.stderr)
    else:
        assert (rendered.returncode, moved.returncode) == (0, 0), rendered
        assert rendered.stdout.startswith(f"# {outcome}")


@pytest.mark.scenario(TRACEBACKS)
@pytest.mark.parametrize("raw", [b"\x00", b"\x1b", b"\x7f", "\u009b".encode()], ids=["NUL", "ESC", "DEL", "C1 CSI"])
def test_a_raw_control_byte_in_the_yaml_is_refused_with_its_position(tmp_path, raw):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_bytes(CATALOG.encode().replace(b"Reliability list", b"Reliability" + raw + b"list"))
    result = run_process(catalog, ["render"], base_env(tmp_path))
    assert result.returncode == 2
    assert "catalog.yaml:3:" in one_error_line(result.stderr)


@pytest.mark.scenario(TRACEBACKS)
def test_unreadable_setting_files_and_deep_baselines_are_one_line(tmp_path):
    catalog = _catalog(tmp_path)
    (tmp_path / "intro.md").write_bytes(b"\xff\xfe not UTF-8")
    (tmp_path / "baseline.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    intro = run_process(catalog, ["config", "intro", "--file", str(tmp_path / "intro.md")], base_env(tmp_path))
    baseline = run_process(catalog, ["lint", "--baseline", str(tmp_path / "baseline.json")], base_env(tmp_path))
    assert (intro.returncode, baseline.returncode) == (2, 2)
    assert "UTF-8" in one_error_line(intro.stderr) and "baseline" in one_error_line(baseline.stderr)


HUGE = "x" * 100_000  # one argument may hold at most 128 KiB


@pytest.mark.scenario(MESSAGES)
@pytest.mark.parametrize(
    "args",
    [
        ["edit", HUGE, "--note", "a"],
        ["add", "--title", "t", "--url", "javascript:" + HUGE, "--section", "pretraining"],
        ["add", "10.1/" + HUGE, "--section", "pretraining", "--offline"],
        ["move", "wizardlm-2023", "--to", HUGE],
        ["edit", "wizardlm-2023", "--doi", HUGE],
    ],
    ids=["huge REF", "huge URL", "huge DOI", "huge --section", "huge --doi"],
)
def test_errors_cut_huge_inputs_to_a_readable_length(tmp_path, args):
    catalog = _catalog(tmp_path)
    result = run_process(catalog, args, base_env(tmp_path))
    assert result.returncode in (1, 2)
    assert len(result.stderr) < 3000, len(result.stderr)


@pytest.mark.scenario(MESSAGES)
def test_a_huge_yaml_key_is_cut_in_the_error(tmp_path):
    catalog = _catalog(tmp_path, CATALOG.replace("version: 1", f"version: 1\n{HUGE}: 1"))
    result = run_process(catalog, ["render"], base_env(tmp_path))
    assert result.returncode == 2 and len(result.stderr) < 3000


@pytest.mark.scenario(MESSAGES)
@pytest.mark.parametrize(
    "option, value",
    [
        ("--url", "javascript:alert(1)"),
        ("--code", "vbscript:x"),
        ("--download", "data:text/html,x"),
        ("--title", "   "),
        ("--title", "\x1b\u202e"),
        ("--doi", "not a doi"),
    ],
)
def test_edit_refuses_what_add_refuses(tmp_path, option, value):
    catalog = _catalog(tmp_path)
    result = run_process(catalog, ["edit", "wizardlm-2023", option, value], base_env(tmp_path))
    assert result.returncode == 2
    assert "please report" not in one_error_line(result.stderr)
    assert catalog.read_text(encoding="utf-8") == CATALOG


def test_shorten_keeps_both_ends_and_the_length():
    text = "a" * 50 + "b" * 1000 + "c" * 50
    cut = shorten(text, 100)
    assert cut.startswith("a") and "cccc" in cut and "1,100 characters" in cut and len(cut) < 130


@pytest.mark.scenario(TERMINAL)
def test_clean_removes_whole_escape_sequences_not_just_their_esc():
    assert clean("\x1b[31mRed\x1b[0m Title") == "Red Title"
    assert clean("Evil\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x9b31mtext") == "Evilclick text"


@pytest.mark.scenario(TERMINAL)
def test_a_readme_with_control_characters_imports_clean_and_says_where(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "# L\n\n## S\n\n| P | V |\n| --- | --- |\n| [\x1b[31mEvil\x1b[0m \x07Title](https://arxiv.org/abs/2301.00001) | arXiv 2023 |\n", encoding="utf-8"
    )
    catalog = tmp_path / "catalog.yaml"
    result = run_process(catalog, ["import", str(readme), "-o", str(catalog)], base_env(tmp_path))
    assert result.returncode == 0, result
    assert "README.md:7: control or bidi characters" in result.stderr
    text = catalog.read_text(encoding="utf-8")
    assert "title: Evil Title" in text and not UNSAFE_CHARACTERS.search(text) and "\\e" not in text and "\\a" not in text


@pytest.mark.scenario(TERMINAL)
def test_lint_finds_control_characters_in_the_lists_own_text_and_cells(tmp_path):
    catalog = _catalog(
        tmp_path,
        'version: 1\ntitle: T\nintro: "Hello \\e[2J there"\nsections:\n  - id: s\n    title: S\n    description: "bad \\u202e text"\n'
        'entries:\n  - id: a\n    title: A\n    url: https://example.org/a\n    sections: [s]\n    cells:\n      Title: "[A](https://example.org/a) \\a"\n',
    )
    found = run_process(catalog, ["lint", "--select", "PC310", "--format", "concise"], base_env(tmp_path))
    assert found.returncode == 1
    assert [line.split(" PC310 ")[1].split(" holds")[0] for line in found.stdout.splitlines() if " PC310 " in line] == [
        "intro",
        "description",
        "[a] the cell 'Title' as written",
    ]


@pytest.mark.scenario(TERMINAL)
def test_render_on_a_terminal_shows_a_hand_written_control_character_as_an_escape(tmp_path):
    catalog = _catalog(tmp_path, 'version: 1\ntitle: T\nintro: "Hello \\e[2J there"\nsections: []\nentries: []\n')
    leader, follower = os.openpty()
    try:
        process = subprocess.run(
            papercat_argv(catalog, ["render"]), stdout=follower, stderr=subprocess.PIPE, env={**os.environ, **base_env(tmp_path)}, timeout=PROCESS_TIMEOUT
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert process.returncode == 0
    assert b"Hello \\x1b[2J there" in shown and b"\x1b" not in shown


@pytest.mark.scenario(TERMINAL)
def test_a_contributor_row_with_control_characters_is_absorbed_without_them(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# L\n\n## S\n\n| P | V |\n| --- | --- |\n| [A](https://example.org/a) | ICML 2023 |\n", encoding="utf-8")
    catalog = tmp_path / "catalog.yaml"
    env = base_env(tmp_path)
    assert run_process(catalog, ["import", str(readme), "-o", str(catalog)], env).returncode == 0
    with readme.open("a", encoding="utf-8") as text:
        text.write("| [Evil \x1b[2J Row](https://example.org/e) | ICML 2023 |\n")
    absorbed = run_process(catalog, ["absorb", str(readme)], env)
    assert "absorbed without them" in absorbed.stderr + absorbed.stdout and "new entry" in absorbed.stdout
    assert not UNSAFE_CHARACTERS.search(catalog.read_text(encoding="utf-8"))
    written = run_process(catalog, ["render", "-o", str(readme)], env)  # no refusal: the row is in the catalog
    assert written.returncode == 0, written
    assert "Evil" in readme.read_text(encoding="utf-8") and not UNSAFE_CHARACTERS.search(readme.read_text(encoding="utf-8"))
