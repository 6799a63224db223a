"""`papercat section ...`: create, rename, reorder, re-nest, order and remove sections; list the tree."""

from __future__ import annotations

from typing import Optional

import typer

from .context import options, report_update, stdin_is_interactive

EXAMPLES = """\
Examples:

  papercat section list

  papercat section add "Data Selection" --under applications --after math

  papercat section rename data-selection --title "Data Selection and Filtering" --id data-filtering

  papercat section move data-filtering --before pretraining

  papercat section order data-filtering newest-first

  papercat section remove data-filtering --move-entries-to pretraining --dry-run

SECTION is a section id or its exact title. Every writing command takes --dry-run (the diff; nothing written).
"""

ORDER_HELP = "Row order in the README: as-written (hand order), newest-first, by-year or by-title."
DryRun = typer.Option(False, "--dry-run", help="Print the diff; write nothing.")


def register(app: typer.Typer) -> None:
    section_app = typer.Typer(
        name="section",
        help="Create, rename, reorder, re-nest and remove sections; list them with their entry counts.",
        epilog=EXAMPLES,
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    app.add_typer(section_app, name="section")

    @section_app.command("list", help="The section tree with ids and entry counts.")
    def list_(ctx: typer.Context) -> None:
        from ..commands import section
        from ..workspace import Workspace

        typer.echo(section.tree(Workspace.at(options(ctx).catalog_path)), nl=False)

    @section_app.command("add", help="Create a section (at the end, or --under/--before/--after another).")
    def add(
        ctx: typer.Context,
        title: str = typer.Argument(..., metavar="TITLE", help="The heading the README shows."),
        section_id: Optional[str] = typer.Option(None, "--id", metavar="ID", help="The id entries use (default: a slug of the title)."),
        under: Optional[str] = typer.Option(None, "--under", metavar="PARENT", help="Make it a subsection of PARENT."),
        before: Optional[str] = typer.Option(None, "--before", metavar="SECTION", help="Place it just before SECTION."),
        after: Optional[str] = typer.Option(None, "--after", metavar="SECTION", help="Place it just after SECTION."),
        kind: str = typer.Option("papers", "--kind", metavar="papers|datasets", help="The table's columns."),
        description: Optional[str] = typer.Option(None, "--description", metavar="TEXT", help="Markdown shown under the heading."),
        order: str = typer.Option("as-written", "--order", metavar="ORDER", help=ORDER_HELP),
        dry_run: bool = DryRun,
    ) -> None:
        from ..commands import section
        from ..workspace import Workspace

        update = section.add(
            Workspace.at(options(ctx).catalog_path),
            title,
            section_id=section_id,
            under=under,
            before=before,
            after=after,
            kind=kind,
            description=description,
            order=order,
            dry_run=dry_run,
        )
        report_update(update, dry_run)

    @section_app.command("rename", help="Change a section's title and/or id (every entry's reference follows).")
    def rename(
        ctx: typer.Context,
        ref: str = typer.Argument(..., metavar="SECTION", help="Section id or title."),
        title: Optional[str] = typer.Option(None, "--title", metavar="TEXT", help="The new heading."),
        new_id: Optional[str] = typer.Option(None, "--id", metavar="NEW_ID", help="The new id; entries are updated in the same write."),
        dry_run: bool = DryRun,
    ) -> None:
        from ..commands import section
        from ..workspace import Workspace

        report_update(section.rename(Workspace.at(options(ctx).catalog_path), ref, title=title, new_id=new_id, dry_run=dry_run), dry_run)

    @section_app.command("move", help="Reorder a section (--before/--after) or re-nest it (--under, --top).")
    def move(
        ctx: typer.Context,
        ref: str = typer.Argument(..., metavar="SECTION", help="Section id or title."),
        before: Optional[str] = typer.Option(None, "--before", metavar="SECTION", help="Just before this section."),
        after: Optional[str] = typer.Option(None, "--after", metavar="SECTION", help="Just after this section."),
        under: Optional[str] = typer.Option(None, "--under", metavar="PARENT", help="The last subsection of PARENT."),
        top: bool = typer.Option(False, "--top", help="The last top-level section."),
        dry_run: bool = DryRun,
    ) -> None:
        from ..commands import section
        from ..workspace import Workspace

        update = section.move(Workspace.at(options(ctx).catalog_path), ref, before=before, after=after, under=under, top=top, dry_run=dry_run)
        report_update(update, dry_run)

    @section_app.command("order", help="Set how a section's rows are ordered in the README.")
    def order(
        ctx: typer.Context,
        ref: str = typer.Argument(..., metavar="SECTION", help="Section id or title."),
        new_order: str = typer.Argument(..., metavar="ORDER", help=ORDER_HELP),
        dry_run: bool = DryRun,
    ) -> None:
        from ..commands import section
        from ..workspace import Workspace

        report_update(section.order(Workspace.at(options(ctx).catalog_path), ref, new_order, dry_run=dry_run), dry_run)

    @section_app.command("remove", help="Delete a section; refused while it holds entries unless they go somewhere.")
    def remove(
        ctx: typer.Context,
        ref: str = typer.Argument(..., metavar="SECTION", help="Section id or title."),
        move_entries_to: Optional[str] = typer.Option(None, "--move-entries-to", metavar="SECTION", help="Refile its entries here."),
        drop_entries: bool = typer.Option(False, "--drop-entries", help="Take its entries out; those in no other section are removed (asks first)."),
        yes: bool = typer.Option(False, "--yes", "-y", help="With --drop-entries: do not ask."),
        dry_run: bool = DryRun,
    ) -> None:
        from ..commands import section
        from ..errors import UsageError
        from ..section_edits import Removal, count
        from ..workspace import Workspace

        def confirm(removal: Removal) -> bool:
            if yes:
                return True
            dropped = count(len(removal.dropped), "entry")
            if not stdin_is_interactive():
                raise UsageError(f"--drop-entries would remove {dropped} from the catalog; confirm at a terminal or pass --yes")
            shown = ", ".join(entry.id for entry in removal.dropped[:5]) + (", ..." if len(removal.dropped) > 5 else "")
            return typer.confirm(f"Remove {dropped} that sit in no other section ({shown})?", default=False)

        update = section.remove(
            Workspace.at(options(ctx).catalog_path), ref, move_entries_to=move_entries_to, drop_entries=drop_entries, confirm=confirm, dry_run=dry_run
        )
        report_update(update, dry_run)
