"""Baselines: a JSON file of known findings that lint does not report (yet).

A list adopting papercat, or a catalog awaiting curation, can pass CI today and still
catch every new problem: `papercat lint --write-baseline lint-baseline.json` records
what is there, `papercat lint --baseline lint-baseline.json` reports only the rest.
A finding is known when its rule code and its subject (entry id, section id, or file
for README findings) are in the file; the message and line may change freely.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from .. import files
from ..errors import UsageError
from .model import Finding

# (code, entry, section, file): what a finding is matched on, across edits that move it.
BaselineKey = tuple[str, str, str, str]

BASELINE_VERSION = 1
MAX_BASELINE_BYTES = 64 * 1024 * 1024


_KEY_FIELDS = ("code", "entry", "section", "file")  # a baseline_key, named: the record in the file


def baseline_key(finding: Finding) -> BaselineKey:
    return (finding.code, finding.entry or "", finding.section or "", "" if finding.entry or finding.section else Path(finding.path).name)


def baseline_text(findings: Iterable[Finding]) -> str:
    """The baseline file for `findings`: one record per (code, subject), sorted, stable across runs."""
    keys = sorted({baseline_key(f) for f in findings})
    data = {
        "version": BASELINE_VERSION,
        "about": "Known papercat lint findings, not reported by `papercat lint --baseline THIS_FILE`.",
        "findings": [{name: value for name, value in zip(_KEY_FIELDS, key) if value} for key in keys],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_baseline(path: Path, findings: Iterable[Finding]) -> None:
    """Write the baseline file: atomically, or as a stream to a FIFO or character device."""
    files.write_atomic(path, baseline_text(findings), streams=True)


def read_baseline(path: Path) -> set[BaselineKey]:
    text = files.read_text(
        path,
        error=UsageError,
        missing=f"no such baseline file; create one with `papercat lint --write-baseline {path}`",
        limit=MAX_BASELINE_BYTES,
        what="baselines",
        fix="regenerate it with --write-baseline",
    )
    try:
        data = json.loads(text)
    except RecursionError:
        raise UsageError(f"{path}: not a papercat baseline (JSON nested too deeply); regenerate it with --write-baseline") from None
    except ValueError as error:
        raise UsageError(f"{path}: not a readable JSON baseline ({str(error)[:160]}); regenerate it with --write-baseline") from None
    records = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(records, list) or data.get("version") != BASELINE_VERSION:
        raise UsageError(f"{path}: not a papercat baseline (version {BASELINE_VERSION} with a 'findings' list); regenerate it with --write-baseline")
    keys: set[BaselineKey] = set()
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict) or not isinstance(record.get("code"), str):
            raise UsageError(f"{path}: finding {number} needs a 'code'; regenerate the baseline with --write-baseline")
        keys.add((record["code"], record.get("entry") or "", record.get("section") or "", record.get("file") or ""))
    return keys


def split_by_baseline(findings: Iterable[Finding], known: set[BaselineKey]) -> tuple[list[Finding], list[Finding]]:
    """(new findings, findings already in the baseline)."""
    new: list[Finding] = []
    old: list[Finding] = []
    for finding in findings:
        (old if baseline_key(finding) in known else new).append(finding)
    return new, old
