"""Impact analysis: from changed files, tables, stories or endpoints to everything affected, with the path why.

Directions: ``up`` walks toward requirements (file -> spec -> story -> PRD), ``down`` toward what else
must change (PRD -> story -> spec -> files, tables, endpoints, migrations), ``both`` is the union plus the
other artifacts of every spec reached upward. A hop through an ``imports`` edge (a file that imports a
changed module) makes everything behind it *indirect*.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from tracer.graph import endpoint_node
from tracer.scanner.ids import ID_RE, normalise_story_id
from tracer.scanner.routes import METHODS, normalise_path

KINDS = ("prd", "story", "requirement", "spec", "table", "endpoint", "file", "migration", "doc")

# (edge kind, walk it forward?) -> allowed in which walk
_UP = {("creates_file", False), ("modifies_file", False), ("creates_table", False), ("alters_table", False),
       ("declares_endpoint", False), ("routes_in", False), ("migrates", True), ("covers", True),
       ("implements", True), ("has_story", False), ("has_requirement", False), ("traces", True), ("imports", False),
       ("tasked_in", False)}
_DOWN = {("has_story", True), ("has_requirement", True), ("traces", False), ("implements", False), ("covers", False), ("creates_file", True),
         ("modifies_file", True), ("creates_table", True), ("alters_table", True), ("declares_endpoint", True),
         ("routes_in", True), ("migrates", False), ("imports", False), ("tasked_in", True)}
_ARTIFACT = {("creates_file", True), ("modifies_file", True), ("creates_table", True), ("alters_table", True),
             ("declares_endpoint", True)}

EDGE_WORDS = {
    ("creates_file", True): "creates", ("creates_file", False): "created by",
    ("modifies_file", True): "modifies", ("modifies_file", False): "modified by",
    ("creates_table", True): "creates", ("creates_table", False): "created by",
    ("alters_table", True): "alters", ("alters_table", False): "altered by",
    ("declares_endpoint", True): "declares", ("declares_endpoint", False): "declared by",
    ("routes_in", True): "served in", ("routes_in", False): "serves",
    ("migrates", True): "migrates", ("migrates", False): "migrated by",
    ("covers", True): "covers", ("covers", False): "covered by",
    ("implements", True): "in", ("implements", False): "implemented by",
    ("has_story", True): "has story", ("has_story", False): "in",
    ("has_requirement", True): "has requirement", ("has_requirement", False): "in",
    ("traces", True): "traces", ("traces", False): "traced by",
    ("imports", True): "imports", ("imports", False): "imported by",
    ("tasked_in", True): "has a task on", ("tasked_in", False): "in a task for",
}


@dataclass(frozen=True, slots=True)
class Affected:
    """A node reached from a target, with the shortest path that led there."""

    node: str
    kind: str
    direct: bool
    distance: int
    via: tuple[str, ...]  # node IDs from the target to this node
    edges: tuple[str, ...]  # the words of each hop ("modified by", "covers", ...)


@dataclass(frozen=True, slots=True)
class Target:
    """What the user asked about and the graph node(s) it resolved to."""

    input: str
    nodes: tuple[str, ...] = ()
    note: str = ""  # e.g. "renamed from x", "deleted", "column title"
    hints: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImpactResult:
    """Targets, the ones that resolved to nothing, and every affected node."""

    targets: tuple[Target, ...]
    unresolved: tuple[Target, ...]
    affected: tuple[Affected, ...] = field(default_factory=tuple)
    direction: str = "both"

    def by_kind(self) -> dict[str, list[str]]:
        """Affected node IDs grouped by kind, sorted."""
        out: dict[str, list[str]] = {k: [] for k in ("prd", "story", "requirement", "spec", "table", "endpoint", "file")}
        for a in self.affected:
            out.setdefault(a.kind, []).append(a.node)
        return {k: sorted(v) for k, v in out.items()}


def path_index(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Repository path -> nodes that stand for it (a PRD, a spec, a file, a migration)."""
    index: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        kind = data.get("kind")
        path = data.get("path")
        if path and kind in ("prd", "spec", "doc", "file", "migration"):
            index.setdefault(path, []).append(node)
    return index


def _hints(text: str, graph: nx.MultiDiGraph) -> tuple[str, ...]:
    names = [n for n in graph.nodes if not n.startswith("endpoint:")] + [n.split(":", 1)[1] for n in graph.nodes]
    return tuple(dict.fromkeys(difflib.get_close_matches(text, names, n=3, cutoff=0.5)))


