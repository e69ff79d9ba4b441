"""What every rule may look at, computed once per run: lookups by dictionary, never by scanning."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from pathlib import Path

import networkx as nx

from tracer.graph.resolve import PrdIndex, Resolved, spec_parents
from tracer.model import DocKind, Document, Project, SchemaIndex, SchemaTable, StatusClass, Story
from tracer.scanner.text import safe_stat_exists


class Context:
    """The project, its graph, and indexes the rules share."""

    def __init__(self, project: Project, graph: nx.MultiDiGraph, statuses: dict | None = None):
        self.project = project
        self.config_statuses = statuses or {}  # extra status words of the configuration
        self.graph = graph
        self.root = Path(project.root)
        self.prd_index = PrdIndex(project.documents)
        self._exists: dict[str, bool] = {}
        self.notes: list[str] = []  # things a rule could not check, said once

    @cached_property
    def docs_by_path(self) -> dict[str, Document]:
        return {d.path: d for d in self.project.documents}

    @cached_property
    def specs(self) -> list[Document]:
        """Specs that are not retired (retired specs are history: no rule looks at them)."""
        return [d for d in self.project.documents
                if d.kind == DocKind.SPEC and d.status_class != StatusClass.RETIRED]

    @cached_property
    def live_documents(self) -> list[Document]:
        return [d for d in self.project.documents if d.status_class != StatusClass.RETIRED]

    @cached_property
    def parents(self) -> dict[str, tuple[str, list[Resolved]]]:
        """spec path -> (PRD path or "", each reference's resolution)."""
        return {d.path: spec_parents(d, self.prd_index) for d in self.project.documents if d.kind == DocKind.SPEC}

    @cached_property
    def stories(self) -> dict[str, list[tuple[Document, Story]]]:
        """story ID -> the PRDs defining it (more than one is a duplicate)."""
        out: dict[str, list[tuple[Document, Story]]] = defaultdict(list)
        for d in self.project.documents:
            if d.kind == DocKind.PRD:
                for s in d.stories:
                    out[s.id].append((d, s))
        return out

    @cached_property
    def covering(self) -> dict[tuple[str, str], list[str]]:
        """(PRD path, story ID) -> live specs covering it, resolved to the spec's own PRD first.

        "All" coverage reaches every story and requirement of the parent; a story whose acceptance
        criteria (``<story>.<n>``) are covered counts as covered; a requirement counts as covered when a
        covered story traces to it.
        """
        out: dict[tuple[str, str], list[str]] = defaultdict(list)
        by_prd = {d.path: d for d in self.project.documents if d.kind == DocKind.PRD}
        for spec in self.specs:
            parent, _ = self.parents.get(spec.path, ("", []))
            for cov in spec.covers:
                if cov.story_id.endswith("*"):
                    if parent in by_prd:
                        for s in by_prd[parent].stories:
                            out[(parent, s.id)].append(spec.path)
                    continue
                owners = self.stories.get(cov.story_id, [])
                own = [d.path for d, _ in owners if d.path == parent]
                for prd_path in own or [d.path for d, _ in owners[:1]]:
                    out[(prd_path, cov.story_id)].append(spec.path)
        for prd in by_prd.values():
            ids = {s.id for s in prd.stories}
            for s in prd.stories:
                if s.kind == "story" and (prd.path, s.id) not in out:
                    crit = [out[(prd.path, c)] for c in ids if c.startswith(s.id + ".") and (prd.path, c) in out]
                    if crit:
                        out[(prd.path, s.id)] = sorted({p for specs in crit for p in specs})
        for prd in self.project.documents:
            for s in prd.stories:
                if s.refs and (prd.path, s.id) in out:
                    for ref in s.refs:
                        for owner, _ in self.stories.get(ref, []):
                            if (owner.path, ref) not in out or prd.path not in out[(owner.path, ref)]:
                                out[(owner.path, ref)].append(prd.path)
        return out

    @cached_property
    def covered_stories(self) -> set[tuple[str, str]]:
        """(PRD path, story ID) pairs covered (see ``covering``)."""
        return set(self.covering)

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
    def routes(self) -> set[tuple[str, str]]:
        """(METHOD, path) served by code; ANY for routes that serve every method."""
        return {(r.method, r.path) for c in self.project.code_files for r in c.routes}

    @cached_property
    def any_method_paths(self) -> set[str]:
        """Paths served by a route that answers every method (Django path(), Express all())."""
        return {p for m, p in self.routes if m == "ANY"}

    def serves(self, method: str, path: str) -> bool:
        """Whether some route in the code serves ``method path`` (normalised)."""
        return (method, path) in self.routes or path in self.any_method_paths

    @cached_property
    def declared_files(self) -> set[str]:
        return {f.path for d in self.project.documents for f in d.files if not f.unsafe}

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
    def unparsable_migrations(self) -> list[str]:
        return sorted({st.path for m in self.project.migrations for st in m.statements if st.action == "unparsable"})

    def exists(self, rel: str) -> bool:
        """Whether a repo-relative path exists inside the repository (cached; links out count as missing)."""
        if rel not in self._exists:
            self._exists[rel] = safe_stat_exists(self.root, rel)
        return self._exists[rel]
