"""How papercat weighs the venue services' answers: names in the list's spelling, ambiguity never guessed."""

from __future__ import annotations

import pytest

from papercat.catalog import Entry
from papercat.lint.config import DEFAULT_VENUES
from papercat.sources.published import PublishedRecord, VenueCandidate
from papercat.venues import canonical_venue, is_preprint_venue, judge_entry

SPELLINGS = {key.lower(): value for key, value in DEFAULT_VENUES.items()}
TITLE = "Mind's Eye: Grounded Language Model Reasoning through Simulation"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Neural Information Processing Systems", "NeurIPS"),
        ("NIPS", "NeurIPS"),
        ("NeurIPS", "NeurIPS"),
        ("International Conference on Learning Representations", "ICLR"),
        ("Annual Meeting of the Association for Computational Linguistics", "ACL"),
        ("ACL (1)", "ACL"),
        ("ECCV (12)", "ECCV"),
        ("EMNLP (Findings)", "Findings of EMNLP"),
        ("Findings of the Association for Computational Linguistics: EMNLP 2023", "Findings of EMNLP"),
        ("Proceedings of the National Academy of Sciences of the United States of America", "PNAS"),
        ("Nature Machine Intelligence", "Nature Machine Intelligence"),
    ],
)
def test_venue_names_come_out_in_the_lists_spelling(name, expected):
    assert canonical_venue(name, SPELLINGS) == expected


def test_a_lists_own_venue_table_wins():
    assert canonical_venue("Neural Information Processing Systems", {**SPELLINGS, "neurips": "NIPS"}) == "NIPS"


@pytest.mark.parametrize("venue", [None, "", "arXiv", "arxiv 2023", "CoRR", "preprint"])
def test_preprint_venues(venue):
    assert is_preprint_venue(venue)


def entry(venue: str = "arXiv", year: int = 2022) -> Entry:
    return Entry(id="minds-eye", title=TITLE, arxiv="2210.05359", venue=venue, year=year)


def s2(venue: str, kind: str = "conference") -> PublishedRecord:
    return PublishedRecord("semantic_scholar", "arxiv:2210.05359", candidates=[VenueCandidate(venue, 2022, kind, TITLE, evidence=f"venue {venue!r}")])


def dblp(*hits: tuple[str, int, str]) -> PublishedRecord:
    return PublishedRecord(
        "dblp",
        "arxiv:2210.05359",
        candidates=[VenueCandidate(venue, year, "conference", title, evidence="dblp record conf/x/Y") for venue, year, title in hits],
    )


def test_dblp_gives_the_year_when_semantic_scholar_gives_the_preprints():
    finding = judge_entry(entry(), [s2("International Conference on Learning Representations"), dblp(("ICLR", 2023, TITLE))], SPELLINGS)
    assert finding.applicable and (finding.venue, finding.year) == ("ICLR", 2023)
    assert finding.headline() == "arXiv 2022 -> ICLR 2023"


def test_two_candidate_venues_are_reported_not_guessed():
    finding = judge_entry(entry(), [s2("International Conference on Learning Representations"), dblp(("NeurIPS", 2023, TITLE))], SPELLINGS)
    assert not finding.applicable
    assert finding.problem.startswith("two candidate venues (Semantic Scholar: ICLR")


def test_a_loose_title_match_is_reported_not_used():
    finding = judge_entry(entry(), [dblp(("ICLR", 2023, "Mind's Eye: Grounded Language Models Reason via Simulated Worlds"))], SPELLINGS)
    assert finding is not None and not finding.applicable
    assert "title matches only loosely" in finding.problem


def test_an_unrelated_title_from_a_search_is_ignored():
    assert judge_entry(entry(), [dblp(("ICLR", 2023, "Attention Is All You Need"))], SPELLINGS) is None


def test_a_workshop_alone_is_reported_not_applied():
    finding = judge_entry(entry(), [dblp(("DL4C @ ICLR", 2023, TITLE))], SPELLINGS)
    assert not finding.applicable and "only a workshop version" in finding.problem


def test_workshop_and_main_conference_are_reported_not_chosen():
    finding = judge_entry(entry(), [dblp(("ICLR", 2023, TITLE), ("ICLR Workshop on Reasoning", 2022, TITLE))], SPELLINGS)
    assert not finding.applicable and "and at a workshop" in finding.problem


def test_nothing_to_say_when_the_entry_already_has_the_venue():
    assert judge_entry(entry("ICLR", 2023), [dblp(("ICLR", 2023, TITLE))], SPELLINGS) is None


def test_a_hand_written_venue_is_marked_so():
    finding = judge_entry(entry("ICML", 2023), [dblp(("ICLR", 2023, TITLE))], SPELLINGS)
    assert finding.applicable and finding.hand_written


def test_semantic_scholars_year_alone_never_moves_a_year_back():
    finding = judge_entry(entry("ICLR", 2023), [s2("International Conference on Machine Learning")], SPELLINGS)
    assert (finding.venue, finding.year) == ("ICML", 2023)
