"""The command line: a thin typer layer over the papercat library.

Each command lives in its own module under papercat.cli and exposes `register(app)`.
Domain errors are turned into one line on stderr and an exit code here, in
`PapercatGroup.invoke`, and nowhere else.
"""

from __future__ import annotations

import os
import signal
import sys


def _interrupted_while_starting(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C while Python still imports papercat: nothing was touched yet; say so, exit 130."""
    try:
        os.write(2, b"papercat: error: interrupted while starting; nothing was changed\n")
    finally:
        os._exit(130)


# Importing typer, rich and the commands takes a while; a Ctrl-C then would print a
# KeyboardInterrupt traceback from the middle of some import. The handler is put back at
# the end of this module, so importing papercat.cli leaves SIGINT as it found it.
_previous_sigint = None
if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not ignored, not someone else's
    try:
        _previous_sigint = signal.signal(signal.SIGINT, _interrupted_while_starting)
    except ValueError:  # not the main thread: whoever imports us from a thread handles Ctrl-C
        pass

import gc  # noqa: E402
import importlib  # noqa: E402
from functools import lru_cache  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Any, Callable, Optional  # noqa: E402

import typer  # noqa: E402
from typer.core import TyperGroup  # noqa: E402
from typer.main import get_command  # noqa: E402

from .. import __version__, yamltext  # noqa: E402
from ..errors import PapercatError  # noqa: E402
from .context import Options, options, print_error, print_note  # noqa: E402
from .streams import guarded_streams  # noqa: E402

if TYPE_CHECKING:
    from types import FrameType

    from typer._click import Command, Context, Parameter  # typer 0.26-0.28 vendor click

# Order is the order of `papercat --help`.
COMMAND_MODULES: tuple[str, ...] = (
    "import_command",
    "add_command",
    "refresh_command",
    "dedupe_command",
    "move_command",
    "section_command",
    "list_command",
    "show_command",
    "edit_command",
    "remove_command",
    "lint_command",
    "render_command",
    "absorb_command",
    "export_command",
    "stats_command",
    "config_command",
    "schema_command",
)


class PapercatGroup(TyperGroup):
    """Turns papercat's domain errors and Ctrl-C into one line and an exit code."""

    def list_commands(self, ctx: Context) -> list[str]:  # COMMAND_MODULES' order, not alphabetical (typer puts groups such as `section` last)
        rank = {module.removesuffix("_command"): position for position, module in enumerate(COMMAND_MODULES)}
        return sorted(self.commands, key=lambda name: rank.get(name, len(rank)))

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """Every command also takes `--catalog` after its name (`papercat lint --catalog X`)."""
        command = super().get_command(ctx, cmd_name)
        # A group (`papercat section ...`) takes it too, and so does each of its subcommands.
        for target in [command, *getattr(command, "commands", {}).values()] if command is not None else []:
            if not any(param.name == CATALOG_AFTER_COMMAND for param in target.params):
                target.params.append(catalog_after_command())
        return command

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except _CLICK_SIGNALS as error:  # `papercat --bogus`: one line, as after a command name
            _raise_usage_error_as_one_line(error)
            raise

    def invoke(self, ctx: Context) -> object:
        from .. import files

        files.written.clear()  # one run's writes (CliRunner runs many in one process)
        yamltext.note_sink = print_note
        with guarded_streams():
            try:
                return super().invoke(ctx)
            except PapercatError as error:
                print_error(str(error))
                raise typer.Exit(error.exit_code) from None
            except (KeyboardInterrupt, typer.Abort):  # Ctrl-C anywhere, or at a yes/no prompt (click's Abort)
                print_error(interrupted_message())
                raise typer.Exit(130) from None
            except _CLICK_SIGNALS as error:
                _raise_usage_error_as_one_line(error)
                raise  # exits, aborts and the help shown for no arguments: click's own
            except Exception as error:  # a bug: one line, not a traceback (unless asked for)
                report_internal_error(error)
                raise typer.Exit(INTERNAL_ERROR_EXIT) from None


def _click_signals() -> tuple[type[BaseException], ...]:
    """What click raises on purpose (exits, aborts, usage errors): not bugs, and click prints them itself."""
    signals: list[type[BaseException]] = [typer.Exit, typer.Abort]
    try:  # typer 0.26-0.28 vendor click as typer._click
        from typer._click.exceptions import ClickException

        signals.append(ClickException)
    except ImportError:  # pragma: no cover - a typer that uses click itself
        pass
    return tuple(signals)


_CLICK_SIGNALS = _click_signals()


def _usage_error_classes() -> tuple[tuple[type[BaseException], ...], tuple[type[BaseException], ...]]:
    try:  # typer 0.26-0.28 vendor click as typer._click
        from typer._click.exceptions import NoArgsIsHelpError, UsageError
    except ImportError:  # pragma: no cover - a typer that uses click itself
        return (), ()
    return (UsageError,), (NoArgsIsHelpError,)


_USAGE_ERRORS, _HELP_FOR_NO_ARGUMENTS = _usage_error_classes()


def usage_error_line(error: BaseException) -> str:
    """Click's usage error (`No such option: --bogus`) as one line that says where the help is.

    Click writes the usage, a hint and `Error: ...` over four lines; papercat's own errors
    are one line each, and so are these.
    """
    format_message = getattr(error, "format_message", None)
    message = " ".join((format_message() if callable(format_message) else str(error)).split())
    if len(message) > 1 and message[0].isupper() and message[1].islower():
        message = message[0].lower() + message[1:]
    context = getattr(error, "ctx", None)
    where = f" (see '{context.command_path} -h')" if context is not None else ""
    return message.rstrip(".") + where


def _raise_usage_error_as_one_line(error: BaseException) -> None:
    """Print a usage error as one line and exit 2; return for anything else."""
    if isinstance(error, _USAGE_ERRORS) and not isinstance(error, _HELP_FOR_NO_ARGUMENTS):
        print_error(usage_error_line(error))
        raise typer.Exit(2) from None


INTERNAL_ERROR_EXIT = 3
DEBUG_ENV = "PAPERCAT_DEBUG"


def report_internal_error(error: BaseException) -> None:
    """`papercat: internal error: ...` on stderr; with $PAPERCAT_DEBUG=1 the traceback first."""
    if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
        import traceback

        traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
    detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    sys.stderr.write(f"papercat: internal error: {detail} (please report it; {DEBUG_ENV}=1 shows the traceback)\n")
    sys.stderr.flush()


def interrupted_message() -> str:
    """What a Ctrl-C left behind: nothing written, or the files this run had already replaced."""
    from .. import files

    if not files.written:
        return "interrupted; the catalog was not changed"
    names = ", ".join(dict.fromkeys(str(path) for path in files.written))
    return f"interrupted after {names} was written; that change is complete and saved"


CATALOG_HELP = "The catalog file to read and change."
CATALOG_AFTER_COMMAND = "catalog_after_command"


@lru_cache(maxsize=None)
def catalog_after_command() -> Parameter:
    """`--catalog PATH` given after the command name; it wins over the one before it.

    pre-commit hooks and other tools append their options to a fixed command
    (`entry: papercat lint` + `args: [--catalog, lists/catalog.yaml]`), so the option
    must be accepted there too. It is not passed to the command function: it only
    replaces the global option's value before the command runs. The parameter is made
    with typer's public API (a one-option command), not typer's internal classes, whose
    signatures change between releases.
    """

    def take(ctx: typer.Context, value: Optional[Path]) -> None:
        if value is not None:
            options(ctx).catalog_path = value

    template = typer.Typer(add_completion=False)

    @template.command()
    def _template(
        catalog: Optional[Path] = typer.Option(
            None,
            "--catalog",
            "-c",
            metavar="PATH",
            expose_value=False,
            callback=take,
            help="The catalog file to read and change; the same as --catalog before the command name.",
        ),
    ) -> None:
        """Only its parameter is used."""

    (parameter,) = get_command(template).params
    parameter.name = CATALOG_AFTER_COMMAND
    return parameter


app = typer.Typer(
    cls=PapercatGroup,
    name="papercat",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"papercat {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    catalog: Path = typer.Option(
        Path("catalog.yaml"),
        "--catalog",
        "-c",
        envvar="PAPERCAT_CATALOG",
        help=CATALOG_HELP,
        show_default=True,
    ),
    version: Optional[bool] = typer.Option(None, "--version", callback=_version_callback, is_eager=True, help="Print papercat's version and exit."),
) -> None:
    """Keep a curated paper list as one canonical catalog.yaml, and render README.md from it.

    \b
    Examples:
      papercat import README.md -o catalog.yaml
      papercat add 2305.07759 --section pretraining
      papercat lint && papercat render --check README.md

    Documentation: docs/guide.md. Exit codes: 0 ok, 1 findings or refused change, 2 error.
    """
    ctx.obj = Options(catalog_path=_discovered(ctx, catalog))


