"""Code files: what each one serves (routes), mounts, imports and defines as schema, by language.

One reader per language, each with a real parser: Python's ``ast`` (``python.py``, and ``python_schema.py``
for ORM models and migrations), tree-sitter grammars for Go (``go.py``) and TypeScript / JavaScript
(``typescript.py``, with Drizzle tables), a small grammar for Prisma schemas (``prisma.py``); shell scripts
only name the scripts they ``source``. A file that does not parse keeps its place with the reason.
"""

from __future__ import annotations

import posixpath
import re

from tracer.model import CodeFile

__all__ = ["read_code", "LANGUAGES", "is_test"]

LANGUAGES = {
    ".py": "python", ".js": "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript",
    ".ts": "typescript", ".tsx": "typescript", ".mts": "typescript", ".cts": "typescript", ".vue": "javascript",
    ".svelte": "javascript", ".go": "go", ".sh": "shell", ".bash": "shell", ".zsh": "shell", ".prisma": "prisma",
}
_TEST_NAME = re.compile(r"(?:^|[._-])(?:test|tests|spec)(?:[._-]|$)|^test_", re.I)
_TEST_FOLDER = re.compile(r"(?:^|/)(?:tests?|__tests__|spec|testdata|e2e)/", re.I)


def is_test(path: str) -> bool:
    """Whether a code file is a test (``x_test.go``, ``test_x.py``, ``x.spec.ts``, anything under ``tests/``):
    the routes a test's fake server registers are not served by the product."""
    return bool(_TEST_NAME.search(posixpath.basename(path)) or _TEST_FOLDER.search(path))


_SOURCE = re.compile(r"""^[ \t]*(?:source|\.)[ \t]+["']?(?P<spec>[^\s"';|&]+)""", re.M)


def _shell(text: str) -> tuple[str, ...]:
    """Scripts a shell script sources (``source ./lib.sh``, ``. "$DIR/common.sh"``), as written."""
    return tuple(dict.fromkeys(m["spec"] for m in _SOURCE.finditer(text) if m["spec"] not in (".", "/dev/null")))


def read_code(path: str, text: str, language: str) -> CodeFile:
    """The CodeFile of one file; a file that does not parse keeps its language and the reason."""
    try:
        if language == "python":
            from tracer.scanner.code.python import read_python
            from tracer.scanner.code.python_schema import read_alembic, read_django_migration, read_models

            tree, routes, imports, mounts = read_python(text, path)
            migration = read_alembic(tree, path) if "revision" in text and "upgrade" in text else None
            source = "alembic"
            if migration is None and "/migrations/" in f"/{path}" and "Migration" in text:
                migration, source = read_django_migration(tree, path), "django-migrations"
            if migration is not None:
                revision, revises, statements = migration
                return CodeFile(path=path, language=language, routes=routes, imports=imports, mounts=mounts,
                                schema=statements, schema_source=source, revision=revision, revises=revises)
            source, statements = read_models(tree, path)
            return CodeFile(path=path, language=language, routes=routes, imports=imports, mounts=mounts,
                            schema=statements, schema_source=source)
        if language in ("javascript", "typescript"):
            from tracer.scanner.code.typescript import read_typescript

            if path.endswith((".vue", ".svelte")):
                return CodeFile(path=path, language=language)  # single-file components: not read
            routes, imports, mounts, tables = read_typescript(text, path, tsx=not path.endswith((".ts", ".mts", ".cts")))
            return CodeFile(path=path, language=language, routes=routes, imports=imports, mounts=mounts, schema=tables,
                            schema_source="drizzle" if tables else "")
        if language == "go":
            from tracer.scanner.code.go import read_go

            routes, imports = read_go(text)
            return CodeFile(path=path, language=language, routes=routes, imports=imports)
        if language == "prisma":
            from tracer.scanner.code.prisma import read_prisma

            tables = read_prisma(text, path)
            return CodeFile(path=path, language=language, schema=tables, schema_source="prisma" if tables else "")
        if language == "shell":
            return CodeFile(path=path, language=language, imports=_shell(text))
    except SyntaxError as exc:
        return CodeFile(path=path, language=language, error=f"does not parse as Python (line {exc.lineno}): {exc.msg}")
    except (RecursionError, MemoryError):
        return CodeFile(path=path, language=language, error="is nested too deeply to parse")
    return CodeFile(path=path, language=language)


def language_of(path: str) -> str:
    """The language name of a code file ("other" for languages tracer lists but does not read)."""
    return LANGUAGES.get(posixpath.splitext(path)[1].lower(), "other")
