"""``tracer scan``: the inventory view (``tracer/inventory.py``) as terminal tables or JSON."""

from __future__ import annotations

import io
import json

from tracer.reporters.escape import plain


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
    families = Table(title="What was read, per document format", show_header=True, header_style="bold")
    families.add_column("format")
    columns = ("documents", "prds", "specs", "stories", "files", "tasks", "tables", "endpoints", "other")
    for col in columns:
        families.add_column(col, justify="right")
    for name, row in view["families"].items():
        families.add_row(Text(plain(name)), *(str(row[col]) for col in columns))
    console.print(families)
    code = view["code"]
    reads = Table(title="What was read in code", show_header=True, header_style="bold")
    reads.add_column("language")
    for col in ("files", "routes", "imports"):
        reads.add_column(col, justify="right")
    for name, row in code["languages"].items():
        reads.add_row(Text(plain(name)), str(row["files"]), str(row["routes"]), str(row["imports"]))
    console.print(reads)
    console.print(Text(f"schema sources: {', '.join(code['schema_sources']) or 'none found'}"
                       + (f"; routes from {', '.join(code['route_frameworks'])}" if code["route_frameworks"] else "")))
    for u in code["unparsed"]:
        console.print(Text(plain(f"  {u['path']}: {u['reason']} (its routes, imports and schema are not read)")))
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
        docs.add_row(Text(plain(d["path"])), d["kind"], Text(plain(status)), Text(plain(link)),
                     str(len(d["problems"])) if d["problems"] else "")
    console.print(docs)
    if view["unresolved"]:
        console.print(Text("Unresolved references", style="bold"))
        for u in view["unresolved"]:
            console.print(Text(plain(f"  {u['path']}:{u['line']}  {u['kind']} {u['reference']!r} {u['reason']}")))
    if view["problems"]:
        console.print(Text("Parse problems", style="bold"))
        for p in view["problems"]:
            console.print(Text(plain(f"  {p['path']}:{p['line']}  {p['code']} {p['message']}")))
    console.print(Text(f"{c['documents']} documents, {view['graph']['nodes']} nodes, {view['graph']['edges']} edges, "
                       f"{len(view['unresolved'])} unresolved references, {len(view['problems'])} parse problems"))
    return buf.getvalue()
