"""Every file papercat reads or writes goes through here: one reader, one writer, one lock.

- `read_text`: UTF-8 text with a byte cap that does not trust `st_size`; only regular
  files are read (a FIFO or a device would block or never end), a BOM kept or stripped,
  a bad byte reported as one line naming the file and line.
- `write_atomic`: readers see the old bytes or the new, never a mix. The write goes
  through symlinks to the real file (the link stays a link), keeps a hard link's inode,
  the mode bits (setgid included, whatever the umask) and, where permitted, owner and
  group. FIFOs and character devices are written as streams when the caller allows it.
- `locked`: the lock file next to the real file, so concurrent papercat processes take turns.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .environment import seconds_from_env
from .errors import LockTimeoutError, PapercatError, UsageError, WriteError

MAX_TEXT_BYTES = 256 * 1024 * 1024
# Test hook (documented in docs/reliability.md): seconds to pause between writing the
# temporary file and replacing the target, so tests can kill a writer mid-save.
PAUSE_ENV = "PAPERCAT_TEST_PAUSE_BEFORE_REPLACE"
LOCK_TIMEOUT_ENV = "PAPERCAT_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0
_CHUNK = 1 << 20

# An already open descriptor named as a path (`render -o /dev/stdout`): written to, never resolved.
_DESCRIPTOR_PATH = re.compile(r"^/dev/(?:stdout|stderr|fd/\d+)$|^/proc/(?:self|\d+)/fd/\d+$")

# Files this process replaced, in order: after a Ctrl-C the CLI says what was written.
written: list[Path] = []


def kind_of(mode: int) -> str:
    """'a FIFO', 'a character device', ... for messages about a file that is not a regular file."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


# --- reading ------------------------------------------------------------------------


def read_bytes(
    path: Path,
    *,
    error: type[PapercatError] = UsageError,
    missing: str = "no such file",
    limit: int = MAX_TEXT_BYTES,
    what: str = "files",
) -> bytes:
    """A regular file's bytes, at most `limit` of them, or one `error` naming the file."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting forever.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise error(missing, path=str(path)) from None
    except IsADirectoryError:
        raise error("is a folder, not a file", path=str(path)) from None
    except PermissionError:
        raise error("cannot be read: permission denied", path=str(path)) from None
    except OSError as failure:
        raise error(f"cannot be read ({failure.strerror})", path=str(path)) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            if stat.S_ISDIR(mode):
                raise error("is a folder, not a file", path=str(path))
            raise error(f"is {kind_of(mode)}, not a regular file; papercat reads {what} only from regular files", path=str(path))
        chunks: list[bytes] = []
        size = 0
        while True:  # st_size is not trusted (0 for /proc files): count what is read
            try:
                chunk = os.read(descriptor, _CHUNK)
            except OSError as failure:
                raise error(f"cannot be read ({failure.strerror})", path=str(path)) from None
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise error(f"the file is over {limit:,} bytes; papercat reads {what} up to {limit:,} bytes", path=str(path))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_text(
    path: os.PathLike[str] | str,
    *,
    error: type[PapercatError] = UsageError,
    missing: str = "no such file",
    limit: int = MAX_TEXT_BYTES,
    strip_bom: bool = False,
    what: str = "files",
    fix: str = "save it as UTF-8",
) -> str:
    """A UTF-8 file's text, or one `error` naming the file (and the line of a bad byte)."""
    path = Path(path)
    raw = read_bytes(path, error=error, missing=missing, limit=limit, what=what)
    try:
        return raw.decode("utf-8-sig" if strip_bom else "utf-8")
    except UnicodeDecodeError as bad:
        line = raw[: bad.start].count(b"\n") + 1
        raise error(f"is not valid UTF-8; {fix}", path=str(path), line=line) from None


# --- writing ------------------------------------------------------------------------


def resolve_target(path: os.PathLike[str] | str) -> Path:
    """The file a write to `path` must change: symlinks followed (a dangling one to its target)."""
    return Path(os.path.realpath(path))


