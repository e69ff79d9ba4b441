"""``build_graph(project, resolution)``: the traceability graph (PRD -> story -> spec -> table / endpoint / file).

Built from the resolved links only; nothing is resolved here. Node IDs are stable strings with a kind prefix:
``prd:<doc id>``, ``story:<story id>``, ``req:<requirement id>``, ``spec:<path>``, ``doc:<path>`` (bugs and other
documents), ``table:<name>``, ``file:<path>``, ``endpoint:<METHOD> <path>`` and ``migration:<path>``. Every edge
has a ``kind``; edges that come from a document carry its ``path``, ``line`` and ``live`` (the document is not
retired). A declaration written in a task that cites stories (``[US1]``, ``_Requirements: 2.1_``) is marked
``tasked`` and has a ``tasked_in`` edge from each of those stories to the file: impact from that file reaches
those stories, not every story its document covers. A declared file that is missing because git history moved
it has a ``renamed_to`` edge (with the ``commit``) to the file where it lives now.
"""

from __future__ import annotations

import networkx as nx

from tracer.model import DocKind, Document, Project, StatusClass
from tracer.model.links import Resolution, StoryKey

__all__ = ["build_graph", "doc_node", "endpoint_node"]


def doc_node(doc: Document) -> str:
    """The node ID of a document (without duplicate disambiguation)."""
    if doc.kind == DocKind.PRD:
        return f"prd:{doc.id}"
    if doc.kind == DocKind.SPEC:
        return f"spec:{doc.path}"
    return f"doc:{doc.path}"


def endpoint_node(method: str, path: str) -> str:
    """The node ID of an endpoint (path already normalised)."""
    return f"endpoint:{method} {path}"


