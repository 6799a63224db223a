"""A catalog papercat did not write survives every writing command with only the intended lines changed.

Each variant keeps the fixture's meaning but not papercat's layout: 4-space indentation, comments
on every line, anchors and aliases, flow mappings, CRLF, a BOM, no final newline, non-ASCII titles.
After each command: the file still reads, its encoding (BOM, line endings) is kept, the entries the
command did not touch are unchanged in meaning and bytes, and difflib finds every changed line
inside an entry the command touched.
"""

from __future__ import annotations

import copy
import re
from collections import Counter

import pytest
from typer.testing import CliRunner

from papercat import store
from papercat.catalog_data import entry_to_data
from papercat.cli import app
from papercat.store.layout import comment_of

from .helpers import CATALOG, WRITING_COMMANDS, WritingCommand, base_env, changed_line_numbers, entry_line_ranges, registered_commands

pytestmark = pytest.mark.scenario("Hand-written files survive every writing command")

NON_ASCII_TITLE = "巫师LM: עוזר הוראות 🧙‍♂️ مساعد — «Complex» Instructions"


def four_space_indentation(text: str) -> str:
    """Every level indented by four: `entries:` / `    -   id: x` / `        title: ...`."""

    def deeper(match: re.Match) -> str:
        indent, rest = match.group(1), match.group(2)
        if rest.startswith("- "):
            rest = "-   " + rest[2:]
        return indent * 2 + rest

    return re.sub(r"(?m)^( +)(.*)$", deeper, text)


def comments_everywhere(text: str) -> str:
    lines = []
    for number, line in enumerate(text.splitlines()):
        indent = len(line) - len(line.lstrip(" "))
        lines.append(" " * indent + f"# comment before line {number}: keep me")
        lines.append(line if "#" in line or not line.strip() else f"{line}   # trailing {number}")
    return "\n".join(lines) + "\n"


def anchors_and_aliases(text: str) -> str:
    text = text.replace("    sections: [fine-tuning]   # lint --fix", "    sections: &tuned [fine-tuning]   # lint --fix")
    return text.replace("    sections:\n      - fine-tuning\n# end of list", "    sections: *tuned\n# end of list")


def flow_mapping_entry(text: str) -> str:
    return text.replace(
        '  - id: tinystories-2023\n    title: "TinyStories: How Small Can Language Models Be?"\n    url: https://arxiv.org/abs/2305.07759\n'
        "    arxiv: '2305.07759'\n    year: 2023\n    sections: [pretraining]\n",
        '  - {id: tinystories-2023, title: "TinyStories: How Small Can Language Models Be?", url: "https://arxiv.org/abs/2305.07759", '
        "arxiv: '2305.07759', year: 2023, sections: [pretraining]}\n",
    )


def entries_at_indent_0(text: str) -> str:
    """`entries:` / `- id: x` / `  title: ...`: the layout of many hand-kept YAML files."""
    head, entries = text.split("entries:\n", 1)
    return head + "entries:\n" + re.sub(r"(?m)^  ", "", entries)


def everything_at_indent_0(text: str) -> str:
    head, entries = entries_at_indent_0(text).split("entries:\n", 1)
    top, sections = head.split("sections:\n", 1)
    return top + "sections:\n" + re.sub(r"(?m)^  ", "", sections) + "entries:\n" + entries


def quoted_keys(text: str) -> str:
    text = re.sub(r"(?m)^(    )(title|url|year):", r'\1"\2":', text)
    text = re.sub(r"(?m)^(  - )id:", r"\1'id':", text)
    return text.replace("version: 1", '"version": 1')


def comments_at_quoted_keys(text: str) -> str:
    return re.sub(r'(?m)^(    "title": .*)$', r"\1  # a comment after a quoted key", quoted_keys(text))


def document_markers(text: str) -> str:
    return "---\n" + text + "...\n"


def directive_and_markers(text: str) -> str:
    return "%YAML 1.2\n---\n" + text + "...\n# after the end marker\n"


def comment_before_the_first_section(text: str) -> str:
    return text.replace("sections:\n  - id: pretraining", "sections:\n  # the topics, in page order\n  - id: pretraining", 1)


