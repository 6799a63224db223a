"""Standard output and error as papercat writes them: nothing untrusted reaches a terminal raw.

While a command runs, `sys.stdout` and `sys.stderr` are `GuardedStream`s. They write control
and bidi characters as visible escapes (a title's ESC cannot clear the screen or forge an
OSC 8 link), and turn a closed stream or a full disk behind it into one OutputError line
instead of a traceback. rich draws colours and progress bars with escape sequences of its
own: its consoles write through `for_rich`, which lets CSI sequences pass, and print only
text that `untrusted.escape` has already made inert (see context.SafeConsole).
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator, Optional

from ..errors import OutputError
from ..untrusted import escape

if TYPE_CHECKING:
    from typing import BinaryIO, TextIO

# ESC [ parameters intermediates final: colours, cursor moves, line erases (what rich writes).
_CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


def _inert_but_csi(text: str) -> str:
    if "\x1b" not in text:
        return escape(text.replace("\r", "\x00")).replace("\\x00", "\r")
    parts = []
    at = 0
    for match in _CSI.finditer(text):
        parts.append(escape(text[at : match.start()].replace("\r", "\x00")).replace("\\x00", "\r"))
        parts.append(match.group())
        at = match.end()
    parts.append(escape(text[at:].replace("\r", "\x00")).replace("\\x00", "\r"))
    return "".join(parts)


class GuardedStream:
    """A text stream that escapes control characters and reports write failures as OutputError."""

    def __init__(self, stream: Optional[TextIO], name: str, *, for_rich: bool = False):
        self._stream = stream
        self._name = name
        self._inert = _inert_but_csi if for_rich else escape

    @property
    def rich_proxied_file(self) -> "GuardedStream":  # rich's Console writes to this attribute when present
        return self.for_rich

    @property
    def for_rich(self) -> "GuardedStream":
        return GuardedStream(self._stream, self._name, for_rich=True)

    @property
    def unguarded(self) -> Optional[TextIO]:
        return self._stream

    def write(self, text: str) -> int:
        stream = self._require_open()
        try:
            return stream.write(self._inert(text))
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as error:
            raise self._failed(error) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as error:
            raise self._failed(error) from None

    @property
    def buffer(self) -> "GuardedBuffer":
        return GuardedBuffer(self._require_open().buffer, self)

    def isatty(self) -> bool:
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False

    def __getattr__(self, name: str) -> Any:
        if self._stream is None:
            raise AttributeError(name)
        return getattr(self._stream, name)

    def _require_open(self) -> TextIO:
        if self._stream is None:
            raise OutputError(f"cannot write to standard {self._name}: it is closed; give papercat somewhere to write (e.g. > /dev/null)")
        return self._stream

    def _failed(self, error: Exception) -> OutputError:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        return OutputError(f"cannot write to standard {self._name} ({reason}); what the command printed is lost, files it wrote are complete")


class GuardedBuffer:
    """The binary side of a GuardedStream (render writes the README's exact bytes here)."""

    def __init__(self, buffer: BinaryIO, owner: GuardedStream):
        self._buffer = buffer
        self._owner = owner

    def write(self, data: bytes) -> int:
        try:
            return self._buffer.write(data)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as error:
            raise self._owner._failed(error) from None

    def flush(self) -> None:
        try:
            self._buffer.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as error:
            raise self._owner._failed(error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._buffer, name)


@contextmanager
def guarded_streams() -> Iterator[None]:
    """Run with sys.stdout and sys.stderr guarded; restore them afterwards."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, GuardedStream):
        sys.stdout = GuardedStream(sys.stdout, "output")
    if not isinstance(sys.stderr, GuardedStream):
        sys.stderr = GuardedStream(sys.stderr, "error")
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
