"""absorb_readme as a library function: what a README edit does to the catalog's sections and rows.

Each case imports a small list, edits its README the way real histories did (benchmarks/replay.py),
absorbs the edit, and checks that the catalog now renders exactly the edited README, and that the
catalog handed in was not changed (the store's transform contract).
"""

from __future__ import annotations

import copy

import pytest

from papercat.absorbing import absorb_readme
from papercat.importer import import_readme
from papercat.render import render_readme

BEFORE = "# L\n\n## S\n\n- [A](https://a.org)\n- [B](https://b.org)\n\n## T\n\n- [C](https://c.org)\n\n### U\n\n- [D](https://d.org)\n"


def _absorbed(before: str, after: str):
    catalog = import_readme(before).catalog
    handed = copy.deepcopy(catalog)
    new_catalog, report = absorb_readme(catalog, after)
    assert catalog == handed, "absorb changed the catalog it was handed"
    return new_catalog, report


@pytest.mark.parametrize(
    "after",
    [
        # a heading re-nested (### U becomes ## U) and another moved above its neighbour
        "# L\n\n## T\n\n- [C](https://c.org)\n\n## S\n\n- [A](https://a.org)\n- [B](https://b.org)\n\n## U\n\n- [D](https://d.org)\n",
        # the same two papers in two sections, in opposite orders
        "# L\n\n## S\n\n- [A](https://a.org)\n- [B](https://b.org)\n\n## T\n\n- [B](https://b.org)\n- [A](https://a.org)\n\n### U\n\n- [D](https://d.org)\n",
        # a paper's second row that says other things than its first
        "# L\n\n## S\n\n- [A](https://a.org)\n- [B](https://b.org)\n\n## T\n\n- [A, again](https://a.org)\n\n### U\n\n- [D](https://d.org)\n",
        # a new heading with a new row, and the intro written
        "# L\n\nAbout.\n\n## S\n\n- [A](https://a.org)\n- [B](https://b.org)\n\n## News\n\n- [E](https://e.org)\n\n## T\n\n- [C](https://c.org)\n\n### U\n\n- [D](https://d.org)\n",
    ],
)
def test_the_catalog_renders_the_edited_readme_after_absorbing_it(after):
    catalog, report = _absorbed(BEFORE, after)
    assert report.unmapped == []
    assert render_readme(catalog) == after


def test_a_removed_heading_removes_its_section_and_the_papers_shown_nowhere_else():
    after = "# L\n\n## S\n\n- [A](https://a.org)\n- [B](https://b.org)\n- [C](https://c.org)\n\n### U\n\n- [D](https://d.org)\n"
    catalog, report = _absorbed(BEFORE, after)
    assert [s.id for _, s in catalog.iter_sections()] == ["s", "u"]
    assert {e.title: e.sections for e in catalog.entries} == {"A": ["s"], "B": ["s"], "C": ["s"], "D": ["u"]}
    assert any("the heading of section 't' (T) was removed -> section removed" in f.message for f in report.changes)
    assert render_readme(catalog) == after


def test_crossed_rows_become_a_second_entry_and_the_report_says_so():
    after = BEFORE.replace("## T\n\n- [C](https://c.org)\n", "## T\n\n- [B](https://b.org)\n- [A](https://a.org)\n")
    catalog, report = _absorbed(BEFORE, after)
    # Each paper of the crossed pair keeps one entry per section, as import would read the README.
    assert sorted((e.title, tuple(e.sections)) for e in catalog.entries) == [("A", ("s",)), ("A", ("t",)), ("B", ("s",)), ("B", ("t",)), ("D", ("u",))]
    assert render_readme(catalog) == after
    assert any("rows in opposite orders in two sections" in f.message and "`papercat dedupe` lists the pair" in f.message for f in report.changes)


def test_a_title_edited_in_a_newest_first_section_edits_that_row_s_paper():
    """A section's `order` makes its rows render in another order than the catalog's: absorb must
    pair each rendered row with the entry it shows, not with the catalog's next entry."""
    catalog = import_readme("# L\n\n## S\n\n- [Old](https://old.org) 2019\n- [New](https://new.org) 2024\n").catalog
    catalog.sections[0].order = "newest-first"
    rendered = render_readme(catalog)
    assert rendered.index("[New]") < rendered.index("[Old]")
    edited = rendered.replace("[New](https://new.org)", "[New, edited](https://new.org)")
    new_catalog, report = absorb_readme(catalog, edited)
    assert {e.url: e.title for e in new_catalog.entries} == {"https://old.org": "Old", "https://new.org": "New, edited"}
    assert render_readme(new_catalog) == edited


def test_two_sections_swapped_by_hand_keep_their_ids_and_rows():
    after = "# L\n\n## T\n\n- [C](https://c.org)\n\n### U\n\n- [D](https://d.org)\n\n## S\n\n- [A](https://a.org)\n- [B](https://b.org)\n"
    catalog, report = _absorbed(BEFORE, after)
    assert [s.id for _, s in catalog.iter_sections()] == ["t", "u", "s"]
    assert {e.title: e.sections for e in catalog.entries} == {"A": ["s"], "B": ["s"], "C": ["t"], "D": ["u"]}
    assert not any("new heading" in f.message or "removed" in f.message for f in report.changes)
    assert render_readme(catalog) == after


def test_a_copy_of_a_paper_added_above_its_row_is_the_new_entry_and_the_old_row_keeps_its_entry():
    before = "# L\n\n## S\n\n| Paper | Code |\n|---|---|\n| [A](https://arxiv.org/pdf/2307.08041.pdf) | https://github.com/a/a |\n\n## T\n\n| Paper | Code |\n|---|---|\n| [B](https://b.org) | - |\n"
    # A contributor lists the paper again in T, with its abs link and no code: above nothing of S's.
    after = before.replace("| [B](https://b.org) | - |", "| [A](https://arxiv.org/abs/2307.08041) | - |\n| [B](https://b.org) | - |")
    catalog = import_readme(before).catalog
    original = next(e for e in catalog.entries if e.title == "A")
    new_catalog, report = absorb_readme(catalog, after)
    kept = next(e for e in new_catalog.entries if e.id == original.id)
    assert (kept.url, kept.code, kept.sections) == (original.url, "https://github.com/a/a", ["s"])
    assert any("new entry" in f.message and "in 't'" in f.message for f in report.changes)
    assert render_readme(new_catalog) == after


def test_a_row_the_importer_guessed_at_keeps_its_paper_where_it_is():
    before = "# L\n\n## S\n\n| Paper | Venue |\n|---|---|\n| [A](https://a.org) | X | stray |\n| [B](https://b.org) | Y |\n"
    after = before + "| [C](https://c.org) | Z |\n"
    catalog, report = _absorbed(before, after)
    assert sorted(e.title for e in catalog.entries) == ["A", "B", "C"]
    assert not any("removed" in f.message for f in report.changes)
    assert render_readme(catalog) == after


def test_an_edited_intro_keeps_the_catalogs_final_newline():
    """The README's reading of the intro has no final newline: absorbing an edit of it must not turn
    the catalog's `intro: |` into `intro: |-` (a line changed that the edit did not touch)."""
    catalog = import_readme(BEFORE).catalog
    catalog.intro = "About.\n"
    edited = render_readme(catalog).replace("About.", "About, edited.")
    new_catalog, report = absorb_readme(catalog, edited)
    assert new_catalog.intro == "About, edited.\n"
    assert render_readme(new_catalog) == edited
