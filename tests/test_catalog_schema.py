"""The shipped JSON Schema (papercat/catalog.schema.json) and the loader describe the same format."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from papercat import store
from papercat.catalog import make_entry_id
from papercat.catalog_data import ENTRY_KEYS, SECTION_KEYS, SETTINGS_KEYS, TOP_KEYS
from papercat.importer import import_readme

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "src" / "papercat" / "catalog.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text())
DATA = ROOT / "tests" / "data"
SEED = DATA / "seed-README.md"


def test_the_shipped_schema_is_what_the_code_generates():
    """Enums and keys come from papercat.catalog and papercat.catalog_data: `python scripts/generate_schema.py` after a change."""
    from papercat.schema import build_schema, dump_schema

    assert SCHEMA_PATH.read_text() == dump_schema(build_schema()), "run: python scripts/generate_schema.py"


def test_the_schema_enums_are_the_loaders_enums():
    from papercat.catalog import EMPTY_SECTION_STYLES, TABLE_KINDS

    assert SCHEMA["$defs"]["section"]["properties"]["kind"]["enum"] == list(TABLE_KINDS)
    assert SCHEMA["$defs"]["settings"]["properties"]["empty_sections"]["enum"] == list(EMPTY_SECTION_STYLES)


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_papercat_schema_prints_the_shipped_file():
    from typer.testing import CliRunner

    from papercat.cli import app

    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == SCHEMA
    url = CliRunner().invoke(app, ["schema", "--url"]).output.strip()
    assert url == SCHEMA["$id"] and url.endswith("/src/papercat/catalog.schema.json")


@pytest.mark.parametrize(
    "field_text",
    ["sections: pretraining", "aliases: https://example.org/a", "authors: Ada Lovelace", "year: 2023", "year: '2023'", "url: ~"],
)
def test_what_the_loader_accepts_the_schema_accepts(tmp_path, field_text):
    text = f"title: T\nsections:\n  - id: pretraining\n    title: P\nentries:\n  - id: x\n    title: X\n    {field_text}\n"
    path = tmp_path / "catalog.yaml"
    path.write_text(text)
    store.load(path)
    jsonschema.validate(_as_schema_data(text), SCHEMA)


def test_a_new_catalog_names_the_schema_on_its_first_line(tmp_path):
    from papercat.schema import modeline

    text = store.dump_catalog(import_readme(SEED.read_text()).catalog)
    first = text.splitlines()[0]
    assert first == modeline() == f"# yaml-language-server: $schema={SCHEMA['$id']}"


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


def test_a_catalog_written_by_import_passes_check_jsonschema(tmp_path):
    """The validator list maintainers run in CI and pre-commit (check-jsonschema, a test extra)."""
    import shutil
    import subprocess
    import sys

    executable = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert executable, "check-jsonschema is part of the test extra"
    papercat = shutil.which("papercat", path=str(Path(sys.executable).parent))
    catalog = tmp_path / "catalog.yaml"
    imported = subprocess.run([papercat, "import", str(SEED), "-o", str(catalog)], capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    schema = tmp_path / "catalog.schema.json"
    schema.write_text(subprocess.run([papercat, "schema"], capture_output=True, text=True, timeout=60, check=True).stdout)
    checked = subprocess.run([executable, "--schemafile", str(schema), str(catalog)], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "validation done" in checked.stdout
