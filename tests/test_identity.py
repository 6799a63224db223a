"""Which paper is this entry? Every consumer gives one answer (papercat.identity).

One table pins the arXiv id that import, lint, dedupe, add, refresh, the REF resolver, edit
and merge read from each URL shape; a foreign site's digits are never an arXiv id.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

from papercat import store
from papercat.adding import refresh_key
from papercat.catalog import Catalog, Entry, Section
from papercat.dedupe import entry_arxiv_ids
from papercat.edits import edit_entry, merged_entry
from papercat.errors import IdentifierError, NotFoundError
from papercat.identity import CatalogIndex, arxiv_id_in
from papercat.ids import PaperId, parse_paper_id
from papercat.importer import import_readme
from papercat.lint import LintConfig, LintContext, lint_catalog
from papercat.refs import resolve_entry

TINY = "2305.07759"

# (how people write a link, the arXiv id it names or None)
URL_SHAPES: list[tuple[str, str | None]] = [
    ("2305.07759", TINY),
    ("2305.07759v2", TINY),
    ("arXiv:2305.07759", TINY),
    ("https://arxiv.org/abs/2305.07759", TINY),
    ("http://arxiv.org/abs/2305.07759v3", TINY),
    ("https://arxiv.org/pdf/2305.07759", TINY),
    ("https://arxiv.org/pdf/2305.07759v1.pdf", TINY),
    ("https://www.arxiv.org/abs/2305.07759", TINY),
    ("https://export.arxiv.org/abs/2305.07759", TINY),
    ("https://arxiv.org/html/2305.07759v2", TINY),
    ("https://arxiv.org/abs/2305.07759#comments", TINY),
    ("https://arxiv.org/abs/2305.07759?context=cs", TINY),
    ("HTTPS://ARXIV.ORG/ABS/2305.07759", TINY),
    ("arxiv.org/abs/2305.07759", TINY),
    ("https://ar5iv.labs.arxiv.org/html/2305.07759", TINY),
    ("https://ar5iv.org/abs/2305.07759", TINY),
    ("https://huggingface.co/papers/2305.07759", TINY),
    ("https://www.alphaxiv.org/abs/2305.07759", TINY),
    ("https://www.semanticscholar.org/arxiv/2305.07759", TINY),
    ("https://doi.org/10.48550/arXiv.2305.07759", TINY),
    ("https://dblp.org/rec/journals/corr/abs-2305-07759.html", TINY),
    ("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
    ("hep-th/9901001", "hep-th/9901001"),
    # Other sites' digits are theirs: never an arXiv id.
    ("https://www.example.org/papers/2305.07759.pdf", None),
    ("www.example.org/papers/2305.07759.pdf", None),
    ("example.org/papers/2305.07759.pdf", None),
    ("https://openreview.net/pdf?id=2305.07759", None),
    ("https://github.com/org/repo/releases/2305.07759", None),
    ("https://huggingface.co/datasets/org/2305.07759", None),
    ("https://www.semanticscholar.org/paper/2305.07759", None),
    ("https://dl.acm.org/doi/10.1145/2305.07759", None),
    ("https://doi.org/10.1145/3580305.3599555", None),
    ("https://proceedings.mlr.press/v202/a23/2305.07759.pdf", None),
    ("https://dblp.org/rec/conf/icml/2305.07759", None),
    ("https://papers.nips.cc/paper/2023/file/2305.07759-Paper.pdf", None),
]


def _entry(number: int, url: str) -> Entry:
    return Entry(id=f"paper-{number}", title=f"Paper number {number}", url=url, year=2023, sections=["papers"])


def _catalog(*entries: Entry) -> Catalog:
    return Catalog(title="Papers", sections=[Section(id="papers", title="Papers")], entries=list(entries))


def _imported_arxiv_ids() -> list[str | None]:
    rows = "\n".join(f"| [Paper number {number}]({url}) | 2023 |" for number, (url, _) in enumerate(URL_SHAPES))
    result = import_readme(f"# Papers\n\n## Papers\n\n| Paper | Year |\n|---|---|\n{rows}\n")
    assert len(result.catalog.entries) == len(URL_SHAPES), result.problems
    found = [arxiv_id_in(entry.arxiv) for entry in result.catalog.entries]
    return [value[0] if value else None for value in found]


def _pc205_ids() -> list[str | None]:
    catalog = _catalog(*(_entry(number, url) for number, (url, _) in enumerate(URL_SHAPES)))
    config = replace(LintConfig(), select=("PC205",))
    by_entry = {finding.entry: finding.fix.value for finding in lint_catalog(catalog, LintContext(config=config)).findings}
    return [by_entry.get(f"paper-{number}") for number in range(len(URL_SHAPES))]


def test_the_table_holds_thirty_shapes_or_more():
    assert len(URL_SHAPES) >= 30


def test_every_consumer_reads_the_same_arxiv_id_from_each_url_shape():
    imported = _imported_arxiv_ids()
    linted = _pc205_ids()
    for number, (url, expected) in enumerate(URL_SHAPES):
        entry = _entry(number, url)
        other = Entry(id="other", title="Another paper entirely", url="https://example.com/other", sections=["papers"])
        catalog = _catalog(other, entry)
        answers: dict[str, object] = {
            "identity": (arxiv_id_in(url) or (None,))[0],
            "import": imported[number],
            "lint PC205": linted[number],
            "dedupe": next(iter(entry_arxiv_ids(entry)), None),
            "refresh": (lambda key: key.value if key and key.kind == "arxiv" else None)(refresh_key(entry)),
            "merge": merged_entry([entry]).arxiv,
        }
        try:
            paper_id = parse_paper_id(url)
            answers["add (parse)"] = paper_id.value if paper_id.kind == "arxiv" else None
        except IdentifierError:
            answers["add (parse)"] = None
        probe_id = expected or TINY
        probe = Entry(id="", title="", url=PaperId("arxiv", probe_id).canonical_url, arxiv=probe_id)
        found = CatalogIndex.of(catalog).find_existing(probe)
        answers["add (duplicate check)"] = probe_id if found and found[0] is entry else None
        try:
            answers["refs"] = probe_id if resolve_entry(catalog, probe_id) is entry else None
        except NotFoundError:
            answers["refs"] = None
        if "://" in url:
            edited, _ = edit_entry(_catalog(replace(entry, url="https://example.com/before")), entry.id, {"url": url})
            answers["edit"] = edited.entries[0].arxiv
        wrong = {consumer: answer for consumer, answer in answers.items() if answer != expected}
        assert not wrong, f"{url}: expected {expected}, but {wrong}"


README_WITH_A_PUBLISHER_ROW = """\
# Papers

