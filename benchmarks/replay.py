"""Replay real edit histories with papercat commands only, and count the steps that come out right.

For each list in `../shared/corpora/history/<list>/` (versions `NN_<commit>.md`, oldest first):
version 01 is imported (`papercat import`); then for every step N -> N+1 the next version is
absorbed into the catalog (`papercat absorb`, offline; a `papercat section ...` command that
absorb names for a changed heading is run, then absorb again), and the step counts as replayed when
`papercat render --check` passes against version N+1 afterwards. Not a test: the figures go in
docs/performance.md. Skips cleanly (exit 0, a note on stderr) when the corpora are not beside
the checkout.

    python benchmarks/replay.py                        # every list found
    python benchmarks/replay.py --history tests/data/replay/huybery__Awesome-Code-LLM
    python benchmarks/replay.py --markdown             # the table for docs/performance.md
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
HISTORY = REPOSITORY.parent / "shared" / "corpora" / "history"
SCRIPT = Path(sys.executable).with_name("papercat.exe" if os.name == "nt" else "papercat")


def papercat(*args: str) -> list[str]:
    if SCRIPT.is_file():
        return [str(SCRIPT), *args]
    return [sys.executable, "-m", "papercat", *args]


@dataclass
class Step:
    version: str
    absorb_exit: int
    check_passed: bool
    changes: int
    unmapped: list[str] = field(default_factory=list)


@dataclass
class Replay:
    name: str
    imported: bool
    import_check_passed: bool
    steps: list[Step] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(step.check_passed for step in self.steps)

    @property
    def fully_absorbed(self) -> int:
        """Steps absorbed with nothing reported as unmappable."""
        return sum(step.absorb_exit == 0 for step in self.steps)


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(papercat(*args), cwd=folder, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})


def versions_of(history: Path) -> list[Path]:
    return sorted(path for path in history.glob("[0-9][0-9]_*.md"))


_HINT = re.compile(r"`papercat (section (?:rename|add) [^`]+)`")


def follow_hints(folder: Path, report: str) -> bool:
    """Run the papercat commands absorb names for what it could not map; True when one worked."""
    worked = False
    for hint in _HINT.findall(report):
        worked |= run(folder, *shlex.split(hint)).returncode == 0
    return worked


def replay(history: Path, work: Path) -> Replay:
    """Import the first version, then absorb each next one and check the render against it."""
    versions = versions_of(history)
    folder = work / history.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    readme = folder / "README.md"
    shutil.copyfile(versions[0], readme)
    imported = run(folder, "import", "README.md", "-o", "catalog.yaml")
    outcome = Replay(history.name, imported.returncode in (0, 1), False)
    if not outcome.imported:
        return outcome
    outcome.import_check_passed = run(folder, "render", "--check", "README.md").returncode == 0
    for version in versions[1:]:
        shutil.copyfile(version, readme)
        absorbed = run(folder, "absorb", "README.md")
        if follow_hints(folder, absorbed.stderr):  # e.g. a renamed heading: `papercat section rename ...`
            absorbed = run(folder, "absorb", "README.md")
        changes = sum(1 for line in absorbed.stdout.splitlines() if line.startswith("README.md:"))
        unmapped = [line.removeprefix("papercat: warning: ") for line in absorbed.stderr.splitlines() if "README.md:" in line]
        checked = run(folder, "render", "--check", "README.md").returncode == 0
        outcome.steps.append(Step(version.name, absorbed.returncode, checked, changes, unmapped))
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=Path, nargs="*", help="history folders (default: every list in ../shared/corpora/history)")
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "papercat-replay")
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    parser.add_argument("--verbose", action="store_true", help="print what each step could not absorb")
    options = parser.parse_args()
    histories = options.history
    if not histories:
        if not HISTORY.is_dir():
            print(f"replay: skipped, no edit histories at {HISTORY}", file=sys.stderr)
            return 0
        histories = sorted(path for path in HISTORY.iterdir() if path.is_dir())
    results = [replay(history, options.folder) for history in histories if versions_of(history)]
    if options.markdown:
        print("| list | versions | steps | render --check passes after the step | steps absorbed with nothing left over |")
        print("|---|---:|---:|---:|---:|")
    for result in results:
        steps = len(result.steps)
        if options.markdown:
            print(f"| {result.name} | {steps + 1} | {steps} | {result.passed} | {result.fully_absorbed} |")
        else:
            print(
                f"{result.name}: {result.passed} of {steps} steps pass `render --check` after absorbing; {result.fully_absorbed} absorbed with nothing left over"
                f" (version 01 imported: {'yes' if result.imported else 'no'}; render --check after import: {'passes' if result.import_check_passed else 'fails'})"
            )
        if options.verbose:
            for step in result.steps:
                print(f"  {step.version}: absorb exit {step.absorb_exit}, {step.changes} changes, check {'passes' if step.check_passed else 'fails'}")
                for line in step.unmapped[:8]:
                    print(f"      {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
