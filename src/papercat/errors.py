"""One exception hierarchy for papercat; only the CLI turns these into exit codes.

Exit codes follow ruff: 0 nothing to report, 1 findings (or a refused change),
2 the input could not be read or the command was misused.
"""

from __future__ import annotations

# A path into the parsed catalog file, e.g. ("entries", 3, "title"): how errors and lint
# findings name a place before it is turned into a line and column.
DataPath = tuple[str | int, ...]


def format_location(path: str | None, line: int | None = None, column: int | None = None) -> str:
    """`path:line:column` as far as known (`catalog.yaml:12:5`, `README.md`); '' without a path."""
    if not path:
        return ""
    parts = [path]
    if line is not None:
        parts.append(str(line))
        if column is not None:
            parts.append(str(column))
    return ":".join(parts)


class PapercatError(Exception):
    """A problem a person can act on; the message is the whole story."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = format_location(self.path, self.line, self.column)
        return f"{where}: {self.message}" if where else self.message


class CatalogError(PapercatError):
    """The catalog file is malformed or violates the schema."""


class UsageError(PapercatError):
    """The command was called with arguments that cannot work."""


class NotFoundError(PapercatError):
    """A reference (entry, section, paper id) matches nothing."""


class AmbiguousReferenceError(PapercatError):
    """A reference matches several entries; the message lists them."""


class RefusedError(PapercatError):
    """A change was refused to protect the catalog (e.g. a duplicate add)."""

    exit_code = 1


class IdentifierError(PapercatError):
    """A string is not an arXiv id, DOI, ACL Anthology id or URL we understand."""


class SourceError(PapercatError):
    """A metadata source (arXiv, Crossref) failed or answered something unusable."""


class LockTimeoutError(PapercatError):
    """Another papercat process holds the catalog lock for too long."""


class WriteError(PapercatError):
    """Writing the catalog failed; the old file is intact."""


class OutputError(PapercatError):
    """Standard output or error could not be written (closed, or the disk behind it is full)."""
