"""Import specifiers resolved to repository files, with dictionaries built once (no scan per import)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

_JS_EXT = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".vue", ".svelte")


class ImportResolver:
    """Resolves specifiers to repository files with dictionaries built once (no scans per import)."""

    def __init__(self, files: Iterable[str], source_roots: Iterable[str] = ("", "src", "lib", "app")):
        self.files = set(files)
        self.modules: dict[str, str] = {}
        roots = tuple(r.strip("/") for r in source_roots)
        for f in sorted(self.files):
            if not f.endswith(".py"):
                continue
            mod = f[:-3]
            if mod.endswith("/__init__"):
                mod = mod[: -len("/__init__")]
            for root in roots:
                if root and not mod.startswith(root + "/"):
                    continue
                dotted = (mod[len(root) + 1 :] if root else mod).replace("/", ".")
                self.modules.setdefault(dotted, f)

    def _python(self, spec: str, importer: str) -> str:
        name = ""
        if ":" in spec:
            spec, name = spec.split(":", 1)
        level = len(spec) - len(spec.lstrip("."))
        mod = spec[level:]
        if level:
            base = posixpath.dirname(importer)
            for _ in range(level - 1):
                base = posixpath.dirname(base)
            stem = "/".join(p for p in (base, mod.replace(".", "/")) if p)
            for candidate in ([f"{stem}/{name}"] if name else []) + [stem]:
                for c in (candidate + ".py", candidate + "/__init__.py"):
                    if c in self.files and c != importer:
                        return c
            return ""
        if name and f"{mod}.{name}" in self.modules:
            return self.modules[f"{mod}.{name}"]
        return self.modules.get(mod, "")

    def _js(self, spec: str, importer: str) -> str:
        if not spec.startswith("."):
            return ""
        base = posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))
        if base.startswith(".."):
            return ""
        # TypeScript's ES modules import "./x.js" for the file x.ts
        stem = base.rsplit(".", 1)[0] if base.endswith((".js", ".jsx", ".mjs", ".cjs")) else base
        for c in (base, *(stem + e for e in _JS_EXT), *(f"{base}/index{e}" for e in _JS_EXT)):
            if c in self.files:
                return c
        return ""

    def one(self, spec: str, importer: str, language: str) -> str:
        """The repository file one specifier of ``importer`` points at, or ""."""
        target = self._python(spec, importer) if language == "python" else self._js(spec, importer)
        return target if target != importer else ""

    def resolve(self, specs: Iterable[str], importer: str, language: str) -> tuple[str, ...]:
        """The repository files the specifiers of ``importer`` point at, sorted, without duplicates."""
        found = set()
        for spec in specs:
            target = self._python(spec, importer) if language == "python" else self._js(spec, importer)
            if target and target != importer:
                found.add(target)
        return tuple(sorted(found))
