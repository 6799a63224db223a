"""Structure rules (PC1xx): sections, section membership and per-entry silencing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ...catalog import Catalog, Section
from ...render import empty_section_ids
from ...text import closest_match
from ..context import LintContext
from ..model import Problem, entry_problem, rule

if TYPE_CHECKING:
    from ...errors import DataPath


@rule("PC100", "catalog-unreadable", "error")
def catalog_unreadable(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """The catalog file could not be read: invalid YAML or a schema violation.

    Nothing else can be checked until the file parses and matches the schema (an
    unknown key, a missing title, an entry id used twice). An entry in a section that
    does not exist is not such an error: PC101 reports each one. The loader reports the first such error with its line and column; lint
    shows it as this one finding and exits with code 2. This rule cannot be switched off.
    """
    return iter(())


@rule("PC101", "unknown-section", "error")
def unknown_section(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """An entry lists a section id that no section has.

    The entry would silently vanish from that part of the README, so `papercat render`
    refuses such a catalog. It usually means a section was renamed or deleted by hand:
    every entry that still points at the old id is reported, not only the first. Repair
    it with `papercat section add` (bring the section back), `papercat section rename`
    (which rewrites every entry's reference), or `papercat move ID --from OLD --to NEW`.
    """
    known = catalog.section_ids()
    known_set = set(known)
    for index, entry in enumerate(catalog.entries):
        for position, section_id in enumerate(entry.sections):
            if section_id not in known_set:
                close = closest_match(section_id, known)
                hint = f"did you mean '{close}'? " if close else ""
                yield Problem(
                    where=("entries", index, "sections", position),
                    message=(
                        f"section '{section_id}' does not exist; {hint}create it with "
                        f'`papercat section add "TITLE" --id {section_id}` or refile the entry with '
                        f"`papercat move {entry.id} --from {section_id} --to SECTION`"
                    ),
                    entry=entry.id,
                )


@rule("PC102", "entry-without-section", "error")
def entry_without_section(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """An entry belongs to no section.

    The README is rendered section by section, so an entry without a section is in the
    catalog but never shown to readers. Add it to at least one section.
    """
    for index, entry in enumerate(catalog.entries):
        if not entry.sections:
            yield entry_problem(index, entry, None, "entry is in no section, so the README never shows it; add 'sections: [<id>]'")


@rule("PC103", "empty-section", "warning")
def empty_section(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """A section has no entries, neither itself nor in any of its subsections.

    An empty heading with an empty table tells a reader nothing; fill the section or
    remove it. A warning, because lists often keep planned sections; switch it off with
    `empty-sections = false` (or `ignore = ["PC103"]`) in the lint settings. A catalog that
    has chosen how empty sections show (`papercat config empty_sections note`: a line
    inviting a contribution, or `hide`: left off the page) has decided already: the rule
    fires only for the default `table` style.
    """
    if catalog.settings.empty_sections != "table":
        return
    empty = empty_section_ids(catalog)
    path_of: dict[str, DataPath] = {}

    def walk(sections: list[Section], where: DataPath) -> None:
        for index, section in enumerate(sections):
            path_of[section.id] = where + (index,)
            walk(section.children, where + (index, "sections"))

    walk(catalog.sections, ("sections",))
    for _, section in catalog.iter_sections():
        if section.id in empty:
            yield Problem(
                where=path_of[section.id] + ("id",),
                message=f"section '{section.id}' ({section.title}) has no entries",
                section=section.id,
            )


# A noqa never silences the findings about noqa itself.
@rule("PC104", "noqa-without-reason", "warning", silenceable=False, post_pass=True)
def noqa_without_reason(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """An entry silences a rule without saying why.

    `noqa: {PC301: "the venue really is spelled this way"}` keeps the reason next to the
    exception, so the next curator can judge whether it still holds. An empty reason
    hides a finding without that record.
    """
    for index, entry in enumerate(catalog.entries):
        for code, reason in entry.noqa.items():
            if not str(reason or "").strip():
                yield Problem(
                    where=("entries", index, "noqa", code),
                    message=f'noqa for {code} gives no reason; write why, e.g. {code}: "venue is spelled this way"',
                    entry=entry.id,
                )


@rule("PC105", "noqa-unknown-rule", "warning", silenceable=False, post_pass=True)
def noqa_unknown_rule(catalog: Catalog, context: LintContext) -> Iterator[Problem]:
    """An entry silences a rule code or name that does not exist.

    Usually a typo (`PC3O1`), which means the finding it meant to silence is still
    reported, or a rule that was renumbered. Use a code from docs/rules.md.
    """
    for index, entry in enumerate(catalog.entries):
        for code in entry.noqa:
            if code not in context.known_selectors:
                yield Problem(
                    where=("entries", index, "noqa", code),
                    message=f"noqa names '{code}', which is not a papercat rule; see docs/rules.md",
                    entry=entry.id,
                )