def _discovered(ctx: typer.Context, catalog: Path) -> Path:
    """The catalog to use: as given (--catalog, $PAPERCAT_CATALOG), else ./catalog.yaml, else the
    nearest one above, up to the repository root (said on stderr, so nobody wonders which list changed)."""
    source = ctx.get_parameter_source("catalog")  # click's ParameterSource, named so whichever click typer uses
    if source is None or source.name != "DEFAULT" or catalog.is_file():
        return catalog
    if ctx.invoked_subcommand in ("import",) or ctx.resilient_parsing:
        return catalog  # import creates a catalog here; completion must stay silent
    from ..workspace import find_catalog

    search = find_catalog(Path.cwd(), catalog.name)
    if search.found is None:
        return catalog
    shown = os.path.relpath(search.found)
    sys.stderr.write(f"papercat: using {shown}\n")
    return Path(shown)


def _keep_examples_verbatim(text: Optional[str]) -> Optional[str]:
    """Click rewraps help paragraphs; `\\b` before a paragraph keeps example lines as written."""
    if not text:
        return text
    paragraphs = text.strip("\n").split("\n\n")
    return "\n\n".join(f"\b\n{paragraph}" if paragraph.lstrip().startswith("papercat ") else paragraph for paragraph in paragraphs)


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}").register(app)
for _command in app.registered_commands:
    _command.epilog = _keep_examples_verbatim(_command.epilog)