def indentless_lists(text: str) -> str:
    """`sections:` / `- fine-tuning` at the key's own indent (YAML allows it; people write it)."""
    return text.replace("    sections:\n      - fine-tuning", "    sections:\n    - fine-tuning   # indentless")


def non_ascii_titles(text: str) -> str:
    return text.replace('"WizardLM: Empowering Large Language Models to Follow Complex Instructions"', f'"{NON_ASCII_TITLE}"')


VARIANTS = {
    "papercat layout": lambda text: text,
    "4-space indentation": four_space_indentation,
    "comments everywhere": comments_everywhere,
    "anchors and aliases": anchors_and_aliases,
    "flow mapping entry": flow_mapping_entry,
    "CRLF line endings": lambda text: text.replace("\n", "\r\n"),
    "BOM": lambda text: "\ufeff" + text,
    "BOM and CRLF": lambda text: "\ufeff" + text.replace("\n", "\r\n"),
    "no final newline": lambda text: text.rstrip("\n"),
    "non-ASCII titles": non_ascii_titles,
    "entries at indent 0": entries_at_indent_0,
    "sections and entries at indent 0": everything_at_indent_0,
    "quoted keys": quoted_keys,
    "comments at quoted keys": comments_at_quoted_keys,
    "--- and ... markers": document_markers,
    "%YAML directive, markers, comment after ...": directive_and_markers,
    "comment before the first section": comment_before_the_first_section,
    "indentless block list": indentless_lists,
}
TITLE_OVERRIDES = {"non-ASCII titles": {"wizardlm-2023": NON_ASCII_TITLE}}
# An entry that uses an alias must be rewritten when the anchored value changes.
ALIAS_USERS = {"anchors and aliases": {"star-2022": ["wizardlm-2023"]}}
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def run_command(catalog, args, env, monkeypatch):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(app, ["--catalog", str(catalog), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    return result


_EXPECTED: dict[str, object] = {}  # command name -> the catalog it makes from CATALOG (once a run)


def expected_after(tmp_path, command, env, monkeypatch, variant):
    """The catalog the command makes from papercat's own layout, with the variant's titles."""
    if command.name not in _EXPECTED:
        plain = tmp_path / "plain" / "catalog.yaml"
        plain.parent.mkdir()
        plain.write_text(CATALOG, encoding="utf-8")
        result = run_command(plain, command.args, env, monkeypatch)
        assert result.exit_code in command.ok_exit_codes, result.stdout + result.stderr
        _EXPECTED[command.name] = store.load(plain).catalog
    catalog = copy.deepcopy(_EXPECTED[command.name])
    for entry_id, title in TITLE_OVERRIDES.get(variant, {}).items():
        if catalog.entry_by_id(entry_id):
            catalog.entry_by_id(entry_id).title = title
    return catalog


# Every writing command: the shared list (also killed, raced and starved of disk elsewhere) plus
# the ones that only need their layout checked here.
MATRIX_COMMANDS = [
    *WRITING_COMMANDS,
    WritingCommand("edit", ["edit", "star-2022", "--title", "STaR, edited", "--note", "checked"], ["star-2022"]),
    WritingCommand("config title", ["config", "title", "A new title"], ["key:title"]),
    WritingCommand("section add", ["section", "add", "Evaluation", "--after", "pretraining"], ["key:sections"], needs="section"),
    WritingCommand("section rename", ["section", "rename", "fine-tuning", "--title", "Fine-tuning and RL"], ["key:sections"], needs="section"),
]

# The other section commands rewrite the same `sections:` block: 12 layouts suffice for them
# (the suite's time budget), those that vary what the block looks like first.
SECTION_COMMANDS = [
    WritingCommand("section move", ["section", "move", "fine-tuning", "--before", "pretraining"], ["key:sections"], needs="section"),
    WritingCommand("section order", ["section", "order", "pretraining", "newest-first"], ["key:sections"], needs="section"),
    WritingCommand(
        "section remove",
        ["section", "remove", "fine-tuning", "--move-entries-to", "pretraining"],
        ["key:sections", "star-2022", "wizardlm-2023"],
        needs="section",
    ),
]
SECTION_LAYOUTS = [
    "papercat layout",
    "4-space indentation",
    "comments everywhere",
    "CRLF line endings",
    "BOM",
    "entries at indent 0",
    "sections and entries at indent 0",
    "quoted keys",
    "comments at quoted keys",
    "--- and ... markers",
    "comment before the first section",
    "indentless block list",
]


def _case(variant: str, command: WritingCommand):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[(variant, command.name)])] if (variant, command.name) in KNOWN_BUGS else []
    return pytest.param(variant, command, id=f"{variant}: {command.name}", marks=marks)


