"""Import specifiers as written in code (Python ``import``/``from``, JS/TS ``import``/``require``).

The resolution stage (``tracer/resolve/imports.py``) turns them into repository paths."""

from __future__ import annotations

import re

_PY_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\(?([^\n#]*)", re.M)
_PY_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)", re.M)
_JS = re.compile(r"""(?:\bimport\s+(?:[^'";]*?\s+from\s+)?|\bexport\s+[^'";]*?\s+from\s+|\brequire\(\s*|\bimport\(\s*)['"]([^'"\n]+)['"]""")


def raw_imports(text: str, language: str) -> list[str]:
    """Import specifiers as written: Python as ``.pkg.mod`` / ``pkg.mod`` (plus ``pkg.mod:name``), JS as given."""
    out: list[str] = []
    if language == "python":
        for m in _PY_FROM.finditer(text):
            dots, mod, names = m.groups()
            # "from X import y": y may be a module of package X; resolution falls back to X itself
            for name in re.findall(r"\b(\w+)\b(?:\s+as\s+\w+)?", names.split(")")[0]):
                if name != "as":
                    out.append(f"{dots}{mod}:{name}")
        for m in _PY_IMPORT.finditer(text):
            for part in m.group(1).split(","):
                out.append(part.split(" as ")[0].strip())
    elif language in ("javascript", "typescript"):
        out.extend(m.group(1) for m in _JS.finditer(text))
    return out
