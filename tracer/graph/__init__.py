"""``build_graph(project)``: the traceability graph (PRD -> story -> spec -> table / endpoint / file) in networkx.

Node IDs are stable strings with a kind prefix: ``prd:<doc id>``, ``story:<story id>``, ``req:<requirement id>``,
``spec:<path>``, ``doc:<path>`` (bugs and untyped documents), ``table:<name>``, ``file:<path>``,
``endpoint:<METHOD> <path>`` and ``migration:<path>``. Every edge has a ``kind``; nodes and edges that
come from a document carry its ``path`` and ``line``.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from tracer.graph.resolve import PrdIndex, spec_parents
from tracer.model import DocKind, Intent, Project

EDGE_KINDS = (
    "has_story", "has_requirement", "traces", "implements", "covers", "creates_file", "modifies_file", "creates_table",
    "alters_table", "declares_endpoint", "routes_in", "migrates", "imports",
)


def doc_node(doc) -> str:
    """The node ID of a document (without duplicate disambiguation)."""
    if doc.kind == DocKind.PRD:
        return f"prd:{doc.id}"
    if doc.kind == DocKind.SPEC:
        return f"spec:{doc.path}"
    return f"doc:{doc.path}"


def endpoint_node(method: str, path: str) -> str:
    """The node ID of an endpoint (path already normalised)."""
    return f"endpoint:{method} {path}"


def build_graph(project: Project) -> nx.MultiDiGraph:
    """The graph of ``project``. Unresolvable references add no edge; the rules report them."""
    g = nx.MultiDiGraph(root=project.root)
    prds = PrdIndex(project.documents)
    prd_node_of: dict[str, str] = {}
    story_nodes: dict[str, list[str]] = defaultdict(list)

    def add(node: str, **attrs) -> None:
        if node in g:
            for k, v in attrs.items():
                g.nodes[node].setdefault(k, v)
        else:
            g.add_node(node, **attrs)

    for doc in project.documents:
        node = doc_node(doc)
        if node in g and g.nodes[node].get("path") != doc.path:
            node = f"{node}@{doc.path}"  # duplicate ID (reported by TR004); keep both documents
        kind = {DocKind.PRD: "prd", DocKind.SPEC: "spec"}.get(doc.kind, "doc")
        add(node, kind=kind, label=doc.title, path=doc.path, line=doc.title_line, status=doc.status,
            status_class=doc.status_class.value, doc_type=doc.kind.value)
        if doc.kind == DocKind.PRD:
            prd_node_of[doc.path] = node
            for s in doc.stories:
                kind = "req" if s.kind == "requirement" else "story"
                sn = f"{kind}:{s.id}"
                if sn in g:
                    sn = f"{sn}@{doc.id}"
                add(sn, kind=s.kind, label=s.title, path=s.path, line=s.line, story_id=s.id, prd=node,
                    status_class=doc.status_class.value, derived=s.derived)
                story_nodes[s.id].append(sn)
                g.add_edge(node, sn, kind="has_requirement" if kind == "req" else "has_story", path=doc.path, line=s.line)

    for doc in project.documents:
        for s in doc.stories:
            for ref in s.refs:
                for target in story_nodes.get(ref, []):
                    source = next((n for n in story_nodes.get(s.id, []) if g.nodes[n].get("path") == doc.path), None)
                    if source:
                        g.add_edge(source, target, kind="traces", path=doc.path, line=s.line)

    for doc in project.documents:
        if doc.kind != DocKind.SPEC:
            continue
        spec = f"spec:{doc.path}"
        parent, _ = spec_parents(doc, prds)
        if parent:
            ref = doc.parent or doc.body_parent
            g.add_edge(spec, prd_node_of[parent], kind="implements", path=doc.path, line=ref.line if ref else 1)
        parent_node = prd_node_of.get(parent, "")
        for cov in doc.covers:
            if cov.story_id.endswith("*"):  # "All": every story and requirement of the parent
                candidates = [n for _, n, k in g.out_edges(parent_node, data="kind") if k in ("has_story", "has_requirement")] \
                    if parent_node else []
                for sn in candidates:
                    g.add_edge(spec, sn, kind="covers", path=doc.path, line=cov.line)
                continue
            candidates = story_nodes.get(cov.story_id, [])
            own = [c for c in candidates if g.nodes[c].get("prd") == parent_node]
            for sn in own or candidates[:1]:
                g.add_edge(spec, sn, kind="covers", path=doc.path, line=cov.line)
        for f in doc.files:
            if f.unsafe:
                continue
            add(f"file:{f.path}", kind="file", label=f.path, path=f.path)
            kind = "creates_file" if f.intent == Intent.CREATE else "modifies_file"
            g.add_edge(spec, f"file:{f.path}", kind=kind, path=doc.path, line=f.line)
        for st in doc.sql:
            tables = []
            if st.action == "create_table":
                tables.append((st.table, "creates_table"))
            elif st.action in ("alter_table", "rename_table", "create_index") and st.table:
                tables.append((st.table, "alters_table"))
            for name, kind in tables:
                add(f"table:{name}", kind="table", label=name)
                g.add_edge(spec, f"table:{name}", kind=kind, path=doc.path, line=st.line)
        for ep in doc.endpoints:
            en = endpoint_node(ep.method, ep.path)
            add(en, kind="endpoint", label=f"{ep.method} {ep.path}", method=ep.method, route=ep.path)
            g.add_edge(spec, en, kind="declares_endpoint", path=doc.path, line=ep.line)

    declared_by_path: dict[str, list[str]] = defaultdict(list)
    for node, data in g.nodes(data=True):
        if data.get("kind") == "endpoint":
            declared_by_path[data["route"]].append(node)
    for code in project.code_files:
        add(f"file:{code.path}", kind="file", label=code.path, path=code.path, language=code.language)
        g.nodes[f"file:{code.path}"]["code"] = True
        for r in code.routes:
            en = endpoint_node(r.method, r.path)
            # a route that serves every method (Django path(), Express all()) serves each declared one
            served = declared_by_path.get(r.path, []) if r.method == "ANY" else [en]
            for node in served or [en]:
                add(node, kind="endpoint", label=node.split(":", 1)[1], method=r.method, route=r.path)
                g.add_edge(node, f"file:{code.path}", kind="routes_in", path=code.path, line=r.line)
    for code in project.code_files:
        for target in code.imports:
            g.add_edge(f"file:{code.path}", f"file:{target}", kind="imports", path=code.path)

    for mig in project.migrations:
        mn = f"migration:{mig.path}"
        add(mn, kind="migration", label=mig.path, path=mig.path)
        seen = set()
        for st in mig.statements:
            name = st.table if st.action in ("create_table", "alter_table", "rename_table", "create_index") else ""
            names = [name] if name else list(st.drops) if st.action == "drop_table" else []
            for n in names:
                if (n, st.action) in seen:
                    continue
                seen.add((n, st.action))
                add(f"table:{n}", kind="table", label=n)
                g.add_edge(mn, f"table:{n}", kind="migrates", path=mig.path, line=st.line, action=st.action)
    for t in project.schema.tables:
        add(f"table:{t.name}", kind="table", label=t.name)
        g.nodes[f"table:{t.name}"]["in_schema"] = True
    return g
