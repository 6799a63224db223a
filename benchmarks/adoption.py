"""The adoption benchmark: import each list, render it back, and measure what survived.

    python benchmarks/adoption.py DIR_OR_FILE...        # default: ../shared/corpora and the seed

For every `*.md` found (a folder's README.md that only describes the folder is skipped when it
holds no list), it prints: entries; URLs of the source found in the catalog (%) and visible as
links in the rendered README (%); generic titles left ("link", "[pdf]", ...); table rows and
list items reproduced cell for cell (%); lines reproduced exactly (%); whether `render --check`
would pass right after `import`; import and render seconds. Then the same for a generated
10k-row list (speed only). Targets (issue 16): 100% URLs kept and visible, >= 98% rows and items,
>= 95% lines, no generic titles, import of 10k rows <= 1.5 s and render <= 0.5 s.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from papercat import store, tables
from papercat.importer import import_readme
from papercat.markdown import INLINE_PARSER
from papercat.render import render_readme

ROOT = Path(__file__).resolve().parents[1]
# `../shared/corpora` beside the checkout (or beside the folder of worktrees the checkout sits in).
CORPORA = next((p / "shared" / "corpora" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "corpora").is_dir()), ROOT.parent / "shared" / "corpora")


@dataclass
class Figures:
    name: str
    entries: int
    urls: int
    kept: float
    visible: float
    generic: int
    rows: int
    rows_reproduced: float
    lines_reproduced: float
    check_passes: bool
    import_seconds: float
    render_seconds: float


def link_targets(markdown: str) -> list[str]:
    """Every link target of a page (not #anchors, not empty), in order."""
    found = []
    for token in INLINE_PARSER.parse(markdown):
        for child in token.children or []:
            if child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                if href and not href.startswith("#"):
                    found.append(href)
    return found


def entry_lines(markdown: str) -> list[str]:
    """The source lines that hold entries: table body rows and the first line of link-list items."""
    lines = re.split(r"\r\n|\r|\n", markdown)
    found = []
    depth = 0
    in_body = False
    for token in INLINE_PARSER.parse(markdown):
        if token.type in ("tbody_open", "tbody_close"):
            in_body = token.type == "tbody_open"
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "tr_open" and token.map and in_body:
            found.append(lines[token.map[0]])
        elif token.type == "list_item_open" and depth == 1 and token.map:
            line = lines[token.map[0]]
            if "](" in line and "](#" not in line:
                found.append(line)
    return found


def measure(name: str, markdown: str) -> Figures:
    # CPU seconds: the machine this runs on is shared, and wall clock would measure the neighbours
    started = time.process_time()
    catalog = import_readme(markdown, source_name=name).catalog
    imported = time.process_time()
    rendered = render_readme(catalog)
    finished = time.process_time()
    catalog_text = store.dump_catalog(catalog)
    source_urls = link_targets(markdown)
    rendered_urls = Counter(link_targets(rendered))
    kept = sum(1 for url in source_urls if url in catalog_text)
    visible = sum(1 for url in set(source_urls) if rendered_urls[url]) if source_urls else 0
    rows = entry_lines(markdown)
    out_lines = Counter(rendered.split("\n"))
    reproduced = 0
    for line in rows:
        if out_lines[line] > 0:
            out_lines[line] -= 1
            reproduced += 1
    source_lines = markdown.split("\n")
    matcher = difflib.SequenceMatcher(None, source_lines, rendered.split("\n"), autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    normalized = markdown if markdown.endswith("\n") else markdown + "\n"
    return Figures(
        name=name,
        entries=len(catalog.entries),
        urls=len(source_urls),
        kept=100.0 * kept / len(source_urls) if source_urls else 100.0,
        visible=100.0 * visible / len(set(source_urls)) if source_urls else 100.0,
        generic=sum(1 for entry in catalog.entries if tables.is_generic_title(entry.title)),
        rows=len(rows),
        rows_reproduced=100.0 * reproduced / len(rows) if rows else 100.0,
        lines_reproduced=100.0 * same / len(source_lines),
        check_passes=rendered == normalized,
        import_seconds=imported - started,
        render_seconds=finished - imported,
    )


def lists_in(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            # a folder's README.md (the corpora's own description) and licence notes are no lists
            found.extend(p for p in sorted(path.glob("*.md")) if p.name not in ("README.md", "LICENSES.md", "PROVENANCE.md"))
        elif path.exists():
            found.append(path)
    return found


def speed_10k() -> tuple[float, float]:
    from generate import generate

    markdown = generate(10_000)
    started = time.process_time()
    catalog = import_readme(markdown).catalog
    imported = time.process_time()
    render_readme(catalog)
    return imported - started, time.process_time() - imported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="lists or folders of lists (default: ../shared/corpora and the seed)")
    parser.add_argument("--no-speed", action="store_true", help="skip the generated 10k-row list")
    parser.add_argument("--diff", action="store_true", help="also print, per list, the lines render writes differently")
    args = parser.parse_args()
    paths = args.paths or [ROOT / "tests" / "data" / "seed-README.md"] + ([CORPORA] if CORPORA.is_dir() else [])
    if not args.paths and not CORPORA.is_dir():
        print(f"({CORPORA} is absent: measuring the seed only)")
    print("| list | entries | URLs | kept | visible | generic titles | rows/items | reproduced | lines exact | check | import CPU s | render CPU s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    diffs = []
    for path in lists_in(paths):
        markdown = path.read_text(encoding="utf-8")
        figures = measure(path.name, markdown)
        if args.diff and not figures.check_passes:
            rendered = render_readme(import_readme(markdown, source_name=path.name).catalog)
            diffs.append("".join(difflib.unified_diff(markdown.splitlines(True), rendered.splitlines(True), path.name, "rendered", n=0)))
        print(
            f"| {figures.name} | {figures.entries} | {figures.urls} | {figures.kept:.1f}% | {figures.visible:.1f}% | {figures.generic} | "
            f"{figures.rows} | {figures.rows_reproduced:.1f}% | {figures.lines_reproduced:.1f}% | {'passes' if figures.check_passes else 'differs'} | "
            f"{figures.import_seconds:.2f} | {figures.render_seconds:.2f} |"
        )
    for diff in diffs:
        print("\n" + diff)
    if not args.no_speed:
        import_seconds, render_seconds = speed_10k()
        print(f"\ngenerated 10k-row list, CPU seconds: import {import_seconds:.2f} s (target 1.5), render {render_seconds:.2f} s (target 0.5)")


if __name__ == "__main__":
    main()