for _group in app.registered_groups:  # `papercat section ...`: its own help and its subcommands'
    _commands = _group.typer_instance
    if _commands is None:  # add_typer always sets it: not reached
        continue
    _commands.info.epilog = _keep_examples_verbatim(_commands.info.epilog)
    for _command in _commands.registered_commands:
        _command.epilog = _keep_examples_verbatim(_command.epilog)
if _previous_sigint is not None:
    signal.signal(signal.SIGINT, _previous_sigint)


def main() -> None:
    """The `papercat` console script (and `python -m papercat`)."""
    # A command builds tens of thousands of small objects that live until it exits; the
    # default collector would walk them all several times over for nothing (measured in
    # docs/performance.md, "The collector"). mypy raises the first threshold the same way.
    gc.set_threshold(200_000, 50, 100)
    _keep_standard_descriptors_taken()
    build_only(invoked_command_name(sys.argv[1:]))
    if sys.argv[1:] in ([], ["--help"], ["-h"]):
        build_for_listing()
    try:
        app(prog_name="papercat")  # click ends every run with SystemExit
        code = 0
    except SystemExit as done:
        code = exit_code_of(done)
    except KeyboardInterrupt:  # outside a command (while click parses the options)
        print_error("interrupted; nothing was changed")
        code = 130
    # Every file is written and closed by now. Tearing the interpreter down would free
    # each object one at a time for no one (docs/performance.md, "No work at exit"): flush
    # the output and leave, as mypy does.
    os._exit(flush_standard_streams(code))


