"""Write docs/reliability.md from a real run of the reliability tests (issue 6).

    python scripts/reliability_report.py            # run the tests, write docs/reliability.md
    python scripts/reliability_report.py --check    # exit 1 if the doc's scenarios or case counts are stale

Each test under tests/reliability/ carries a scenario marker; tests/reliability/conftest.py
writes one JSON record per case when $PAPERCAT_RELIABILITY_RESULTS is set. Tests kept elsewhere
that prove part of a scenario are listed there (REFERENCED_TESTS) and run here too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reliability.md"
RESULTS_ENV = "PAPERCAT_RELIABILITY_RESULTS"

# The order; a scenario not listed here goes last.
ORDER = [
    "Crash during a write (SIGKILL)",
    "Ctrl-C while writing leaves no temp file",
    "Concurrent writers",
    "Every failure path leaves the files byte-identical",
    "Hand-written files survive every writing command",
    "Stale dedupe --merge plan",
    "import without --force never overwrites",
    "Symlinks and hard links",
    "Special files as outputs",
    "Modes and owners kept",
    "Inputs that never end or never come",
    "Ctrl-C reports what happened",
    "Disk full or read-only folder",
    "Hostile text: ids, importer, renderer",
    "YAML: bombs, huge files, deep nesting, tags",
    "XML from the API: entities and size",
    "Only http(s) URLs become links",
    "YAML readers: native crashes and the pure fallback",
    "Untrusted text: stripped on entry, inert on a terminal",
    "Hostile servers, metadata and settings: one line, exit 2",
    "A slow server cannot hold a request past its deadline",
    "No tracebacks: odd values, closed output, Ctrl-C while starting",
    "Messages: huge inputs cut, edit validated like add",
]


def referenced_tests() -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from reliability.conftest import REFERENCED_TESTS

    return list(REFERENCED_TESTS)


def run_pytest(extra: list[str]) -> tuple[int, list[dict]]:
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "results.json"
        # -m "": the timing-marked tests too (the default run leaves them out): their figures are the doc's table
        command = [sys.executable, "-m", "pytest", "tests/reliability", *referenced_tests(), "-q", "-p", "no:cacheprovider", "-n", "0", "-m", "", *extra]
        process = subprocess.run(command, cwd=ROOT, env={**os.environ, RESULTS_ENV: str(results)})
        records = json.loads(results.read_text(encoding="utf-8")) if results.exists() else []
    return process.returncode, records


def summarize(records: list[dict]) -> "OrderedDict[str, dict]":
    table: "OrderedDict[str, dict]" = OrderedDict((name, None) for name in ORDER)
    for record in records:
        row = table.get(record["scenario"]) or {"cases": 0, "outcomes": {}, "files": []}
        row["cases"] += 1
        row["outcomes"][record["outcome"]] = row["outcomes"].get(record["outcome"], 0) + 1
        if record["file"] not in row["files"]:
            row["files"].append(record["file"])
        table[record["scenario"]] = row
    return OrderedDict((name, row) for name, row in table.items() if row)


def result_text(outcomes: dict) -> str:
    failed = outcomes.get("failed", 0) + outcomes.get("xpassed", 0)
    passed = outcomes.get("passed", 0)
    parts = []
    if failed:
        parts.append(f"**{failed} FAILED**")
    parts.append(f"{passed} passed")
    if outcomes.get("xfailed"):
        parts.append(f"{outcomes['xfailed']} known bug (xfail)")
    if outcomes.get("skipped"):
        parts.append(f"{outcomes['skipped']} skipped")
    return ", ".join(parts)


def limits() -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from papercat import files, store, yamltext
    from papercat.lint import baseline
    from papercat.sources import cache, http

    return [
        f"- Largest catalog read: {store.MAX_CATALOG_BYTES // (1024 * 1024)} MB (`store.MAX_CATALOG_BYTES`); every input goes through `files.read_text`, which counts the bytes it reads (it does not trust `st_size`, 0 for devices and /proc files) and stops at its cap. Cache entries are read up to {cache.MAX_ENTRY_BYTES // 1024} KB (`sources.cache.MAX_ENTRY_BYTES`), baselines {baseline.MAX_BASELINE_BYTES // (1024 * 1024)} MB.",
        "- Only regular files are read: a FIFO (opened non-blocking, so one with no writer cannot hang papercat), a device or a socket as `--catalog`, `render --check`, `import`, `config --file`, `--baseline` or a cache entry is refused with one line.",
        "- Writes follow symlinks to the real file (the link stays), keep a hard-linked file's inode (rewritten in place, under the lock), keep mode bits including setgid whatever the umask, and owner and group where permitted; `render -o` and `lint --write-baseline` write FIFOs and character devices as streams and refuse other special files.",
        f"- YAML nesting: {yamltext.MAX_DEPTH} levels (`yamltext.MAX_DEPTH`); alias expansion: {yamltext.ALIAS_GROWTH}x the nodes written plus {yamltext.ALIAS_SLACK:,}, never more than {yamltext.MAX_EXPANDED_NODES:,} (`yamltext.ALIAS_GROWTH`, `ALIAS_SLACK`, `MAX_EXPANDED_NODES`).",
        "- YAML tags other than the standard string/map/seq/int/null ones are refused; the loader builds only dicts, lists, strings and None.",
        f"- HTTP response bodies: {http.MAX_BODY_BYTES // (1024 * 1024)} MB (`sources.http.MAX_BODY_BYTES`); reading stops there. Atom feeds with a DTD or entities are refused (defusedxml).",
        f"- HTTP deadline: a response is given up after `${http.DEADLINE_ENV}` seconds from request to last byte (default twice `$PAPERCAT_HTTP_TIMEOUT` plus the 10 s connect timeout, so 70 s), however slowly the server sends, and not retried; timeouts and 5xx get {http.DEFAULT_RETRIES + 1} attempts.",
        "- YAML reading: rapidyaml where it is installed; the pure-Python reader (`papercat/pure_yaml.py`) when it is missing, fails to import, `$PAPERCAT_YAML_READER=pure`, or the file holds a run of tags (`{! ! ! !` crashed rapidyaml 0.15 in C++). Raw control characters (NUL, ESC, DEL, C1) are refused with their position by both.",
        "- Untrusted text: control and bidi characters are removed from fetched metadata, the cache and options (`papercat/untrusted.py`); lint PC310 finds and fixes those already in a file; everything printed goes through a stream that writes them as visible escapes.",
        f"- Lock wait: `${files.LOCK_TIMEOUT_ENV}` seconds (default {files.DEFAULT_LOCK_TIMEOUT:g}); a writer that cannot take `.catalog.yaml.lock` in time exits 2 and changes nothing.",
        f"- Test hook: `${files.PAUSE_ENV}=SECONDS` makes a writer pause between the fsynced temp file (`.catalog.yaml.<pid>.<ns>.tmp`) and the atomic replace, so tests can kill it there. A later run removes temp files whose process is gone.",
    ]


def render(records: list[dict]) -> str:
    table = summarize(records)
    total = sum(row["cases"] for row in table.values())
    lines = [
        "# Reliability: papercat under faults, load and hostile input",
        "",
        "<!-- Generated by `python scripts/reliability_report.py` from a run of the tests; do not edit by hand.",
        "     `python scripts/reliability_report.py --check` (run by tests/reliability/test_report_is_current.py) fails when the scenarios or case counts drift. -->",
        "",
        f"What is proven, by {total} test cases under `tests/reliability/` (and the tests elsewhere they credit). "
        "A case is one parametrized test run: one command x one fault, one kill delay, one hostile file.",
        "",
        "| Scenario | Cases | Result | Tests |",
        "| --- | ---: | --- | --- |",
    ]
    for name, row in table.items():
        files = ", ".join(f"`{file}`" for file in row["files"])
        lines.append(f"| {name} | {row['cases']} | {result_text(row['outcomes'])} | {files} |")
    lines += ["", "## Measured in the run", ""]
    measured = [record for record in records if record["figures"]]
    if measured:
        lines += ["| Case | Figures |", "| --- | --- |"]
        for record in measured:
            case = record["nodeid"].split("::", 1)[1]
            figures = ", ".join(f"{name} {value}" for name, value in record["figures"])
            lines.append(f"| `{case}` | {figures} |")
    else:
        lines.append("(collect-only run: no figures)")
    known = [record for record in records if record["outcome"] == "xfailed"]
    lines += ["", "## Known bugs (strict xfail: the test fails the suite once they are fixed, so the mark comes off)", ""]
    lines += [f"- `{record['nodeid']}`" for record in known] or ["None."]
    lines += ["", "## Limits and hooks", "", *limits(), ""]
    return "\n".join(lines)


def table_counts(text: str) -> dict[str, int]:
    counts = {}
    for match in re.finditer(r"^\| (.+?) \| (\d+) \| .* \|$", text, flags=re.MULTILINE):
        counts[match.group(1)] = int(match.group(2))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Collect only and compare scenarios and case counts with the doc.")
    parser.add_argument("--output", type=Path, default=DOC)
    options = parser.parse_args()
    if options.check:
        code, records = run_pytest(["--collect-only"])
        if code != 0:
            return code
        expected = {name: row["cases"] for name, row in summarize(records).items()}
        current = table_counts(options.output.read_text(encoding="utf-8")) if options.output.exists() else {}
        if current != expected:
            sys.stderr.write(f"{options.output} is stale: it lists {current}, the tests have {expected}; run python scripts/reliability_report.py\n")
            return 1
        sys.stderr.write(f"{options.output} is current ({sum(expected.values())} cases)\n")
        return 0
    code, records = run_pytest([])
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(render(records), encoding="utf-8")
    sys.stderr.write(f"wrote {options.output} ({len(records)} cases; pytest exit {code})\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
