"""Run papercat's pre-commit hooks with pre-commit itself on a scratch list repository.

    python .ci/check_pre_commit_hooks.py

Needs `pre-commit` (a test extra) and git. This repository's working tree (tracked files,
uncommitted changes included) is copied into a scratch hook repository and committed, as
`pre-commit try-repo` does; pre-commit then installs papercat from it with pip (PyPI is the
only network it needs). Checked:

1. `pre-commit try-repo <hooks> papercat-render`: on a stale README the hook rewrites it and
   fails; run again, it passes and the README is what `papercat render` writes.
2. `pre-commit try-repo <hooks> papercat-lint`: passes on the clean list, fails naming the
   rule (PC201) on a catalog with a bad link.
3. A `.pre-commit-config.yaml` as docs/ci.md shows it, for a list kept in `lists/`: both hooks
   with `args: [--catalog, lists/catalog.yaml, ...]` and a `files:` pattern of their own.
Standard library only. Exit 0 when all hold.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOG = """\
version: 1
title: A scratch list
sections:
  - id: pretraining
    title: Pretraining
entries:
  - id: tinystories-2023
    title: "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?"
    url: https://arxiv.org/abs/2305.07759
    arxiv: "2305.07759"
    venue: arXiv
    year: 2023
    sections: [pretraining]
"""


def run(command: list[str], cwd: Path, env: dict, expect: int | None = 0) -> subprocess.CompletedProcess:
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if expect is not None and completed.returncode != expect:
        sys.stderr.write(f"$ {' '.join(command)}\n{completed.stdout}{completed.stderr}")
        raise SystemExit(f"check_pre_commit_hooks: expected exit {expect}, got {completed.returncode}")
    return completed


def pre_commit_executable() -> str:
    found = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    if found is None:
        raise SystemExit("check_pre_commit_hooks: pre-commit is not installed (it is in papercat's test extra)")
    return found


def environment(scratch: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PAPERCAT_CATALOG", "VIRTUAL_ENV")}
    env.update(
        {
            "PRE_COMMIT_HOME": str(scratch / "pre-commit-home"),
            "GIT_AUTHOR_NAME": "papercat check",
            "GIT_AUTHOR_EMAIL": "check@papercat.invalid",
            "GIT_COMMITTER_NAME": "papercat check",
            "GIT_COMMITTER_EMAIL": "check@papercat.invalid",
            "NO_COLOR": "1",
            "PRE_COMMIT_COLOR": "never",
        }
    )
    return env


def hook_repository(scratch: Path, env: dict) -> tuple[Path, str]:
    """This working tree as a one-commit git repository (what try-repo makes of a dirty tree)."""
    target = scratch / "papercat-hooks"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    run(["git", "init", "-q"], target, env)
    run(["git", "add", "-A"], target, env)
    run(["git", "commit", "-q", "-m", "hooks under test"], target, env)
    return target, run(["git", "rev-parse", "HEAD"], target, env).stdout.strip()


def list_repository(folder: Path, env: dict, prefix: str = "") -> Path:
    (folder / prefix).mkdir(parents=True, exist_ok=True)
    (folder / prefix / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    (folder / prefix / "README.md").write_text("# A scratch list\n\nstale\n", encoding="utf-8")
    run(["git", "init", "-q"], folder, env)
    run(["git", "add", "-A"], folder, env)
    run(["git", "commit", "-q", "-m", "a list"], folder, env)
    return folder


def rendered(papercat_catalog: Path) -> str:
    return subprocess.run([sys.executable, "-m", "papercat", "render", "--catalog", str(papercat_catalog)], capture_output=True, text=True, check=True).stdout


def check_try_repo(pre_commit: str, hooks: Path, rev: str, scratch: Path, env: dict) -> None:
    repo = list_repository(scratch / "list", env)

    def try_repo(hook: str) -> list[str]:
        return [pre_commit, "try-repo", str(hooks), hook, "--ref", rev, "--all-files"]

    changed = run(try_repo("papercat-render"), repo, env, expect=1)
    if "files were modified by this hook" not in changed.stdout:
        raise SystemExit(f"check_pre_commit_hooks: papercat-render did not report its rewrite:\n{changed.stdout}")
    if (repo / "README.md").read_text(encoding="utf-8") != rendered(repo / "catalog.yaml"):
        raise SystemExit("check_pre_commit_hooks: papercat-render left README.md different from `papercat render`")
    run(["git", "add", "-A"], repo, env)
    run(try_repo("papercat-render"), repo, env, expect=0)
    run(try_repo("papercat-lint"), repo, env, expect=0)
    broken = CATALOG.replace("url: https://arxiv.org/abs/2305.07759", "url: arXiv:2305.07759")
    (repo / "catalog.yaml").write_text(broken, encoding="utf-8")
    run(["git", "add", "-A"], repo, env)
    failed = run(try_repo("papercat-lint"), repo, env, expect=1)
    if "PC201" not in failed.stdout:
        raise SystemExit(f"check_pre_commit_hooks: papercat-lint failed without naming PC201:\n{failed.stdout}")
    print("check_pre_commit_hooks: try-repo runs papercat-render (rewrites, then passes) and papercat-lint (passes, then PC201)")


def check_config_with_args(pre_commit: str, hooks: Path, rev: str, scratch: Path, env: dict) -> None:
    repo = list_repository(scratch / "list-in-folder", env, prefix="lists")
    (repo / ".pre-commit-config.yaml").write_text(
        f"""\
repos:
  - repo: {hooks}
    rev: {rev}
    hooks:
      - id: papercat-render
        args: [--catalog, lists/catalog.yaml, -o, lists/README.md]
        files: ^lists/(catalog\\.yaml|README\\.md)$
      - id: papercat-lint
        args: [--catalog, lists/catalog.yaml, --strict]
        files: ^lists/(catalog\\.yaml|README\\.md)$
""",
        encoding="utf-8",
    )
    run(["git", "add", "-A"], repo, env)
    first = run([pre_commit, "run", "--all-files"], repo, env, expect=1)
    if "papercat render" not in first.stdout or "files were modified by this hook" not in first.stdout:
        raise SystemExit(f"check_pre_commit_hooks: the configured render hook did not rewrite lists/README.md:\n{first.stdout}")
    run(["git", "add", "-A"], repo, env)
    run([pre_commit, "run", "--all-files"], repo, env, expect=0)
    if (repo / "lists" / "README.md").read_text(encoding="utf-8") != rendered(repo / "lists" / "catalog.yaml"):
        raise SystemExit("check_pre_commit_hooks: lists/README.md is not what `papercat render` writes")
    print("check_pre_commit_hooks: a .pre-commit-config.yaml with args: [--catalog, lists/catalog.yaml] runs both hooks")


def main() -> int:
    pre_commit = pre_commit_executable()
    with tempfile.TemporaryDirectory(prefix="papercat-hooks-check-") as folder:
        scratch = Path(folder)
        env = environment(scratch)
        hooks, rev = hook_repository(scratch, env)
        check_try_repo(pre_commit, hooks, rev, scratch, env)
        check_config_with_args(pre_commit, hooks, rev, scratch, env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
