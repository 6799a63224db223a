"""`config` called as plain functions: read every setting, one setting, change one."""

from __future__ import annotations

import pytest

from fixtures.catalogs import MOVE_REMOVE_CATALOG as CATALOG
from papercat import store
from papercat.commands import config
from papercat.errors import UsageError


def test_list_settings_gives_every_setting_in_order(workspace):
    assert config.list_settings(workspace) == {"title": "Test list", "intro": "", "footer": "", "empty_sections": "table"}


def test_set_setting_writes_the_value_and_none_resets_it(workspace, tmp_path):
    intro = tmp_path / "intro.md"
    intro.write_text("A list of papers.\n\nSecond paragraph.\n", encoding="utf-8")
    update = config.set_setting(workspace, "intro", config.read_setting_file(intro))
    assert update.result == "intro: 0 line(s) -> 3 line(s)"
    assert config.setting_value(workspace, "intro") == "A list of papers.\n\nSecond paragraph.\n"
    config.set_setting(workspace, "intro", None)
    assert store.load(workspace.catalog_path).catalog.intro == ""


def test_set_setting_dry_run_and_unknown_keys_write_nothing(workspace):
    planned = config.set_setting(workspace, "empty_sections", "note", dry_run=True)
    assert planned.result == "empty_sections: table -> note" and "+  empty_sections: note" in planned.diff()
    with pytest.raises(UsageError, match="did you mean 'footer'"):
        config.set_setting(workspace, "foter", "x")
    assert workspace.catalog_path.read_text(encoding="utf-8") == CATALOG
