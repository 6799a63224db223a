"""The catalog of tests/cli/test_move_remove.py on disk, for calling the command workflows as a library user would."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.catalogs import MOVE_REMOVE_CATALOG
from papercat.workspace import Workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    path = tmp_path / "catalog.yaml"
    path.write_text(MOVE_REMOVE_CATALOG, encoding="utf-8")
    return Workspace.at(path)
