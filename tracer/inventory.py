"""``tracer scan``'s inventory as plain view data: counts, links, every document, unresolved references, problems.

Everything comes from the resolved links, so the inventory says what ``check``, ``impact`` and the report see.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from tracer.model import DocKind, Project
from tracer.model.links import Resolution
from tracer.resolve import reference_text

VERSION = 1


def _unresolved(res: Resolution) -> list[dict]:
    out = []
    for path, links in res.parents.items():
        for link in links:
            if not link.target and not link.ref.implicit:
                out.append({"path": path, "line": link.ref.line, "kind": "parent",
                            "reference": reference_text(link.ref.raw) or link.ref.raw, "reason": link.reason})
    for c in res.covers:
        if c.reason:
            out.append({"path": c.source, "line": c.line, "kind": "story", "reference": c.story_id, "reason": c.reason})
    for a in res.every_artifact():
        if a.kind == "file" and a.unsafe:
            out.append({"path": a.source, "line": a.line, "kind": "file", "reference": a.name, "reason": a.unsafe})
        elif a.kind == "file" and not a.present:
            out.append({"path": a.source, "line": a.line, "kind": "file", "reference": a.name,
                        "reason": f"does not exist ({a.intent})"})
    return out


FAMILY_COLUMNS = ("documents", "prds", "specs", "stories", "files", "tasks", "tables", "endpoints", "other")


def _families(project: Project, res: Resolution) -> dict[str, dict[str, int]]:
    """Per document family (format): documents read and declarations extracted of each kind, so a user sees at
    a glance what tracer understood ("other" are the Markdown files no format claims)."""
    out: dict[str, dict[str, int]] = {}
    for d in project.documents:
        row = out.setdefault(d.profile or "other", dict.fromkeys(FAMILY_COLUMNS, 0))
        row["documents"] += 1
        kind = {DocKind.PRD: "prds", DocKind.SPEC: "specs"}.get(d.kind)
        if kind:
            row[kind] += 1
        elif d.kind in (DocKind.OTHER, DocKind.UNKNOWN):
            row["other"] += 1
        row["stories"] += len(d.stories)
        row["tasks"] += d.items_total
        for a in res.artifacts_of(d.path):
            row[a.kind + "s"] += 1
    return dict(sorted(out.items()))


def inventory_view(project: Project, res: Resolution, graph: nx.MultiDiGraph) -> dict:
    """Plain data for the inventory: counts, links, every document, unresolved references, problems."""
    kinds = Counter(d.kind.value for d in project.documents)
    edges = Counter(k for _, _, k in graph.edges(data="kind"))
    docs = []
    for d in project.documents:
        entry = {
            "path": d.path, "kind": d.kind.value, "id": d.id, "title": d.title, "status": d.status,
            "status_class": d.status_class.value, "profile": d.profile,
        }
        if d.kind == DocKind.PRD:
            entry["stories"] = [s.id for s in res.stories_of(d.path) if s.kind == "story"]
            entry["requirements"] = [s.id for s in res.stories_of(d.path) if s.kind == "requirement"]
        if d.kind == DocKind.SPEC:
            arts = res.artifacts_of(d.path)
            entry["parent"] = res.prd_of.get(d.path) or None
            entry["covers"] = [c.story_id for c in d.covers]
            entry["files"] = sum(1 for a in arts if a.kind == "file")
            entry["declared_files"] = [{"path": a.name, "intent": a.intent, "present": a.present, "line": a.line}
                                       for a in arts if a.kind == "file" and not a.unsafe]
            entry["tables"] = sorted({a.name for a in arts if a.kind == "table"})
            entry["endpoints"] = [a.name for a in arts if a.kind == "endpoint"]
        entry["problems"] = [{"code": p.code, "line": p.line, "message": p.message} for p in d.problems]
        docs.append(entry)
    unresolved = _unresolved(res)
    problems = [{"code": p.code, "path": p.path, "line": p.line, "message": p.message} for p in project.all_problems()]
    counts = {
        "documents": len(project.documents),
        "prds": kinds.get("prd", 0),
        "specs": kinds.get("tech-spec", 0),
        "bugs": kinds.get("bug", 0),
        "unknown": kinds.get("unknown", 0),
        "other": kinds.get("other", 0),
        "stories": len(res.stories),
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
        "families": _families(project, res),
        "crashes": [{"where": c.where, "name": c.name, "message": c.message} for c in project.crashes],
        "code": _code(project, res),
    }


def _code(project: Project, res: Resolution) -> dict:
    """What was read in code: per language the files, routes and resolved imports; the schema sources; and
    the files that did not parse (their routes, imports and schema are unknown)."""
    languages: dict[str, dict[str, int]] = {}
    for c in project.code_files:
        row = languages.setdefault(c.language, {"files": 0, "routes": 0, "imports": 0})
        row["files"] += 1
        row["routes"] += len(c.routes)
        row["imports"] += len(res.imports.get(c.path, ()))
    frameworks = Counter(r.framework for c in project.code_files for r in c.routes)
    return {
        "languages": dict(sorted(languages.items())),
        "route_frameworks": dict(sorted(frameworks.items())),
        "schema_sources": list(project.schema.sources),
        "unparsed": [{"path": c.path, "reason": c.error} for c in project.code_files if c.error],
    }


