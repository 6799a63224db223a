"""Every command page's option table is what the typer app declares (scripts/command_docs.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_option_tables_in_docs_commands_match_the_typer_app():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "command_docs.py"), "--check"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_refresh_documents_its_endpoint_options():
    page = (REPO / "docs" / "commands" / "refresh.md").read_text(encoding="utf-8")
    assert "`--arxiv-api` `URL`" in page and "`--crossref-api` `URL`" in page


def test_no_page_names_a_command_that_does_not_exist():
    for page in [*(REPO / "docs").rglob("*.md"), REPO / "src" / "papercat" / "lint" / "rules" / "typo.py"]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"papercat fetch(?![a-z])|`fetch`", text), page
