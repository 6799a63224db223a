"""A paper's code repository, as its own metadata states it: arXiv's comment, then its abstract.

Authors often write "Code is available at https://github.com/owner/repo" in the arXiv comment
field or the abstract. Only a link to a code host (GitHub, GitLab, Bitbucket, Codeberg) with an
owner and a repository counts; the first such link in the comment wins over the abstract's.
Nothing is ever guessed from the title. Semantic Scholar, DBLP and OpenAlex give no code links.
"""

from __future__ import annotations

import re
from typing import Optional

from .sources.metadata import PaperMetadata

CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")
# owner/repo after a code host; GitHub's reserved first segments are not owners.
_REPOSITORY = re.compile(
    r"https?://(?:www\.)?(?P<host>" + "|".join(re.escape(host) for host in CODE_HOSTS) + r")/(?P<owner>[A-Za-z0-9][A-Za-z0-9_.-]*)/(?P<repo>[A-Za-z0-9_.-]+)",
    re.IGNORECASE,
)
_NOT_OWNERS = frozenset({"orgs", "topics", "features", "about", "sponsors", "marketplace", "settings", "search", "login", "explore"})


def repository_link(text: Optional[str]) -> Optional[str]:
    """The first code repository URL in `text`, as `https://host/owner/repo` (no `.git`, no trailing dot)."""
    if not text:
        return None
    # arXiv wraps long comments and abstracts: a URL broken by a line break is joined first.
    joined = re.sub(r"(https?://\S+)\s*\n\s*(?=\S)", r"\1", text)
    for match in _REPOSITORY.finditer(joined):
        owner, repo = match.group("owner"), match.group("repo").rstrip(".")
        if owner.lower() in _NOT_OWNERS:
            continue
        repo = re.sub(r"\.git$", "", repo, flags=re.IGNORECASE)
        if repo:
            return f"https://{match.group('host').lower()}/{owner}/{repo}"
    return None


def code_link(metadata: PaperMetadata) -> Optional[tuple[str, str]]:
    """(URL, where it was found) from the paper's own metadata, or None."""
    for where, text in (("arXiv comment", metadata.comment), ("abstract", metadata.abstract)):
        found = repository_link(text)
        if found:
            source = "arXiv" if metadata.source == "arxiv" else "Crossref"
            return found, where if where == "arXiv comment" else f"{source} abstract"
    return None