## Pretraining

| Paper | Venue |
|---|---|
| [Some Paper](https://www.example.org/papers/2305.07759.pdf) | ICML 2023 |
| [TinyStories](https://arxiv.org/abs/2305.07759) | arXiv 2023 |
"""


def _papercat(folder, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "papercat", *args],
        cwd=folder, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=60,
    )  # fmt: skip


def test_a_publisher_link_with_arxiv_like_digits_is_not_an_arxiv_paper(tmp_path):
    """The bug in issue 13: import gave the publisher row arxiv: 2305.07759 and lint saw a false conflict."""
    (tmp_path / "README.md").write_text(README_WITH_A_PUBLISHER_ROW, encoding="utf-8")
    imported = _papercat(tmp_path, "import", "README.md")
    assert imported.returncode == 0, imported.stderr
    catalog = store.load(tmp_path / "catalog.yaml").catalog
    publisher, tinystories = catalog.entries
    assert (publisher.url, publisher.arxiv) == ("https://www.example.org/papers/2305.07759.pdf", None)
    assert tinystories.arxiv == "2305.07759"

    linted = _papercat(tmp_path, "lint", "--select", "PC2,PC4", "--format", "concise")
    assert linted.returncode == 0, linted.stdout
    assert "PC402" not in linted.stdout and "PC206" not in linted.stdout
    deduped = _papercat(tmp_path, "dedupe")
    assert deduped.returncode == 0, deduped.stdout
    assert "no duplicates or conflicts found" in deduped.stdout


def test_the_index_finds_entries_by_id_key_and_title():
    first = Entry(id="tiny", title="TinyStories: How Small?", url="https://arxiv.org/abs/2305.07759", arxiv="2305.07759")
    second = Entry(id="pub", title="Some Paper", url="https://www.example.org/papers/2305.07759.pdf")
    index = CatalogIndex.of(_catalog(first, second))
    assert index.entry("pub") is second and index.position("pub") == 1
    assert index.holders("arxiv", "2305.07759") == [first]
    assert index.holders("link", "https://example.org/papers/2305.07759.pdf") == [second]
    assert index.with_title("tinystories how small") == [first]
    third = Entry(id="new", title="Some Paper", url="https://example.net/x")
    index.append(third)
    assert index.with_title("Some paper") == [second, third] and index.position("new") == 2
