"""Load scenario (issue 6): many `papercat add` runs against a 10k-entry catalog.

A local arXiv stand-in (stdlib http.server on 127.0.0.1, in a thread) answers every
`id_list` query with a feed built like the recorded ones in tests/fixtures/arxiv/seed/.
Two phases, each on a fresh copy of a generated 10,000-entry catalog:

- sequential: N `add <new id> --section ...` operations one after another, in-process through
  the real CLI app (so the figure is papercat's work: load, fetch, plan, verify, write; not the
  interpreter's start-up);
- concurrent: M `python -m papercat add ...` processes started at once, serialized by the lock.

It reports throughput, p50/p99 latency, and the final entry count, which must equal the
starting count plus what was added (the script exits 1 if it does not).

    python benchmarks/bench_load.py            # 1,000 sequential + 100 concurrent (several minutes)
    python benchmarks/bench_load.py --quick    # 100 sequential + 20 concurrent
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SEED_FEED = ROOT / "tests" / "fixtures" / "arxiv" / "seed" / "2305.07759.xml"
CATALOG_SIZE = 10_000
SECTIONS = ["pretraining", "fine-tuning", "evaluation", "data", "agents"]


# --- the local arXiv stand-in ---------------------------------------------------------------


def feed_parts() -> tuple[str, str, str]:
    """The recorded feed split into header, one entry (a template) and footer."""
    text = SEED_FEED.read_text(encoding="utf-8")
    start, end = text.index("  <entry>"), text.index("</feed>")
    return text[:start], text[start:end], text[end:]


def feed_for(ids: list[str]) -> bytes:
    header, entry, footer = feed_parts()
    entries = []
    for arxiv_id in ids:
        serial = arxiv_id.split(".")[1]
        entries.append(
            entry.replace("2305.07759", arxiv_id).replace(
                "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?",
                f"Load Benchmark Paper {serial}: Scaling Synthetic Data for Many Adds",
            )
        )
    count = str(len(ids))
    header = header.replace("id_list=2305.07759", f"id_list={','.join(ids)}")
    header = re.sub(r"max_results=1\b", f"max_results={count}", header)
    header = header.replace("<opensearch:itemsPerPage>1<", f"<opensearch:itemsPerPage>{count}<")
    header = header.replace("<opensearch:totalResults>1<", f"<opensearch:totalResults>{count}<")
    return (header + "".join(entries) + footer).encode("utf-8")


class ArxivStandIn(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        query = parse_qs(urlsplit(self.path).query)
        ids = [i for i in query.get("id_list", [""])[0].split(",") if i]
        body = feed_for(ids)
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


def start_server() -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ArxivStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/api/query"


# --- the catalog ---------------------------------------------------------------------------------


def write_catalog(path: Path, size: int) -> None:
    from papercat import store
    from papercat.catalog import Catalog, Entry, Section

    entries = [
        Entry(
            id=f"paper-{number}",
            title=f"Existing Paper {number} on Language Models and Data",
            url=f"https://arxiv.org/abs/2301.{number:05d}",
            arxiv=f"2301.{number:05d}",
            venue="arXiv",
            year=2023,
            sections=[SECTIONS[number % len(SECTIONS)]],
        )
        for number in range(size)
    ]
    catalog = Catalog(title="Load benchmark", sections=[Section(id=s, title=s.title()) for s in SECTIONS], entries=entries)
    path.write_text(store.dump_catalog(catalog), encoding="utf-8")


def entry_count(path: Path) -> int:
    from papercat import store

    return len(store.load(path).catalog.entries)


# --- the phases ----------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def sequential(folder: Path, api: str, count: int) -> dict:
    from typer.testing import CliRunner

    from papercat.cli import app

    catalog = folder / "sequential.yaml"
    write_catalog(catalog, CATALOG_SIZE)
    before = entry_count(catalog)
    runner = CliRunner()
    latencies = []
    started = time.perf_counter()
    for number in range(count):
        args = ["--catalog", str(catalog), "add", f"2402.{number:05d}", "--section", SECTIONS[number % len(SECTIONS)]]
        began = time.perf_counter()
        result = runner.invoke(app, args)
        latencies.append(time.perf_counter() - began)
        if result.exit_code != 0:
            raise SystemExit(f"add {number} failed: {result.stderr or result.stdout}")
    wall = time.perf_counter() - started
    return {
        "phase": f"sequential ({count} adds, in-process)",
        "ops": count,
        "wall": wall,
        "latencies": latencies,
        "expected": before + count,
        "final": entry_count(catalog),
    }


def concurrent(folder: Path, api: str, count: int, env: dict[str, str]) -> dict:
    catalog = folder / "concurrent.yaml"
    write_catalog(catalog, CATALOG_SIZE)
    before = entry_count(catalog)
    processes = []
    started = time.perf_counter()
    for number in range(count):
        argv = [sys.executable, "-m", "papercat", "--catalog", str(catalog), "add", f"2403.{number:05d}", "--section", SECTIONS[number % len(SECTIONS)]]
        processes.append((time.perf_counter(), subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)))
    latencies, failures = [], []
    pending = list(processes)
    while pending:
        still = []
        for began, process in pending:
            if process.poll() is None:
                still.append((began, process))
            else:
                latencies.append(time.perf_counter() - began)
                if process.returncode != 0:
                    failures.append(process.stderr.read().decode()[-300:])
        pending = still
        time.sleep(0.005)
    wall = time.perf_counter() - started
    if failures:
        print(f"{len(failures)} concurrent adds failed, e.g.: {failures[0]}", file=sys.stderr)
    return {
        "phase": f"concurrent ({count} processes at once)",
        "ops": count,
        "wall": wall,
        "latencies": latencies,
        "expected": before + count,
        "final": entry_count(catalog),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="papercat add under load on a 10k-entry catalog")
    parser.add_argument("--quick", action="store_true", help="100 sequential and 20 concurrent adds instead of 1,000 and 100.")
    parser.add_argument("--sequential", type=int, default=None)
    parser.add_argument("--concurrent", type=int, default=None)
    options = parser.parse_args()
    sequential_count = options.sequential if options.sequential is not None else (100 if options.quick else 1000)
    concurrent_count = options.concurrent if options.concurrent is not None else (20 if options.quick else 100)

    server, api = start_server()
    with tempfile.TemporaryDirectory(prefix="papercat-load-") as folder:
        folder = Path(folder)
        env = {
            **os.environ,
            "PAPERCAT_ARXIV_API": api,
            "PAPERCAT_HTTP_DELAY": "0",  # our own server: arXiv's 3 s etiquette does not apply
            "PAPERCAT_CACHE_DIR": str(folder / "cache"),
            "PAPERCAT_LOCK_TIMEOUT": "3600",
            "NO_COLOR": "1",
        }
        os.environ.update({k: env[k] for k in ("PAPERCAT_ARXIV_API", "PAPERCAT_HTTP_DELAY", "PAPERCAT_CACHE_DIR", "PAPERCAT_LOCK_TIMEOUT", "NO_COLOR")})
        rows = []
        if sequential_count:
            rows.append(sequential(folder, api, sequential_count))
        if concurrent_count:
            rows.append(concurrent(folder, api, concurrent_count, env))
    server.shutdown()

    print(f"papercat add on a {CATALOG_SIZE:,}-entry catalog (local arXiv stand-in, {os.cpu_count()} CPUs)")
    print(f"{'phase':<38} {'ops':>5} {'wall s':>8} {'ops/s':>7} {'p50 s':>7} {'p99 s':>7} {'final':>7} {'expected':>8}")
    ok = True
    for row in rows:
        throughput = row["ops"] / row["wall"]
        p50, p99 = statistics.median(row["latencies"]), percentile(row["latencies"], 0.99)
        print(f"{row['phase']:<38} {row['ops']:>5} {row['wall']:>8.1f} {throughput:>7.2f} {p50:>7.3f} {p99:>7.3f} {row['final']:>7} {row['expected']:>8}")
        ok = ok and row["final"] == row["expected"]
    if not ok:
        print("FAIL: the final entry count is not the starting count plus the adds", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
