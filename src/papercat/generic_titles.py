"""Link texts that say what a link is, not which paper: `link`, `[pdf]`, `Paper`, `arXiv`, `code`.

Lists write them in a Paper column (`[link](https://arxiv.org/...)`) or after a title
(`Title [[pdf]](...) [[code]](...)`). Import takes the title from beside them, lint's PC309
flags one that is left as a title, and dedupe never counts two of them as the same title.
"""

from __future__ import annotations

import re

GENERIC_LINK_TEXTS = frozenset(
    [
        "link",
        "links",
        "paper",
        "papers",
        "pdf",
        "arxiv",
        "code",
        "github",
        "project",
        "page",
        "website",
        "web",
        "homepage",
        "blog",
        "demo",
        "huggingface",
        "hf",
        "model",
        "models",
        "dataset",
        "data",
        "official",
        "url",
        "here",
        "slides",
        "video",
        "tweet",
        "repo",
    ]
)
_PUNCTUATION = re.compile(r"[\[\]()*_`:.!\-\s]+")


def is_generic_title(text: str) -> bool:
    """True for `link`, `[pdf]`, `Paper`, `arXiv`, `code`...: text that names no paper."""
    if len(text) > 24:  # fast path: longer than any generic text with its brackets and bold
        return False
    words = _PUNCTUATION.sub(" ", text).strip().lower()
    return not words or words in GENERIC_LINK_TEXTS