class _Builder:
    def __init__(self, project: Project, res: Resolution):
        self.project, self.res = project, res
        self.g = nx.MultiDiGraph(root=project.root)
        self.doc_nodes: dict[str, str] = {}  # document path -> node
        self.story_nodes: dict[StoryKey, str] = {}
        self.docs = {d.path: d for d in project.documents}
        self.moved: set[tuple[str, str]] = set()  # (declared file, file it moved to) edges added

    def add(self, node: str, **attrs) -> None:
        if node in self.g:
            for k, v in attrs.items():
                self.g.nodes[node].setdefault(k, v)
        else:
            self.g.add_node(node, **attrs)

    def documents(self) -> None:
        for doc in self.project.documents:
            node = doc_node(doc)
            if node in self.g and self.g.nodes[node].get("path") != doc.path:
                node = f"{node}@{doc.path}"  # duplicate ID (reported by TR004); keep both documents
            kind = {DocKind.PRD: "prd", DocKind.SPEC: "spec"}.get(doc.kind, "doc")
            self.add(node, kind=kind, label=doc.title, path=doc.path, line=doc.title_line, status=doc.status,
                     status_class=doc.status_class.value, doc_type=doc.kind.value)
            self.doc_nodes[doc.path] = node

    def stories(self) -> None:
        for (prd_path, sid), s in self.res.stories.items():
            prd = self.docs[prd_path]
            kind = "req" if s.kind == "requirement" else "story"
            node = f"{kind}:{sid}"
            if node in self.g:
                node = f"{node}@{prd.id}"
            self.add(node, kind=s.kind, label=s.title, path=s.path, line=s.line, story_id=sid,
                     prd=self.doc_nodes[prd_path], status_class=prd.status_class.value, derived=s.derived)
            self.story_nodes[(prd_path, sid)] = node
        for (prd_path, sid), s in self.res.stories.items():
            parent = self.story_nodes.get((prd_path, s.parent)) if s.parent else None
            source = parent or self.doc_nodes[prd_path]
            kind = "has_requirement" if s.kind == "requirement" else "has_story"
            self.g.add_edge(source, self.story_nodes[(prd_path, sid)], kind=kind, path=prd_path, line=s.line, live=True)
        for t in self.res.traces:
            self.g.add_edge(self.story_nodes[t.source], self.story_nodes[t.target], kind="traces", path=t.source[0],
                            line=t.line, live=True)

    def links(self) -> None:
        cited_by: dict[str, dict[str, tuple]] = {}
        for c in self.res.covers:
            cited_by.setdefault(c.source, {})[c.story_id] = c.targets
        for doc in self.project.documents:
            live = doc.status_class != StatusClass.RETIRED
            node = self.doc_nodes[doc.path]
            prd = self.res.prd_of.get(doc.path, "")
            if doc.kind != DocKind.PRD and prd:
                line = next((p.ref.line for p in self.res.parents.get(doc.path, ()) if p.prd), 1)
                self.g.add_edge(node, self.doc_nodes[prd], kind="implements", path=doc.path, line=line, live=live)
            cited = cited_by.get(doc.path, {})
            for a in self.res.artifacts_of(doc.path):
                if a.unsafe:
                    continue
                if a.kind == "file":
                    target, kind = f"file:{a.name}", "creates_file" if a.intent == "create" else "modifies_file"
                    self.add(target, kind="file", label=a.name, path=a.name)
                    if a.renamed_to:
                        self._moved(target, a.renamed_to, a.renamed_in)
                elif a.kind == "table":
                    target, kind = f"table:{a.name}", "creates_table" if a.intent == "create" else "alters_table"
                    self.add(target, kind="table", label=a.name)
                else:
                    method, _, route = a.name.partition(" ")
                    target, kind = endpoint_node(method, route), "declares_endpoint"
                    self.add(target, kind="endpoint", label=a.name, method=method, route=route)
                # a task that cites its stories ("[US1]", "_Requirements: 2.1_") ties its files to them alone
                keys = [k for sid in a.stories for k in cited.get(sid, ()) if k in self.story_nodes]
                self.g.add_edge(node, target, kind=kind, path=doc.path, line=a.line, live=live, tasked=bool(keys),
                                intent=a.intent)
                for key in dict.fromkeys(keys):
                    self.g.add_edge(self.story_nodes[key], target, kind="tasked_in", path=doc.path, line=a.line,
                                    live=live)
        seen = set()
        for c in self.res.covers:
            for key in c.targets:
                if (c.source, key) not in seen:
                    seen.add((c.source, key))
                    self.g.add_edge(self.doc_nodes[c.source], self.story_nodes[key], kind="covers", path=c.source,
                                    line=c.line, live=c.live)
        for key, evidence in self.res.covering.items():
            for e in evidence:
                if e.via and (e.spec, key) not in seen:
                    seen.add((e.spec, key))
                    self.g.add_edge(self.doc_nodes[e.spec], self.story_nodes[key], kind="covers", path=e.spec,
                                    line=e.line, live=True, via=e.via)

    def _moved(self, old: str, new_path: str, commit: str) -> None:
        """A declared file that git history moved: its node leads to the file where it lives now (once)."""
        new = f"file:{new_path}"
        if (old, new) not in self.moved:
            self.moved.add((old, new))
            self.add(new, kind="file", label=new_path, path=new_path)
            self.g.add_edge(old, new, kind="renamed_to", commit=commit, live=True)

    def code(self) -> None:
        declared_by_route: dict[str, list[str]] = {}
        for node, data in self.g.nodes(data=True):
            if data.get("kind") == "endpoint":
                declared_by_route.setdefault(data["route"], []).append(node)
        for code in self.project.code_files:
            fnode = f"file:{code.path}"
            self.add(fnode, kind="file", label=code.path, path=code.path, language=code.language)
            self.g.nodes[fnode]["code"] = True
            for r in code.routes:
                en = endpoint_node(r.method, r.path)
                # a route that serves every method (Django path(), Express all()) serves each declared one
                served = declared_by_route.get(r.path, []) if r.method == "ANY" else [en]
                for node in served or [en]:
                    self.add(node, kind="endpoint", label=node.split(":", 1)[1], method=r.method, route=r.path)
                    self.g.add_edge(node, fnode, kind="routes_in", path=code.path, line=r.line, live=True)
        for source, targets in self.res.imports.items():
            for target in targets:
                self.g.add_edge(f"file:{source}", f"file:{target}", kind="imports", path=source, live=True)

    def schema(self) -> None:
        for mig in self.project.migrations:
            mn = f"migration:{mig.path}"
            self.add(mn, kind="migration", label=mig.path, path=mig.path)
            seen = set()
            for st in mig.statements:
                name = st.table if st.action in ("create_table", "alter_table", "rename_table", "create_index") else ""
                names = [name] if name else list(st.drops) if st.action == "drop_table" else []
                for n in names:
                    if (n, st.action) not in seen:
                        seen.add((n, st.action))
                        self.add(f"table:{n}", kind="table", label=n)
                        self.g.add_edge(mn, f"table:{n}", kind="migrates", path=mig.path, line=st.line,
                                        action=st.action, live=True)
        for code in self.project.code_files:  # ORM models: the file defines the table (migrations are above)
            if code.schema and not code.is_migration:
                for st in code.schema:
                    if st.action == "create_table" and st.table:
                        self.add(f"table:{st.table}", kind="table", label=st.table)
                        self.g.add_edge(f"file:{code.path}", f"table:{st.table}", kind="models_table", path=code.path,
                                        line=st.line, live=True)
        for t in self.project.schema.tables:
            self.add(f"table:{t.name}", kind="table", label=t.name)
            self.g.nodes[f"table:{t.name}"]["in_schema"] = True


def build_graph(project: Project, resolution: Resolution) -> nx.MultiDiGraph:
    """The graph of ``project`` from its resolved links. Unresolved references add no edge; the rules report them."""
    b = _Builder(project, resolution)
    b.documents()
    b.stories()
    b.links()
    b.code()
    b.schema()
    return b.g
