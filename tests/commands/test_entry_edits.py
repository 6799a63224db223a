"""`move`, `edit` and `remove` called as plain functions: no CLI, no terminal."""

from __future__ import annotations

import pytest

from fixtures.catalogs import MOVE_REMOVE_CATALOG as CATALOG
from papercat import store
from papercat.catalog import Entry
from papercat.commands.edit import edit_paper
from papercat.commands.move import MoveRequest, move_paper
from papercat.commands.remove import remove_paper
from papercat.errors import RefusedError, UsageError
from papercat.workspace import Workspace


def entry(workspace: Workspace, entry_id: str) -> Entry:
    found = store.load(workspace.catalog_path).catalog.entry_by_id(entry_id)
    assert found is not None
    return found


def test_move_paper_refiles_an_entry_found_by_its_arxiv_id(workspace):
    update = move_paper(workspace, "2305.07759", MoveRequest(to_section="fine-tuning"))
    assert update.changed and "'tiny'" in update.result
    assert entry(workspace, "tiny").sections == ["fine-tuning"]
    assert "# test catalog: comments must survive edits" in workspace.catalog_path.read_text(encoding="utf-8")


def test_move_paper_dry_run_returns_the_diff_and_writes_nothing(workspace):
    update = move_paper(workspace, "star", MoveRequest(from_section="pretraining", dry_run=True))
    assert "-    sections: [pretraining, fine-tuning]" in update.diff()
    assert workspace.catalog_path.read_text(encoding="utf-8") == CATALOG


def test_move_paper_places_a_row_next_to_another_without_refiling_it(workspace):
    update = move_paper(workspace, "phi-1", MoveRequest(before="tiny"))
    assert update.result.startswith("placed 'phi-1'")
    assert [e.id for e in store.load(workspace.catalog_path).catalog.entries_in("pretraining")] == ["phi-1", "tiny", "star", "phi-1-5"]


def test_move_paper_refuses_before_and_after_together(workspace):
    with pytest.raises(UsageError, match="--before or --after"):
        move_paper(workspace, "tiny", MoveRequest(before="star", after="phi-1"))


def test_edit_paper_sets_fields_and_keeps_the_old_url_as_an_alias(workspace):
    update = edit_paper(workspace, "Textbooks Are All You Need", {"url": "https://arxiv.org/abs/2306.11645", "note": "checked"})
    assert "old url kept in aliases" in update.result
    edited = entry(workspace, "phi-1")
    assert (edited.url, edited.aliases, edited.note) == ("https://arxiv.org/abs/2306.11645", ["https://arxiv.org/abs/2306.11644"], "checked")


def test_remove_paper_asks_the_injected_confirm_with_the_entry_found(workspace):
    asked: list[str] = []

    def decline(found: Entry) -> bool:
        asked.append(found.id)
        return False

    with pytest.raises(RefusedError, match="'star' was not removed"):
        remove_paper(workspace, "STaR: Bootstrapping Reasoning", confirm=decline)
    assert asked == ["star"]
    assert workspace.catalog_path.read_text(encoding="utf-8") == CATALOG


def test_remove_paper_removes_when_confirmed_and_never_asks_for_a_dry_run(workspace):
    def never(found: Entry) -> bool:
        raise AssertionError("a dry run asks nothing")

    planned = remove_paper(workspace, "tiny", confirm=never, dry_run=True)
    assert planned.changed and workspace.catalog_path.read_text(encoding="utf-8") == CATALOG
    remove_paper(workspace, "tiny")
    assert store.load(workspace.catalog_path).catalog.entry_by_id("tiny") is None
