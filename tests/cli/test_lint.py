"""`papercat lint` end to end: formats, exit codes, --fix's one minimal write, baselines, README sync."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from fixtures.catalogs import write_catalog
from papercat import store
from papercat.cli import app
from papercat.render import render_readme

CATALOG = """\
# hand-written test catalog: comments and quoting must survive --fix
version: 1
title: Test list
sections:
  - id: synthesis
    title: Data Synthesis
entries:
  - id: wizardcoder
    title: "WizardCoder: Empowering Code Large Language Models with Evol-Instruct"
    url: "arXiv:2306.08568"  # as pasted from the paper
    arxiv: "2306.08568"
    venue: arxiv
    year: 2023
    code: https://github.com/nlpxucan/WizardLM.
    sections: [synthesis]
  - id: phi-1
    title: Textbooks Are All You Need
    url: https://arxiv.org/abs/2306.11644
    arxiv: "2306.11644"
    venue: arXiv
    year: 2023
    sections: [synthesis]
  - id: llama
    title: "LLaMA (Open and Efficient Foundation Language Models"
    url: https://arxiv.org/abs/2302.13971
    arxiv: "2302.13971"
    venue: arXiv
    year: 2023
    sections: [synthesis]
"""

CLEAN = """\
version: 1
title: Clean list
sections:
  - id: synthesis
    title: Data Synthesis
entries:
  - id: phi-1
    title: Textbooks Are All You Need
    url: https://arxiv.org/abs/2306.11644
    arxiv: "2306.11644"
    venue: arXiv
    year: 2023
    sections: [synthesis]