def write_atomic(path: os.PathLike[str] | str, text: str | bytes, *, streams: bool = False, record: bool = True) -> Path:
    """Replace the file at `path` with `text`; return the real path that was written.

    `streams=True` lets a FIFO or a character device (`/dev/null`, a terminal) receive
    the text as a stream; without it, and for every other special file, WriteError.
    `record=False` keeps the write out of `written` (a cache file is not news after Ctrl-C).
    """
    shown = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    if streams and _DESCRIPTOR_PATH.match(str(shown)):  # /dev/stdout: whatever fd 1 is, never replaced
        _write_stream(shown, data, shown)
        return shown
    target = resolve_target(path)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as failure:
        raise WriteError(f"cannot write it ({failure.strerror}); it was not changed", path=str(shown)) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if streams and (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)):
            _write_stream(target, data, shown)
            return target
        raise WriteError(f"is {kind_of(info.st_mode)}; papercat writes only regular files there, so it was not changed", path=str(shown))
    if info is not None and info.st_nlink > 1:
        _write_in_place(target, data, shown)
    else:
        _replace(target, data, shown, info)
    if not record and written and written[-1] == shown:
        written.pop()
    return target


def write_new(path: os.PathLike[str] | str, text: str | bytes) -> bool:
    """Create the file at `path` with `text` only if nothing is there; False if something is.

    The text is written to a temporary file first and linked into place, so the check and
    the creation are one step (no other process can slip a file in between) and readers
    never see half a file.
    """
    shown = Path(path)
    target = resolve_target(path)
    if os.path.lexists(shown) or os.path.lexists(target):
        return False
    data = text.encode("utf-8") if isinstance(text, str) else text
    folder = target.parent
    temporary = folder / f".{target.name}.{os.getpid()}.{time.monotonic_ns()}.tmp"
    try:
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.link(temporary, target)  # fails with EEXIST if the file appeared meanwhile
            written.append(shown)
        except FileExistsError:
            return False
        except OSError as failure:
            raise WriteError(f"cannot write in {folder}: {failure.strerror}; nothing was written", path=str(shown)) from None
        _fsync_folder(folder)
        return True
    finally:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


def same_file(first: os.PathLike[str] | str, second: os.PathLike[str] | str) -> bool:
    """Whether two paths name one file (through symlinks and hard links)."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return resolve_target(first) == resolve_target(second)


def is_regular(path: os.PathLike[str] | str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _replace(target: Path, data: bytes, shown: Path, info: os.stat_result | None) -> None:
    folder = target.parent
    _remove_stale_temporaries(target)
    temporary = folder / f".{target.name}.{os.getpid()}.{time.monotonic_ns()}.tmp"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if info else 0o666)
    except OSError as failure:
        raise WriteError(f"cannot write in {folder}: {failure.strerror}; {shown.name} was not changed", path=str(shown)) from None
    except BaseException:
        # Ctrl-C is delivered as the open returns: the file exists but nobody would remove it.
        temporary.unlink(missing_ok=True)
        raise
    try:
        try:
            with os.fdopen(descriptor, "wb") as stream:
                if info is not None:
                    _keep_owner_and_mode(stream.fileno(), info)
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            pause = os.environ.get(PAUSE_ENV)
            if pause:
                time.sleep(float(pause))
            _replace_and_record(temporary, target, shown)
        except OSError as failure:
            raise WriteError(f"writing failed ({failure.strerror}); {shown.name} was not changed", path=str(shown)) from None
        _fsync_folder(folder)
    finally:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


def _replace_and_record(temporary: Path, target: Path, shown: Path) -> None:
    """os.replace, and note it, with Ctrl-C held back between the two so the note never lies."""
    can_mask = hasattr(signal, "pthread_sigmask")
    if can_mask:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        os.replace(temporary, target)
        written.append(shown)
    finally:
        if can_mask:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _keep_owner_and_mode(descriptor: int, info: os.stat_result) -> None:
    """The new file gets the old one's owner and group where permitted, then its exact mode bits."""
    if hasattr(os, "fchown"):
        try:
            os.fchown(descriptor, info.st_uid, info.st_gid)
        except OSError:
            try:  # not root: a member of the old group may still keep the group
                os.fchown(descriptor, -1, info.st_gid)
            except OSError:
                pass
    os.fchmod(descriptor, stat.S_IMODE(info.st_mode))  # after chown, which may clear setgid


