"""Compute values in a forked child process while this process goes on with other work.

Lint's duplicate detection and README render take about half of its time on a large
catalog and share nothing with the other rules but the loaded catalog. A forked child
already has that catalog in memory (copy-on-write, nothing to send), computes them on a
second core and sends each value back pickled through a pipe, while the parent runs the
other rules; a parent that finishes first takes over the tasks the child has not begun.
Where forking is unsafe or not worth it, the values are computed in this process instead,
when they are asked for, and the result is the same either way.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import sys
import threading
from typing import Callable, Generic, Optional, Sequence, TypeVar

# The pipe's buffer, asked of Linux (its default limit for a pipe is 1 MiB): a 10k-entry
# catalog's duplicate report is about 90 KB, more than the usual 64 KiB.
PIPE_BYTES = 1 << 20
# Each value goes through the pipe as its pickle's length (8 bytes), then the pickle.
_FRAME = struct.Struct("<Q")

# Below this many entries a fork costs more than it saves (it takes a few milliseconds).
MIN_ENTRIES_TO_FORK = 2000
# Set to 1 to keep every computation in one process (PAPERCAT_WORKERS=1).
WORKERS_ENV = "PAPERCAT_WORKERS"

T = TypeVar("T")


def can_fork() -> bool:
    """Fork only where it is cheap and safe: Linux, two or more usable cores, one thread.

    macOS frameworks are not fork-safe and Windows has no fork; a process with other
    threads could fork while one of them holds a lock the child then waits on forever.
    """
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return False
    if os.environ.get(WORKERS_ENV, "").strip() == "1":
        return False
    if threading.active_count() != 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


class Background(Generic[T]):
    """`tasks` started in order in a forked child now; `results()` collects their values.

    The child sends each value as soon as its task is done. When this process asks for
    the values while the child is still on a task, it computes the tasks after that one
    itself instead of waiting idle, then stops the child. If the child cannot be started,
    fails, or dies, the missing values are computed here: the answer never depends on
    whether a second process helped, and an error in a task surfaces in this process as
    it would without the child.
    """

    def __init__(self, tasks: Sequence[Callable[[], T]], *, fork: bool = True):
        self._tasks = list(tasks)
        self._values: list[T] = []  # of the first tasks, in order, as they arrive
        self._buffer = bytearray()
        self._pid: Optional[int] = None
        self._read_fd: Optional[int] = None
        self._results: Optional[list[T]] = None
        if fork:
            self._start()

    def _start(self) -> None:
        try:
            read_fd, write_fd = os.pipe()
        except OSError:
            return
        try:  # room for a value of a large catalog, so the child goes on to its next task at once
            import fcntl  # POSIX only, like fork itself

            fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        except (ImportError, AttributeError, OSError):  # not Linux, or above the system's limit: the default will do
            pass
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return
        if pid == 0:  # the child: compute, send, and leave without running the parent's exit code
            status = 1
            try:
                os.close(read_fd)
                with os.fdopen(write_fd, "wb") as pipe:
                    for task in self._tasks:
                        payload = pickle.dumps(task(), protocol=pickle.HIGHEST_PROTOCOL)
                        pipe.write(_FRAME.pack(len(payload)) + payload)
                        pipe.flush()
                status = 0
            except BaseException:  # noqa: BLE001 - the parent recomputes and reports any error
                pass
            finally:
                os._exit(status)
        os.close(write_fd)
        self._pid, self._read_fd = pid, read_fd

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def results(self) -> list[T]:
        """Every task's value, in order."""
        if self._results is None:
            self._results = self._collect() if self._pid is not None else [task() for task in self._tasks]
        return self._results

    def _collect(self) -> list[T]:
        self._read(block=False)
        # The task the child is on: after the values it has sent, and after the one it is
        # sending; the tasks after that one are done here rather than waited for.
        doing = len(self._values) + (1 if self._buffer else 0)
        later = [task() for task in self._tasks[doing + 1 :]]
        self._read(block=True, until=doing + 1)
        self.cancel()  # whatever it is still doing is no longer needed
        values = self._values[: doing + 1]
        values += [task() for task in self._tasks[len(values) : doing + 1]]  # the child failed or died
        return values + later

    def _read(self, *, block: bool, until: int = 0) -> None:
        """Take the values the child has sent; with `block`, wait until `until` have come (or it ends)."""
        while self._read_fd is not None and len(self._values) < len(self._tasks):
            if not block and not select.select([self._read_fd], [], [], 0)[0]:
                return
            if block and len(self._values) >= until:
                return
            chunk = os.read(self._read_fd, 1 << 20)
            if not chunk:  # the child has finished or died: what it did not send is computed here
                self._close()
                return
            self._buffer += chunk
            while len(self._buffer) >= _FRAME.size:
                (size,) = _FRAME.unpack_from(self._buffer)
                if len(self._buffer) < _FRAME.size + size:
                    break
                try:
                    self._values.append(pickle.loads(self._buffer[_FRAME.size : _FRAME.size + size]))
                except Exception:  # noqa: BLE001 - a damaged message: compute the rest here
                    self._close()
                    return
                del self._buffer[: _FRAME.size + size]

    def _close(self) -> None:
        if self._read_fd is not None:
            os.close(self._read_fd)
            self._read_fd = None

    def cancel(self) -> None:
        """Stop the child (done with, Ctrl-C, or an error here): no stray process is left behind."""
        self._close()
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
