"""Compute one value in a forked child process while this process goes on with other work.

Lint's duplicate detection takes about a third of its time on a large catalog and
shares nothing with the other rules but the loaded catalog. A forked child already
has that catalog in memory (copy-on-write, nothing to send), computes the report on
a second core and sends it back pickled through a pipe, while the parent runs the
other rules. Where forking is unsafe or not worth it, the value is computed in this
process instead, when it is asked for, and the result is the same either way.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from typing import Callable, Generic, Optional, TypeVar

T = TypeVar("T")

# Below this many entries a fork costs more than it saves (it takes a few milliseconds).
MIN_ENTRIES_TO_FORK = 2000
# Set to 1 to keep every computation in one process (PAPERCAT_WORKERS=1).
WORKERS_ENV = "PAPERCAT_WORKERS"


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
    """`compute()` started in a forked child now; `result()` waits for it.

    If the child cannot be started, fails, or dies, `result()` computes the value here:
    the answer never depends on whether a second process helped, and an error in
    `compute` surfaces in this process as it would without the child.
    """

    def __init__(self, compute: Callable[[], T], *, fork: bool = True):
        self._compute = compute
        self._pid: Optional[int] = None
        self._read_fd: Optional[int] = None
        self._done = False
        self._value: Optional[T] = None
        if fork:
            self._start()

    def _start(self) -> None:
        try:
            read_fd, write_fd = os.pipe()
        except OSError:
            return
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
                payload = pickle.dumps(self._compute(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_fd, "wb") as pipe:
                    pipe.write(payload)
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

    def result(self) -> T:
        if not self._done:
            self._value = self._receive() if self._pid is not None else self._compute()
            self._done = True
        return self._value

    def _receive(self) -> T:
        try:
            with os.fdopen(self._read_fd, "rb") as pipe:
                self._read_fd = None
                payload = pipe.read()
        finally:
            status = self._reap()
        if status == 0 and payload:
            try:
                return pickle.loads(payload)
            except Exception:  # noqa: BLE001 - a damaged message: compute it here
                pass
        return self._compute()

    def _reap(self) -> int:
        pid, self._pid = self._pid, None
        _, wait_status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(wait_status)

    def cancel(self) -> None:
        """Stop the child (Ctrl-C, or an error in this process): no stray process is left behind."""
        if self._pid is None:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self._read_fd is not None:
            os.close(self._read_fd)
            self._read_fd = None
        self._reap()
