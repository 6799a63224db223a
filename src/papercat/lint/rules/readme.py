"""README rule PC501: the committed README is exactly what `papercat render` writes."""

from __future__ import annotations

from typing import Iterator

from ...catalog import Catalog
from ..context import LintContext
from ..model import Problem, rule


def first_difference(old: str, new: str) -> int:
    """1-based number of the first line where two texts differ."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for number, (a, b) in enumerate(zip(old_lines, new_lines), start=1):
        if a != b:
            return number
    return min(len(old_lines), len(new_lines)) + 1


@rule("PC501", "readme-out-of-sync", "error", needs=("readme", "render"))
def readme_out_of_sync(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """README.md differs from what `papercat render` writes from the catalog.

    The catalog is the source of truth and the README is generated from it; a hand edit
    to the README is lost on the next render, and a catalog change that was not rendered
    never reaches readers. Runs only when the README exists next to the catalog (or at
    the `readme` path in the lint settings). Fix it in the direction the change went: a
    catalog change not rendered yet with `papercat render -o README.md`; a hand edit of the
    README (a contributor's pull request) with `papercat absorb README.md`, which turns it
    into catalog changes.
    """
    if context.readme_text is None:
        return
    from ...render import render_readme

    rendered = render_readme(catalog)
    if rendered == context.readme_text:
        return
    line = first_difference(context.readme_text, rendered)
    name = context.readme_name or "README.md"
    yield Problem(
        where=(),
        message=(
            f"README differs from the rendered catalog from line {line} on; if the catalog changed, run `papercat render -o {name}`; "
            f"if the README was edited by hand, run `papercat absorb {name}` to bring the edit into the catalog"
        ),
        file=name,
        line=line,
    )
