"""`papercat export`: BibTeX that parses (bibtexparser), CSV and JSON with every field, stable keys."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import bibtexparser
import pytest
from typer.testing import CliRunner

from papercat import store
from papercat.catalog import Entry
from papercat.cli import app
from papercat.export import citation_keys, entry_type

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shipped(tmp_path, monkeypatch) -> Path:
    catalog = tmp_path / "catalog.yaml"
    shutil.copy(ROOT / "catalog.yaml", catalog)
    monkeypatch.setenv("PAPERCAT_CACHE_DIR", str(tmp_path / "cache"))
    return catalog


def export(catalog: Path, *args: str):
    return CliRunner().invoke(app, ["--catalog", str(catalog), "export", *args])


def parse(text: str):
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library


def test_every_entry_of_the_shipped_list_becomes_one_parsable_bibtex_record(shipped):
    result = export(shipped, "--format", "bibtex")
    assert result.exit_code == 0, result.output
    library = parse(result.stdout)
    catalog = store.load(shipped).catalog
    assert len(library.entries) == len(catalog.entries) == 37
    keys = [entry.key for entry in library.entries]
    assert len(set(keys)) == len(keys)
    by_key = {entry.key: entry for entry in library.entries}
    tinystories = by_key["anon2023tinystories"]
    assert tinystories.entry_type == "misc"
    assert tinystories.fields_dict["eprint"].value == "2305.07759"
    assert tinystories.fields_dict["archivePrefix"].value == "arXiv"
    pnas = by_key["anon2023chatgpt"]
    assert pnas.entry_type == "article" and pnas.fields_dict["journal"].value == "PNAS"
    assert pnas.fields_dict["doi"].value == "10.1073/pnas.2305016120"
    assert by_key["anon2023self"].entry_type == "inproceedings" and by_key["anon2023self"].fields_dict["booktitle"].value == "ACL"
    assert "exported without authors" in result.stderr and "--fetch" in result.stderr


def test_fetch_fills_the_authors_from_arxiv_without_changing_the_catalog(shipped, arxiv_server, sources_env):
    before = shipped.read_bytes()
    out = shipped.parent / "papers.bib"
    result = export(shipped, "--format", "bibtex", "--fetch", "-o", str(out))
    assert result.exit_code == 0, result.output
    library = parse(out.read_text(encoding="utf-8"))
    by_key = {entry.key: entry for entry in library.entries}
    assert by_key["eldan2023tinystories"].fields_dict["author"].value == "Ronen Eldan"
    assert by_key["eldan2023tinystories"].fields_dict["primaryClass"].value == "cs.CL"  # arXiv's category, from the fetched metadata
    assert by_key["roziere2023code"].fields_dict["author"].value == "Baptiste Rozière"
    assert shipped.read_bytes() == before
    assert "wrote 37 entries" in result.stderr
    # A second export reads the authors from the cache: no --fetch, no request.
    sent = len(arxiv_server.httpserver.log)
    again = export(shipped, "--format", "bibtex")
    assert "eldan2023tinystories" in again.stdout and len(arxiv_server.httpserver.log) == sent


def test_keys_are_stable_and_a_new_entry_at_the_end_renames_no_old_one():
    first = Entry(id="a", title="Textbooks Are All You Need", year=2023, authors=["Suriya Gunasekar"])
    second = Entry(id="b", title="Textbooks are all you need II", year=2023, authors=["Suriya Gunasekar"])
    third = Entry(id="c", title="The Textbooks Strike Back", year=2023, authors=["S. Gunasekar"])
    assert citation_keys([first, second]) == {"a": "gunasekar2023textbooks", "b": "gunasekar2023textbooksb"}
    assert citation_keys([first, second, third]) == {"a": "gunasekar2023textbooks", "b": "gunasekar2023textbooksb", "c": "gunasekar2023textbooksc"}


@pytest.mark.parametrize(
    ("venue", "kind"),
    [
        ("arXiv", "misc"),
        (None, "misc"),
        ("GitHub", "misc"),
        ("ICLR", "inproceedings"),
        ("Findings of EMNLP", "inproceedings"),
        ("PNAS", "article"),
        ("Journal of Computational Social Science", "article"),
        ("Nature Machine Intelligence", "article"),
    ],
)
def test_the_entry_type_follows_the_venue(venue, kind):
    assert entry_type(venue) == kind


def test_latex_specials_in_titles_survive_a_round_trip(tmp_path):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        """version: 1
title: T
sections:
  - id: s
    title: S
entries:
  - id: odd
    title: "R&D at 100% {braces} for $5 #1 under_score ~ ^"
    url: https://example.org/a_b?x=1&y=%20
    authors: [Zoë Ünal, "van der Berg, Jan"]
    category: cs.CL
    arxiv: "2305.07759"
    year: 2024
    sections: [s]
""",
        encoding="utf-8",
    )
    library = parse(export(catalog).stdout)
    [record] = library.entries
    assert record.key == "unal2024rd"
    assert record.fields_dict["author"].value == "Zoë Ünal and van der Berg, Jan"
    assert record.fields_dict["primaryClass"].value == "cs.CL"
    assert r"R\&D at 100\% \{braces\} for \$5 \#1 under\_score" in record.fields_dict["title"].value


def test_csv_has_every_field_one_row_per_entry_and_sections_joined(shipped):
    result = export(shipped, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 37
    assert list(rows[0]) == [
        "key",
        "id",
        "title",
        "url",
        "arxiv",
        "doi",
        "venue",
        "year",
        "code",
        "download",
        "sections",
        "aliases",
        "authors",
        "category",
        "published",
        "note",
        "noqa",
        "date",
        "links",
        "extra",
        "section_titles",
    ]
    tinystories = next(row for row in rows if row["id"] == "tinystories-how-small-can-2023")
    assert tinystories["sections"] == "data-synthesis; pretraining"
    assert tinystories["section_titles"] == "Data Synthesis; Pretraining"
    assert tinystories["aliases"] == "https://arxiv.org/abs/2307.08701"


def test_json_has_every_field_of_every_entry(shipped):
    data = json.loads(export(shipped, "--format", "json").stdout)
    assert len(data["entries"]) == 37
    first = data["entries"][0]
    assert set(first) >= {"key", "id", "title", "url", "arxiv", "doi", "venue", "year", "code", "sections", "aliases", "authors", "note", "noqa"}
    assert first["doi"] is None and first["aliases"] == []


def test_section_takes_the_entries_below_it_too(shipped):
    only = json.loads(export(shipped, "--format", "json", "--section", "pretraining").stdout)["entries"]
    assert {e["id"] for e in only} == {"tinystories-how-small-can-2023", "textbooks-all-you-need-2023", "textbooks-all-you-need-2023-1"}
    parent = json.loads(export(shipped, "--format", "json", "--section", "types-of-data-synthesis-and-augmentation").stdout)["entries"]
    assert len(parent) > len(only)


def test_an_unknown_section_is_an_error_with_a_suggestion(shipped):
    result = export(shipped, "--section", "pretrainig")
    assert result.exit_code == 2 and "did you mean 'pretraining'" in result.output
