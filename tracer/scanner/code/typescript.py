"""TypeScript and JavaScript: imports, Express-style routes, routers mounted under a prefix, and Drizzle
tables, read with the tree-sitter TypeScript grammar (TSX for ``.tsx`` and JavaScript files).

- imports: ``import … from "x"``, ``export … from "x"``, ``require("x")``, ``import("x")``;
- routes: ``app.get("/x", …)`` / ``router.post(…)`` / ``.all(…)`` on any object (the first argument a
  path), and ``router.route("/x").get(…)``;
- mounts: ``app.use("/api", router)`` (Hono: ``app.route("/api", router)``) where ``router`` is imported,
  required, or made by an imported factory (``const router = createRouter()``, or the call in place:
  ``app.route("/auth", createAuthRoutes(container))``);
- Drizzle: ``pgTable("users", { id: serial("id").primaryKey(), … }, (t) => [index("x").on(t.id)])`` and
  its ``mysqlTable`` / ``sqliteTable`` siblings: columns with types, primary keys, unique columns and indexes.
"""

from __future__ import annotations

from tree_sitter import Node

from tracer.model import Column, Mount, Route, SqlStatement
from tracer.scanner.code.syntax import arguments, descendants, line_of, parse, string_value, text_of
from tracer.scanner.routes import METHODS, normalise_path
from tracer.scanner.sql import type_from_text

_VERBS = {m.lower(): m for m in METHODS} | {"all": "ANY"}
_TABLES = {"pgTable": "postgres", "mysqlTable": "mysql", "sqliteTable": "sqlite"}
_ENUMS = {"pgEnum", "mysqlEnum"}
_WANTED = frozenset({"import_statement", "export_statement", "call_expression", "variable_declarator"})
_BINDINGS = frozenset({"identifier", "shorthand_property_identifier_pattern", "import_specifier"})
_CALLS = frozenset({"call_expression"})


def _member(call: Node) -> tuple[Node | None, str]:
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "member_expression":
        return None, ""
    return fn.child_by_field_name("object"), text_of(fn.child_by_field_name("property"))


def _callee(call: Node) -> str:
    fn = call.child_by_field_name("function")
    return text_of(fn) if fn is not None and fn.type in ("identifier", "import") else ""


def _bound_names(grammar: str, node: Node | None) -> list[str]:
    """The local names an import clause or a declarator's pattern binds."""
    if node is None:
        return []
    if node.type in ("identifier", "shorthand_property_identifier_pattern"):
        return [text_of(node)]
    out = []
    for n in descendants(grammar, node, _BINDINGS):
        if n.type == "import_specifier":
            out.append(text_of(n.child_by_field_name("alias") or n.child_by_field_name("name")))
        elif n.parent is None or n.parent.type != "import_specifier":
            out.append(text_of(n))
    return out


