"""What every command shares: global options and the two output streams.

rich is imported lazily so `papercat --help` stays fast; rich itself honours NO_COLOR.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from rich.segment import Segment

    from ..store import Update


@dataclass
class Options:
    catalog_path: Path


def options(ctx: typer.Context) -> Options:
    """The global options; the app's callback always sets them before a command runs."""
    found: Options = ctx.find_root().obj  # click's context object: Any to the type checker
    return found


def _safe_console_class() -> type[Console]:
    """rich's Console, writing every piece of text it did not make itself as inert escapes."""
    from rich.console import Console
    from rich.segment import Segment

    from ..untrusted import escape

    class SafeConsole(Console):
        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            return super()._render_buffer(segment if segment.control else Segment(escape(segment.text), segment.style) for segment in buffer)

    return SafeConsole


@lru_cache(maxsize=None)
def stdout_console() -> Console:
    # NO_COLOR: no escape codes at all (rich alone still writes bold and italic)
    return _safe_console_class()(highlight=False, soft_wrap=True, color_system=None if os.environ.get("NO_COLOR") else "auto")


def colour_console() -> Optional[Console]:
    """The stdout console when rich will colour it, else None: then write plain text.

    rich colours a terminal, and any stream when FORCE_COLOR or TTY_COMPATIBLE says so,
    unless NO_COLOR is set. Where none of these can hold, rich is not even imported (a
    tenth of lint's start-up).
    """
    if "FORCE_COLOR" not in os.environ and os.environ.get("TTY_COMPATIBLE", "") not in ("0", "1"):
        try:
            if not sys.stdout.isatty():
                return None
        except (AttributeError, ValueError, OSError):  # no stream, a closed one, or not a file
            return None
    console = stdout_console()
    return console if console.is_terminal and not console.no_color else None


@lru_cache(maxsize=None)
def stderr_console() -> Console:
    return _safe_console_class()(stderr=True, highlight=False, soft_wrap=True)


# A message longer than this quotes some huge input whole: keep its start and end.
MESSAGE_LIMIT = 2000


def print_error(message: str) -> None:
    """One line on stderr, no markup interpretation (messages may contain brackets)."""
    _print_line("error", message)


def print_warning(message: str) -> None:
    _print_line("warning", message)


def print_note(message: str) -> None:
    _print_line("note", message)


def message_line(kind: str, message: str) -> str:
    """`papercat: KIND: message`: credentials hidden, cut to a readable length, inert."""
    from ..untrusted import escape, redact, shorten

    return f"papercat: {kind}: {shorten(escape(redact(message)), MESSAGE_LIMIT)}"


def _print_line(kind: str, message: str) -> None:
    """`message_line` on stderr."""
    from ..errors import OutputError

    line = message_line(kind, message)
    try:
        sys.stderr.write(f"{line}\n")
        sys.stderr.flush()
    except (OutputError, OSError, ValueError, AttributeError):  # stderr closed or full: nowhere left to say it
        pass


def stdin_is_interactive() -> bool:
    """Can we ask a question? (tests replace this to answer through CliRunner's input)"""
    return sys.stdin is not None and sys.stdin.isatty()


def report_update(update: Update[str], dry_run: bool) -> None:
    """A writing command's ending: its one-line summary, and with --dry-run the diff first."""
    if dry_run:
        print_diff(update.diff())
        typer.echo(f"{update.result} (dry run: nothing written)")
    else:
        typer.echo(update.result)


def print_diff(diff_text: str) -> None:
    """A unified diff, coloured when the terminal allows it; control characters shown as escapes there."""
    if not diff_text:
        return
    if sys.stdout.isatty():
        from ..untrusted import escape

        diff_text = escape(diff_text)
    console = colour_console()
    if console is None:
        sys.stdout.write(diff_text)
        sys.stdout.flush()
        return
    from rich.text import Text

    for line in diff_text.splitlines():  # SafeConsole makes the lines' text inert
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else "cyan" if line.startswith("@@") else ""
        console.print(Text(line, style=style))
