"""Which pairs of titles are worth scoring: blocking by rare title tokens, for dedupe's fuzzy pass.

Scoring every pair of 10k titles is 50 million comparisons; two titles of one paper share their
rarest words. So titles are put in blocks by their few rarest tokens and scored only within a
block, and only against titles of similar length (a ratio >= t bounds the length difference).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from typing import Protocol, TypeVar

# Each title is indexed under its few rarest tokens; a single typo can spoil only one of them,
# so a typo'd copy still shares a block with its original.
_BLOCKING_TOKENS = 3
# A token in more titles than this blocks too little to be worth its pairs.
_MAX_BLOCK = 2000
_MIN_BLOCK = 50
_BLOCK_FACTOR = 3.0


class Titled(Protocol):
    """What blocking reads of an entry's profile."""

    @property
    def index(self) -> int: ...
    @property
    def title(self) -> str: ...  # normalized
    @property
    def tokens(self) -> frozenset[str]: ...
    @property
    def arxiv(self) -> set[str]: ...


P = TypeVar("P", bound=Titled)


def fuzzy_candidates(profiles: Sequence[P], threshold: float, score: Callable[[P, P, float], float]) -> Iterator[tuple[int, int, float]]:
    """Pairs whose titles fuzzily match (`score` >= threshold), scored only within blocks of a shared rare token.

    Two entries that both hold arXiv ids are judged by those ids (a shared id is an id
    bucket, two different ids are two papers), so every pair scored here has at least one
    entry without an arXiv id: on a typical list, one pair in five.
    """
    frequency = Counter(chain.from_iterable(profile.tokens for profile in profiles))
    # A token in more titles than `cap` says little about which papers are the same: treat
    # it as a stopword for blocking, or a list written in a small vocabulary turns every
    # block into thousands of titles and the scoring quadratic. A title with no rarer
    # token still joins the block of its rarest one.
    cap = max(_MIN_BLOCK, int(_BLOCK_FACTOR * len(profiles) ** 0.5))

    def rarity(token: str) -> tuple[int, str]:  # rarest first, ties by the token: never by set order
        return frequency[token], token

    def blocking_tokens(profile: P) -> list[str]:
        """The title's rarest few tokens under the cap (or its one rarest token) that block at all."""
        rare = [token for token in profile.tokens if frequency[token] <= cap]
        if len(rare) > _BLOCKING_TOKENS:
            rare = sorted(rare, key=rarity)[:_BLOCKING_TOKENS]
        elif not rare and profile.tokens:
            rare = [min(profile.tokens, key=rarity)]
        return [token for token in rare if frequency[token] <= _MAX_BLOCK]

    # Blocks that hold an entry without an arXiv id are the only ones with a pair to score.
    loose = {profile.index: blocking_tokens(profile) for profile in profiles if not profile.arxiv}
    useful = set(chain.from_iterable(loose.values()))
    blocks: dict[str, list[int]] = defaultdict(list)
    for profile in profiles:
        if profile.arxiv:
            if profile.tokens.isdisjoint(useful):
                continue
            tokens = blocking_tokens(profile)
        else:
            tokens = loose[profile.index]
        for token in tokens:
            if token in useful:
                blocks[token].append(profile.index)
    size = len(profiles)
    # ratio >= t needs the shorter title to be at least t/(200-t) of the longer: within a block
    # sorted by length, each title meets only the few of similar length
    reach = (200 - threshold) / threshold if threshold > 0 else float("inf")
    seen: set[int] = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda index: len(profiles[index].title))
        lengths = [len(profiles[index].title) for index in members]
        for position, a in enumerate(members):
            pa = profiles[a]
            if pa.arxiv:
                continue  # met from its partners without an arXiv id
            reachable = lengths[position] * reach
            partners = []
            for later in range(position + 1, len(members)):  # longer titles, while in reach
                if lengths[later] > reachable:
                    break
                partners.append(members[later])
            for earlier in range(position - 1, -1, -1):  # shorter titles, while in reach of them
                if lengths[position] > lengths[earlier] * reach:
                    break
                partners.append(members[earlier])
            for b in partners:
                key = a * size + b if a < b else b * size + a
                if key in seen:
                    continue
                seen.add(key)
                found = score(pa, profiles[b], threshold)
                if found >= threshold:
                    yield (a, b, found) if a < b else (b, a, found)
