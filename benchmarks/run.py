"""papercat's benchmark: whole-process timings on generated lists of 1k, 10k and 100k rows.

Each command runs as a separate process (as CI and people run it: cold, no cache), several
times; the table shows the median in seconds, and the targets from the issues. Not a test.

    python benchmarks/run.py                 # 1k, 10k, 100k; 5 runs (3 at 100k)
    python benchmarks/run.py --sizes 1000 10000 --runs 7
    python benchmarks/run.py --markdown      # the table for docs/performance.md

papercat's bytecode is compiled first (`compileall`), as `pip install` does: with
PYTHONDONTWRITEBYTECODE set and an editable install, every run would otherwise compile
papercat's modules again (about 40 ms a command) and measure something no user runs.

Check a figure independently with any whole-process timer, e.g.
    hyperfine 'papercat --catalog <folder>/10000/catalog.yaml lint'
    /usr/bin/time -v papercat --catalog <folder>/10000/catalog.yaml lint
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

TARGETS = {  # seconds at 10k rows, from the issues
    "papercat --help": 0.2,
    "import": 1.5,
    "render": 0.5,
    "render -o after an add": 0.5,
    "lint": 0.5,
    "dedupe": 1.0,
    "add (one paper)": 1.0,
    "absorb (20 rows in 1-2 sections)": 1.5,
    "absorb (20 rows, every section)": 1.5,
    **{
        name: 0.5
        for name in (
            "section list",
            "section add",
            "section rename --id",
            "section move",
            "section order",
            "section remove",
            "list --section",
            "list QUERY --format json",
            "show",
        )
    },
    "export --format bibtex": 0.5,
    "export --format csv": 0.5,
    "stats --format json": 0.5,
}


# The `papercat` command this Python installed, as people run it; `python -m papercat` (which
# also pays for runpy) where there is none.
ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("papercat.exe" if os.name == "nt" else "papercat")


def papercat(*args: str) -> list[str]:
    if SCRIPT.is_file():
        return [str(SCRIPT), *args]
    return [sys.executable, "-m", "papercat", *args]


def timed(command: list[str], cwd: Path, ok_codes=(0,)) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if completed.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(command)} exited {completed.returncode}: {completed.stderr.strip()[-500:]}")
    return elapsed


def median_of(runs: int, make_command, cwd: Path, ok_codes=(0,)) -> float:
    return statistics.median(timed(make_command(run), cwd, ok_codes) for run in range(runs))


def in_process_load(catalog: Path, runs: int) -> float:
    code = "import sys, time; t=time.perf_counter(); from papercat import store; store.load(sys.argv[1]); print(time.perf_counter()-t)"
    samples = [float(subprocess.check_output([sys.executable, "-c", code, str(catalog)], text=True)) for _ in range(runs)]
    return statistics.median(samples)


def lint_after_fix(work: Path, runs: int) -> float:
    """lint on a copy after its safe fixes and a fresh render: a list kept clean, as in CI."""
    fixed = work / "fixed"
    fixed.mkdir()
    shutil.copy(work / "catalog.yaml", fixed / "catalog.yaml")
    subprocess.run(papercat("lint", "--fix", "--format", "concise"), cwd=fixed, stdout=subprocess.DEVNULL, check=False)
    subprocess.run(papercat("render", "-o", "README.md"), cwd=fixed, check=True)
    return median_of(runs, lambda _: papercat("lint", "--format", "concise"), fixed, ok_codes=(0, 1))


def render_after_add(work: Path, runs: int) -> float:
    """`render -o` right after an `add`: the README is one row behind, so render first makes sure
    the README holds no row the catalog lacks (the everyday case; an unchanged README is not read)."""
    samples = []
    for run in range(runs):
        subprocess.run(
            papercat("add", "--title", f"Rendered paper {run}", "--url", f"https://example.org/rendered/{run}", "--section", "applications-3"),
            cwd=work,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        samples.append(timed(papercat("render", "-o", "README.md"), work, (0,)))
    return statistics.median(samples)


def bench_size(rows: int, runs: int, folder: Path) -> dict[str, float]:
    work = folder / str(rows)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    (work / "list.md").write_text(generate(rows))
    figures: dict[str, float] = {}
    figures["import"] = median_of(runs, lambda _: papercat("import", "list.md", "-o", "catalog.yaml", "--force"), work)
    catalog = work / "catalog.yaml"
    figures["load (in-process)"] = in_process_load(catalog, runs)
    figures["render"] = median_of(runs, lambda _: papercat("render", "-o", "README.md"), work)
    figures["render --check"] = median_of(runs, lambda _: papercat("render", "--check", "README.md"), work)
    figures["lint"] = median_of(runs, lambda _: papercat("lint", "--format", "concise"), work, ok_codes=(0, 1))
    figures["lint (after --fix)"] = lint_after_fix(work, runs)
    figures["dedupe"] = median_of(runs, lambda _: papercat("dedupe", "--format", "json"), work, ok_codes=(0, 1))
    figures["export --format bibtex"] = median_of(runs, lambda _: papercat("export", "--format", "bibtex", "-o", "papers.bib"), work)
    figures["export --format csv"] = median_of(runs, lambda _: papercat("export", "--format", "csv", "-o", "papers.csv"), work)
    figures["stats --format json"] = median_of(runs, lambda _: papercat("stats", "--format", "json"), work)
    section = "applications-1"
    figures["absorb (20 rows in 1-2 sections)"] = absorb_twenty_rows(work, runs, spread=False)
    figures["absorb (20 rows, every section)"] = absorb_twenty_rows(work, runs, spread=True)
    figures["add (one paper)"] = median_of(
        runs,
        lambda run: papercat("add", "--title", f"Benchmark paper {run}", "--url", f"https://example.org/bench/{run}", "--section", section),
        work,
    )
    figures["move --copy"] = median_of(runs, lambda run: papercat("move", f"Benchmark paper {run}", "--to", "applications-2", "--copy"), work)
    figures["render -o after an add"] = render_after_add(work, runs)
    figures.update(bench_sections_and_listing(runs, work))
    return figures


def bench_sections_and_listing(runs: int, work: Path) -> dict[str, float]:
    """`papercat section ...`, `list` and `show` (issue 15: each <= 0.5 s at 10k rows)."""
    figures: dict[str, float] = {}
    figures["section list"] = median_of(runs, lambda _: papercat("section", "list"), work)
    figures["section add"] = median_of(runs, lambda run: papercat("section", "add", f"Bench section {run}", "--under", "applications"), work)
    # A new id rewrites the reference of every entry in the section (a twentieth of the list).
    figures["section rename --id"] = median_of(
        runs, lambda run: papercat("section", "rename", "applications-3" if run == 0 else f"renamed-{run - 1}", "--id", f"renamed-{run}"), work
    )
    figures["section move"] = median_of(runs, lambda run: papercat("section", "move", f"bench-section-{run}", "--before", "applications-1"), work)
    figures["section order"] = median_of(
        runs, lambda run: papercat("section", "order", "applications-1", "newest-first" if run % 2 == 0 else "as-written"), work
    )
    figures["section remove"] = median_of(runs, lambda run: papercat("section", "remove", f"bench-section-{run}"), work)
    figures["list --section"] = median_of(runs, lambda _: papercat("list", "--section", "applications-1"), work)
    figures["list QUERY --format json"] = median_of(runs, lambda _: papercat("list", "tuning", "--year", "2023", "--format", "json"), work)
    figures["show"] = median_of(runs, lambda run: papercat("show", f"Benchmark paper {run}"), work)
    return figures


def contributed_readme(readme: str, spread: bool = True) -> str:
    """The rendered README as a contributor's pull request leaves it: 20 changed rows (8 new rows,
    6 edited titles, 6 removed rows), spread over the whole list (every section touched: the worst
    case), or, with `spread` False, among 40 neighbouring rows (one or two sections, as most pull
    requests are)."""
    lines = readme.split("\n")
    rows = [number for number, line in enumerate(lines) if line.startswith("| [")]
    if spread:
        step = max(1, len(rows) // 21)
        chosen = rows[step::step][:20]
    else:
        middle = len(rows) // 2
        chosen = rows[middle : middle + 40 : 2]
    for count, number in enumerate(reversed(chosen)):
        kind = count % 10
        if kind < 4:  # a new row after this one
            lines.insert(number + 1, f"| [Contributed paper {count}](https://arxiv.org/abs/2501.{count:05d}) | arXiv 2025 | - |")
        elif kind < 7:  # an edited title
            lines[number] = lines[number].replace("| [", "| [Edited: ", 1)
        else:  # a removed row
            del lines[number]
    return "\n".join(lines)


def absorb_twenty_rows(work: Path, runs: int, spread: bool = True) -> float:
    """`papercat absorb README.md` on a fresh copy of the catalog and the contributed README, each run."""
    folder = work / ("absorb-spread" if spread else "absorb-local")
    folder.mkdir()
    subprocess.run(papercat("render", "-o", "README.md"), cwd=work, check=True)
    edited = contributed_readme((work / "README.md").read_text(encoding="utf-8"), spread)
    samples = []
    for _ in range(runs):
        shutil.copy(work / "catalog.yaml", folder / "catalog.yaml")
        (folder / "README.md").write_text(edited, encoding="utf-8")
        samples.append(timed(papercat("absorb", "README.md"), folder))
    check = subprocess.run(papercat("render", "--check", "README.md"), cwd=folder, capture_output=True)
    if check.returncode != 0:
        raise SystemExit("absorb benchmark: render --check fails after absorbing")
    return statistics.median(samples)


YARDSTICK = "sum(range(10**7))"


def machine_speed(runs: int) -> float:
    """Median seconds of a fixed pure-Python loop: shared machines drift, and this shows how fast this one ran."""
    return median_of(runs, lambda _: [sys.executable, "-c", YARDSTICK], Path.cwd())


def compile_bytecode() -> None:
    """Write papercat's .pyc files, as pip does when it installs a package."""
    import compileall

    import papercat

    compileall.compile_dir(str(Path(papercat.__file__).parent), quiet=1)


