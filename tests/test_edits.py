"""Pure move/copy/remove/merge transformations: the new catalog, the summary, and what they refuse."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercat.catalog import Catalog, Entry, Section
from papercat.edits import merge_entries, move_entry, remove_entry
from papercat.errors import NotFoundError, RefusedError, UsageError
from papercat.placing import keeping_row_order


def make_catalog() -> Catalog:
    return Catalog(
        title="t",
        sections=[
            Section("pretraining", "Pretraining"),
            Section("fine-tuning", "Fine-Tuning", children=[Section("alignment", "Alignment")]),
            Section("datasets", "Datasets", kind="datasets"),
        ],
        entries=[
            Entry(id="tiny", title="TinyStories", arxiv="2305.07759", sections=["pretraining"]),
            Entry(id="star", title="STaR", arxiv="2203.14465", sections=["pretraining", "fine-tuning"]),
            Entry(id="alpaca", title="Alpaca", sections=["fine-tuning"]),
        ],
    )


def sections_of(catalog: Catalog) -> dict[str, list[str]]:
    return {entry.id: entry.sections for entry in catalog.entries}


def test_move_refiles_a_single_section_entry_of_the_clone_it_is_given():
    # The transform contract (store/__init__): a transform gets a private clone and may change it.
    catalog = make_catalog()
    new, summary = move_entry(catalog, "tiny", "alignment")
    assert sections_of(new)["tiny"] == ["alignment"]
    assert summary == "moved 'tiny' from 'pretraining' to 'alignment'"
    assert [entry.id for entry in new.entries] == ["tiny", "star", "alpaca"]


def test_move_of_an_entry_in_several_sections_needs_from():
    with pytest.raises(UsageError, match="--from"):
        move_entry(make_catalog(), "star", "alignment")


def test_move_from_one_section_keeps_the_others_in_place():
    new, _ = move_entry(make_catalog(), "star", "alignment", from_section="pretraining")
    assert sections_of(new)["star"] == ["alignment", "fine-tuning"]


def test_move_into_a_section_it_already_has_just_leaves_the_other():
    new, _ = move_entry(make_catalog(), "star", "fine-tuning", from_section="pretraining")
    assert sections_of(new)["star"] == ["fine-tuning"]


def test_move_from_a_section_the_entry_is_not_in_is_an_error():
    with pytest.raises(UsageError, match="not in section 'datasets'; it is in: pretraining"):
        move_entry(make_catalog(), "tiny", "alignment", from_section="datasets")


def test_copy_files_the_entry_in_one_more_section():
    new, summary = move_entry(make_catalog(), "tiny", "datasets", copy_only=True)
    assert sections_of(new)["tiny"] == ["pretraining", "datasets"]
    assert "copied 'tiny' to 'datasets'" in summary


def test_copy_into_a_section_it_already_has_changes_nothing():
    catalog = make_catalog()
    new, summary = move_entry(catalog, "star", "fine-tuning", copy_only=True)
    assert new == catalog
    assert "nothing changed" in summary


def test_taking_an_entry_out_of_one_of_its_sections():
    new, summary = move_entry(make_catalog(), "star", None, from_section="fine-tuning")
    assert sections_of(new)["star"] == ["pretraining"]
    assert "took 'star' out of 'fine-tuning'" in summary


def test_taking_an_entry_out_of_its_last_section_is_refused_and_points_to_remove():
    with pytest.raises(RefusedError, match="papercat remove tiny"):
        move_entry(make_catalog(), "tiny", None, from_section="pretraining")


def test_an_unknown_section_suggests_the_closest_and_lists_all():
    with pytest.raises(NotFoundError) as raised:
        move_entry(make_catalog(), "tiny", "fine-tunning")
    message = str(raised.value)
    assert "section 'fine-tunning' does not exist; did you mean 'fine-tuning'?" in message
    assert "pretraining, fine-tuning, alignment, datasets" in message


def test_remove_drops_the_entry_from_every_section():
    new, summary = remove_entry(make_catalog(), "star")
    assert [entry.id for entry in new.entries] == ["tiny", "alpaca"]
    assert summary == "removed 'star' (STaR) from pretraining, fine-tuning"


def test_remove_of_an_unknown_id_is_not_found():
    with pytest.raises(NotFoundError):
        remove_entry(make_catalog(), "nope")


# --- merge -------------------------------------------------------------------------------


def merge_catalog() -> Catalog:
    return Catalog(
        title="t",
        sections=[Section("synthesis", "Synthesis"), Section("fine-tuning", "Fine-Tuning"), Section("other", "Other")],
        entries=[
            Entry(id="before", title="Something else", sections=["other"]),
            Entry(
                id="coder",
                title="WizardCoder: Empowering Code Large Language Models with Evol-Instruct",
                url="arXiv:2306.08568",
                venue="arxiv",
                year=2023,
                code="https://github.com/nlpxucan/WizardLM.",
                sections=["synthesis"],
                note="first note",
            ),
            Entry(id="between", title="Another paper", sections=["other"]),
            Entry(
                id="code",
                title="WizardCode: Empowering code large language models with Evol-Instruct",
                url="https://arxiv.org/pdf/2306.08568v2",
                venue="ICLR",
                year=2023,
                code="https://github.com/nlpxucan/WizardLM",
                authors=["Ziyang Luo", "Can Xu"],
                aliases=["https://huggingface.co/papers/2306.08568"],
                sections=["fine-tuning", "synthesis"],
                noqa={"E101": "kept"},
            ),
        ],
    )


def test_merge_keeps_the_first_entry_id_and_position_and_the_union_of_sections():
    merged, new, summary = merge_entries(merge_catalog(), ["code", "coder"])
    assert [entry.id for entry in new.entries] == ["before", "coder", "between"]
    assert merged.id == "coder"
    assert merged.sections == ["synthesis", "fine-tuning"]
    assert summary == "merged code into 'coder'"


def test_merge_prefers_the_canonical_arxiv_url_and_keeps_every_dropped_link_as_an_alias():
    merged, _, _ = merge_entries(merge_catalog(), ["coder", "code"])
    assert merged.arxiv == "2306.08568"
    assert merged.url == "https://arxiv.org/abs/2306.08568"
    assert merged.aliases == ["arXiv:2306.08568", "https://arxiv.org/pdf/2306.08568v2", "https://huggingface.co/papers/2306.08568"]


def test_merge_loses_no_value_a_field_disagrees_on():
    merged, _, _ = merge_entries(merge_catalog(), ["coder", "code"])
    assert merged.title == "WizardCoder: Empowering Code Large Language Models with Evol-Instruct"
    assert merged.venue == "ICLR"  # a publication beats a preprint
    assert merged.code == "https://github.com/nlpxucan/WizardLM"  # without the stray trailing dot
    assert merged.authors == ["Ziyang Luo", "Can Xu"]
    assert merged.noqa == {"E101": "kept"}
    assert merged.note == ("first note also: title 'WizardCode: Empowering code large language models with Evol-Instruct' also: venue 'arxiv'")


def test_merge_refuses_entries_with_two_different_arxiv_ids():
    catalog = Catalog(
        title="t",
        sections=[Section("s", "S")],
        entries=[
            Entry(id="a", title="TinyStories", url="https://arxiv.org/abs/2307.08701", sections=["s"]),
            Entry(id="b", title="TinyStories", arxiv="2305.07759", sections=["s"]),
        ],
    )
    with pytest.raises(RefusedError, match="different arXiv ids"):
        merge_entries(catalog, ["a", "b"])


def test_edit_summary_of_a_long_title_shows_where_the_two_titles_differ():
    from papercat.edits import shown_change

    old = "Large Language Models Can Self-Improve at Reasoning Tasks Through Their Own Feedbak Loops"
    new = "Large Language Models Can Self-Improve at Reasoning Tasks Through Their Own Feedback Loops"
    before, after = shown_change(old, new)
    assert before != after
    assert "Feedbak" in before and "Feedback" in after
    assert before.startswith("'...") and len(before) <= 70


def test_edit_summary_keeps_short_values_whole():
    from papercat.edits import shown_change

    assert shown_change("EMNLP", "ACL") == ("'EMNLP'", "'ACL'")
    assert shown_change(None, "ACL") == ("(none)", "'ACL'")


@settings(max_examples=200, deadline=None)
@given(st.permutations(range(8)), st.lists(st.sets(st.integers(0, 7), min_size=2), max_size=4), st.permutations(range(8)))
def test_row_order_is_kept_for_every_section_that_one_order_can_satisfy(target, sections, start):
    """Sections cut from one order (`target`) can always be kept; the result is a reordering of the input."""
    entries = [Entry(id=f"e{number}", title=f"Paper {number}") for number in start]
    rows = [[f"e{number}" for number in target if number in members] for members in sections]
    ordered = [entry.id for entry in keeping_row_order(entries, rows)]
    assert sorted(ordered) == sorted(entry.id for entry in entries)
    for ids in rows:
        assert [entry_id for entry_id in ordered if entry_id in ids] == ids


def test_sections_that_contradict_each_other_leave_the_order_alone():
    entries = [Entry(id=name, title=name) for name in ("a", "b", "c")]
    assert [entry.id for entry in keeping_row_order(entries, [["a", "c"], ["c", "a"]])] == ["a", "b", "c"]


def test_a_merge_keeps_how_each_row_was_written_and_its_extra_columns():
    catalog = Catalog(
        title="T",
        sections=[Section(id="a", title="A"), Section(id="b", title="B")],
        entries=[
            Entry(
                id="row",
                title="Shared",
                url="https://arxiv.org/abs/2402.00002",
                sections=["a"],
                cells={"Title": "**[Shared](https://arxiv.org/abs/2402.00002)**"},
            ),
            Entry(
                id="item",
                title="Shared",
                url="https://arxiv.org/pdf/2402.00002.pdf",
                sections=["b"],
                cells={"_item": "- **Shared**  \n  NeurIPS 2025, [Paper](https://arxiv.org/pdf/2402.00002.pdf)", "_before": "A banner."},
                extra={"Notes": "a comprehensive benchmark"},
                links=[{"label": "Project", "url": "https://p.example.org"}],
            ),
        ],
    )
    merged, _, _ = merge_entries(catalog, ["row", "item"])
    assert merged.cells["Title"].startswith("**[Shared]") and merged.cells["_item"].startswith("- **Shared**")
    assert "_before" not in merged.cells  # the text above the dropped row stays at its place, not with the entry
    assert merged.extra == {"Notes": "a comprehensive benchmark"} and merged.links == [{"label": "Project", "url": "https://p.example.org"}]


def test_section_and_list_titles_lose_control_characters():
    from papercat.edits import set_list_setting
    from papercat.section_edits import add_section, rename_section

    catalog = make_catalog()
    catalog, _ = add_section(catalog, "Evil\x1b[2J Section\x07")
    catalog, _ = rename_section(catalog, "pretraining", title="Alpha\x1b[31m Red")
    catalog, _ = set_list_setting(catalog, "title", "My \x1b[2J List")
    assert [section.title for section in catalog.sections][-1] == "Evil Section"
    assert catalog.sections[0].title == "Alpha Red" and catalog.title == "My List"
