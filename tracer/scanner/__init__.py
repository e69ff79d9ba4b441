"""``scan(root, config) -> Project``: read every document, migration and code file of a repository."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from tracer.config import Config
from tracer.model import CodeFile, DocKind, Document, Migration, Problem, Project, StatusClass
from tracer.model.status import build_status_map
from tracer.scanner.documents import parse_document
from tracer.scanner.files import inventory, language_of
from tracer.scanner.imports import ImportResolver, raw_imports
from tracer.scanner.routes import extract_routes
from tracer.scanner.schema import replay
from tracer.scanner.sql import extract_statements
from tracer.scanner.text import read_text

__all__ = ["scan"]

logging.getLogger("sqlglot").setLevel(logging.CRITICAL)  # its parse warnings are reported as findings instead

Progress = Callable[[str, int, int], None]  # (phase, done, total)


def _document(root: Path, rel: str, config: Config, status_map: dict[str, StatusClass]) -> Document:
    """Parse one document; whatever happens, a Document comes back (the scan never loses one)."""
    ft = read_text(root, rel, config.max_file_bytes)
    if ft.fatal:
        return Document(path=rel, kind=DocKind.UNKNOWN, id=Path(rel).stem, title=Path(rel).name,
                        problems=(Problem(code="TR008", path=rel, line=1, message=f"file {ft.problem}", subject="file"),))
    try:
        return parse_document(rel, ft.text, dialect=config.dialect, status_map=status_map, read_problem=ft.problem)
    except RecursionError:
        reason = "is nested too deeply to parse"
    except Exception as exc:  # noqa: BLE001 - a parser bug must cost one document's details, not the scan
        reason = f"could not be parsed ({type(exc).__name__}: {exc})"
    return Document(path=rel, kind=DocKind.UNKNOWN, id=Path(rel).stem, title=Path(rel).name,
                    problems=(Problem(code="TR008", path=rel, line=1, message=f"document {reason}", subject="parse"),))


def scan(root: str | Path, config: Config | None = None, *, progress: Progress | None = None) -> Project:
    """Scan the repository at ``root`` into a Project. Content problems are recorded, never raised."""
    config = config or Config()
    root_path = Path(root).resolve()
    inv = inventory(root_path, config)
    status_map = build_status_map(config.statuses_dict())
    problems = list(inv.problems)
    total = len(inv.documents) + len(inv.migrations) + len(inv.code)
    done = 0

    documents = []
    for rel in inv.documents:
        documents.append(_document(root_path, rel, config, status_map))
        done += 1
        if progress:
            progress("documents", done, total)

    migrations = []
    for rel in inv.migrations:
        ft = read_text(root_path, rel, config.max_file_bytes)
        if ft.problem:
            problems.append(Problem(code="TR008", path=rel, line=1, message=f"migration {ft.problem}", subject="file"))
        statements = extract_statements(ft.text, rel, 1, config.dialect) if not ft.fatal else ()
        migrations.append(Migration(path=rel, statements=statements))
        done += 1
        if progress:
            progress("migrations", done, total)

    resolver = ImportResolver(inv.code)
    code_files = []
    for rel in inv.code:
        lang = language_of(rel)
        ft = read_text(root_path, rel, config.max_file_bytes)
        if ft.fatal:
            code_files.append(CodeFile(path=rel, language=lang))
        else:
            code_files.append(CodeFile(
                path=rel, language=lang, routes=extract_routes(ft.text, rel, lang),
                imports=resolver.resolve(raw_imports(ft.text, lang), rel, lang),
            ))
        done += 1
        if progress:
            progress("code", done, total)

    return Project(
        root=str(root_path), documents=tuple(documents), code_files=tuple(code_files),
        migrations=tuple(migrations), schema=replay(migrations), problems=tuple(problems),
        git=inv.git, all_files=inv.all_files,
    )
