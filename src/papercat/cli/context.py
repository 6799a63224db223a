"""What every command shares: global options and the two output streams.

rich is imported lazily so `papercat --help` stays fast; rich itself honours NO_COLOR.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import typer


@dataclass
class Options:
    catalog_path: Path


def options(ctx: typer.Context) -> Options:
    """The global options; the app's callback always sets them before a command runs."""
    return ctx.find_root().obj


@lru_cache(maxsize=None)
def stdout_console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def stdout_may_be_coloured() -> bool:
    """Could rich colour stdout? Answered without importing rich (a tenth of lint's start-up).

    rich colours a terminal, and any stream when FORCE_COLOR or TTY_COMPATIBLE is set; where
    none of these holds it writes plain text, and papercat writes it without rich.
    """
    if "FORCE_COLOR" in os.environ or os.environ.get("TTY_COMPATIBLE", "") in ("0", "1"):
        return True  # rich decides
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError, OSError):  # no stream, a closed one, or not a file
        return False


@lru_cache(maxsize=None)
def stderr_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_error(message: str) -> None:
    """One line on stderr, no markup interpretation (messages may contain brackets)."""
    sys.stderr.write(f"papercat: error: {message}\n")
    sys.stderr.flush()


def print_warning(message: str) -> None:
    sys.stderr.write(f"papercat: warning: {message}\n")
    sys.stderr.flush()


def stdin_is_interactive() -> bool:
    """Can we ask a question? (tests replace this to answer through CliRunner's input)"""
    return sys.stdin is not None and sys.stdin.isatty()


def report_update(update, dry_run: bool) -> None:
    """A writing command's ending: its one-line summary, and with --dry-run the diff first."""
    if dry_run:
        print_diff(update.diff())
        typer.echo(f"{update.result} (dry run: nothing written)")
    else:
        typer.echo(update.result)


def print_diff(diff_text: str) -> None:
    """A unified diff, coloured when the terminal allows it."""
    if not diff_text:
        return
    console = stdout_console() if stdout_may_be_coloured() else None
    if console is None or not console.is_terminal or console.no_color:
        sys.stdout.write(diff_text)
        sys.stdout.flush()
        return
    from rich.text import Text

    for line in diff_text.splitlines():
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else "cyan" if line.startswith("@@") else ""
        console.print(Text(line, style=style))