def resolve_target(raw: str, graph: nx.MultiDiGraph, root: Path, paths: dict[str, list[str]], cwd: Path | None = None,
                   note: str = "") -> Target:
    """Turn one user target into graph nodes (or an unresolved Target with hints)."""
    text = raw.strip()
    if not text:
        return Target(input=raw)
    if text in graph:
        return Target(input=raw, nodes=(text,), note=note)
    if text.lower().startswith("table:"):
        name, _, column = text[6:].strip().lower().partition(".")
        node = f"table:{name.strip(chr(34))}"
        if node in graph:
            return Target(input=raw, nodes=(node,), note=f"column {column}" if column else note)
        return Target(input=raw, hints=_hints(node, graph))
    m = re.match(r"^(" + "|".join(METHODS) + r"|ANY)\s+(/\S*)$", text, re.I)
    if m:
        method, path = m.group(1).upper(), normalise_path(m.group(2))
        nodes = [n for n in (endpoint_node(method, path), endpoint_node("ANY", path)) if n in graph]
        if nodes:
            return Target(input=raw, nodes=tuple(nodes), note=note)
        return Target(input=raw, hints=_hints(endpoint_node(method, path), graph))
    if ID_RE.fullmatch(text):
        sid = normalise_story_id(text)
        for kind in ("story", "req"):
            if f"{kind}:{sid}" in graph:
                return Target(input=raw, nodes=(f"{kind}:{sid}",), note=note)
    for kind in ("prd", "story", "req"):
        if f"{kind}:{text}" in graph:
            return Target(input=raw, nodes=(f"{kind}:{text}",), note=note)
    rel = _repo_relative(text, root, cwd)
    if rel in paths:
        return Target(input=raw, nodes=tuple(sorted(paths[rel])), note=note)
    docs = [n for n, d in graph.nodes(data=True) if d.get("kind") in ("prd", "spec", "doc")
            and posixpath.basename(d.get("path", "")) in (text, text + ".md")]
    if docs:
        return Target(input=raw, nodes=tuple(sorted(docs)), note=note)
    return Target(input=raw, note=note, hints=_hints(rel, graph))


def _repo_relative(text: str, root: Path, cwd: Path | None) -> str:
    """A path given on the command line as a repository-relative POSIX path."""
    p = Path(text)
    if cwd is not None and not p.is_absolute():
        candidate = (cwd / p).resolve()
        if candidate == root or root in candidate.parents:
            return candidate.relative_to(root).as_posix()
    if p.is_absolute():
        try:
            return p.resolve().relative_to(root).as_posix()
        except ValueError:
            return text
    return posixpath.normpath(text.replace("\\", "/"))


def _moves(graph: nx.MultiDiGraph, node: str, allowed: set[tuple[str, bool]]):
    """(neighbour, edge kind, forward?, tasked?) for each edge of ``node`` the walk may take; ``tasked``: a
    declaration written in a task that names its stories (the walk then reaches those stories only)."""
    for _, nbr, data in graph.out_edges(node, data=True):
        if (data["kind"], True) in allowed:
            yield nbr, data["kind"], True, False
    for nbr, _, data in graph.in_edges(node, data=True):
        if (data["kind"], False) in allowed:
            yield nbr, data["kind"], False, bool(data.get("tasked"))


def _walk(graph: nx.MultiDiGraph, start: str, allowed: set[tuple[str, bool]], depth: int | None,
          seed: tuple[tuple[str, ...], tuple[str, ...], bool] | None = None) -> dict[str, tuple]:
    """Breadth-first walk: node -> (via, edge words, direct), shortest first, direct paths preferred."""
    via0, words0, direct0 = seed or ((start,), (), True)
    best: dict[str, tuple] = {start: (via0, words0, direct0)}
    narrow: set[str] = set()  # documents reached only through tasked declarations: their stories are not walked
    queue = deque([start])
    while queue:
        node = queue.popleft()
        via, words, direct = best[node]
        if depth is not None and len(via) - len(via0) >= depth:
            continue
        moves = sorted(_moves(graph, node, allowed), key=lambda m: (m[0], m[1], m[2]))
        tasked = {nbr for nbr, _, _, t in moves if t}
        wide = {nbr for nbr, _, _, t in moves if not t}
        for nbr, kind, forward, _ in moves:
            if node in narrow and kind == "covers":
                continue
            item = (via + (nbr,), words + (EDGE_WORDS[(kind, forward)],), direct and kind != "imports")
            old = best.get(nbr)
            if old is None or (item[2] and not old[2] and len(item[0]) <= len(old[0]) + 1):
                best[nbr] = item
                queue.append(nbr)
                if nbr in tasked and nbr not in wide:
                    narrow.add(nbr)
    return best


def impact(graph: nx.MultiDiGraph, targets: list[Target], *, direction: str = "both", depth: int | None = None) -> ImpactResult:
    """Everything affected by the resolved ``targets``."""
    resolved = [t for t in targets if t.nodes]
    unresolved = [t for t in targets if not t.nodes]
    start_nodes = {n for t in resolved for n in t.nodes}
    found: dict[str, tuple] = {}

    def keep(node: str, item: tuple) -> None:
        if node in start_nodes:
            return
        old = found.get(node)
        if old is None or (item[2], -len(item[0])) > (old[2], -len(old[0])):
            found[node] = item

    for start in sorted(start_nodes):
        walks = []
        if direction in ("up", "both"):
            up = _walk(graph, start, _UP, depth)
            walks.append(up)
            if direction == "both":
                for node, item in list(up.items()):
                    if graph.nodes[node].get("kind") == "spec":
                        room = 1 if depth is None else min(1, depth - (len(item[0]) - 1))
                        if room > 0:
                            walks.append(_walk(graph, node, _ARTIFACT, room, seed=item))
        if direction in ("down", "both"):
            walks.append(_walk(graph, start, _DOWN, depth))
        for w in walks:
            for node, item in w.items():
                keep(node, item)
    affected = []
    for node, (via, words, direct) in found.items():
        kind = graph.nodes[node].get("kind", node.split(":", 1)[0])
        affected.append(Affected(node=node, kind=kind, direct=direct, distance=len(via) - 1, via=via, edges=words))
    order = {k: i for i, k in enumerate(KINDS)}
    affected.sort(key=lambda a: (order.get(a.kind, 99), not a.direct, a.distance, a.node))
    return ImpactResult(targets=tuple(resolved), unresolved=tuple(unresolved), affected=tuple(affected), direction=direction)