def venues_on_the_shipped_list(runs: int, folder: Path) -> dict[str, float]:
    """`refresh --venues` on a copy of the shipped catalog against the local replay server: cold, then warm."""
    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures.replay_server import serve_in_thread

    work = folder / "venues"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    shutil.copy(ROOT / "catalog.yaml", work / "catalog.yaml")
    cold = []
    with serve_in_thread() as server:
        environment = {**os.environ, **server.environment(), "PAPERCAT_CACHE_DIR": str(work / "cache")}
        for _ in range(runs):
            shutil.rmtree(work / "cache", ignore_errors=True)
            cold.append(timed_with(papercat("refresh", "--venues"), work, environment))
        warm = [timed_with(papercat("refresh", "--venues"), work, environment) for _ in range(runs)]
    return {
        "refresh --venues, shipped list, cold (local server)": statistics.median(cold),
        "refresh --venues, shipped list, warm cache": statistics.median(warm),
    }


def timed_with(command: list[str], cwd: Path, environment: dict[str, str]) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if completed.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {completed.returncode}: {completed.stderr.strip()[-500:]}")
    return elapsed


def bibtex_tidy_check(folder: Path) -> str:
    """Parse the 10k export with bibtex-tidy (npm) when it is installed; its verdict in one line."""
    tidy = shutil.which("bibtex-tidy")
    bib = folder / "10000" / "papers.bib"
    if not tidy or not bib.is_file():
        return "bibtex-tidy: not run (install it with `npm install -g bibtex-tidy`, and include 10k rows)"
    started = time.perf_counter()
    completed = subprocess.run([tidy, "--no-modify", str(bib)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    verdict = "parsed without errors" if completed.returncode == 0 else f"failed: {completed.stderr.strip()[-300:]}"
    return f"bibtex-tidy on the 10k export: {verdict} ({elapsed:.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "papercat-bench")
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    options = parser.parse_args()

    compile_bytecode()
    yardstick_before = machine_speed(options.runs)
    results: dict[int, dict[str, float]] = {}
    help_time = median_of(options.runs, lambda _: papercat("--help"), Path.cwd())
    for rows in options.sizes:
        runs = options.runs if rows <= 10000 else max(3, options.runs // 2)
        print(f"# {rows} rows, {runs} runs each...", file=sys.stderr, flush=True)
        results[rows] = bench_size(rows, runs, options.folder)

    venues = venues_on_the_shipped_list(options.runs, options.folder)
    operations = ["papercat --help"] + list(next(iter(results.values())).keys())
    header = ["operation"] + [f"{rows // 1000}k rows" for rows in options.sizes] + ["target at 10k"]
    table = []
    for operation in operations:
        row = [operation]
        for rows in options.sizes:
            value = help_time if operation == "papercat --help" else results[rows][operation]
            row.append(f"{value:.2f} s")
        target = TARGETS.get(operation)
        row.append(f"<= {target} s" if target else "")
        table.append(row)
    cpu = os.cpu_count()
    yardstick_after = machine_speed(options.runs)
    how = "the `papercat` command" if SCRIPT.is_file() else "`python -m papercat`"
    print(f"Python {sys.version.split()[0]}, {cpu} cores; {how}; median of {options.runs} runs (whole process, cold)")
    print(
        f'Machine speed: `python -c "{YARDSTICK}"` took {yardstick_before:.3f} s before and {yardstick_after:.3f} s after'
        " (about 0.13 s on this project's machine kind when it is quiet; higher means the figures are inflated)"
    )
    for operation, value in venues.items():
        target = "<= 1.0 s" if "warm" in operation else ""
        table.append([operation] + [f"{value:.2f} s"] + [""] * (len(options.sizes) - 1) + [target])
    print(bibtex_tidy_check(options.folder))
    if options.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in table:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(str(r[i])) for r in [header] + table) for i in range(len(header))]
        for row in [header] + table:
            print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)))


if __name__ == "__main__":
    main()
