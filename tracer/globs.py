"""Glob patterns over repository-relative POSIX paths: ``**`` (any number of folders), ``*``, ``?``, ``[...]``."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable


@functools.lru_cache(maxsize=512)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a glob to a regex that matches whole paths. Repeated ``**/`` are one (``**/**/x`` = ``**/x``),
    so that a pattern's cost does not multiply with the depth of the path."""
    while "**/**/" in pattern:
        pattern = pattern.replace("**/**/", "**/")
    i, out = 0, []
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pattern.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : j].replace("\\", "\\\\").replace("[", "\\[")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


def glob_escape(literal: str) -> str:
    """A glob that matches ``literal`` (a folder name with ``[``, ``*`` or ``?`` in it) and nothing else."""
    return re.sub(r"([*?\[])", r"[\1]", literal)


def glob_match(path: str, pattern: str) -> bool:
    """Whether repo-relative POSIX ``path`` matches ``pattern``."""
    return glob_regex(pattern).match(path) is not None


@functools.lru_cache(maxsize=256)
def _combined(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{glob_regex(p).pattern})" for p in patterns) or r"(?!)")


def matches_any(path: str, patterns: Iterable[str]) -> bool:
    """Whether ``path`` matches one of ``patterns`` (one compiled regex per set of patterns)."""
    return _combined(tuple(patterns)).match(path) is not None


def matcher(patterns: Iterable[str]) -> Callable[[str], re.Match[str] | None]:
    """``matches_any`` with its patterns fixed, for a loop over every file of a repository: a path matches
    when the returned function gives a match (one compiled regex, no Python call per pattern)."""
    return _combined(tuple(patterns)).match


def folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder above ``paths`` (``a/b/c.md`` -> ``a``, ``a/b``), each found once: walking up from a file's
    folder stops at the first one already known."""
    out: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in out:
            out.add(folder)
            folder = folder.rpartition("/")[0]
    return out
