"""docs/reliability.md is written from the tests; this fails when a scenario or its case count changed since."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_reliability_doc_lists_the_current_scenarios_and_case_counts():
    result = subprocess.run([sys.executable, "scripts/reliability_report.py", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
