"""Render the shipped list with `settings.style: awesome` and run awesome-lint 2.3.0 on it.

    python .ci/check_awesome_lint.py [--catalog catalog.yaml] [--default-too]

Needs node and npm (awesome-lint is an npm package); without them it says so and exits 0
(a skip, not a pass: the line starts with "SKIP"). awesome-lint is installed once into
`.papercat-cache/awesome-lint-2.3.0/` (npm's own cache makes later installs fast).

The README is checked the way awesome-lint checks a list repository: in a scratch git
repository with a GitHub remote and a contributing.md, since two of its rules look at the
repository rather than the page (the GitHub API it then asks is optional and may be offline).
Exit 0 when awesome-lint reports zero errors (its spell-check warnings are allowed), 1 otherwise.
With --default-too it also reports the default style's error count, for docs/performance.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION = "2.3.0"
TOOL_HOME = ROOT / ".papercat-cache" / f"awesome-lint-{VERSION}"
SUMMARY = re.compile(r"(\d+) errors?")
WARNINGS = re.compile(r"(\d+) warnings?")


def awesome_lint() -> Path | None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    executable = TOOL_HOME / "node_modules" / ".bin" / "awesome-lint"
    if not executable.exists():
        TOOL_HOME.mkdir(parents=True, exist_ok=True)
        (TOOL_HOME / ".gitignore").write_text("*\n")
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(TOOL_HOME), f"awesome-lint@{VERSION}"],
            check=True,
            timeout=600,
        )
    return executable


def rendered(catalog: Path, style: str) -> str:
    """The catalog's README in `style`, without touching the catalog file."""
    from papercat import store
    from papercat.render import render_readme

    catalog_data = store.load(catalog).catalog
    catalog_data.settings.style = style
    return render_readme(catalog_data)


def lint(executable: Path, readme: str, scratch: Path) -> tuple[int, int, str, float]:
    repo = scratch / f"list-{len(list(scratch.iterdir()))}"
    repo.mkdir()
    (repo / "readme.md").write_text(readme, encoding="utf-8")
    (repo / "contributing.md").write_text("# Contributing\n\nAdd a paper with `papercat add`, then `papercat render -o README.md`.\n")
    env = dict(
        os.environ, GIT_AUTHOR_NAME="check", GIT_AUTHOR_EMAIL="check@papercat.invalid", GIT_COMMITTER_NAME="check", GIT_COMMITTER_EMAIL="check@papercat.invalid"
    )
    for command in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "remote", "add", "origin", "https://github.com/papercat/papercat"],
        ["git", "add", "-A"],
        ["git", "commit", "-q", "-m", "list"],
    ):
        subprocess.run(command, cwd=repo, env=env, check=True, capture_output=True)
    subprocess.run(["git", "config", "branch.main.remote", "origin"], cwd=repo, check=True)
    started = time.perf_counter()
    completed = subprocess.run([str(executable), "readme.md"], cwd=repo, capture_output=True, text=True, timeout=300, env=env)
    seconds = time.perf_counter() - started
    output = completed.stdout + completed.stderr
    errors = SUMMARY.search(output)
    warnings = WARNINGS.search(output)
    count = int(errors.group(1)) if errors else (0 if completed.returncode == 0 else -1)
    return count, int(warnings.group(1)) if warnings else 0, output, seconds


def main(argv: list[str]) -> int:
    catalog = Path(argv[argv.index("--catalog") + 1]) if "--catalog" in argv else ROOT / "catalog.yaml"
    executable = awesome_lint()
    if executable is None:
        print("SKIP check_awesome_lint: node/npm not found; awesome-lint was not run")
        return 0
    styles = ["awesome", "default"] if "--default-too" in argv else ["awesome"]
    results = {}
    with tempfile.TemporaryDirectory(prefix="papercat-awesome-") as folder:
        for style in styles:
            errors, warnings, output, seconds = lint(executable, rendered(catalog, style), Path(folder))
            results[style] = {"errors": errors, "warnings": warnings, "seconds": round(seconds, 2)}
            if style == "awesome" and errors != 0:
                sys.stdout.write(output)
    print(f"check_awesome_lint: awesome-lint {VERSION} on {catalog.name}: {json.dumps(results)}")
    return 0 if results["awesome"]["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
