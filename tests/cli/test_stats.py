"""`papercat stats` and the README statistics block (`settings.stats`) with its SVG chart."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papercat import store
from papercat.cli import app
from papercat.errors import CatalogError
from papercat.render import render_files, render_readme

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shipped(tmp_path) -> Path:
    catalog = tmp_path / "catalog.yaml"
    shutil.copy(ROOT / "catalog.yaml", catalog)
    return catalog


def run(catalog: Path, *args: str):
    return CliRunner().invoke(app, ["--catalog", str(catalog), *args])


def with_stats(catalog: Path, value: str = "true") -> Path:
    text = catalog.read_text(encoding="utf-8").replace("  empty_sections: note\n", f"  empty_sections: note\n  stats: {value}\n")
    catalog.write_text(text, encoding="utf-8")
    return catalog


def test_stats_json_counts_the_shipped_list(shipped):
    result = run(shipped, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["entries"] == 37
    assert data["years"] == [{"year": "2021", "entries": 1}, {"year": "2022", "entries": 6}, {"year": "2023", "entries": 22}, {"year": "2024", "entries": 8}]
    assert data["venues"][0] == {"venue": "arXiv", "entries": 26}
    assert data["arxiv_only"] == {"entries": 26, "share": round(26 / 37, 4)}
    assert data["without_code"] == 14
    sections = {s["id"]: s["entries"] for s in data["sections"]}
    assert sections["pretraining"] == 3 and sections["applications"] == 18  # a parent counts each entry below it once


def test_stats_text_shows_bars_per_section_year_and_venue(shipped):
    result = run(shipped, "stats")
    assert result.exit_code == 0
    for heading in ("Entries per section", "Entries per year", "Entries per venue"):
        assert heading in result.stdout
    assert "█" * 30 in result.stdout  # the largest count gets the full bar
    assert "37 entries; 26 on arXiv only (70%); 14 without a code link" in result.stdout


def test_the_readme_block_and_chart_follow_settings_stats(shipped):
    catalog = store.load(with_stats(shipped)).catalog
    readme = render_readme(catalog)
    assert "**37 papers** · from 2021–2024 · 26 on arXiv only (70%) · 14 without a code link\n\n![Papers per year](papers-per-year.svg)" in readme
    [(name, svg)] = render_files(catalog).items()
    assert name == "papers-per-year.svg"
    assert svg.startswith("<svg ") and svg.endswith("</svg>\n") and "<title>2023: 22</title>" in svg
    assert render_files(catalog) == {name: svg}  # deterministic: same catalog, same bytes


def test_without_the_setting_nothing_changes(shipped):
    catalog = store.load(shipped).catalog
    assert render_files(catalog) == {}
    assert render_readme(catalog) == (ROOT / "README.md").read_text(encoding="utf-8")


def test_render_writes_the_chart_beside_the_readme_and_check_covers_it(shipped):
    with_stats(shipped, "{chart: years.svg}")
    readme = shipped.parent / "README.md"
    assert run(shipped, "render", "-o", str(readme)).exit_code == 0
    chart = shipped.parent / "years.svg"
    assert chart.is_file() and "![Papers per year](years.svg)" in readme.read_text(encoding="utf-8")
    assert run(shipped, "render", "--check", str(readme)).exit_code == 0
    chart.write_text(chart.read_text(encoding="utf-8").replace("22", "23"), encoding="utf-8")
    stale = run(shipped, "render", "--check", str(readme))
    assert stale.exit_code == 1 and "years.svg is not what `papercat render` writes" in stale.output
    chart.unlink()
    assert run(shipped, "render", "--check", str(readme)).exit_code == 1


@pytest.mark.parametrize("value", ["{chart: ../elsewhere.svg}", "{chart: chart.png}", "{colour: red}", "3"])
def test_a_bad_stats_setting_is_a_catalog_error(shipped, value):
    with_stats(shipped, value)
    with pytest.raises(CatalogError) as error:
        store.load(shipped)
    assert "settings.stats" in str(error.value)


def test_no_color_means_no_escape_codes_at_all(shipped):
    import os
    import subprocess
    import sys

    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "papercat", "--catalog", str(shipped), "stats"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "Entries per section" in done.stdout and "\x1b[" not in done.stdout
