"""Reading repository files as text: bounded, never following links out of the root, never raising on content."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tracer.reading import NotRegular, read_regular


@dataclass(frozen=True, slots=True)
class FileText:
    """A file's text (possibly empty) and, when it could not be read cleanly, why."""

    text: str
    data: bytes
    problem: str = ""
    fatal: bool = False  # nothing usable was read


def inside(root: Path, path: Path) -> bool:
    """Whether ``path`` resolves (symlinks followed) to a place inside ``root``."""
    try:
        resolved = path.resolve(strict=False)
    except (OSError, RuntimeError):  # RuntimeError: symlink loop on older Pythons
        return False
    return resolved == root or root in resolved.parents


class RootGuard:
    """``inside`` for many files of one root: each folder is resolved once, a file only when it is a link."""

    def __init__(self, root: Path):
        self.root = str(root)
        self.folders: dict[str, bool] = {}

    def _ok(self, real: str) -> bool:
        return real == self.root or real.startswith(self.root + os.sep)

    def inside(self, path: Path) -> bool:
        folder = os.path.dirname(path)
        ok = self.folders.get(folder)
        if ok is None:
            ok = self.folders[folder] = self._ok(os.path.realpath(folder))
        if not ok:
            return False
        return self._ok(os.path.realpath(path)) if os.path.islink(path) else True


def read_text(root: Path, rel: str, max_bytes: int, guard: RootGuard | None = None) -> FileText:
    """Read ``root/rel`` as UTF-8 text.

    A BOM is dropped; other encodings are decoded with replacement characters and reported; NUL bytes
    mark a binary file; files over ``max_bytes`` and unreadable files are reported, not raised.
    """
    path = root / rel
    if not (guard.inside(path) if guard is not None else inside(root, path)):
        return FileText("", b"", "points outside the repository (symlink); not read", True)
    try:
        data = read_regular(path, max_bytes)
    except NotRegular as exc:
        return FileText("", b"", exc.strerror, True)
    except FileNotFoundError:
        return FileText("", b"", "disappeared while scanning", True)
    except IsADirectoryError:
        return FileText("", b"", "is a directory", True)
    except OSError as exc:
        return FileText("", b"", f"cannot be read: {exc.strerror or exc}", True)
    if len(data) > max_bytes:
        return FileText("", b"", f"is larger than {max_bytes} bytes; not read", True)
    if b"\x00" in data:
        return FileText("", data, "contains NUL bytes (binary file?); not read", True)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return FileText(data.decode("utf-8"), data)
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        return FileText(text, data, f"is not valid UTF-8 (byte {exc.start}); read with replacement characters")


def safe_stat_exists(root: Path, rel: str) -> bool:
    """Whether repo-relative ``rel`` exists inside the root (a link pointing out counts as missing)."""
    path = root / rel
    try:
        if not os.path.lexists(path):
            return False
    except (OSError, ValueError):
        return False
    return inside(root, path) and path.exists()