class _File:
    def __init__(self, text: str, grammar: str):
        self.grammar = grammar
        self.root = parse(grammar, text)
        self.imports: list[str] = []
        self.names: dict[str, str] = {}  # local name -> import specifier
        self.routes: list[Route] = []
        self.uses: list[tuple[str, str, int]] = []  # (prefix, local name, line) of app.use("/x", name)
        self.tables: list[SqlStatement] = []
        self.enums: dict[str, str] = {}  # local name -> SQL type name of a pgEnum / mysqlEnum

    def read(self, path: str) -> None:
        for node in descendants(self.grammar, self.root, _WANTED):
            kind = node.type
            if kind in ("import_statement", "export_statement"):
                spec = string_value(node.child_by_field_name("source"))
                if spec:
                    self.imports.append(spec)
                    clause = next((c for c in node.children if c.type == "import_clause"), None)
                    for name in _bound_names(self.grammar, clause):
                        self.names.setdefault(name, spec)
            elif kind == "variable_declarator":
                value = node.child_by_field_name("value")
                while value is not None and value.type == "await_expression":
                    value = value.named_children[0] if value.named_children else None
                if value is not None and value.type == "call_expression":
                    callee = _callee(value) or text_of(value.child_by_field_name("function")).split(".")[0]
                    args = arguments(value)
                    if callee in _ENUMS and args and string_value(args[0]):  # const statusEnum = pgEnum("status", …)
                        self.enums[text_of(node.child_by_field_name("name"))] = string_value(args[0]) or ""
                    spec = string_value(args[0]) if callee == "require" and args else None
                    source = spec or self.names.get(callee)  # const router = createRouter(): from createRouter's module
                    if source:
                        for name in _bound_names(self.grammar, node.child_by_field_name("name")):
                            self.names.setdefault(name, source)
            else:
                self._call(node, path)

    def _call(self, call: Node, path: str) -> None:
        callee = _callee(call)
        args = arguments(call)
        if callee in ("require", "import") and args:
            spec = string_value(args[0])
            if spec:
                self.imports.append(spec)
            return
        if callee in _TABLES and args:
            self._table(call, callee, args, path)
            return
        obj, prop = _member(call)
        if prop in _VERBS and args:
            raw = string_value(args[0])
            base = obj
            while raw is None and base is not None and base.type == "call_expression" and _member(base)[1] in _VERBS:
                base = _member(base)[0]  # router.route("/x").get(list).post(create)
            if raw is None and base is not None and base.type == "call_expression" and _member(base)[1] == "route":
                inner = arguments(base)
                raw = string_value(inner[0]) if inner else None
            if raw is not None and raw.startswith("/") and (len(args) > 1 or obj is not None and obj.type == "call_expression"):
                self.routes.append(Route(method=_VERBS[prop], path=normalise_path(raw), raw=raw, line=line_of(call),
                                         framework="express"))
        elif prop in ("use", "route") and len(args) >= 2:  # Hono mounts with app.route("/auth", authApp)
            prefix = string_value(args[0])
            target = args[-1]
            if target.type == "call_expression":  # app.route("/auth", createAuthRoutes(container)): the factory's module
                target = target.child_by_field_name("function")
            if prefix and prefix.startswith("/") and target is not None and target.type in ("identifier", "member_expression"):
                self.uses.append((prefix, text_of(target).split(".")[0], line_of(call)))

    def _table(self, call: Node, callee: str, args: list[Node], path: str) -> None:
        table = string_value(args[0])
        if not table or len(args) < 2 or args[1].type != "object":
            return
        dialect = _TABLES[callee]
        columns: list[Column] = []
        keys: dict[str, str] = {}  # property name -> column name (indexes refer to properties)
        indexes: list[SqlStatement] = []
        line = line_of(call)
        for pair in (c for c in args[1].named_children if c.type == "pair"):
            prop = text_of(pair.child_by_field_name("key")).strip("'\"")
            value = pair.child_by_field_name("value")
            chain = _chain(value)
            if not chain:
                continue
            type_call, modifiers = chain[0], [_member(c)[1] for c in chain[1:]]
            type_args = arguments(type_call)
            name = (string_value(type_args[0]) if type_args else None) or prop
            keys[prop] = name.lower()
            options = next((a for a in type_args if a.type == "object"), None)
            builder = _callee(type_call) or text_of(type_call.child_by_field_name("function"))
            sql_type = type_from_text(self.enums[builder], "postgres") if builder in self.enums else \
                _drizzle_type(builder, options, dialect)
            if "array" in modifiers and sql_type:
                sql_type += "[]"  # text("tags").array()
            columns.append(Column(name=name.lower(), type=sql_type, line=line_of(pair)))
            if "primaryKey" in modifiers:
                indexes.append(SqlStatement(path=path, line=line_of(pair), text="", action="create_index",
                                            index=f"{table}_pkey", table=table.lower(), index_columns=(name.lower(),)))
            elif "unique" in modifiers:
                indexes.append(SqlStatement(path=path, line=line_of(pair), text="", action="create_index",
                                            index=f"{table}_{name}_unique".lower(), table=table.lower(),
                                            index_columns=(name.lower(),)))
        if len(args) >= 3:
            for ix in descendants(self.grammar, args[2], _CALLS):
                _, prop = _member(ix)
                if prop != "on":
                    continue
                head = ix.child_by_field_name("function").child_by_field_name("object")
                if head is None or head.type != "call_expression" or _callee(head) not in ("index", "uniqueIndex", "unique"):
                    continue
                head_args = arguments(head)
                name = string_value(head_args[0]) if head_args else None
                cols = tuple(keys.get(text_of(a).split(".")[-1], text_of(a).split(".")[-1].lower()) for a in arguments(ix))
                indexes.append(SqlStatement(path=path, line=line_of(ix), text="", action="create_index",
                                            index=(name or f"{table}_{'_'.join(cols)}_idx").lower(), table=table.lower(),
                                            index_columns=cols))
        self.tables.append(SqlStatement(path=path, line=line, text="", action="create_table", table=table.lower(),
                                        columns=tuple(columns)))
        self.tables.extend(indexes)


