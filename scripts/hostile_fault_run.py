"""A fault run over issue 14's hostile classes: real papercat processes, counted by class.

    python scripts/hostile_fault_run.py              # every class (a few minutes)
    python scripts/hostile_fault_run.py --quick      # a tenth of the generated cases

A case fails when papercat prints a traceback or an internal error, dies of a signal, hangs
past its timeout, exits with a code outside the case's allowed ones, prints a raw control or
bidi character, leaks a password, or writes one into the catalog. The totals go to stdout as a
markdown table (the figures in the hostile helper's notes come from this script).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from reliability.helpers import CACHED_NEW_ID, CATALOG, prefill_cache  # noqa: E402

ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SECRET = "s3cr3t-pass"
# What rich writes itself with FORCE_COLOR: colours (SGR). Anything else escape-like is a finding.
_RICH_CODES = re.compile(r"\x1b\[[0-9;]*m")
TIMEOUT = 60
HOSTILE_TEXT = [
    "\x1b[2J\x1b[H",
    "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "\x07\x07",
    "\x9b31m",
    "\u202etxt.exe",
    "a\u2066b\u2069",
    "tab\there",
    "line\nbreak",
    "cr\roverwrite",
    "\x00nul",
    "\x7fdel",
    "\x1bP+q\x1b\\",
    "\u200f\u061c",
]


class Run:
    def __init__(self, folder: Path):
        self.folder = folder
        self.results: dict[str, Counter] = defaultdict(Counter)
        self.failures: list[str] = []

    def env(self, **extra: str) -> dict[str, str]:
        cache = self.folder / "cache"
        if not cache.exists():
            prefill_cache(cache)
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]
        base = {
            "PAPERCAT_CACHE_DIR": str(cache),
            "PAPERCAT_ARXIV_API": f"http://127.0.0.1:{port}/api",
            "PAPERCAT_CROSSREF_API": f"http://127.0.0.1:{port}/works",
            "PAPERCAT_HTTP_DELAY": "0",
            "NO_COLOR": "1",
        }
        return {**os.environ, **base, **extra}

    def case(
        self,
        klass: str,
        label: str,
        args: list[str],
        *,
        env: dict | None = None,
        codes=(0, 1, 2),
        catalog_text: str | bytes = CATALOG,
        stdout=None,
        max_stderr: int = 0,
    ) -> None:
        catalog = self.folder / "catalog.yaml"
        if isinstance(catalog_text, bytes):
            catalog.write_bytes(catalog_text)
        else:
            catalog.write_text(catalog_text, encoding="utf-8", errors="surrogatepass")
        argv = [sys.executable, "-m", "papercat", "--catalog", str(catalog), *args]
        problem = ""
        try:
            process = subprocess.run(
                argv,
                capture_output=stdout is None,
                stdout=stdout,
                stderr=subprocess.PIPE if stdout is not None else None,
                env=env or self.env(),
                timeout=TIMEOUT,
                stdin=subprocess.DEVNULL,
            )
            out = (process.stdout or b"").decode("utf-8", "replace") if stdout is None else ""
            err = (process.stderr or b"").decode("utf-8", "replace")
            written_bytes = catalog.read_bytes()
            written = written_bytes.decode("utf-8", "replace")
            given = catalog_text if isinstance(catalog_text, bytes) else catalog_text.encode("utf-8", "surrogatepass")
            printed = _RICH_CODES.sub("", out + err)
            if process.returncode < 0:
                problem = f"killed by signal {-process.returncode}"
            elif "Traceback" in err or "internal error" in err:
                problem = "traceback: " + err.strip().splitlines()[-1][:160]
            elif process.returncode not in codes:
                problem = f"exit {process.returncode}: {err.strip()[:160]}"
            elif ACTIVE.search(printed):
                at = ACTIVE.search(printed).start()
                problem = f"raw control character printed: {ascii(printed[max(0, at - 60) : at + 20])}"
            elif SECRET in out + err:
                problem = "password shown"
            elif max_stderr and len(err) > max_stderr:
                problem = f"message of {len(err):,} characters"
            elif written_bytes != given and ACTIVE.search(written):
                problem = "control character written to the catalog"
        except subprocess.TimeoutExpired:
            problem = f"hang (> {TIMEOUT} s)"
        self.results[klass]["cases"] += 1
        if problem:
            self.results[klass]["failed"] += 1
            self.failures.append(f"{klass} / {label}: {problem}")


def slow_server() -> str:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def drip(connection):
        try:
            connection.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 9999\r\n\r\n" + b"x" * 9999:
                connection.sendall(bytes([byte]))
                time.sleep(1)
        except OSError:
            pass

    def serve():
        while True:
            connection, _ = listener.accept()
            threading.Thread(target=drip, args=(connection,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/api"


def fuzzed_yaml(rng: random.Random) -> str:
    pieces = [
        "{",
        "}",
        "[",
        "]",
        "!",
        "!!str",
        "&a",
        "*a",
        ": ",
        ",",
        "- ",
        "? ",
        "|",
        ">",
        "'",
        '"',
        "#",
        "~",
        " ",
        "\n",
        "\n  ",
        "id",
        "title",
        "entries",
        "sections",
        "1",
        "---\n",
        "\\ud800",
        "\\e",
    ]
    head = CATALOG if rng.random() < 0.5 else ""
    return head + "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    rng = random.Random(14)
    scale = 10 if options.quick else 1
    with tempfile.TemporaryDirectory() as folder:
        run = Run(Path(folder))
        # Security: hostile text through every way in, and what is printed about it.
        for text in HOSTILE_TEXT:
            title = f"Paper {text} title"
            if "\x00" in text:  # no process can be given a NUL in its arguments: only the file and cache cases
                title = text = text.replace("\x00", "\x01")
            run.case("security", f"add --title {ascii(text)}", ["add", "--title", title, "--url", "https://example.org/p", "--section", "pretraining"])
            run.case("security", f"edit --title {ascii(text)}", ["edit", "wizardlm-2023", "--title", title], codes=(0, 2))
            run.case("security", f"edit --note {ascii(text)}", ["edit", "wizardlm-2023", "--note", text], codes=(0, 2))
            run.case("security", f"edit --venue {ascii(text)}", ["edit", "wizardlm-2023", "--venue", text], codes=(0, 2))
            escaped = json.dumps(title)
            in_file = CATALOG.replace(
                '"STaR: Bootstrapping Reasoning With Reasoning"\n    url: https://arxiv.org/pdf', escaped + "\n    url: https://arxiv.org/pdf", 1
            )
            for args in (["remove", "star-2022", "--yes"], ["lint"], ["dedupe"], ["render"], ["edit", "star-2022", "--venue", "ICLR"], ["lint", "--fix"]):
                run.case(
                    "security",
                    f"{args[0]} with {ascii(text)} in the file",
                    args,
                    catalog_text=in_file,
                    env=run.env(FORCE_COLOR="1", TTY_COMPATIBLE="1") if args[0] != "render" else None,
                )
        cache_file = next((Path(folder) / "cache" / "arxiv").glob(f"{CACHED_NEW_ID}*.json"))
        original_cache = cache_file.read_text(encoding="utf-8")
        for text in HOSTILE_TEXT:
            data = json.loads(original_cache)
            cache_file.write_text(json.dumps({**data, "title": f"Cached {text}", "authors": [text]}), encoding="utf-8")
            run.case("security", f"add --offline, cached title {ascii(text)}", ["add", CACHED_NEW_ID, "--section", "pretraining", "--offline"])
        cache_file.write_text(original_cache, encoding="utf-8")
        run.case(
            "security",
            "password in the API URL",
            ["add", "2312.12345", "--section", "pretraining"],
            env=run.env(PAPERCAT_ARXIV_API=f"http://u:{SECRET}@127.0.0.1:9/api"),
            codes=(2,),
        )
        # Tracebacks: settings, cache shapes, catalogs, output.
        for name in ("PAPERCAT_HTTP_DELAY", "PAPERCAT_HTTP_TIMEOUT", "PAPERCAT_HTTP_DEADLINE", "PAPERCAT_LOCK_TIMEOUT"):
            for value in ("inf", "-inf", "nan", "-1", "0", "1e400", "soon", "9" * 5000):
                args = ["move", "wizardlm-2023", "--to", "pretraining"] if "LOCK" in name else ["add", "2312.12345", "--section", "pretraining"]
                run.case("tracebacks", f"{name}={value[:10]}", args, env=run.env(**{name: value}), codes=(0, 2))
        for email in ("jürgen@exämple.org", "x@y\r\nX: 1", "\x1b@x"):
            run.case(
                "tracebacks",
                f"contact {ascii(email)}",
                ["add", "2312.12345", "--section", "pretraining"],
                env=run.env(PAPERCAT_CONTACT_EMAIL=email),
                codes=(2,),
            )
        for url in ("", " ", "ftp://x/api", "file:///etc/passwd", "http://", "http://[::1", "http://127.0.0.1:99999/api", "javascript:alert(1)"):
            run.case("tracebacks", f"API URL {url!r}", ["add", "2312.12345", "--section", "pretraining"], env=run.env(PAPERCAT_ARXIV_API=url), codes=(2,))
        shapes = [
            {"title": {"x": 1}},
            {"year": "2020"},
            {"authors": "Ada"},
            {"version": 1.5},
            {"published": 7},
            {"source": "ftp"},
            {"title": "t\ud800"},
            {"year": 10**30},
        ]
        for shape in shapes:
            data = {**json.loads(original_cache), **shape}
            cache_file.write_text(json.dumps(data), encoding="utf-8")
            for args in (["add", CACHED_NEW_ID, "--section", "pretraining", "--offline"], ["lint"], ["dedupe"]):
                run.case("tracebacks", f"cache {ascii(shape)[:40]} / {args[0]}", args)
        cache_file.write_text(original_cache, encoding="utf-8")
        for value in (
            "~",
            "null",
            "NULL",
            "yes",
            "No",
            "on",
            "0.",
            "1e3",
            "0x1F",
            "0o17",
            ".inf",
            "2023-01-01",
            "12:30",
            "- x",
            "a: b",
            "#x",
            "*a",
            "&a",
            "!t",
            "'",
            '"',
            "<<",
            "=",
            "",
            " ",
        ):
            run.case("tracebacks", f"edit --note {value!r}", ["edit", "wizardlm-2023", "--note", value], codes=(0,))
        for title in ('"a\\ud83d\\ude80b"', '"a\\ud800b"', '"\\udc00"', '"\\ud83d\\ude80\\ud800"'):
            for args in (["render"], ["move", "wizardlm-2023", "--to", "pretraining"], ["lint"]):
                run.case("tracebacks", f"title {title} / {args[0]}", args, catalog_text=CATALOG.replace("title: Reliability list", f"title: {title}"))
        for count in range(max(1, 120 // scale)):
            text = fuzzed_yaml(rng)
            for args in (["lint"], ["render"]):
                run.case("yaml", f"fuzzed #{count} / {args[0]}", args, catalog_text=text)
        for raw in (b"{! ! ! !", b"[! ! ! !", b"a: {!a !b !c !d", b"\x00", b"version: 1\x1b\n", b"\xc2\x9b"):
            for args in (["lint"], ["render"], ["dedupe"]):
                run.case("yaml", f"{raw!r} / {args[0]}", args, catalog_text=raw)
        with open("/dev/full", "w") as full:
            for args in (["render"], ["lint"], ["dedupe"], ["move", "wizardlm-2023", "--to", "pretraining"], ["edit", "wizardlm-2023", "--venue", "X"]):
                run.case("tracebacks", f"{args[0]} > /dev/full", args, stdout=full, codes=(2,))
        # Hangs: a server that sends a byte a second.
        url = slow_server()
        run.case(
            "hangs",
            "add against a byte-a-second server (deadline 2 s)",
            ["add", "2312.12345", "--section", "pretraining"],
            env=run.env(PAPERCAT_ARXIV_API=url, PAPERCAT_HTTP_DEADLINE="2"),
            codes=(2,),
        )
        run.case(
            "hangs",
            "add against a byte-a-second server (timeout 3 s)",
            ["add", "2312.12345", "--section", "pretraining"],
            env=run.env(PAPERCAT_ARXIV_API=url, PAPERCAT_HTTP_TIMEOUT="3"),
            codes=(2,),
        )
        # Messages: huge inputs, edit validated like add.
        huge = "x" * 100_000
        for args in (
            ["edit", huge, "--note", "a"],
            ["add", "--title", "t", "--url", "javascript:" + huge, "--section", "pretraining"],
            ["add", "10.1/" + huge, "--section", "pretraining", "--offline"],
            ["move", "wizardlm-2023", "--to", huge],
            ["edit", "wizardlm-2023", "--doi", huge],
            ["add", huge, "--section", "pretraining"],
        ):
            run.case("messages", f"huge {args[0]} {args[1][:10]}", args, max_stderr=3000)
        for option, value in (
            ("--url", "javascript:alert(1)"),
            ("--code", "vbscript:x"),
            ("--download", "data:x"),
            ("--title", "   "),
            ("--doi", "not a doi"),
            ("--year", "20233"),
        ):
            run.case("messages", f"edit {option} {value!r}", ["edit", "wizardlm-2023", option, value], codes=(2,))
        run.case("messages", "PAPERCAT_HTTP_TIMEOUT=0", ["add", "2312.12345", "--section", "pretraining"], env=run.env(PAPERCAT_HTTP_TIMEOUT="0"), codes=(2,))
    print("| Class | Cases | Failed |")
    print("| --- | ---: | ---: |")
    for klass, counts in run.results.items():
        print(f"| {klass} | {counts['cases']} | {counts['failed']} |")
    total = sum(counts["cases"] for counts in run.results.values())
    failed = sum(counts["failed"] for counts in run.results.values())
    print(f"| all | {total} | {failed} |")
    for failure in run.failures:
        print(f"- {failure}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
