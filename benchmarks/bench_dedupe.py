"""Timing and accuracy of `find_duplicates` on generated catalogs (1k, 10k, 100k entries).

In-process: the catalog is built in memory, so only detection is timed (loading YAML is the
store's benchmark). Each catalog has ~2% planted duplicates (versioned/pdf arXiv links, case
changes, one-letter typos) and as many planted traps that must NOT match (sequels "II"/"2",
sibling model names such as FooLM/FooMath, the same title a different year, a shared code repo).
Precision and recall are computed over pairs: a group of n entries counts n*(n-1)/2 pairs.

    python benchmarks/bench_dedupe.py              # 1k, 10k, 100k
    python benchmarks/bench_dedupe.py 1000 10000   # chosen sizes

`measure(size)` returns the figures as a dict for the lead's benchmark script.
"""

from __future__ import annotations

import random
import string
import sys
import time
from itertools import combinations

from papercat.catalog import Catalog, Entry, Section
from papercat.dedupe import find_duplicates

COMMON = (
    "language models large learning neural deep data training via with for of the a on in and towards "
    "efficient scalable robust reasoning generation instruction tuning alignment evaluation benchmark "
    "multimodal vision transformer attention retrieval augmented synthetic self supervised reinforcement "
    "human feedback preference code math knowledge graph agents planning memory prompt chain thought "
    "zero shot few adaptation fine pretraining compression quantization distillation survey study"
).split()
SUFFIXES = ("LM", "Coder", "Math", "GPT", "Instruct", "Vision", "Chat", "Bench")


def _pseudo_word(rng: random.Random) -> str:
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "da", "fo", "gu", "he", "ji", "pa", "qu", "ri", "xo", "yu", "be"]
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) + rng.choice(["", "s", "ing", "al", "ic"])


def _base_title(rng: random.Random, vocabulary: list[str], with_head: bool) -> str:
    words = [rng.choice(COMMON) if rng.random() < 0.55 else rng.choice(vocabulary) for _ in range(rng.randint(6, 13))]
    title = " ".join(words).capitalize()
    if with_head:
        head = rng.choice(vocabulary).capitalize() + rng.choice(SUFFIXES)
        title = f"{head}: {title}"
    return title


def _typo(rng: random.Random, title: str) -> str:
    """One letter changed, dropped or doubled, outside the name before the colon."""
    start = title.index(":") + 2 if ":" in title else 0
    positions = [i for i in range(start, len(title)) if title[i].isalpha()]
    i = rng.choice(positions)
    action = rng.choice(("replace", "drop", "double"))
    if action == "replace":
        return title[:i] + rng.choice(string.ascii_lowercase) + title[i + 1 :]
    if action == "drop":
        return title[:i] + title[i + 1 :]
    return title[:i] + title[i] + title[i:]


def generate_catalog(size: int, seed: int = 7, duplicate_rate: float = 0.02) -> tuple[Catalog, set[frozenset[str]], int]:
    """A catalog of `size` entries, the planted duplicate pairs, and how many traps were planted."""
    rng = random.Random(seed)
    vocabulary = sorted({_pseudo_word(rng) for _ in range(max(2000, size // 2))})
    sections = [Section(f"section-{i}", f"Section {i}") for i in range(20)]
    entries: list[Entry] = []
    planted: set[frozenset[str]] = set()
    traps = 0
    serial = 0

    def new_id() -> str:
        nonlocal serial
        serial += 1
        return f"e{serial}"

    papers = 0

    def new_arxiv() -> str:
        nonlocal papers
        papers += 1
        return f"{15 + papers // 90000:02d}{rng.randint(1, 12):02d}.{papers % 90000 + 10000:05d}"

    shared_repo = "https://github.com/example/shared-repo"
    while len(entries) < size:
        year = rng.randint(2015, 2024)
        title = _base_title(rng, vocabulary, with_head=rng.random() < 0.3)
        arxiv = new_arxiv() if rng.random() < 0.8 else None
        url = f"https://arxiv.org/abs/{arxiv}" if arxiv else f"https://example.org/papers/{serial}"
        original = Entry(
            id=new_id(),
            title=title,
            url=url,
            year=year,
            sections=[rng.choice(sections).id],
            code=shared_repo if rng.random() < 0.01 else None,
        )
        entries.append(original)
        roll = rng.random()
        if roll < duplicate_rate:
            kind = rng.choice(("versioned", "case", "typo"))
            if kind == "versioned" and arxiv:
                copy = Entry(id=new_id(), title=title, url=f"https://arxiv.org/pdf/{arxiv}v{rng.randint(2, 4)}", year=year, sections=[rng.choice(sections).id])
            elif kind == "case":
                copy = Entry(id=new_id(), title=title.lower() if rng.random() < 0.5 else title.title(), year=year, sections=[rng.choice(sections).id])
            else:
                copy = Entry(id=new_id(), title=_typo(rng, title), year=year, sections=[rng.choice(sections).id])
            entries.append(copy)
            planted.add(frozenset({original.id, copy.id}))
        elif roll < 2 * duplicate_rate:
            traps += 1
            trap = rng.choice(("sequel", "sibling", "year"))
            if trap == "sequel":
                other = title + rng.choice((" II", " 2", " v2", ": part 3"))
            elif trap == "sibling" and ":" in title:
                head, rest = title.split(":", 1)
                other = head[: -len(next(s for s in SUFFIXES if head.endswith(s)))] + rng.choice([s for s in SUFFIXES if not head.endswith(s)]) + ":" + rest
            else:
                other = _typo(rng, title)
                year = year + rng.randint(2, 4)
            entries.append(Entry(id=new_id(), title=other, url=f"https://arxiv.org/abs/{new_arxiv()}", year=year, sections=[rng.choice(sections).id]))
    return Catalog(title="benchmark", sections=sections, entries=entries[:size]), planted, traps


def measure(size: int, seed: int = 7) -> dict:
    """Seconds for find_duplicates, and precision/recall on the planted pairs."""
    catalog, planted, traps = generate_catalog(size, seed)
    started = time.perf_counter()
    report = find_duplicates(catalog)
    seconds = time.perf_counter() - started
    found = {frozenset(pair) for group in report.duplicates for pair in combinations(group.entries, 2)}
    ids = {entry.id for entry in catalog.entries}
    planted = {pair for pair in planted if pair <= ids}
    true_positive = len(found & planted)
    return {
        "entries": len(catalog.entries),
        "seconds": round(seconds, 3),
        "planted_pairs": len(planted),
        "traps": traps,
        "found_pairs": len(found),
        "precision": round(true_positive / len(found), 4) if found else 1.0,
        "recall": round(true_positive / len(planted), 4) if planted else 1.0,
        "conflicts": len(report.conflicts),
    }


def main(argv: list[str]) -> None:
    sizes = [int(arg) for arg in argv] or [1_000, 10_000, 100_000]
    print(f"{'entries':>8} {'seconds':>8} {'planted':>8} {'traps':>6} {'found':>6} {'precision':>9} {'recall':>7} {'conflicts':>9}")
    for size in sizes:
        r = measure(size)
        print(
            f"{r['entries']:>8} {r['seconds']:>8.3f} {r['planted_pairs']:>8} {r['traps']:>6} {r['found_pairs']:>6} "
            f"{r['precision']:>9.4f} {r['recall']:>7.4f} {r['conflicts']:>9}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
