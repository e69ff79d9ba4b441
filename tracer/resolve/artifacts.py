"""What documents declare (files, tables, endpoints) and whether the repository has each of them."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from tracer.model import DocKind, Document, Project
from tracer.model.links import Artifact
from tracer.scanner.text import safe_stat_exists


class FileSet:
    """Existence of repository paths, answered from the scanner's file list (files and the folders holding them).

    A listed symbolic link counts only when it stays inside the repository; a path the list does not hold
    (a gitignored file present on disk) is checked on the file system, links out counting as missing.
    """

    def __init__(self, root: str, files: Iterable[str]):
        self.root = Path(root)
        self.files = set(files)
        self.folders = {f[:i] for f in self.files for i in range(len(f)) if f[i] == "/"}
        self._answers: dict[str, bool] = {}

    def exists(self, rel: str) -> bool:
        """Whether repo-relative ``rel`` is a file or folder of the repository."""
        rel = rel.rstrip("/")
        if rel not in self._answers:
            if rel in self.folders:
                found = True
            elif rel in self.files:
                found = not os.path.islink(self.root / rel) or safe_stat_exists(self.root, rel)
            else:
                found = safe_stat_exists(self.root, rel)
            self._answers[rel] = found
        return self._answers[rel]


def _table_artifacts(doc: Document, tables: set[str]) -> list[Artifact]:
    out = []
    for st in doc.sql:
        if st.action == "create_table" and st.table:
            intent = "create"
        elif st.action in ("alter_table", "rename_table", "create_index") and st.table:
            intent = "alter"
        else:
            continue
        out.append(Artifact(source=doc.path, kind="table", name=st.table, line=st.line, intent=intent,
                            present=st.table in tables, status_class=doc.status_class))
    return out


def resolve_artifacts(project: Project, served) -> dict[str, tuple[Artifact, ...]]:
    """Per document, in document order: its files (specs), tables (any document's SQL) and endpoints (specs)."""
    files = FileSet(project.root, project.all_files)
    tables = {t.name for t in project.schema.tables}
    out: dict[str, tuple[Artifact, ...]] = {}
    for doc in project.documents:
        items: list[Artifact] = []
        if doc.kind == DocKind.SPEC:
            items += [Artifact(source=doc.path, kind="file", name=f.path, line=f.line, intent=f.intent.value,
                               present=not f.unsafe and files.exists(f.path), status_class=doc.status_class, raw=f.raw,
                               unsafe=f.unsafe) for f in doc.files]
        items += _table_artifacts(doc, tables)
        if doc.kind == DocKind.SPEC:
            items += [Artifact(source=doc.path, kind="endpoint", name=f"{e.method} {e.path}", line=e.line,
                               intent="declare", present=served(e.method, e.path), status_class=doc.status_class,
                               raw=e.raw) for e in doc.endpoints]
        if items:
            out[doc.path] = tuple(items)
    return out
