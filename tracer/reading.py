"""The one place that opens files for reading outside the scan's own reader: regular files only, bounded.

A pull request controls the repository, and configuration names files: a FIFO would block a read forever,
``/dev/zero`` would never end, a huge file would fill memory. Every file tracer reads is opened without
blocking, checked with ``fstat`` and read up to a cap.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotRegular(OSError):
    """A path that is a FIFO, a device or a socket: reading it could block forever or never end."""


def read_regular(path: str | Path, max_bytes: int) -> bytes:
    """Up to ``max_bytes + 1`` bytes of a regular file (the caller compares the length with its cap).

    Opened without blocking and checked with ``fstat`` before reading, so a FIFO, a device such as
    ``/dev/zero`` or a socket is refused (``NotRegular``) instead of hanging or filling memory."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(errno.EINVAL, "is not a regular file (a FIFO, device or socket); not read")
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            return fh.read(max_bytes + 1)
    finally:
        if fd >= 0:
            os.close(fd)
