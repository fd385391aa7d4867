"""One import at a time per survey file: a lock file beside it.

An import takes `.NAME.duckdb.lock` beside the survey file before it reads the file and
holds it until the new file is in place.  The lock file is created if it is missing and
then locked with the operating system's own file lock (`fcntl.flock` on Linux and macOS,
`msvcrt.locking` on Windows).  The system drops that lock when the process ends, however
it ends, so a killed import never leaves the survey file locked: the lock file it leaves
is locked by nobody, and the next import takes it over and removes it when done.

A second import that finds the lock held waits (up to `wait` seconds) for the first to
finish, then imports on top of its result; if the first is still writing by then it
stops with one line saying so (exit 2) and writes nothing.  Because only the lock holder
works on a survey file, the holder can delete the hidden working copies that killed
imports left beside it: none of them can belong to a running import.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from tui.errors import UserError

POLL_SECONDS = 0.05


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


def _try_lock(fd: int) -> bool:
    """Take the OS lock on an open lock file without blocking; False if another holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    """Whether the open lock file is still the one at `path` (a holder that finished
    removes it; a lock taken on the removed file guards nothing)."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


class ImportLock:
    """`with ImportLock(target, wait=60):` holds the survey file for one import."""

    def __init__(
        self, target: Path, *, wait: float = 60.0, on_wait: Callable[[str], None] | None = None
    ) -> None:
        self.target = Path(target)
        self.path = lock_path(self.target)
        self.wait = max(0.0, wait)
        self.on_wait = on_wait
        self.fd: int | None = None

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        except OSError as exc:
            reason = (
                "permission denied"
                if isinstance(exc, PermissionError)
                else (exc.strerror or str(exc))
            )
            raise UserError(
                f"{self.target}: cannot write in the folder {self.target.parent} "
                f"({reason}); import into a folder you can write to; nothing "
                "was written"
            ) from None

    def acquire(self) -> None:
        deadline = time.monotonic() + self.wait
        told = False
        while True:
            fd = self._open()
            try:
                locked = _try_lock(fd)
            except OSError as exc:  # a file system without locks: refuse to go unguarded
                os.close(fd)
                raise UserError(
                    f"{self.target}: cannot lock {self.path.name} beside it "
                    f"({exc.strerror or exc}); import into a folder on a local "
                    "disk; nothing was written"
                ) from None
            if locked:
                if _same_file(fd, self.path):
                    try:
                        os.ftruncate(fd, 0)
                        os.write(fd, f"{os.getpid()}\n".encode())
                    except OSError:
                        pass
                    self.fd = fd
                    return
                _unlock(fd)  # its holder finished and removed it: take the new one
                os.close(fd)
                continue
            os.close(fd)
            if time.monotonic() >= deadline:
                waited = f" after waiting {self.wait:g} s" if self.wait else ""
                raise UserError(
                    f"{self.target}: another import is writing this file (it "
                    f"holds {self.path.name}){waited}; import again when it has "
                    "finished (--wait SECONDS waits longer); nothing was written"
                )
            if not told and self.on_wait is not None:
                self.on_wait(
                    f"waiting for another import to finish writing {self.target.name}"
                    f" (up to {self.wait:g} s)"
                )
                told = True
            time.sleep(POLL_SECONDS)

    def release(self) -> None:
        fd, self.fd = self.fd, None
        if fd is None:
            return
        # Removed while still held, so no one locks a file being removed; Windows refuses
        # to remove an open file, and then the next holder reuses it.
        with contextlib.suppress(OSError):
            self.path.unlink()
        _unlock(fd)
        os.close(fd)

    def __enter__(self) -> ImportLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