CASES = [_case(variant, command) for variant in VARIANTS for command in MATRIX_COMMANDS]
CASES += [_case(variant, command) for variant in SECTION_LAYOUTS for command in SECTION_COMMANDS]


def comment_lines(body: str) -> list[str]:
    return [line.strip() for line in body.split("\n") if line.strip().startswith("#")]


@pytest.mark.parametrize("variant, command", CASES)
def test_a_hand_written_file_changes_only_in_the_touched_entries(tmp_path, monkeypatch, variant, command):
    if command.needs and command.needs not in registered_commands():
        pytest.skip(f"`papercat {command.needs}` is not registered yet")
    env = base_env(tmp_path)
    expected = expected_after(tmp_path, command, env, monkeypatch, variant)
    original = VARIANTS[variant](CATALOG)
    catalog = tmp_path / "catalog.yaml"
    catalog.write_bytes(original.encode("utf-8"))
    before = store.load(catalog)

    result = run_command(catalog, command.args, env, monkeypatch)
    assert result.exit_code in command.ok_exit_codes, result.stdout + result.stderr
    raw = catalog.read_bytes()
    after = store.load(catalog)

    assert after.catalog == expected
    assert raw.startswith(b"\xef\xbb\xbf") == original.startswith("\ufeff")
    if "\r\n" in original:
        assert b"\n" not in raw.replace(b"\r\n", b""), "every line keeps its CRLF ending"
    else:
        assert b"\r" not in raw
    touched = list(command.touched)
    for entry_id in command.touched:
        touched += ALIAS_USERS.get(variant, {}).get(entry_id, [])
    untouched = [entry.id for entry in before.catalog.entries if entry.id not in touched]
    for entry_id in untouched:
        assert entry_to_data(after.catalog.entry_by_id(entry_id)) == entry_to_data(before.catalog.entry_by_id(entry_id))
    removed, added = changed_line_numbers(before.body, after.body)
    allowed_before, allowed_after = entry_line_ranges(before.text, touched), entry_line_ranges(after.text, touched)
    assert removed <= allowed_before, lines_of(before.body, removed - allowed_before)
    assert added <= allowed_after, lines_of(after.body, added - allowed_after)
    lines_before = before.body.split("\n")
    kept_comments = [line.strip() for number, line in enumerate(lines_before) if line.strip().startswith("#") and number not in removed]
    for comment in kept_comments:
        assert comment in comment_lines(after.body), f"the comment {comment!r} was lost"
    # Stronger: every comment, also on rewritten lines, survives unless its entry was removed.
    gone = [entry.id for entry in before.catalog.entries if after.catalog.entry_by_id(entry.id) is None]
    removable = entry_line_ranges(before.text, gone) | removed_section_lines(before, after)
    wanted = Counter(comment_of(line) for number, line in enumerate(lines_before) if comment_of(line) and number not in removable)
    missing = wanted - Counter(comment_of(line) for line in after.body.split("\n") if comment_of(line))
    assert not missing, f"comments lost: {sorted(missing)}"


def removed_section_lines(before, after) -> set[int]:
    """Lines of sections the command removed (their comments go with them)."""
    gone = set(before.catalog.section_ids()) - set(after.catalog.section_ids())
    lines = before.body.split("\n")
    found: set[int] = set()
    for number, line in enumerate(lines):
        match = re.match(r"""^( *)- +["']?id["']?: *["']?([\w-]+)""", line)
        if match and match.group(2) in gone:
            indent = len(match.group(1))
            end = number + 1
            while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
                end += 1
            found.update(range(number, end))
    return found


def lines_of(body: str, numbers) -> list[str]:
    lines = body.split("\n")
    return [f"{n + 1}: {lines[n]}" for n in sorted(numbers)]
