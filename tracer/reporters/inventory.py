"""``tracer scan``: the inventory of a repository as view data, rendered as a terminal table or JSON."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import networkx as nx

from tracer.graph.resolve import PrdIndex, reference_text, spec_parents
from tracer.model import DocKind, Project
from tracer.scanner.text import safe_stat_exists

VERSION = 1


def inventory_view(project: Project, graph: nx.MultiDiGraph) -> dict:
    """Plain data for the inventory: counts, links, every document, unresolved references, problems."""
    prds = PrdIndex(project.documents)
    story_ids = {s.id for d in project.documents for s in d.stories}
    kinds = Counter(d.kind.value for d in project.documents)
    edges = Counter(k for _, _, k in graph.edges(data="kind"))
    unresolved: list[dict] = []
    docs = []
    root = Path(project.root)
    for d in project.documents:
        entry = {
            "path": d.path, "kind": d.kind.value, "id": d.id, "title": d.title, "status": d.status,
            "status_class": d.status_class.value, "profile": d.profile,
        }
        if d.kind == DocKind.PRD:
            entry["stories"] = [s.id for s in d.stories if s.kind == "story"]
            entry["requirements"] = [s.id for s in d.stories if s.kind == "requirement"]
        if d.kind == DocKind.SPEC:
            parent, results = spec_parents(d, prds)
            entry["parent"] = parent or None
            for r in results:
                if not r.target:
                    unresolved.append({"path": d.path, "line": r.ref.line, "kind": "parent",
                                       "reference": reference_text(r.ref.raw) or r.ref.raw, "reason": r.reason})
            entry["covers"] = [c.story_id for c in d.covers]
            for c in d.covers:
                if c.story_id not in story_ids:
                    unresolved.append({"path": d.path, "line": c.line, "kind": "story", "reference": c.story_id,
                                       "reason": "no PRD defines it"})
            entry["files"] = len(d.files)
            entry["tables"] = sorted({st.table for st in d.sql if st.table})
            entry["endpoints"] = [f"{e.method} {e.path}" for e in d.endpoints]
            for f in d.files:
                if f.unsafe:
                    unresolved.append({"path": d.path, "line": f.line, "kind": "file", "reference": f.path,
                                       "reason": f.unsafe})
                elif not safe_stat_exists(root, f.path):
                    unresolved.append({"path": d.path, "line": f.line, "kind": "file", "reference": f.path,
                                       "reason": f"does not exist ({f.intent.value})"})
        entry["problems"] = [{"code": p.code, "line": p.line, "message": p.message} for p in d.problems]
        docs.append(entry)
    problems = [{"code": p.code, "path": p.path, "line": p.line, "message": p.message} for p in project.all_problems()]
    counts = {
        "documents": len(project.documents),
        "prds": kinds.get("prd", 0),
        "specs": kinds.get("tech-spec", 0),
        "bugs": kinds.get("bug", 0),
        "unknown": kinds.get("unknown", 0),
        "stories": sum(len(d.stories) for d in project.documents),
        "declared_files": sum(len(d.files) for d in project.documents),
        "declared_endpoints": sum(len(d.endpoints) for d in project.documents),
        "sql_statements": sum(len(d.sql) for d in project.documents),
        "code_files": len(project.code_files),
        "routes": sum(len(c.routes) for c in project.code_files),
        "migrations": len(project.migrations),
        "schema_tables": len(project.schema.tables),
        "schema_indexes": len(project.schema.indexes),
    }
    return {
        "version": VERSION,
        "counts": counts,
        "links": {k: edges.get(k, 0) for k in sorted(edges)},
        "graph": {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()},
        "documents": docs,
        "unresolved": sorted(unresolved, key=lambda u: (u["path"], u["line"], u["reference"])),
        "problems": sorted(problems, key=lambda p: (p["path"], p["line"], p["code"])),
        "git": {"is_repo": project.git.is_repo, "shallow": project.git.shallow},
        "profiles": list(project.profiles),
    }


def render_json(view: dict) -> str:
    """The inventory as JSON (schema version 1)."""
    return json.dumps(view, indent=2, ensure_ascii=False)


def render_text(view: dict, *, color: bool = False, width: int = 110) -> str:
    """The inventory as terminal tables (rich); document text is printed literally, never as markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    c = view["counts"]
    summary = Table(title="Inventory", show_header=True, header_style="bold")
    summary.add_column("kind")
    summary.add_column("count", justify="right")
    for key in ("documents", "prds", "stories", "specs", "bugs", "unknown", "declared_files", "declared_endpoints",
                "sql_statements", "code_files", "routes", "migrations", "schema_tables", "schema_indexes"):
        summary.add_row(key.replace("_", " "), str(c[key]))
    console.print(summary)
    links = Table(title="Links", show_header=True, header_style="bold")
    links.add_column("edge kind")
    links.add_column("count", justify="right")
    for k, n in view["links"].items():
        links.add_row(k, str(n))
    console.print(links)
    docs = Table(title="Documents", show_header=True, header_style="bold")
    docs.add_column("path", no_wrap=True)
    for col in ("kind", "status", "links", "problems"):
        docs.add_column(col, overflow="fold")
    for d in view["documents"]:
        if d["kind"] == "prd":
            link = f"{len(d['stories'])} stories"
        elif d["kind"] == "tech-spec":
            link = f"parent {d['parent'] or '—'}, covers {', '.join(d['covers']) or '—'}"
        else:
            link = ""
        status = f"{d['status'] or '—'} ({d['status_class']})"
        docs.add_row(Text(d["path"]), d["kind"], Text(status), Text(link), str(len(d["problems"])) if d["problems"] else "")
    console.print(docs)
    if view["unresolved"]:
        console.print(Text("Unresolved references", style="bold"))
        for u in view["unresolved"]:
            console.print(Text(f"  {u['path']}:{u['line']}  {u['kind']} {u['reference']!r} {u['reason']}"))
    if view["problems"]:
        console.print(Text("Parse problems", style="bold"))
        for p in view["problems"]:
            console.print(Text(f"  {p['path']}:{p['line']}  {p['code']} {p['message']}"))
    console.print(Text(f"{c['documents']} documents, {view['graph']['nodes']} nodes, {view['graph']['edges']} edges, "
                       f"{len(view['unresolved'])} unresolved references, {len(view['problems'])} parse problems"))
    return buf.getvalue()
