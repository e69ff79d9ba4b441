"""The paths documents declare: cleaned of decorations and normalised without ever leaving the root."""

from __future__ import annotations

import posixpath
import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LINE_SUFFIX = re.compile(r":\d+(?:-\d+)?$")
_NOTE_SUFFIX = re.compile(r"(?<!\s)\s*+\((?:new(?: file)?|new|created?|modified|deleted|renamed|optional)[^()]*+\)\s*+$",
                          re.I)


def clean_declared(raw: str) -> str:
    """Strip the decorations tables put around a path: backticks, links, ``:123`` suffixes, ``(new file)`` notes."""
    text = raw.strip()
    m = re.match(r"^\[([^\]]*)\]\(([^)]*)\)", text)
    if m:
        text = m.group(2) or m.group(1)
    text = _NOTE_SUFFIX.sub("", text)
    text = text.strip().strip("`").strip()
    text = _NOTE_SUFFIX.sub("", text).strip().strip("`").strip()
    if " " in text:
        # "src/a.py - the service" or "src/a.py (helper)": the path is the first word
        first = text.split()[0]
        if "/" in first or "." in first:
            text = first.strip("`")
    return without_lines(text)


def without_lines(token: str) -> str:
    """A path cited with the lines it means (``src/a.ts:72-76``, ``src/b.py:5``), without them."""
    return _LINE_SUFFIX.sub("", token)


def normalise_declared(raw: str, base: str = "") -> tuple[str, str]:
    """A declared path as (repo-relative POSIX path, reason it is unsafe or "").

    ``base`` is the repo-relative folder a relative reference is resolved from ("" = repo root).
    An unsafe path is never followed: absolute paths, Windows drive paths, paths climbing out of the
    repository, and paths with control characters are returned as cleaned text with the reason.
    """
    text = clean_declared(raw)
    if not text:
        return "", "empty path"
    if _CONTROL.search(text):
        return _CONTROL.sub("?", text), "contains control characters"
    if re.match(r"^[A-Za-z]:[\\/]", text) or text.startswith("\\\\"):
        return text, "is an absolute Windows path"
    text = text.replace("\\", "/")
    if text.startswith("/") or text.startswith("~"):
        return text, "is absolute"
    joined = posixpath.normpath(posixpath.join(base, text)) if base else posixpath.normpath(text)
    if joined == ".." or joined.startswith("../"):
        return text, "leaves the repository"
    if joined == ".":
        return "", "empty path"
    return joined, ""
