"""`papercat move`: file an entry under another section, or one more (--copy), or out of one (--from)."""

from __future__ import annotations

from typing import Optional

import typer

from .completion import complete_entry_ids, complete_section_ids
from .context import options, report_update

EXAMPLES = """\
Examples:

  papercat move tinystories-how-small-can-2023 --to pretraining

  papercat move 2203.14465 --to fine-tuning --copy           # also list it under fine-tuning

  papercat move "STaR: Bootstrapping" --from data-synthesis --to fine-tuning

  papercat move 2203.14465 --from data-synthesis            # take it out of one of its sections

  papercat move 2305.07759 --to pretraining --dry-run        # show the diff, write nothing

  papercat move 2305.07759 --to pretraining --after 2306.11644   # a hand-ordered section: just below that row

REF is an entry id, an arXiv id or URL, a DOI, a URL or a title (fuzzy; an ambiguous title lists the candidates).
"""


def register(app: typer.Typer) -> None:
    @app.command("move", help="Move an entry to another section, copy it into one more, or take it out of one.", epilog=EXAMPLES)
    def move(
        ctx: typer.Context,
        ref: str = typer.Argument(..., metavar="REF", help="Entry id, arXiv id/URL, DOI, URL or title.", autocompletion=complete_entry_ids),
        to_section: Optional[str] = typer.Option(
            None, "--to", metavar="SECTION", help="The section to file the entry under.", autocompletion=complete_section_ids
        ),
        from_section: Optional[str] = typer.Option(
            None, "--from", metavar="SECTION", help="The section to take it out of (needed when it sits in several).", autocompletion=complete_section_ids
        ),
        copy: bool = typer.Option(False, "--copy", help="Keep the entry where it is and add --to as one more section."),
        before: Optional[str] = typer.Option(None, "--before", metavar="REF", help="Place it just above this row (hand-ordered sections)."),
        after: Optional[str] = typer.Option(None, "--after", metavar="REF", help="Place it just below this row (hand-ordered sections)."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the diff; write nothing."),
    ) -> None:
        from ..commands.move import MoveRequest, move_paper
        from ..workspace import Workspace

        request = MoveRequest(to_section=to_section, from_section=from_section, copy=copy, before=before, after=after, dry_run=dry_run)
        report_update(move_paper(Workspace.at(options(ctx).catalog_path), ref, request), dry_run)
