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
    if fmt in ("dot", "mermaid"):
        return _for_people(graph, nodes, edges, fmt)
    raise TracerError(f"--format: unknown graph format {fmt!r} (choose from {', '.join(FORMATS)})")


_COLOURS = {"prd": "#ede9fe", "story": "#dbeafe", "requirement": "#e0f2fe", "spec": "#dcfce7", "doc": "#f3f4f6",
            "table": "#fef3c7", "endpoint": "#fce7f3", "file": "#ffffff", "migration": "#fef9c3"}
_DOT_SHAPES = {"prd": "folder", "story": "ellipse", "requirement": "ellipse", "spec": "note", "doc": "note",
               "table": "cylinder", "endpoint": "hexagon", "file": "box", "migration": "component"}


def _label(node: str, data: dict) -> str:
    """What a person reads: the name without the internal prefix, with the title where there is one."""
    kind, _, rest = node.partition(":")
    if kind in ("story", "req"):
        title = str(data.get("label") or "")
        return f"{rest} {title[:40]}".strip()
    if kind == "prd":
        return f"PRD {data.get('label') or rest}"
    return rest


def _missing(graph: nx.MultiDiGraph, node: str, data: dict) -> bool:
    """A declared file that is not in the repository, or a table no migration or model creates."""
    kind = data.get("kind")
    if kind == "file":
        return not data.get("code") and not any(k == "routes_in" for _, _, k in graph.in_edges(node, data="kind"))
    if kind == "table":
        return not any(k in ("migrates", "models_table") for _, _, k in graph.in_edges(node, data="kind"))
    return False


def _for_people(graph: nx.MultiDiGraph, nodes: list, edges: list, fmt: str) -> str:
    """DOT or Mermaid: nodes shaped and coloured by kind, names without prefixes, missing ones marked, each
    relation drawn once."""
    unique = list(dict.fromkeys((u, v, d.get("kind", "")) for u, v, d in edges))
    if fmt == "dot":
        out = ["digraph tracer {", "  rankdir=LR;", "  node [fontname=Helvetica, style=filled];"]
        for n in nodes:
            d = graph.nodes[n]
            kind = d.get("kind", "")
            miss = _missing(graph, n, d)
            attrs = (f"label={_dot_quote(_label(n, d) + (' (missing)' if miss else ''))}, "
                     f"shape={_DOT_SHAPES.get(kind, 'box')}, fillcolor={_dot_quote(_COLOURS.get(kind, '#ffffff'))}")
            if miss:
                attrs += ', color="#dc2626", fontcolor="#dc2626", style="filled,dashed"'
            out.append(f"  {_dot_quote(n)} [{attrs}];")
        for u, v, kind in unique:
            out.append(f"  {_dot_quote(u)} -> {_dot_quote(v)} [label={_dot_quote(kind.replace('_', ' '))}];")
        out.append("}")
        return "\n".join(out)
    ids = {n: f"n{i}" for i, n in enumerate(nodes)}
    out = ["flowchart LR"]
    for kind, colour in _COLOURS.items():
        out.append(f"  classDef {kind} fill:{colour},stroke:#6b7280")
    out.append("  classDef missing fill:#fee2e2,stroke:#dc2626,stroke-dasharray:4 3,color:#991b1b")
    for n in nodes:
        d = graph.nodes[n]
        kind = d.get("kind", "")
        left, right = _KIND_SHAPES.get(kind, ("[", "]"))
        miss = _missing(graph, n, d)
        out.append(f"  {ids[n]}{left}{_mermaid_label(_label(n, d) + (' (missing)' if miss else ''))}{right}")
        out.append(f"  class {ids[n]} {'missing' if miss else kind if kind in _COLOURS else 'doc'}")
    for u, v, kind in unique:
        out.append(f"  {ids[u]} -->|{kind.replace('_', ' ')}| {ids[v]}")
    return "\n".join(out)
