"""What every rule may look at, computed once per run: the project, its resolved links, and lookups."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from pathlib import Path

from tracer.model import DocKind, Document, Project, SchemaIndex, SchemaTable, StatusClass
from tracer.model.links import Resolution
from tracer.model.status import build_status_map, classify_status
from tracer.scanner.cache import ParseCache


class Context:
    """The project, its resolution, and indexes the rules share. Rules resolve nothing themselves (nor read
    the graph: it is built only for the commands that walk it)."""

    def __init__(self, project: Project, resolution: Resolution, statuses: dict | None = None,
                 history: ParseCache | None = None):
        self.project = project
        self.res = resolution
        self.config_statuses = statuses or {}  # extra status words of the configuration
        self.history = history  # where answers of git history are kept between runs (None: the cache is off)
        self.unread_history: list[str] = []  # what git history could not tell a rule (a git call that failed)
        self.notes: list[str] = []  # things a rule could not check, said once
        self._texts: dict[str, list[str]] = {}

    def line_text(self, path: str, line: int) -> str:
        """One line of a repository file as it is on disk ("" when it cannot be read): where a fix edits."""
        if path not in self._texts:
            from tracer.scanner.text import RootGuard, read_text

            ft = read_text(Path(self.project.root), path, 8 * 1024 * 1024, RootGuard(Path(self.project.root)))
            self._texts[path] = [] if ft.fatal else ft.text.split("\n")
        lines = self._texts[path]
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def texts_read(self) -> tuple[str, ...]:
        """The files ``line_text`` read: what the run depended on besides the parsed model."""
        return tuple(sorted(self._texts))

    @cached_property
    def docs_by_path(self) -> dict[str, Document]:
        return {d.path: d for d in self.project.documents}

    @cached_property
    def specs(self) -> list[Document]:
        """Specs that are not retired (retired specs are history: no rule looks at them)."""
        return [d for d in self.project.documents if d.kind == DocKind.SPEC and d.status_class != StatusClass.RETIRED]

    @cached_property
    def declaring(self) -> list[Document]:
        """Live specs and story documents: the documents whose declared files are checked."""
        return [d for d in self.project.documents
                if d.kind in (DocKind.SPEC, DocKind.STORY) and d.status_class != StatusClass.RETIRED]

    @cached_property
    def live_documents(self) -> list[Document]:
        return [d for d in self.project.documents if d.status_class != StatusClass.RETIRED]

    @cached_property
    def children(self) -> dict[str, list[Document]]:
        """Document path -> the live documents whose resolved parent it is (an epic's tasks, a spec's task list)."""
        out: dict[str, list[Document]] = defaultdict(list)
        for path, links in self.res.parents.items():
            target = next((link.target for link in links if link.target), "")
            doc = self.docs_by_path.get(path)
            if target and doc is not None and doc.status_class != StatusClass.RETIRED:
                out[target].append(doc)
        return out

    @cached_property
    def disputed_statuses(self) -> dict[str, tuple[str, object]]:
        """Spec path -> (story ID, side-file record) where a side file (BMAD's ``sprint-status.yaml``) records
        the document's story in another lifecycle class than the document's own status says."""
        table = build_status_map(self.config_statuses)
        side = {r.key: r for r in self.project.side_statuses}
        out: dict[str, tuple[str, object]] = {}
        for spec in self.specs:
            for cov in spec.covers:
                record = side.get(cov.story_id)
                if record is None or cov.raw != spec.path.rsplit("/", 1)[-1]:
                    continue
                if classify_status(record.status, table) != spec.status_class:
                    out.setdefault(spec.path, (cov.story_id, record))
        return out

    @cached_property
    def tables(self) -> dict[str, SchemaTable]:
        return {t.name: t for t in self.project.schema.tables}

    @cached_property
    def indexes(self) -> dict[str, SchemaIndex]:
        return {i.name: i for i in self.project.schema.indexes}

    @cached_property
    def index_shapes(self) -> set[tuple[str, tuple[str, ...]]]:
        return {(i.table, i.columns) for i in self.project.schema.indexes}

    @cached_property
    def column_changers(self) -> dict[tuple[str, str], set[str]]:
        """(table, column) -> paths of live documents whose SQL changes its type, drops or renames it."""
        out: dict[tuple[str, str], set[str]] = defaultdict(set)
        for doc in self.live_documents:
            for st in doc.sql:
                for op, col, _ in st.alters:
                    if op in ("type", "drop", "rename"):
                        out[(st.table, col)].add(doc.path)
        return out

    @cached_property
    def migration_paths(self) -> frozenset[str]:
        """The files of SQL and ORM migrations (a table these created is in the database, not only in a model)."""
        return frozenset(m.path for m in self.project.migrations)

    @cached_property
    def unparsable_migrations(self) -> list[str]:
        return sorted({st.path for m in self.project.migrations for st in m.statements if st.action == "unparsable"})
