"""The fast YAML reader (rapidyaml) can die in C++; the pure reader stands in for it (issues 14, 18).

A native crash cannot be caught in-process, so every test that hands ryml hostile bytes runs
it in a subprocess: a crash fails one test, not the whole run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import CACHED_NEW_ID, CATALOG, PROCESS_TIMEOUT, base_env, run_process

READERS = "YAML readers: native crashes and the pure fallback"
ROOT = Path(__file__).resolve().parents[2]

# The 8-byte file that made `lint` and `render` exit 139 (ryml 0.15 segfaults on a run of tags).
CRASHER = b"{! ! ! !"

# Parses each input of a JSON list with papercat's reader; prints the index first, so a crash
# names its input. Exit status < 0 (a signal) is what the tests look for.
_CHILD = """
import json, sys
from papercat import yamltext
from papercat.errors import PapercatError
for index, text in enumerate(json.load(open(sys.argv[1], encoding="utf-8"))):
    print(index, flush=True)
    try:
        yamltext.parse_yaml(text.encode("utf-8", "surrogatepass"), "fuzz.yaml")
    except PapercatError:
        pass
"""

# Makes `import ryml` fail, as on a machine without a rapidyaml wheel.
_BLOCKER = "import sys\nsys.modules['ryml'] = None\n"


@pytest.mark.scenario(READERS)
@pytest.mark.parametrize("command", [["lint"], ["render"]])
def test_the_file_that_crashed_rapidyaml_is_one_line_and_exit_2(tmp_path, command):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_bytes(CRASHER)
    result = run_process(catalog, command, base_env(tmp_path))
    assert result.returncode in (1, 2), result  # lint reports it as a finding (1); render refuses (2)
    assert "Traceback" not in result.stderr
    assert "tag" in (result.stdout + result.stderr)


def _crashes(inputs: list[str], tmp_path: Path) -> list[str]:
    batch = tmp_path / "inputs.json"
    batch.write_text(json.dumps(inputs), encoding="utf-8")
    process = subprocess.run([sys.executable, "-c", _CHILD, str(batch)], capture_output=True, text=True, timeout=PROCESS_TIMEOUT)
    if process.returncode >= 0:
        assert process.returncode == 0, process.stderr[-2000:]
        return []
    last = int(process.stdout.split()[-1]) if process.stdout.split() else 0
    return [inputs[last]]


_PIECES = st.sampled_from(
    [
        "{",
        "}",
        "[",
        "]",
        "!",
        "!!str",
        "!a",
        "&a",
        "*a",
        ":",
        ": ",
        ",",
        "-",
        "- ",
        "?",
        "|",
        ">",
        "'",
        '"',
        "#",
        "~",
        " ",
        "\n",
        "\n  ",
        "a",
        "1",
        "---\n",
        "...\n",
    ]
)


@pytest.mark.scenario(READERS)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_PIECES, min_size=1, max_size=14).map("".join), min_size=150, max_size=150))
def test_fuzzed_yaml_never_crashes_the_reader(tmp_path, inputs):
    """150 small YAML-like texts per process, four processes: every one parses or is refused, none kills the reader."""
    assert _crashes([CRASHER.decode(), *inputs], tmp_path) == []


@pytest.mark.scenario(READERS)
@pytest.mark.parametrize(
    "text",
    [
        CATALOG,
        'version: 1\ntitle: "~"\nsections: []\nentries: []\n',
        "version: 1\ntitle: T\nsections: []\nentries:\n  - &e {id: a, title: x, sections: [s]}\n  - *e\n",
        'version: 1\ntitle: "a\\ud83d\\ude80b"\nsections: []\nentries: []\n',
        "version: 1\ntitle: 2023\nyear: 0.5\nflag: yes\nnone: null\nempty:\nlist: [1, ~, 'x']\n",
    ],
    ids=["fixture", "quoted tilde", "anchor and alias", "surrogate pair", "typed-looking scalars"],
)
def test_both_readers_read_the_same_data(text, monkeypatch):
    from papercat import yamltext

    fast = yamltext.parse_yaml(text.encode(), "catalog.yaml")
    monkeypatch.setenv(yamltext.READER_ENV, "pure")
    assert yamltext.parse_yaml(text.encode(), "catalog.yaml") == fast


def _run_without_ryml(tmp_path: Path, catalog: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    blocker = tmp_path / "blocker"
    blocker.mkdir(exist_ok=True)
    (blocker / "sitecustomize.py").write_text(_BLOCKER, encoding="utf-8")
    path = os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")])
    return run_process(catalog, args, {**env, "PYTHONPATH": path})


WITHOUT_RYML = [
    (["lint"], (0, 1)),
    (["lint", "--fix"], (0, 1)),
    (["render"], (0,)),
    (["dedupe"], (0, 1)),
    (["move", "wizardlm-2023", "--to", "pretraining"], (0,)),
    (["edit", "wizardlm-2023", "--note", "~"], (0,)),
    (["remove", "wizardlm-2023", "--yes"], (0,)),
    (["add", CACHED_NEW_ID, "--section", "pretraining", "--offline"], (0,)),
    (["add", "--title", "A paper by hand", "--url", "https://example.org/p", "--section", "pretraining"], (0,)),
    (["refresh", "--all", "--offline"], (0, 1)),
    (["config", "title", "New title"], (0,)),
]


@pytest.mark.scenario(READERS)
@pytest.mark.parametrize("args, codes", WITHOUT_RYML, ids=[" ".join(args[:2]) for args, _ in WITHOUT_RYML])
def test_every_command_works_without_rapidyaml(tmp_path, args, codes):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    result = _run_without_ryml(tmp_path, catalog, args, base_env(tmp_path))
    assert result.returncode in codes, result
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("papercat: note: rapidyaml is not available")]
    assert len(notes) == 1, result.stderr


@pytest.mark.scenario(READERS)
def test_import_and_render_check_work_without_rapidyaml(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# List\n\n## Pretraining\n\n- [TinyStories](https://arxiv.org/abs/2305.07759)\n", encoding="utf-8")
    catalog = tmp_path / "catalog.yaml"
    env = base_env(tmp_path)
    imported = _run_without_ryml(tmp_path, catalog, ["import", str(readme), "-o", str(catalog)], env)
    assert imported.returncode == 0, imported
    written = _run_without_ryml(tmp_path, catalog, ["render", "-o", str(tmp_path / "OUT.md")], env)
    checked = _run_without_ryml(tmp_path, catalog, ["render", "--check", str(tmp_path / "OUT.md")], env)
    assert (written.returncode, checked.returncode) == (0, 0), checked


@pytest.mark.scenario(READERS)
def test_the_pure_reader_keeps_the_limits(tmp_path, monkeypatch):
    from papercat import yamltext
    from papercat.errors import CatalogError

    monkeypatch.setenv(yamltext.READER_ENV, "pure")
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    for text, words in [(bomb, "alias"), ("[" * 5000 + "]" * 5000, "nests"), ("a: !!python/object:os.system x\n", "tag"), ("a: 1\na: 2\n", "twice")]:
        with pytest.raises(CatalogError, match=words):
            yamltext.parse_yaml(text.encode(), "catalog.yaml")
