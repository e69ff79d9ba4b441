"""The one place that writes outputs: stdout, or a file replaced atomically (write, fsync, rename)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tracer.errors import TracerError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (absolute, not resolved) lies lexically in ``root``."""
    try:
        Path(os.path.abspath(path)).relative_to(root)
        return True
    except ValueError:
        return False


def write_problem(path: str | Path, root: Path) -> str:
    """Why tracer must not write ``path`` (a path in the scanned repository reached through a link, or that is
    not a regular file or folder), or "". A pull request controls every byte of the repository, links
    included: a committed ``.tracer`` or ``tracer-report`` link must not carry a write outside it."""
    target = Path(os.path.abspath(path))
    if not inside(target, root):
        return ""
    current = root
    for part in target.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            return f"{current.relative_to(root)} is a link; tracer does not write through links in the repository"
        if current.exists() and not (current.is_dir() or current.is_file()):
            return f"{current.relative_to(root)} is not a regular file or folder"
    return ""


def guard_write(path: str | Path, root: Path, what: str) -> None:
    """A usage error when ``path`` may not be written (see ``write_problem``)."""
    problem = write_problem(path, root)
    if problem:
        raise TracerError(f"refusing to write the {what} to {path}: {problem}")


def write_atomic(path: str | Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically; an output that cannot be written is a usage error (exit 2).

    ``durable=False`` skips the flush to disk before the rename: readers still see the old file or the new
    one, but a power cut may lose the new one. For the report's pages, which the next run writes again
    (a thousand fsyncs were a tenth of a 10,000-item report's time)."""
    try:
        _write(Path(path), data, durable)
    except OSError as exc:
        raise TracerError(f"cannot write {path}: {exc.strerror or exc}") from None


def _write(path: Path, data: str | bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of it.

    A path that is not a regular file (``/dev/null``, a named pipe, a terminal) is written to, never
    replaced: renaming over it would put a regular file in its place.
    """
    # a file name that is not UTF-8 reaches here as surrogate escapes: written as \udcxx, never an error
    raw = data.encode("utf-8", errors="backslashreplace") if isinstance(data, str) else data
    try:
        special = path.exists() and not path.is_file()
    except OSError:
        special = False
    if special:
        if path.is_dir():
            raise IsADirectoryError(21, "it is a folder")
        with open(path, "wb") as fh:
            fh.write(raw)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual permissions
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def emit(text: str, output: str | Path | None = None) -> None:
    """Print ``text`` to stdout, or write it atomically to ``output`` when given (``-`` is stdout)."""
    if output is None or str(output) == "-":
        text = text if text.endswith("\n") or not text else text + "\n"
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            sys.stdout.flush()
            stream.write(text.encode(sys.stdout.encoding or "utf-8", errors="backslashreplace"))
            stream.flush()
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    else:
        write_atomic(output, text if text.endswith("\n") else text + "\n")


def own_folder(folder: Path) -> None:
    """Create a folder tracer owns (``.tracer/``, a report folder it makes) with a ``.gitignore`` of ``*``
    inside, as pytest and coverage.py do for theirs: a first run leaves no untracked clutter behind."""
    folder = Path(folder)
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TracerError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None
    try:
        (folder / ".gitignore").write_text("# created by tracer; everything here is generated\n*\n", encoding="utf-8")
    except OSError:
        pass
