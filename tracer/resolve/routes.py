"""Which routes the code serves, with the prefixes other files mount their routers under."""

from __future__ import annotations

from collections import defaultdict

from tracer.model import Project
from tracer.resolve.imports import ImportResolver
from tracer.scanner.code import is_test
from tracer.scanner.routes import normalise_path

MAX_NESTING = 6  # routers mounted in routers mounted in ... (a cycle stops here)


def mount_prefixes(project: Project, resolver: ImportResolver) -> dict[str, set[str]]:
    """File -> the prefixes its routes are served under (``app.use('/api', router)`` in another file), composed
    through files that are themselves mounted."""
    direct: dict[str, list[tuple[str, str]]] = defaultdict(list)  # target file -> (prefix, mounting file)
    for code in project.code_files:
        for m in code.mounts:
            target = resolver.one(m.target, code.path, code.language)
            if target:
                direct[target].append((m.prefix, code.path))
    out: dict[str, set[str]] = {}

    def prefixes(path: str, depth: int) -> set[str]:
        if path in out:
            return out[path]
        found = {""}
        if depth < MAX_NESTING:
            for prefix, parent in direct.get(path, ()):
                found |= {outer + prefix.rstrip("/") for outer in prefixes(parent, depth + 1)}
        out[path] = found
        return found

    for path in direct:
        prefixes(path, 0)
    return out


def served_routes(project: Project, resolver: ImportResolver) -> frozenset[tuple[str, str]]:
    """(METHOD or ANY, normalised path) for every route outside tests, as written and under every prefix its file
    is mounted at."""
    prefixes = mount_prefixes(project, resolver)
    out = set()
    for code in project.code_files:
        if is_test(code.path):
            continue  # a test's fake server serves nothing of the product
        for r in code.routes:
            out.add((r.method, r.path))
            for prefix in prefixes.get(code.path, ()):
                if prefix:
                    out.add((r.method, normalise_path(prefix + r.path)))
    return frozenset(out)
