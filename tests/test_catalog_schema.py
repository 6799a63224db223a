"""docs/catalog.schema.json and the loader describe the same format."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from papercat import store
from papercat.catalog import ENTRY_KEYS, SECTION_KEYS, SETTINGS_KEYS, TOP_KEYS, make_entry_id
from papercat.importer import import_readme

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "catalog.schema.json").read_text())
DATA = ROOT / "tests" / "data"
SEED = DATA / "seed-README.md"


def test_schema_lists_exactly_the_keys_the_loader_accepts():
    assert set(SCHEMA["properties"]) == set(TOP_KEYS)
    assert set(SCHEMA["$defs"]["entry"]["properties"]) == set(ENTRY_KEYS)
    assert set(SCHEMA["$defs"]["section"]["properties"]) == set(SECTION_KEYS)
    assert set(SCHEMA["$defs"]["settings"]["properties"]) == set(SETTINGS_KEYS)


def _as_schema_data(text: str):
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(text)


def test_an_imported_catalog_is_valid_under_the_schema():
    catalog = import_readme(SEED.read_text()).catalog
    jsonschema.validate(_as_schema_data(store.dump_catalog(catalog)), SCHEMA)


def test_the_shipped_catalog_is_valid_under_the_schema():
    jsonschema.validate(_as_schema_data((ROOT / "catalog.yaml").read_text()), SCHEMA)


@pytest.mark.parametrize(
    "change",
    [
        lambda data: data["entries"][0].update(colour="red"),
        lambda data: data["entries"][0].pop("title"),
        lambda data: data["sections"][0].update(kind="videos"),
        lambda data: data.update(settings={"empty_sections": "sometimes"}),
    ],
)
def test_what_the_loader_refuses_the_schema_refuses(tmp_path, change):
    catalog = import_readme(SEED.read_text()).catalog
    data = _as_schema_data(store.dump_catalog(catalog))
    change(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    from ruamel.yaml import YAML

    path = tmp_path / "catalog.yaml"
    with path.open("w") as stream:
        YAML(typ="safe", pure=True).dump(data, stream)
    with pytest.raises(Exception) as raised:
        store.load(path)
    assert str(path) in str(raised.value)


def test_entry_ids_are_readable_and_unique():
    taken: set[str] = set()
    first = make_entry_id("TinyStories: How Small Can Language Models Be?", 2023, taken)
    taken.add(first)
    second = make_entry_id("TinyStories: How small can language models be", 2023, taken)
    assert first == "tinystories-how-small-can-2023"
    assert second == "tinystories-how-small-can-2023-1"


@pytest.mark.parametrize(
    "field_text",
    ["sections: a", "aliases: x", "authors: Ada", "noqa: PC301", "year: '23'", "year: [2023]", "venue: ''", "url: ~", "sections: [a, '']"],
)
def test_a_field_of_the_wrong_shape_is_refused_not_taken_as_is(tmp_path, field_text):
    """The loader's fast path for well-formed entries must hand every odd one to the checks."""
    from papercat import store
    from papercat.errors import CatalogError

    text = f"title: T\nsections:\n  - id: a\n    title: A\nentries:\n  - id: x\n    title: X\n    {field_text}\n"
    path = tmp_path / "catalog.yaml"
    path.write_text(text)
    try:
        entry = store.load(path).catalog.entries[0]
    except CatalogError as error:
        assert error.line == 8, error
        return
    for name in ("sections", "aliases", "authors"):
        assert isinstance(getattr(entry, name), list)
    assert isinstance(entry.noqa, dict) and (entry.year is None or isinstance(entry.year, int))


def test_the_schema_enums_are_the_ones_tables_defines():
    from papercat import tables

    layout = SCHEMA["$defs"]["layout"]["properties"]
    column = SCHEMA["$defs"]["column"]["properties"]
    assert layout["block"]["enum"] == list(tables.BLOCKS)
    assert column["field"]["enum"] == list(tables.FIELD_NAMES)
    assert column["align"]["enum"] == list(tables.ALIGNMENTS)
    assert SCHEMA["$defs"]["section"]["properties"]["kind"]["enum"] == list(tables.TABLE_KIND_NAMES)


def test_a_catalog_imported_with_its_layout_is_valid_under_the_schema():
    markdown = (DATA / "adopt" / "title-venue-date-code-demo.md").read_text(encoding="utf-8")
    jsonschema.validate(_as_schema_data(store.dump_catalog(import_readme(markdown).catalog)), SCHEMA)