GLOBAL_VALUE_OPTIONS = ("--catalog", "-c")


def invoked_command_name(arguments: list[str]) -> Optional[str]:
    """The command a command line runs, when nothing but `--catalog PATH` comes before it; else None.

    Any other option first (`--help`, `--version`, the completion options) needs every command.
    """
    position = 0
    while position < len(arguments):
        argument = arguments[position]
        if argument in GLOBAL_VALUE_OPTIONS:
            position += 2
        elif argument.startswith("--catalog=") or (argument.startswith("-c") and not argument.startswith("--")):
            position += 1  # --catalog=PATH, -cPATH
        elif argument.startswith("-"):
            return None
        else:
            return argument
    return None


def build_only(name: Optional[str]) -> None:
    """Keep only the command `name` in the app, so typer builds one click command, not all 23.

    Typer turns every registered command into a click command at each start, reading each
    function's signature and annotations (measured in docs/performance.md, "Issue 13's
    restructuring"). An unknown name, or shell completion (which lists every command), keeps
    them all, so that click's "No such command" and its suggestions stay as they are.
    """
    if name is None or _completing():
        return
    commands = [command for command in app.registered_commands if command.name == name]
    groups = [group for group in app.registered_groups if group.name == name]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups


def build_for_listing() -> None:
    """`papercat --help` lists each command's name and summary only: build them without parameters.

    Reading every signature is most of what `--help` costs typer; a stand-in callback with the
    command's docstring gives click the same listing (tests/cli/test_start.py).
    """
    if _completing():
        return
    infos = list(app.registered_commands)
    for group in app.registered_groups:
        infos.extend(group.typer_instance.registered_commands if group.typer_instance else [])
    for info in infos:
        if info.callback is not None:
            info.callback = _listed(info.callback)


def _completing() -> bool:
    """Shell completion is asking (click sets `_PAPERCAT_COMPLETE`): it needs every command."""
    return any(variable.startswith("_PAPERCAT_COMPLETE") for variable in os.environ)


def _listed(callback: Callable[..., Any]) -> Callable[[], None]:
    def listed() -> None:
        raise RuntimeError("a stand-in for `papercat --help`: not a command to run")

    listed.__doc__ = callback.__doc__
    listed.__name__ = callback.__name__
    return listed


def exit_code_of(done: SystemExit) -> int:
    if done.code is None:
        return 0
    if isinstance(done.code, int):
        return done.code
    print(done.code, file=sys.stderr)  # what the interpreter does with a message
    return 1


def _keep_standard_descriptors_taken() -> None:
    """With fd 0, 1 or 2 closed (`papercat render >&-`), the next file opened would get that
    number, and output meant for the terminal could land in a catalog's temp file: park
    /dev/null there. sys.stdout stays None, so writing output fails with one line."""
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            try:
                opened = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if opened != descriptor:
                os.dup2(opened, descriptor)
                os.close(opened)


def flush_standard_streams(code: int) -> int:
    """Flush stdout and stderr; a reader that went away (`papercat lint | head`) is no error.

    Output that could not be written (a full disk behind `> file`) is one error line and exit 2.
    """
    for stream, name in ((sys.stdout, "output"), (sys.stderr, "error")):
        try:
            if stream is not None:
                stream.flush()
        except (BrokenPipeError, ValueError):  # a closed pipe, or a stream closed by someone
            pass
        except OSError as error:
            if name == "output":
                print_error(f"cannot write to standard output ({error.strerror or error}); what the command printed is lost, files it wrote are complete")
            code = 2
    return code
