"""Build papercat's sdist and wheel, install them in fresh virtual environments, and run them.

    python .ci/check_wheel.py [--build] [--sdist] [--runners] [--expect-version X.Y.Z] [DIST_DIR]

--build        run `python -m build` first (into DIST_DIR, default dist/; needs `build`).
--sdist        also install the sdist in a second fresh venv and run it the same way.
--runners      also run the wheel through `pipx run` and `uvx` (both installed from PyPI into
               the check's venv), as docs/install.md tells users to.
--expect-version  fail unless the built version is this one (the release workflow passes the tag).

What it checks, from outside the source tree (a scratch folder, no PYTHONPATH):
the wheel carries the JSON Schema, py.typed and the licence; `papercat --version` is the
package version; every command's --help works; `import`, `lint`, `render -o`, `render --check`,
`schema` and `dedupe` work on a scratch list; the sdist installs and runs too.
Standard library only, so it runs before anything is installed. Exit 0 when all hold.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_README = """\
# A scratch list

A list made by papercat's packaging check.

## Pretraining

| Paper | Published in | Code/Project |
| --- |:---:|:---:|
| [TinyStories: How Small Can Language Models Be and Still Speak Coherent English?](https://arxiv.org/abs/2305.07759) | arXiv 2023 | https://huggingface.co/roneneldan |
| [Textbooks Are All You Need](https://arxiv.org/abs/2306.11644) | arXiv 2023 | - |
"""


def run(command: list[str], cwd: Path, *, expect: int = 0, env: dict | None = None) -> subprocess.CompletedProcess:
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    if completed.returncode != expect:
        sys.stderr.write(f"$ {' '.join(command)}\n{completed.stdout}{completed.stderr}")
        raise SystemExit(f"check_wheel: expected exit {expect}, got {completed.returncode}: {' '.join(command)}")
    return completed


def fresh_venv(folder: Path) -> Path:
    venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    bindir = folder / ("Scripts" if os.name == "nt" else "bin")
    return bindir


def clean_environment() -> dict:
    """The caller's environment without anything that would let the source tree leak in."""
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PAPERCAT_CATALOG", "VIRTUAL_ENV")}
    environment["NO_COLOR"] = "1"
    return environment


def source_version() -> str:
    text = (ROOT / "src" / "papercat" / "__init__.py").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("check_wheel: no __version__ in src/papercat/__init__.py")


def check_wheel_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    version = wheel.name.split("-")[1]
    wanted = {
        "papercat/catalog.schema.json",
        "papercat/py.typed",
        f"papercat-{version}.dist-info/licenses/LICENSE",
        f"papercat-{version}.dist-info/entry_points.txt",
    }
    missing = sorted(wanted - names)
    if missing:
        raise SystemExit(f"check_wheel: {wheel.name} lacks {', '.join(missing)}")
    metadata = zipfile.ZipFile(wheel).read(f"papercat-{version}.dist-info/METADATA").decode()
    for field in ("License-Expression: MIT", "Project-URL: ", "Classifier: ", "Requires-Python: >=3.10"):
        if field not in metadata:
            raise SystemExit(f"check_wheel: METADATA has no '{field.strip()}'")


def command_names(papercat: Path, work: Path, env: dict) -> list[str]:
    text = run([str(papercat), "--help"], work, env=env).stdout
    names, in_commands = [], False
    for line in text.splitlines():
        if line.strip().lower().startswith("commands"):
            in_commands = True
            continue
        if in_commands and line.startswith("  ") and line.strip():
            names.append(line.split()[0])
    if len(names) < 10:
        raise SystemExit(f"check_wheel: found only {names} in `papercat --help`")
    return names


def exercise(bindir: Path, work: Path, version: str) -> None:
    """Every command's --help, and a real import, lint, render and check on a scratch list."""
    env = clean_environment()
    papercat = bindir / ("papercat.exe" if os.name == "nt" else "papercat")
    shown = run([str(papercat), "--version"], work, env=env).stdout.strip()
    if shown != f"papercat {version}":
        raise SystemExit(f"check_wheel: `papercat --version` says {shown!r}, expected 'papercat {version}'")
    for name in command_names(papercat, work, env):
        run([str(papercat), name, "--help"], work, env=env)
    (work / "README.source.md").write_text(SEED_README, encoding="utf-8")
    run([str(papercat), "import", "README.source.md", "-o", "catalog.yaml"], work, env=env)
    first = (work / "catalog.yaml").read_text(encoding="utf-8").splitlines()[0]
    if not first.startswith("# yaml-language-server: $schema="):
        raise SystemExit(f"check_wheel: an imported catalog starts with {first!r}")
    run([str(papercat), "render", "-o", "README.md"], work, env=env)
    run([str(papercat), "lint", "--catalog", "catalog.yaml", "--format", "concise"], work, env=env)
    run([str(papercat), "render", "--check", "README.md"], work, env=env)
    run([str(papercat), "dedupe"], work, env=env)
    with (work / "README.md").open("a", encoding="utf-8") as stream:
        stream.write("edited by hand\n")
    run([str(papercat), "render", "--check", "README.md"], work, expect=1, env=env)
    schema = json.loads(run([str(papercat), "schema"], work, env=env).stdout)
    if schema.get("title") != "papercat catalog":
        raise SystemExit("check_wheel: `papercat schema` printed something else")
    sarif = json.loads(run([str(papercat), "lint", "--format", "sarif"], work, expect=1, env=env).stdout)
    if sarif.get("version") != "2.1.0":
        raise SystemExit("check_wheel: `lint --format sarif` is not SARIF 2.1.0")


def check_runners(bindir: Path, wheel: Path, work: Path, version: str) -> None:
    """`pipx run` and `uvx` on the built wheel, as the install docs say (pipx and uv from PyPI)."""
    env = clean_environment()
    env["PIPX_HOME"] = str(work / "pipx-home")
    env["UV_CACHE_DIR"] = str(work / "uv-cache")
    run([str(bindir / "python"), "-m", "pip", "install", "--quiet", "pipx", "uv"], work, env=env)
    for command in (
        [str(bindir / "pipx"), "run", "--spec", str(wheel), "papercat", "--version"],
        [str(bindir / "uvx"), "--from", str(wheel), "papercat", "--version"],
    ):
        shown = run(command, work, env=env).stdout.strip().splitlines()[-1]
        if shown != f"papercat {version}":
            raise SystemExit(f"check_wheel: {command[0]} printed {shown!r}")
        print(f"check_wheel: {Path(command[0]).name} runs the wheel: {shown}")


def main(argv: list[str]) -> int:
    flags = {arg for arg in argv if arg.startswith("--") and arg != "--expect-version"}
    positional = [arg for i, arg in enumerate(argv) if not arg.startswith("--") and (i == 0 or argv[i - 1] != "--expect-version")]
    expected = argv[argv.index("--expect-version") + 1] if "--expect-version" in argv else source_version()
    dist = Path(positional[0]).resolve() if positional else ROOT / "dist"
    if "--build" in flags:
        for old in dist.glob("papercat-*"):
            old.unlink()
        run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], ROOT)
    wheels = sorted(dist.glob("papercat-*.whl"))
    sdists = sorted(dist.glob("papercat-*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        raise SystemExit(f"check_wheel: expected one wheel and one sdist in {dist}, found {[p.name for p in wheels + sdists]}")
    wheel, sdist = wheels[0], sdists[0]
    if f"papercat-{expected}-" not in wheel.name or sdist.name != f"papercat-{expected}.tar.gz":
        raise SystemExit(f"check_wheel: built {wheel.name} and {sdist.name}, expected version {expected}")
    check_wheel_contents(wheel)
    with tempfile.TemporaryDirectory(prefix="papercat-wheel-check-") as scratch:
        scratch_path = Path(scratch)
        artifacts = [("wheel", wheel)] + ([("sdist", sdist)] if "--sdist" in flags else [])
        for name, artifact in artifacts:
            bindir = fresh_venv(scratch_path / f"venv-{name}")
            work = scratch_path / f"work-{name}"
            work.mkdir()
            run([str(bindir / "python"), "-m", "pip", "install", "--quiet", str(artifact)], work, env=clean_environment())
            exercise(bindir, work, expected)
            print(f"check_wheel: {artifact.name} installs in a fresh venv and every command runs")
        if "--runners" in flags:
            check_runners(scratch_path / "venv-wheel" / ("Scripts" if os.name == "nt" else "bin"), wheel, scratch_path / "work-wheel", expected)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
