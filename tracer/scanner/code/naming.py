"""How a repository's code names other code beyond relative paths: Go module paths (``go.mod``) and
TypeScript path aliases (``tsconfig.json`` ``compilerOptions.paths``). Read once per scan; the resolution
stage (``tracer/resolve/imports.py``) uses them to turn import specifiers into files."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable

_MODULE = re.compile(r"^[ \t]*+module[ \t]++(\S+)", re.M)


def go_module(text: str) -> str:
    """The module path a ``go.mod`` declares, or ""."""
    m = _MODULE.search(text)
    return m.group(1).strip('"') if m else ""


def _strip_jsonc(text: str) -> str:
    """JSON with comments and trailing commas (tsconfig's dialect) as plain JSON, strings left intact."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j == -1 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j == -1 else j + 2
        else:
            out.append(c)
            i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


def ts_paths(path: str, text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(alias pattern, repository-relative target patterns) of one tsconfig's ``compilerOptions.paths``."""
    try:
        data = json.loads(_strip_jsonc(text))
    except (ValueError, RecursionError):
        return []
    options = data.get("compilerOptions") if isinstance(data, dict) else None
    if not isinstance(options, dict) or not isinstance(options.get("paths"), dict):
        return []
    base = posixpath.normpath(posixpath.join(posixpath.dirname(path), str(options.get("baseUrl") or ".")))
    out = []
    for alias, targets in options["paths"].items():
        if isinstance(alias, str) and isinstance(targets, list):
            resolved = tuple(posixpath.normpath(posixpath.join(base, t)) if not t.startswith("/") else ""
                             for t in targets if isinstance(t, str))
            out.append((alias, tuple(t for t in resolved if t and not t.startswith(".."))))
    return out


def naming_file(path: str) -> bool:
    """Whether ``path`` is a file ``read_naming`` reads: a go.mod, or a tsconfig outside node_modules."""
    name = posixpath.basename(path)
    return name == "go.mod" or (name.startswith("tsconfig") and name.endswith(".json") and "node_modules/" not in path)


def read_naming(files: list[str], read: Callable[[str], str | None]) -> tuple[tuple[tuple[str, str], ...],
                                                                             tuple[tuple[str, tuple[str, ...]], ...]]:
    """(Go modules as (folder, module path), TypeScript aliases) of the repository's go.mod and tsconfig files."""
    modules, aliases = [], []
    for f in files:
        if not naming_file(f):
            continue
        name = posixpath.basename(f)
        if name == "go.mod":
            text = read(f)
            module = go_module(text) if text else ""
            if module:
                modules.append((posixpath.dirname(f), module))
        else:
            text = read(f)
            if text:
                aliases += ts_paths(f, text)
    return tuple(modules), tuple(dict.fromkeys(aliases))
