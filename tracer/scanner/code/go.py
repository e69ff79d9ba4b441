"""Go: imports and HTTP routes, read with the tree-sitter Go grammar.

Routes: ``net/http`` (``HandleFunc`` / ``Handle``, Go 1.22 ``"GET /items/{id}"`` patterns), gorilla/mux
(``.Methods("GET")``, ``PathPrefix(...).Subrouter()``), gin and echo (``GET``/``POST``/…, ``Group``), chi
(``Get``/``Post``/…, ``Route("/x", func(r chi.Router) {...})``, ``Group``). A prefix given to a group or
subrouter held in a variable, or passed into a ``Route`` callback, applies to the routes registered on it
in the same file. Imports are the import specs as written; ``go.mod`` turns them into folders.
"""

from __future__ import annotations

from tree_sitter import Node

from tracer.model import Route
from tracer.scanner.code.syntax import arguments, descendants, line_of, parse, string_value, text_of
from tracer.scanner.routes import METHODS, normalise_path

_VERBS = {m: m for m in METHODS} | {m.capitalize(): m for m in METHODS} | {"Any": "ANY", "Connect": "CONNECT"}
_HANDLE = {"HandleFunc", "Handle", "HandlerFunc"}
_PREFIXING = {"Group", "PathPrefix", "Route", "Subrouter", "Mount"}


def _selector(call: Node) -> tuple[Node | None, str]:
    """(receiver, method name) of ``receiver.Method(...)``, else (None, "")."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None, ""
    return fn.child_by_field_name("operand"), text_of(fn.child_by_field_name("field"))


def _prefix_of(node: Node | None, env: dict[str, str]) -> str:
    """The path prefix a router expression carries: a variable's, or a ``Group("/x")`` / ``PathPrefix``
    chain's (``r.PathPrefix("/api").Subrouter()``)."""
    depth = 0
    parts: list[str] = []
    while node is not None and depth < 50:
        depth += 1
        if node.type == "identifier":
            return env.get(text_of(node), "") + "".join(reversed(parts))
        if node.type == "call_expression":
            receiver, name = _selector(node)
            if name in ("Group", "PathPrefix", "Route"):
                args = arguments(node)
                value = string_value(args[0]) if args else None
                if value:
                    parts.append(value)
            node = receiver
            continue
        if node.type in ("parenthesized_expression", "unary_expression"):
            node = node.named_children[-1] if node.named_children else None
            continue
        return "".join(reversed(parts))
    return "".join(reversed(parts))


def _route_methods(call: Node, name: str, args: list[Node]) -> tuple[list[str], Node | None]:
    """(methods, path argument) of one registration call."""
    if name in _VERBS:
        return [_VERBS[name]], args[0] if args else None
    if name == "Handle" and len(args) >= 2 and string_value(args[0]) in METHODS:  # gin: r.Handle("GET", "/x", h)
        return [string_value(args[0]) or "ANY"], args[1]
    methods = ["ANY"]
    parent = call.parent  # gorilla/mux: r.HandleFunc("/x", h).Methods("GET", "POST")
    if parent is not None and parent.type == "selector_expression" and text_of(parent.child_by_field_name("field")) == "Methods":
        outer = parent.parent
        if outer is not None and outer.type == "call_expression":
            found = [string_value(a) for a in arguments(outer)]
            methods = [m.upper() for m in found if m and m.upper() in METHODS] or methods
    return methods, args[0] if args else None


_WANTED = frozenset({"import_spec", "func_literal", "short_var_declaration", "assignment_statement", "var_spec",
                     "call_expression"})
_ROUTERS = _PREFIXING | {"NewRouter", "New", "Default", "NewServeMux"}  # calls whose result is a router


def read_go(text: str) -> tuple[tuple[Route, ...], tuple[str, ...]]:
    """(routes, import specifiers) of one Go file.

    The nodes that matter are read in source order. A router variable's prefix is known from its assignment
    on (in the file's scope, or in the scope of a ``Route`` callback the assignment is inside)."""
    root = parse("go", text)
    imports: list[str] = []
    routes: list[Route] = []
    scopes: dict[int, dict[str, str]] = {}  # func literal node id -> the prefixes its parameters carry
    top: dict[str, str] = {}
    inside: list[tuple[int, dict[str, str]]] = []  # (end byte, prefixes) of the Route callbacks a node is in
    for node in descendants("go", root, _WANTED):
        while inside and inside[-1][0] <= node.start_byte:
            inside.pop()
        env = inside[-1][1] if inside else top
        kind = node.type
        if kind == "import_spec":
            spec = string_value(node.child_by_field_name("path"))
            if spec:
                imports.append(spec)
        elif kind == "func_literal":
            if node.id in scopes:
                inside.append((node.end_byte, {**env, **scopes[node.id]}))
        elif kind == "call_expression":
            _call(node, env, scopes, routes)
        else:  # an assignment: a router held in a variable carries its prefix
            left = node.child_by_field_name("left") or node.child_by_field_name("name")
            right = node.child_by_field_name("right") or node.child_by_field_name("value")
            if left is not None and right is not None:
                names = [text_of(n) for n in left.named_children] if left.type == "expression_list" else [text_of(left)]
                values = right.named_children if right.type == "expression_list" else [right]
                for name, value in zip(names, values):
                    if value.type == "call_expression" and _selector(value)[1] in _ROUTERS:
                        env[name] = _prefix_of(value, env)
    return tuple(routes), tuple(dict.fromkeys(imports))


def _call(node: Node, env: dict[str, str], scopes: dict[int, dict[str, str]], routes: list[Route]) -> None:
    """A route registration (``routes``), or chi's ``Route("/x", func(r chi.Router) {...})``, whose callback's
    router carries the prefix (``scopes``)."""
    receiver, name = _selector(node)
    if not name:
        return
    args = arguments(node)
    if name == "Route" and len(args) >= 2 and args[1].type == "func_literal":
        params = args[1].child_by_field_name("parameters")
        first = next(iter(params.named_children), None) if params is not None else None
        pname = text_of(first.child_by_field_name("name")) if first is not None else ""
        if pname:
            scopes[args[1].id] = {pname: _prefix_of(receiver, env) + (string_value(args[0]) or "")}
    elif (name in _VERBS or name in _HANDLE) and args:
        methods, path_arg = _route_methods(node, name, args)
        raw = string_value(path_arg)
        if raw is not None and (raw.startswith("/") or raw.split(" ", 1)[0] in METHODS):
            if " " in raw and raw.split(" ", 1)[0] in METHODS:  # Go 1.22: "GET /items/{id}"
                verb, raw = raw.split(" ", 1)
                methods = [verb]
            full = _prefix_of(receiver, env) + raw.strip()
            framework = "net/http" if name in _HANDLE else "go"
            for method in methods:
                routes.append(Route(method=method, path=normalise_path(full), raw=full, line=line_of(node),
                                    framework=framework))