"""


@pytest.fixture
def catalog(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PAPERCAT_CACHE_DIR", raising=False)
    return write_catalog(tmp_path, CATALOG)


def lint(*args: str):
    return CliRunner().invoke(app, ["--catalog", "catalog.yaml", "lint", *args])


def test_lint_reports_concise_findings_and_exits_1(catalog):
    result = lint("--format", "concise")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "catalog.yaml:10:5: PC201 [wizardcoder] url 'arXiv:2306.08568' is not an absolute http(s) URL; use https://arxiv.org/abs/2306.08568 [*]",
        "catalog.yaml:12:5: PC301 [wizardcoder] venue 'arxiv' is spelled 'arXiv' in this list [*]",
        "catalog.yaml:14:5: PC203 [wizardcoder] code ends in '.'; use https://github.com/nlpxucan/WizardLM [*]",
        "catalog.yaml:24:5: PC306 [llama] title has an unbalanced '('",
    ]
    assert lines[-1] == "Found 4 problems (3 errors, 1 warning); 3 fixable with `papercat lint --fix`."


def test_text_format_groups_findings_by_entry(catalog):
    result = lint()
    assert result.exit_code == 1
    assert result.stdout.startswith("wizardcoder\n  catalog.yaml:10:5  PC201 error   url 'arXiv:2306.08568'")
    assert "\nllama\n  catalog.yaml:24:5  PC306 error   title has an unbalanced '('\n" in result.stdout


def test_clean_catalog_exits_0_and_says_so(catalog):
    catalog.write_text(CLEAN, encoding="utf-8")
    result = lint()
    assert (result.exit_code, result.stdout) == (0, "All checks passed.\n")


def test_warnings_pass_unless_strict(catalog):
    catalog.write_text(CLEAN.replace("venue: arXiv", "venue: arxiv"), encoding="utf-8")
    assert lint().exit_code == 0
    assert lint("--strict").exit_code == 1


def test_github_format_prints_workflow_commands(catalog):
    result = lint("--format", "github", "--select", "PC201,PC301")
    assert result.stdout.splitlines() == [
        "::error file=catalog.yaml,line=10,col=5,title=PC201::[wizardcoder] url 'arXiv:2306.08568' is not an absolute http(s) URL; use https://arxiv.org/abs/2306.08568",
        "::warning file=catalog.yaml,line=12,col=5,title=PC301::[wizardcoder] venue 'arxiv' is spelled 'arXiv' in this list",
    ]


def test_ignore_on_the_command_line_drops_rules(catalog):
    result = lint("--format", "json", "--ignore", "PC2", "--ignore", "title-unbalanced-brackets")
    assert [d["code"] for d in json.loads(result.stdout)] == ["PC301"]
    assert result.exit_code == 0  # a warning only


def test_unreadable_catalog_is_one_finding_and_exit_2(catalog):
    catalog.write_text(CLEAN.replace("    year: 2023\n", "    year: 2023\n    yaer: 2024\n"), encoding="utf-8")
    result = lint("--format", "json")
    assert result.exit_code == 2
    (finding,) = json.loads(result.stdout)
    assert (finding["code"], finding["line"]) == ("PC100", 13)
    assert "unknown key 'yaer'" in finding["message"]


def test_a_bad_lint_setting_in_the_catalog_is_reported_at_the_settings_block(catalog):
    catalog.write_text(CLEAN.replace("sections:\n", "settings:\n  lint:\n    selct: [PC1]\nsections:\n", 1), encoding="utf-8")
    result = lint("--format", "concise")
    assert result.exit_code == 2
    assert result.stdout.startswith("catalog.yaml:4:3: PC100 settings.lint: ")
    assert "unknown lint setting 'selct' (did you mean 'select'?)" in result.stdout


def test_missing_catalog_exits_2_without_traceback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = lint("--format", "concise")
    assert result.exit_code == 2
    assert "PC100" in result.stdout and "no such file" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "--format must be one of text, concise, json, github"),
        (["--select", "PC999"], "unknown rule 'PC999'"),
        (["--diff"], "use it together with --fix"),
        (["--readme", "nowhere.md"], "--readme nowhere.md: no such file"),
    ],
)
def test_misuse_is_one_error_line_and_exit_2(catalog, args, message):
    result = lint(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("papercat: error: ")
    assert message in result.stderr


def test_fix_applies_safe_fixes_in_one_minimal_write(catalog):
    before = catalog.read_text(encoding="utf-8")
    result = lint("--fix", "--format", "concise")
    after = catalog.read_text(encoding="utf-8")
    expected = (
        before.replace('url: "arXiv:2306.08568"  # as pasted', 'url: "https://arxiv.org/abs/2306.08568"  # as pasted')
        .replace("venue: arxiv\n", "venue: arXiv\n")
        .replace("WizardLM.\n", "WizardLM\n")
    )
    assert after == expected
    assert "Fixed 3 fields in catalog.yaml:" in result.stdout
    assert "wizardcoder: code 'https://github.com/nlpxucan/WizardLM.' -> 'https://github.com/nlpxucan/WizardLM' (PC203)" in result.stdout
    # What is left is reported, and decides the exit code.
    assert "catalog.yaml:24:5: PC306 [llama] title has an unbalanced '('" in result.stdout
    assert result.exit_code == 1


def test_fix_with_diff_shows_the_change_and_writes_nothing(catalog):
    result = lint("--fix", "--diff", "--select", "PC203")
    assert catalog.read_text(encoding="utf-8") == CATALOG
    assert "-    code: https://github.com/nlpxucan/WizardLM.\n+    code: https://github.com/nlpxucan/WizardLM\n" in result.stdout
    assert "Would fix 1 field in catalog.yaml:" in result.stdout
    assert result.exit_code == 1


def test_fix_on_a_clean_catalog_leaves_the_file_untouched(catalog):
    catalog.write_text(CLEAN, encoding="utf-8")
    mtime = catalog.stat().st_mtime_ns
    result = lint("--fix")
    assert result.exit_code == 0
    assert "No safe fixes to apply." in result.stdout
    assert catalog.stat().st_mtime_ns == mtime


def test_baseline_round_trip_hides_known_findings_but_not_new_ones(catalog):
    assert lint("--write-baseline", "baseline.json").exit_code == 0
    assert lint("--baseline", "baseline.json").exit_code == 0
    catalog.write_text(CATALOG.replace("url: https://arxiv.org/abs/2306.11644", "url: https://arxiv.org/pdf/2306.11644"), encoding="utf-8")
    result = lint("--baseline", "baseline.json", "--format", "concise")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "catalog.yaml:18:5: PC204 [phi-1] arXiv url links the pdf; use https://arxiv.org/abs/2306.11644 [*]",
        "Found 1 problem (1 error, 0 warnings); 1 fixable with `papercat lint --fix` (4 in the baseline).",
    ]


def test_readme_next_to_the_catalog_must_match_the_render(catalog):
    catalog.write_text(CLEAN, encoding="utf-8")
    readme = catalog.parent / "README.md"
    readme.write_text(render_readme(store.load(catalog).catalog), encoding="utf-8")
    assert lint().exit_code == 0
    readme.write_text(readme.read_text(encoding="utf-8") + "a hand edit\n", encoding="utf-8")
    result = lint("--format", "concise")
    assert result.exit_code == 1
    assert result.stdout.startswith("README.md:")
    assert "PC501" in result.stdout


def test_help_shows_examples_and_list_rules_lists_every_code(catalog):
    help_text = CliRunner().invoke(app, ["lint", "--help"]).stdout
    assert "papercat lint --fix" in help_text
    listing = lint("--list-rules").stdout
    assert listing.splitlines()[0].startswith("PC100  catalog-unreadable")
    assert "PC501  readme-out-of-sync" in listing


def test_lint_runs_as_a_real_subprocess(catalog):
    completed = subprocess.run(
        [sys.executable, "-m", "papercat", "--catalog", str(catalog), "lint", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 1
    data = json.loads(completed.stdout)
    assert [d["code"] for d in data] == ["PC201", "PC301", "PC203", "PC306"]
    assert completed.stderr == ""


@pytest.mark.parametrize(
    "environment, coloured",
    [({}, False), ({"FORCE_COLOR": "1"}, True), ({"TTY_COMPATIBLE": "1"}, True), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False)],
)
def test_text_into_a_pipe_is_plain_unless_colour_is_forced(catalog, environment, coloured):
    """Colour follows rich's rules (force-color.org, TTY_COMPATIBLE, NO_COLOR) even into a pipe."""
    import os

    base = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR")}
    completed = subprocess.run(
        [sys.executable, "-m", "papercat", "--catalog", str(catalog), "lint"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**base, **environment},
    )
    assert completed.returncode == 1
    assert "PC201" in completed.stdout
    assert ("\x1b[" in completed.stdout) == coloured


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """`papercat lint | head -1`: more output than a pipe holds, and the reader goes away."""
    rows = "".join(
        f"  - id: p{n}\n    title: Paper {n}\n    url: https://arxiv.org/pdf/2301.{10000 + n}v2\n    venue: arxiv\n    sections: [s]\n" for n in range(600)
    )
    big = tmp_path / "catalog.yaml"
    big.write_text(f"title: T\nsections:\n  - id: s\n    title: S\nentries:\n{rows}")
    process = subprocess.Popen(
        [sys.executable, "-m", "papercat", "--catalog", str(big), "lint", "--format", "concise"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.read(10)
    process.stdout.close()  # like `head` exiting
    _, errors = process.communicate(timeout=60)
    assert b"Traceback" not in errors and b"Exception ignored" not in errors
    assert process.returncode in (0, 1)


def test_the_exit_code_and_all_output_survive_the_fast_exit(catalog):
    completed = subprocess.run(
        [sys.executable, "-m", "papercat", "--catalog", str(catalog), "lint", "--format", "concise"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 1
    assert completed.stdout.rstrip().splitlines()[-1].startswith("Found 4 problems")


def test_the_typo_rule_reads_the_cache_named_by_papercat_cache_dir(catalog, tmp_path, monkeypatch):
    from papercat.sources.cache import MetadataCache
    from papercat.sources.metadata import PaperMetadata

    elsewhere = tmp_path / "shared-cache"
    MetadataCache(elsewhere).put(PaperMetadata(id="2306.11644", source="arxiv", title="Textbooks Are All You Need II", year=2023))
    assert "PC307" not in lint("--format", "concise", "--select", "PC307").stdout
    monkeypatch.setenv("PAPERCAT_CACHE_DIR", str(elsewhere))
    result = lint("--format", "concise", "--select", "PC307")
    assert "PC307 [phi-1]" in result.stdout


def test_a_readme_that_is_not_utf8_is_one_clear_error(catalog, tmp_path):
    (tmp_path / "README.md").write_bytes(b"# List\n\xff\n")
    result = lint("--format", "concise")
    assert result.exit_code == 2
    assert "README.md:2: is not valid UTF-8" in result.stderr
    assert "Traceback" not in result.stderr
