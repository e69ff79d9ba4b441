"""``tracer graph``: the traceability graph as node-link JSON, GraphML, GEXF, DOT or Mermaid."""

from __future__ import annotations

import json
import re

import networkx as nx

from tracer.errors import TracerError
from tracer.reporters.escape import xml_text

FORMATS = ("json", "graphml", "gexf", "dot", "mermaid")
_KIND_SHAPES = {"prd": ("[[", "]]"), "story": ("(", ")"), "spec": ("[", "]"), "table": ("[(", ")]"),
                "endpoint": ("{{", "}}"), "file": ("[/", "/]"), "migration": ("[\\", "\\]"), "doc": ("[", "]")}


def focus(graph: nx.MultiDiGraph, node: str, depth: int) -> nx.MultiDiGraph:
    """The part of the graph within ``depth`` links of ``node`` (either direction)."""
    if node not in graph:
        close = sorted(n for n in graph if node.lower() in n.lower())[:5]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise TracerError(f"--focus: no node {node!r} in the graph{hint}")
    keep = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), node, cutoff=depth)
    return graph.subgraph(keep).copy()


def _clean(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all str/int/float/bool (what GraphML and GEXF accept), and whose text
    holds only characters XML 1.0 can carry."""
    def keep(value):
        return xml_text(value) if isinstance(value, str) else value

    g = nx.MultiDiGraph()
    for n, data in graph.nodes(data=True):
        g.add_node(xml_text(n), **{k: keep(v) for k, v in data.items() if isinstance(v, (str, int, float, bool))})
    for u, v, data in graph.edges(data=True):
        g.add_edge(xml_text(u), xml_text(v),
                   **{k: keep(val) for k, val in data.items() if isinstance(val, (str, int, float, bool))})
    return g


def _dot_quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _mermaid_label(text: str) -> str:
    # Mermaid labels: quote with "...", and spell characters that break the syntax or inject HTML as entities
    safe = re.sub(r'["<>&#`\[\]{}|]', lambda m: f"#{ord(m.group(0))};", str(text))
    return f'"{safe}"'


def render(graph: nx.MultiDiGraph, fmt: str) -> str:
    """The graph in ``fmt`` (one of FORMATS), deterministic order."""
    nodes = sorted(graph.nodes)
    edges = sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("kind", "")))
    if fmt == "json":
        ordered = nx.MultiDiGraph()
        for n in nodes:
            ordered.add_node(n, **graph.nodes[n])
        for u, v, d in edges:
            ordered.add_edge(u, v, **d)
        data = nx.node_link_data(ordered, edges="links")
        data["graph"] = {}
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)
    if fmt in ("graphml", "gexf"):
        g = _clean(graph)
        ordered = nx.MultiDiGraph()
        for n in sorted(g.nodes):
            ordered.add_node(n, **g.nodes[n])
        for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("kind", ""))):
            ordered.add_edge(u, v, **d)
        lines = nx.generate_graphml(ordered) if fmt == "graphml" else nx.generate_gexf(ordered)
        return "\n".join(lines)
    if fmt == "dot":
        out = ["digraph tracer {", "  rankdir=LR;", "  node [fontname=Helvetica];"]
        for n in nodes:
            d = graph.nodes[n]
            out.append(f"  {_dot_quote(n)} [label={_dot_quote(d.get('label') or n)}, kind={_dot_quote(d.get('kind', ''))}];")
        for u, v, d in edges:
            out.append(f"  {_dot_quote(u)} -> {_dot_quote(v)} [label={_dot_quote(d.get('kind', ''))}];")
        out.append("}")
        return "\n".join(out)
    if fmt == "mermaid":
        ids = {n: f"n{i}" for i, n in enumerate(nodes)}
        out = ["flowchart LR"]
        for n in nodes:
            d = graph.nodes[n]
            left, right = _KIND_SHAPES.get(d.get("kind", ""), ("[", "]"))
            out.append(f"  {ids[n]}{left}{_mermaid_label(n)}{right}")
        for u, v, d in edges:
            out.append(f"  {ids[u]} -->|{d.get('kind', '')}| {ids[v]}")
        return "\n".join(out)
    raise TracerError(f"--format: unknown graph format {fmt!r} (choose from {', '.join(FORMATS)})")
