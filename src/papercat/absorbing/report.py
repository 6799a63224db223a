"""What absorbing did, and what it could not do, each at a README line."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..catalog import Entry


@dataclass
class Finding:
    """One line of the report: what absorbing did, or could not do, at a README line."""

    line: int
    message: str


@dataclass
class AbsorbReport:
    changes: list[Finding] = field(default_factory=list)
    unmapped: list[Finding] = field(default_factory=list)
    new_rows: list[tuple[int, Entry]] = field(default_factory=list)
    up_to_date: bool = False

    @property
    def summary(self) -> str:
        if self.up_to_date:
            return "the README already matches the catalog; nothing to absorb"
        parts = [f"{len(self.changes)} change{'s' if len(self.changes) != 1 else ''}"]
        if self.unmapped:
            parts.append(f"{len(self.unmapped)} part{'s' if len(self.unmapped) != 1 else ''} of the README could not be absorbed")
        return "; ".join(parts)
