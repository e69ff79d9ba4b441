"""Import specifiers resolved to repository files, with dictionaries built once (no scan per import)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

_JS_EXT = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".vue", ".svelte")
_SHELL_VAR = re.compile(r"^(?:\$\{?\w+\}?/|\$\(dirname[^)]*\)/)+")


class ImportResolver:
    """Resolves specifiers to repository files with dictionaries built once (no scans per import).

    Python: dotted modules under the repository root or a source root, and relative imports. JavaScript and
    TypeScript: relative specifiers, and TypeScript path aliases (``@/lib/x`` through ``tsconfig.json``). Go:
    import paths under a module of a ``go.mod``, each naming a package folder (all its non-test files).
    Shell: the scripts a script sources, relative to it or to the root.
    """

    def __init__(self, files: Iterable[str], source_roots: Iterable[str] = ("", "src", "lib", "app"), *,
                 go_modules: Iterable[tuple[str, str]] = (), ts_paths: Iterable[tuple[str, tuple[str, ...]]] = ()):
        self.files = set(files)
        self.go_modules = sorted(go_modules, key=lambda m: -len(m[1]))  # the longest module path first
        self.ts_paths = tuple(ts_paths)
        self.packages: dict[str, list[str]] = {}
        for f in sorted(self.files):
            if f.endswith(".go") and not f.endswith("_test.go"):
                self.packages.setdefault(posixpath.dirname(f), []).append(f)
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
            return self._alias(spec)
        return self._js_file(posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec)))

    def _alias(self, spec: str) -> str:
        """A TypeScript path alias: ``@/lib/x`` with ``"@/*": ["./src/*"]`` is ``src/lib/x``."""
        for pattern, targets in self.ts_paths:
            head, star, tail = pattern.partition("*")
            if star and spec.startswith(head) and spec.endswith(tail) and len(spec) >= len(head) + len(tail):
                middle = spec[len(head):len(spec) - len(tail)]
            elif not star and spec == pattern:
                middle = ""
            else:
                continue
            for target in targets:
                found = self._js_file(posixpath.normpath(target.replace("*", middle)))
                if found:
                    return found
        return ""

    def _js_file(self, base: str) -> str:
        if base.startswith(".."):
            return ""
        # TypeScript's ES modules import "./x.js" for the file x.ts
        stem = base.rsplit(".", 1)[0] if base.endswith((".js", ".jsx", ".mjs", ".cjs")) else base
        for c in (base, *(stem + e for e in _JS_EXT), *(f"{base}/index{e}" for e in _JS_EXT)):
            if c in self.files:
                return c
        return ""

    def _go(self, spec: str) -> list[str]:
        for folder, module in self.go_modules:
            if spec == module or spec.startswith(module + "/"):
                package = posixpath.normpath(posixpath.join(folder, spec[len(module):].lstrip("/")))
                return self.packages.get("" if package == "." else package, [])
        return []

    def _shell(self, spec: str, importer: str) -> str:
        spec = _SHELL_VAR.sub("", spec)  # "$DIR/lib.sh", "${SCRIPT_DIR}/lib.sh": relative to the script
        for base in (posixpath.dirname(importer), ""):
            candidate = posixpath.normpath(posixpath.join(base, spec))
            if candidate in self.files:
                return candidate
        return ""

    def targets(self, spec: str, importer: str, language: str) -> list[str]:
        """The repository files one specifier of ``importer`` points at (a Go package: all its files)."""
        if language == "python":
            found = [self._python(spec, importer)]
        elif language == "go":
            found = self._go(spec)
        elif language == "shell":
            found = [self._shell(spec, importer)]
        else:
            found = [self._js(spec, importer)]
        return [f for f in found if f and f != importer]

    def one(self, spec: str, importer: str, language: str) -> str:
        """The repository file one specifier of ``importer`` points at, or "" (none, or a whole Go package)."""
        found = self.targets(spec, importer, language)
        return found[0] if len(found) == 1 else ""

    def resolve(self, specs: Iterable[str], importer: str, language: str) -> tuple[str, ...]:
        """The repository files the specifiers of ``importer`` point at, sorted, without duplicates."""
        return tuple(sorted({f for spec in specs for f in self.targets(spec, importer, language)}))
