"""`render` and `lint` called as plain functions: the page returned, checked and written; findings as data."""

from __future__ import annotations

import pytest

from papercat.commands.lint import LintRequest, lint_files
from papercat.commands.render import check_readme, render_page, write_readme
from papercat.errors import PapercatError, RefusedError
from papercat.lint import FixOutcome


def test_render_page_returns_the_readme_text(workspace):
    page = render_page(workspace)
    assert page.readme.startswith("# Test list")
    assert "TinyStories" in page.readme and page.beside == {}


def test_write_readme_then_check_readme_is_up_to_date(workspace):
    readme = workspace.directory / "README.md"
    assert write_readme(workspace, readme) == [readme]
    check = check_readme(workspace, readme)
    assert check.up_to_date and check.diff == ""


def test_check_readme_names_a_stale_readme_with_its_diff(workspace):
    readme = workspace.directory / "README.md"
    write_readme(workspace, readme)
    readme.write_text(readme.read_text(encoding="utf-8").replace("TinyStories", "TinyTales"), encoding="utf-8")
    shown: list[str] = []
    check = check_readme(workspace, readme, on_diff=shown.append)
    assert check.stale == [readme] and "TinyTales" in check.diff
    assert shown == [check.diff]


def test_write_readme_refuses_to_drop_rows_the_catalog_lacks(workspace):
    readme = workspace.directory / "README.md"
    write_readme(workspace, readme)
    edited = readme.read_text(encoding="utf-8").replace(
        "| [TinyStories", "| [A new paper](https://arxiv.org/abs/2401.00001) | arXiv 2024 | - |\n| [TinyStories"
    )
    readme.write_text(edited, encoding="utf-8")
    with pytest.raises(RefusedError, match="papercat absorb"):
        write_readme(workspace, readme)
    assert readme.read_text(encoding="utf-8") == edited
    write_readme(workspace, readme, force=True)
    assert "A new paper" not in readme.read_text(encoding="utf-8")


def test_lint_files_gives_findings_and_the_exit_code(workspace):
    outcome = lint_files(workspace, LintRequest(select=("PC2",)))
    assert not outcome.unreadable and outcome.counts is not None
    assert outcome.exit_code == (1 if outcome.failing else 0)


def test_lint_files_reports_an_unreadable_catalog_as_one_finding(workspace):
    workspace.catalog_path.write_text("title: [unclosed\n", encoding="utf-8")
    outcome = lint_files(workspace, LintRequest())
    assert outcome.unreadable and outcome.exit_code == 2
    assert len(outcome.findings) == 1 and outcome.findings[0].path == str(workspace.catalog_path)


def test_lint_files_writes_a_baseline_that_then_hides_those_findings(workspace, tmp_path):
    workspace.catalog_path.write_text(
        workspace.catalog_path.read_text(encoding="utf-8").replace(
            "url: https://arxiv.org/abs/2306.11644\n", "url: https://arxiv.org/abs/2306.11644\n    year: 2099\n"
        ),
        encoding="utf-8",
    )
    baseline = tmp_path / "baseline.json"
    written = lint_files(workspace, LintRequest(write_baseline=baseline))
    assert written.baseline_written == baseline and written.findings and written.exit_code == 0
    again = lint_files(workspace, LintRequest(baseline=baseline))
    assert again.findings == [] and again.counts is not None and again.counts.baselined == len(written.findings)
    assert again.exit_code == 0


def test_lint_files_tells_on_fixes_what_it_wrote_before_a_missing_baseline_stops_it(workspace, tmp_path):
    text = workspace.catalog_path.read_text(encoding="utf-8")
    workspace.catalog_path.write_text(text.replace("https://arxiv.org/abs/2306.11644", "https://arxiv.org/pdf/2306.11644v2.pdf"), encoding="utf-8")
    heard: list[FixOutcome] = []
    with pytest.raises(PapercatError):
        lint_files(workspace, LintRequest(fix=True, baseline=tmp_path / "missing.json"), on_fixes=heard.append)
    assert ("PC204", "phi-1") in [(fix.code, fix.entry) for fix in heard[0].applied]
    assert "https://arxiv.org/abs/2306.11644\n" in workspace.catalog_path.read_text(encoding="utf-8")
