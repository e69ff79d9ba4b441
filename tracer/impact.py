"""Impact analysis: from changed files, tables, stories or endpoints to everything affected, with the path why.

Directions: ``up`` walks toward requirements (file -> spec -> story -> PRD, and the code importing a file),
``down`` toward what else must change (PRD -> story -> spec -> files, tables, endpoints, migrations),
``both`` is the union plus the other artifacts of every spec reached upward, and ``auto`` (the default)
answers "what does changing this affect": up from code, tables and endpoints, down from PRDs, stories and
specs. Each target gets its own answer; a node several targets reach is listed under each. A hop through an ``imports`` edge (a file that imports a
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
       ("tasked_in", False), ("models_table", True), ("renamed_to", False)}
_DOWN = {("has_story", True), ("has_requirement", True), ("traces", False), ("implements", False), ("covers", False), ("creates_file", True),
         ("modifies_file", True), ("creates_table", True), ("alters_table", True), ("declares_endpoint", True),
         ("routes_in", True), ("migrates", False), ("imports", False), ("tasked_in", True), ("models_table", False),
         ("renamed_to", True)}
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
    ("models_table", True): "models", ("models_table", False): "modelled by",
    ("renamed_to", True): "moved to", ("renamed_to", False): "moved from",
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
    column: str = ""  # table:NAME.COLUMN: the answer narrows to what mentions that column


@dataclass(frozen=True, slots=True)
class ImpactResult:
    """Targets, the ones that resolved to nothing, every affected node (the union, each with its shortest
    path), and per target what it alone affects (``answers[i]`` belongs to ``targets[i]``)."""

    targets: tuple[Target, ...]
    unresolved: tuple[Target, ...]
    affected: tuple[Affected, ...] = field(default_factory=tuple)
    direction: str = "auto"
    answers: tuple[tuple[Affected, ...], ...] = ()

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
                   note: str = "", *, hints: bool = True) -> Target:
    """Turn one user target into graph nodes (or an unresolved Target, with "did you mean" hints when
    ``hints``: a comparison with every node, for what a person typed, not for every path of a large diff)."""
    text = raw.strip()
    hint = _hints if hints else (lambda _text, _graph: ())
    if not text:
        return Target(input=raw)
    if text in graph:
        return Target(input=raw, nodes=(text,), note=note)
    if text.lower().startswith("table:"):
        name, _, column = text[6:].strip().lower().partition(".")
        node = f"table:{name.strip(chr(34))}"
        if node in graph:
            return Target(input=raw, nodes=(node,), note=f"column {column}" if column else note, column=column)
        return Target(input=raw, hints=hint(node, graph))
    m = re.match(r"^(" + "|".join(METHODS) + r"|ANY)\s+(/\S*)$", text, re.I)
    if m:
        method, path = m.group(1).upper(), normalise_path(m.group(2))
        nodes = [n for n in (endpoint_node(method, path), endpoint_node("ANY", path)) if n in graph]
        if nodes:
            return Target(input=raw, nodes=tuple(nodes), note=note)
        return Target(input=raw, hints=hint(endpoint_node(method, path), graph))
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
    return Target(input=raw, note=note, hints=hint(rel, graph))


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


_WORD = "(?<![A-Za-z0-9_]){}(?![A-Za-z0-9_])"


def column_mentions(project, root: Path, table: str, column: str, candidates: set[str]) -> set[str]:
    """The nodes that mention ``table.column``: documents whose SQL declares, alters or indexes it, migrations
    and model files whose statements shape it, and (among ``candidates``) code files whose text names it."""
    from tracer.scanner.text import RootGuard, read_text

    def shapes(statements) -> bool:
        return any(st.table == table and (any(c.name == column for c in st.columns)
                                          or any(col == column or arg == column for _, col, arg in st.alters)
                                          or column in st.index_columns)
                   for st in statements)

    out = {n for d in project.documents if shapes(d.sql)
           for n in (f"spec:{d.path}", f"doc:{d.path}")}
    out |= {f"migration:{m.path}" for m in project.migrations if shapes(m.statements)}
    out |= {f"file:{c.path}" for c in project.code_files if c.schema and shapes(c.schema)}
    pattern = re.compile(_WORD.format(re.escape(column)), re.I)
    guard = RootGuard(root)
    for node in candidates:
        if node.startswith("file:") and node not in out:
            ft = read_text(root, node[5:], 2_000_000, guard)
            if not ft.fatal and pattern.search(ft.text):
                out.add(node)
    return out


def with_base_links(graph: nx.MultiDiGraph, project, root: Path, commit: str, changes, config) -> nx.MultiDiGraph:
    """The graph plus what pointed at the paths a branch removes, as it was at the base ``commit``: the files
    the changed documents declared there (a spec updated in the same branch no longer names the old path),
    and the code that still imports a deleted or renamed-away module. The live graph is not changed."""
    from tracer.model.status import build_status_map
    from tracer.resolve.imports import ImportResolver
    from tracer.scanner.documents import parse_document
    from tracer.scanner.git import files_at
    from tracer.scanner.parsing import ordered_profiles

    removed = {c.old_path for c in changes if c.status == "R"} | {c.path for c in changes if c.status == "D"}
    docs = [c for c in changes if c.status in ("M", "R", "D") and (c.old_path or c.path).lower().endswith(".md")]
    if not removed and not docs:
        return graph
    g = graph.copy()
    paths = path_index(g)
    texts = files_at(root, commit, [c.old_path or c.path for c in docs], config.max_file_bytes)
    profiles = ordered_profiles(project.profiles)
    status_map = build_status_map(config.statuses_dict())
    for c in docs:
        text = texts.get(c.old_path or c.path)
        node = next((n for n in paths.get(c.path, ()) if g.nodes[n].get("kind") in ("prd", "spec", "doc")), None)
        if text is None or node is None:
            continue
        try:
            then = parse_document(c.old_path or c.path, text, profiles=profiles, dialect=config.dialect,
                                  status_map=status_map, declaration_keys=config.declaration_keys)
        except Exception:  # noqa: BLE001 - the base version of a document is context, not a finding
            continue
        now = {t for _, t in g.out_edges(node)}
        for f in then.files:
            target = f"file:{f.path}"
            if target in now or f.unsafe:
                continue
            if target not in g:
                g.add_node(target, kind="file", label=f.path, path=f.path)
            g.add_edge(node, target, kind="creates_file" if f.intent.value == "create" else "modifies_file",
                       path=c.path, line=f.line, live=True, tasked=False, intent=f.intent.value, at_base=True)
    if removed:
        resolver = ImportResolver({c.path for c in project.code_files} | removed, go_modules=project.go_modules,
                                  ts_paths=project.ts_paths)
        for code in project.code_files:
            for target in resolver.resolve(code.imports, code.path, code.language):
                if target in removed:
                    if f"file:{target}" not in g:
                        g.add_node(f"file:{target}", kind="file", label=target, path=target)
                    g.add_edge(f"file:{code.path}", f"file:{target}", kind="imports", path=code.path, live=True,
                               at_base=True)
    return g


# what a change to a node affects, by default: for code, tables and endpoints the documents that declare them
# and the code that imports them (up); for PRDs, stories and specs what implements them (down)
_AUTO_UP = {"file", "table", "endpoint", "migration"}


def _walks(graph: nx.MultiDiGraph, start: str, direction: str, depth: int | None) -> list[dict[str, tuple]]:
    if direction == "auto":
        direction = "up" if graph.nodes[start].get("kind", start.split(":", 1)[0]) in _AUTO_UP else "down"
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
    return walks


def _better(item: tuple, old: tuple | None) -> bool:
    return old is None or (item[2], -len(item[0])) > (old[2], -len(old[0]))


def _affected(graph: nx.MultiDiGraph, found: dict[str, tuple]) -> tuple[Affected, ...]:
    order = {k: i for i, k in enumerate(KINDS)}
    out = []
    for node, (via, words, direct) in found.items():
        kind = graph.nodes[node].get("kind", node.split(":", 1)[0])
        out.append(Affected(node=node, kind=kind, direct=direct, distance=len(via) - 1, via=via, edges=words))
    out.sort(key=lambda a: (order.get(a.kind, 99), not a.direct, a.distance, a.node))
    return tuple(out)


def impact(graph: nx.MultiDiGraph, targets: list[Target], *, direction: str = "auto", depth: int | None = None,
           mentions=None) -> ImpactResult:
    """Everything affected by the resolved ``targets``, per target and in all. ``mentions(table, column,
    candidates)`` gives the nodes that mention a column: a ``table:NAME.COLUMN`` target keeps only those, and
    the stories and PRDs reached through them."""
    resolved = [t for t in targets if t.nodes]
    unresolved = [t for t in targets if not t.nodes]
    start_nodes = {n for t in resolved for n in t.nodes}
    union: dict[str, tuple] = {}
    answers = []
    for t in resolved:
        mine: dict[str, tuple] = {}
        for start in sorted(t.nodes):
            for w in _walks(graph, start, direction, depth):
                for node, item in w.items():
                    if node not in t.nodes and _better(item, mine.get(node)):
                        mine[node] = item
        if t.column and mentions is not None:  # walk again through what mentions the column only
            keep = mentions(t.nodes[0].removeprefix("table:"), t.column, set(mine)) | set(t.nodes)
            keep |= {n for n in mine if graph.nodes[n].get("kind") in ("prd", "story", "requirement")}
            narrowed = graph.subgraph(keep)
            mine = {}
            for start in sorted(t.nodes):
                for w in _walks(narrowed, start, direction, depth):
                    for node, item in w.items():
                        if node not in t.nodes and _better(item, mine.get(node)):
                            mine[node] = item
        answers.append(_affected(graph, mine))
        for node, item in mine.items():
            if node not in start_nodes and _better(item, union.get(node)):
                union[node] = item
    return ImpactResult(targets=tuple(resolved), unresolved=tuple(unresolved), affected=_affected(graph, union),
                        direction=direction, answers=tuple(answers))