def _chain(node: Node | None) -> list[Node]:
    """``varchar("x", {…}).notNull().unique()`` as [varchar call, notNull call, unique call]."""
    calls: list[Node] = []
    depth = 0
    while node is not None and node.type == "call_expression" and depth < 50:
        depth += 1
        calls.append(node)
        fn = node.child_by_field_name("function")
        node = fn.child_by_field_name("object") if fn is not None and fn.type == "member_expression" else None
    return list(reversed(calls))


_DRIZZLE = {
    "serial": "serial", "bigserial": "bigserial", "smallserial": "smallserial", "integer": "integer", "int": "integer",
    "bigint": "bigint", "smallint": "smallint", "text": "text", "varchar": "varchar", "char": "char",
    "boolean": "boolean", "date": "date", "time": "time", "interval": "interval", "numeric": "numeric",
    "decimal": "numeric", "real": "real", "doublePrecision": "double precision", "double": "double precision",
    "uuid": "uuid", "json": "json", "jsonb": "jsonb", "blob": "blob", "bytea": "bytea", "inet": "inet",
    "tinyint": "smallint", "mediumint": "integer", "float": "real", "datetime": "timestamp",
}


def _drizzle_type(fn: str, options: Node | None, dialect: str) -> str:
    """A Drizzle column builder as SQL: ``varchar("x", {length: 50})`` -> VARCHAR(50); an enum's
    builder (``statusEnum("status")``) has no SQL name here and is compared by nothing."""
    opts: dict[str, str] = {}
    if options is not None:
        for pair in (c for c in options.named_children if c.type == "pair"):
            opts[text_of(pair.child_by_field_name("key"))] = text_of(pair.child_by_field_name("value"))
    if fn == "timestamp":
        sql = "timestamptz" if opts.get("withTimezone") == "true" else "timestamp"
        return type_from_text(sql, "postgres")
    base = _DRIZZLE.get(fn)
    if base is None:
        return ""
    if base in ("varchar", "char") and opts.get("length", "").isdigit():
        base = f"{base}({opts['length']})"
    elif base == "numeric" and opts.get("precision", "").isdigit():
        scale = opts.get("scale", "")
        base = f"numeric({opts['precision']}{', ' + scale if scale.isdigit() else ''})"
    if dialect == "sqlite" and fn == "integer" and opts.get("mode") in ("'timestamp'", '"timestamp"', "'boolean'", '"boolean"'):
        return type_from_text("integer", "sqlite")
    return type_from_text(base, "postgres" if dialect == "postgres" else dialect)


def read_typescript(text: str, path: str, *, tsx: bool) -> tuple[tuple[Route, ...], tuple[str, ...], tuple[Mount, ...],
                                                               tuple[SqlStatement, ...]]:
    """(routes, import specifiers, mounts, Drizzle schema statements) of one TypeScript or JavaScript file."""
    f = _File(text, "tsx" if tsx else "typescript")
    f.read(path)
    mounts = tuple(Mount(prefix=prefix, target=f.names[name], line=line) for prefix, name, line in f.uses
                   if name in f.names)
    return tuple(f.routes), tuple(dict.fromkeys(f.imports)), mounts, tuple(f.tables)
