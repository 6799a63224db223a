from __future__ import annotations

import pytest
from lint_helpers import make_entry


@pytest.mark.parametrize("title", [" Leading", "Trailing ", "Double  space", "Line\nbreak", "Tab\there"])
def test_title_whitespace_is_collapsed(lint_entries, title):
    (finding,) = lint_entries(make_entry("a", title=title), select=["PC304"])
    assert finding.fix.value == " ".join(title.split())


@pytest.mark.parametrize(
    ("title", "fixed"),
    [
        ("**TinyStories**: How Small", "TinyStories: How Small"),
        ("A title<br>continued", "A title continued"),
        ("<b>Bold</b> claims", "Bold claims"),
        ("VILA<sup>2</sup>: VILA Augmented VILA", "VILA2: VILA Augmented VILA"),
    ],
)
def test_title_markup_is_removed(lint_entries, title, fixed):
    (finding,) = lint_entries(make_entry("a", title=title), select=["PC305"])
    assert finding.fix.value == fixed


@pytest.mark.parametrize(
    "title", ["VILA$^2$: VILA Augmented VILA", "Q: How to Specialize? A: Self-Train!", "When x < y and List<T> matter", "snake_case names"]
)
def test_plain_titles_and_math_have_no_markup(lint_entries, title):
    assert lint_entries(make_entry("a", title=title), select=["PC304", "PC305"]) == []


@pytest.mark.parametrize(("title", "bracket"), [("LLaMA (Large Language Model Meta AI", "("), ("Closed) early", ")"), ("Mixed [brackets)", ")")])
def test_unbalanced_brackets_are_reported_without_fix(lint_entries, title, bracket):
    (finding,) = lint_entries(make_entry("a", title=title), select=["PC306"])
    assert f"'{bracket}'" in finding.message
    assert not finding.fixable


def test_balanced_brackets_pass(lint_entries):
    assert lint_entries(make_entry("a", title="LoRA (Low-Rank [Adaptation] {of} LLMs)"), select=["PC306"]) == []