def _write_in_place(target: Path, data: bytes, shown: Path) -> None:
    """A hard-linked file: the same inode gets the new bytes, so every name sees them.

    A replace would split the link. The write is not atomic; it happens under the caller's
    lock and is synced before returning.
    """
    try:
        descriptor = os.open(target, os.O_WRONLY)
    except OSError as failure:
        raise WriteError(f"cannot write it ({failure.strerror}); it was not changed", path=str(shown)) from None
    try:
        _write_all(descriptor, data)
        os.ftruncate(descriptor, len(data))
        os.fsync(descriptor)
        written.append(shown)
    except OSError as failure:
        raise WriteError(f"writing failed ({failure.strerror}); the file may be incomplete, write it again", path=str(shown)) from None
    finally:
        os.close(descriptor)


def _write_stream(target: Path, data: bytes, shown: Path) -> None:
    """A FIFO or a character device: written like `cat > it`, never replaced."""
    try:
        # O_NONBLOCK: a FIFO nobody reads fails at once (ENXIO) instead of hanging.
        descriptor = os.open(target, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as failure:
        reason = "no process is reading the FIFO" if failure.errno == 6 else failure.strerror
        raise WriteError(f"cannot write to it ({reason})", path=str(shown)) from None
    try:
        os.set_blocking(descriptor, True)
        _write_all(descriptor, data)
        written.append(shown)
    except OSError as failure:
        raise WriteError(f"writing failed ({failure.strerror})", path=str(shown)) from None
    finally:
        os.close(descriptor)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _remove_stale_temporaries(path: Path) -> None:
    """Temp files of writers that were killed: their process is gone, so nobody will finish them."""
    folder = path.parent
    try:
        candidates = list(folder.glob(f".{path.name}.*.tmp"))
    except OSError:
        return
    for candidate in candidates:
        parts = candidate.name[len(path.name) + 2 :].split(".")
        if not parts or not parts[0].isdigit():
            continue
        pid = int(parts[0])
        if pid == os.getpid() or _process_alive(pid):
            continue
        try:
            candidate.unlink()
        except OSError:
            pass


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- the lock -------------------------------------------------------------------------


# papercat's own folder beside a catalog: the default metadata cache, and the lock.
CACHE_FOLDER_NAME = ".papercat-cache"
# What makes git ignore such a folder, as pytest's and ruff's caches do: nothing to add to the
# list repository's .gitignore, and `git status` stays clean after any papercat command.
GITIGNORE_TEXT = "# Created by papercat automatically.\n*\n"


def make_ignored_folder(folder: Path) -> None:
    """Create `folder` (and its parents) holding its own `.gitignore` of `*`; OSError on failure."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(GITIGNORE_TEXT, encoding="utf-8")


def lock_path(path: os.PathLike[str] | str) -> Path:
    """`.papercat-cache/NAME.lock` beside the real file (two symlinks to one catalog share one lock).

    Inside papercat's ignored folder, a write (or a dry run) leaves nothing untracked in a list repository.
    """
    target = resolve_target(path)
    return target.parent / CACHE_FOLDER_NAME / f"{target.name}.lock"


def lock_timeout_from_env() -> float:
    """Seconds to wait for another process's lock: $PAPERCAT_LOCK_TIMEOUT, else 10."""
    return seconds_from_env(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT, UsageError)


@contextmanager
def locked(path: os.PathLike[str] | str, timeout: float | None = None) -> Iterator[None]:
    """Hold the file's lock so concurrent papercat processes take turns (timeout None: from env)."""
    from filelock import FileLock, Timeout

    if timeout is None:
        timeout = lock_timeout_from_env()
    shown = Path(path)
    lock_file = lock_path(path)
    if not lock_file.parent.parent.is_dir():  # filelock would create it; a missing folder is the user's typo
        raise WriteError(f"cannot write in {shown.parent}: No such file or directory", path=str(shown))
    lock = FileLock(str(lock_file), timeout=timeout)
    try:
        make_ignored_folder(lock_file.parent)
        lock.acquire()
    except Timeout:
        raise LockTimeoutError(
            f"another papercat process has held the lock {lock_file.name} for {timeout:g} s; try again when it is done",
            path=str(shown),
        ) from None
    except OSError as failure:
        raise WriteError(f"cannot create the lock file in {lock_file.parent} next to it ({failure.strerror})", path=str(shown)) from None
    try:
        yield
    finally:
        lock.release()
