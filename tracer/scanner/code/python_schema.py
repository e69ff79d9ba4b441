"""Schema defined in Python, read statically from the ``ast`` (nothing is imported or executed):

- SQLAlchemy declarative models (``__tablename__``; ``Column(...)``, ``mapped_column(...)`` with the type
  from the call or the ``Mapped[...]`` annotation; ``primary_key``, ``unique``, ``index``, ``ForeignKey``;
  ``__table_args__`` indexes and unique constraints) and Flask-SQLAlchemy's ``db.Model`` (default table name:
  the class name in snake case);
- SQLModel models (``table=True``; columns from annotations and ``Field(...)``; default table name: the class
  name in lower case);
- Django models (``models.Model``; ``Meta.db_table`` or ``<app>_<model>``; an ``id`` column unless a field is
  the primary key; ``ForeignKey`` as ``<name>_id``; ``db_index`` / ``unique`` / ``Meta.indexes``);
- Alembic migrations (``op.create_table`` / ``add_column`` / ``drop_column`` / ``alter_column`` /
  ``create_index`` / ``rename_table`` / ``drop_table`` / ``drop_index`` in ``upgrade()``; ``revision`` and
  ``down_revision`` order them);
- Django migrations (``CreateModel``, ``AddField``, ``RemoveField``, ``AlterField``, ``RenameField``,
  ``DeleteModel``, ``AddIndex``, ``AlterModelTable``; ``dependencies`` order them).

Everything becomes the statements the SQL replay already understands, with the file's lines.
"""

from __future__ import annotations

import ast
import posixpath
import re

from tracer.model import Column, SqlStatement
from tracer.scanner.sql import type_from_text

# -- types ------------------------------------------------------------------------------------------
_SA_TYPES = {
    "Integer": "integer", "INTEGER": "integer", "INT": "integer", "BigInteger": "bigint", "BIGINT": "bigint",
    "SmallInteger": "smallint", "SMALLINT": "smallint", "String": "varchar", "VARCHAR": "varchar",
    "Unicode": "varchar", "NVARCHAR": "varchar", "CHAR": "char", "Text": "text", "TEXT": "text",
    "UnicodeText": "text", "Boolean": "boolean", "BOOLEAN": "boolean", "Date": "date", "DATE": "date",
    "Time": "time", "Interval": "interval", "Float": "float", "FLOAT": "float", "REAL": "real",
    "Double": "double precision", "DOUBLE_PRECISION": "double precision", "Numeric": "numeric",
    "NUMERIC": "numeric", "DECIMAL": "numeric", "LargeBinary": "bytea", "BYTEA": "bytea", "JSON": "json",
    "JSONB": "jsonb", "UUID": "uuid", "Uuid": "uuid", "ARRAY": "", "Enum": "", "INET": "inet",
    "DateTime": "timestamp", "DATETIME": "timestamp", "TIMESTAMP": "timestamp",
}
_PY_TYPES = {"int": "integer", "str": "varchar", "float": "float", "bool": "boolean", "datetime": "timestamp",
             "date": "date", "time": "time", "Decimal": "numeric", "UUID": "uuid", "bytes": "bytea",
             "dict": "json", "timedelta": "interval"}
_DJANGO_TYPES = {
    "AutoField": "integer", "BigAutoField": "bigint", "SmallAutoField": "smallint", "IntegerField": "integer",
    "BigIntegerField": "bigint", "SmallIntegerField": "smallint", "PositiveIntegerField": "integer",
    "PositiveBigIntegerField": "bigint", "PositiveSmallIntegerField": "smallint", "BooleanField": "boolean",
    "NullBooleanField": "boolean", "CharField": "varchar", "SlugField": "varchar(50)", "EmailField": "varchar(254)",
    "URLField": "varchar(200)", "TextField": "text", "DateField": "date", "DateTimeField": "timestamptz",
    "TimeField": "time", "DurationField": "interval", "DecimalField": "numeric", "FloatField": "double precision",
    "UUIDField": "uuid", "JSONField": "jsonb", "BinaryField": "bytea", "GenericIPAddressField": "inet",
    "FileField": "varchar(100)", "ImageField": "varchar(100)", "ForeignKey": "bigint", "OneToOneField": "bigint",
}


def _str(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _int(node: ast.AST | None) -> int | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool) else None


def _kw(call: ast.Call, *names: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg in names), None)


def _true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _last(node: ast.AST | None) -> str:
    """``sa.String`` / ``String`` / ``models.CharField`` -> the last name."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _sa_type(node: ast.AST | None) -> str:
    """A SQLAlchemy type expression (``String(50)``, ``sa.Numeric(10, 2)``, ``DateTime(timezone=True)``) as SQL."""
    name = _last(node)
    base = _SA_TYPES.get(name)
    if base is None or not base:
        return ""
    if isinstance(node, ast.Call):
        args = [_int(a) for a in node.args]
        if name in ("DateTime", "TIMESTAMP") and (_true(_kw(node, "timezone")) or (node.args and _true(node.args[0]))):
            base = "timestamptz"
        elif base in ("varchar", "char") and (args and args[0] or _int(_kw(node, "length"))):
            base = f"{base}({args[0] if args and args[0] else _int(_kw(node, 'length'))})"
        elif base == "numeric" and args and args[0]:
            base = f"numeric({args[0]}{', ' + str(args[1]) if len(args) > 1 and args[1] is not None else ''})"
    return type_from_text(base, "postgres")


def _annotation_type(node: ast.AST | None) -> tuple[str, bool]:
    """(SQL type, is a relationship) of ``Mapped[Optional[int]]``, ``int | None``, ``Optional[str]``."""
    while True:
        if isinstance(node, ast.Subscript):
            head = _last(node.value)
            if head in ("Mapped", "Optional", "Annotated"):
                inner = node.slice
                node = inner.elts[0] if isinstance(inner, ast.Tuple) else inner
                continue
            if head in ("list", "List", "set", "Set", "Sequence"):
                return "", True
            return "", False
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            left, right = node.left, node.right
            node = right if isinstance(left, ast.Constant) and left.value is None else left
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):  # "Hero": a forward reference
            return "", True
        break
    name = _last(node)
    if name in _PY_TYPES:
        return type_from_text(_PY_TYPES[name], "postgres"), False
    return "", bool(name) and name[:1].isupper() and name not in _SA_TYPES


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


# -- models -----------------------------------------------------------------------------------------
class _Table:
    def __init__(self, name: str, line: int):
        self.name = name.lower()
        self.line = line
        self.columns: list[Column] = []
        self.indexes: list[tuple[str, tuple[str, ...], int]] = []

    def add(self, name: str, sql_type: str, line: int, *, pk: bool = False, unique: bool = False,
            index: bool = False) -> None:
        name = name.lower()
        self.columns.append(Column(name=name, type=sql_type, line=line))
        if pk:
            self.indexes.append((f"{self.name}_pkey", (name,), line))
        if unique:
            self.indexes.append((f"{self.name}_{name}_key", (name,), line))
        if index:
            self.indexes.append((f"ix_{self.name}_{name}", (name,), line))

    def statements(self, path: str) -> list[SqlStatement]:
        out = [SqlStatement(path=path, line=self.line, text="", action="create_table", table=self.name,
                            columns=tuple(self.columns))]
        out += [SqlStatement(path=path, line=line, text="", action="create_index", index=name.lower(), table=self.name,
                             index_columns=cols) for name, cols, line in self.indexes]
        return out


def _bases(cls: ast.ClassDef) -> set[str]:
    return {_last(b) for b in cls.bases} | {f"{_last(b.value)}.{b.attr}" if isinstance(b, ast.Attribute) else "" for b in cls.bases}


def _class_value(cls: ast.ClassDef, name: str) -> ast.AST | None:
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            return stmt.value
    return None


def _table_args(table: _Table, value: ast.AST | None, line: int) -> None:
    """``__table_args__ = (Index("ix", "a"), UniqueConstraint("a", "b"), {...})``."""
    for item in value.elts if isinstance(value, (ast.Tuple, ast.List)) else []:
        if isinstance(item, ast.Call) and _last(item) in ("Index", "UniqueConstraint", "PrimaryKeyConstraint"):
            args = [a for a in (_str(a) or (a.attr if isinstance(a, ast.Attribute) else None) for a in item.args) if a]
            if _last(item) == "Index" and args:
                table.indexes.append((args[0], tuple(c.lower() for c in args[1:]), item.lineno))
            elif args:
                kind = "pkey" if _last(item) == "PrimaryKeyConstraint" else "key"
                name = _str(_kw(item, "name")) or f"{table.name}_{'_'.join(args)}_{kind}"
                table.indexes.append((name, tuple(c.lower() for c in args), item.lineno))


def _sqlalchemy(cls: ast.ClassDef, flask: bool) -> _Table | None:
    tablename = _str(_class_value(cls, "__tablename__"))
    sqlmodel = "SQLModel" in _bases(cls) and any(k.arg == "table" and _true(k.value) for k in cls.keywords)
    if not tablename and not sqlmodel and not flask:
        return None
    table = _Table(tablename or (cls.name.lower() if sqlmodel else _snake(cls.name)), cls.lineno)
    for stmt in cls.body:
        target, value, annotation = None, None, None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            target, value = stmt.targets[0].id, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            target, value, annotation = stmt.target.id, stmt.value, stmt.annotation
        if target is None or target.startswith("__"):
            continue
        call = value if isinstance(value, ast.Call) else None
        kind = _last(call) if call is not None else ""
        if kind in ("relationship", "Relationship", "association_proxy", "synonym", "column_property", "hybrid_property"):
            continue
        if kind == "Field" and call is not None and isinstance(_kw(call, "sa_column"), ast.Call):
            call, kind = _kw(call, "sa_column"), "Column"  # SQLModel Field(sa_column=Column(...))
        if kind in ("Column", "mapped_column"):
            args = list(call.args)
            name = target
            if args and _str(args[0]):
                name = _str(args.pop(0)) or target
            sql_type = next((_sa_type(a) for a in args if _sa_type(a)), "")
            if not sql_type and annotation is not None:
                sql_type = _annotation_type(annotation)[0]
            fk = any(_last(a) == "ForeignKey" for a in args)
            if not sql_type and fk:
                sql_type = type_from_text("integer", "postgres")
            table.add(name, sql_type, stmt.lineno, pk=_true(_kw(call, "primary_key")), unique=_true(_kw(call, "unique")),
                      index=_true(_kw(call, "index")))
        elif sqlmodel and annotation is not None:
            sql_type, relation = _annotation_type(annotation)
            if relation or isinstance(stmt, ast.Assign):
                continue
            field = call if kind == "Field" else None
            length = _int(_kw(field, "max_length")) if field is not None else None
            if length and sql_type == "VARCHAR":
                sql_type = f"VARCHAR({length})"
            table.add(target, sql_type, stmt.lineno,
                      pk=field is not None and _true(_kw(field, "primary_key")),
                      unique=field is not None and _true(_kw(field, "unique")),
                      index=field is not None and _true(_kw(field, "index")))
    _table_args(table, _class_value(cls, "__table_args__"), cls.lineno)
    return table if table.columns else None


def _django_field(table: _Table, name: str, call: ast.Call, line: int) -> None:
    kind = _last(call)
    if kind in ("ManyToManyField", "GenericRelation", "GenericForeignKey"):
        return
    base = _DJANGO_TYPES.get(kind, "")
    column = _str(_kw(call, "db_column")) or (f"{name}_id" if kind in ("ForeignKey", "OneToOneField") else name)
    if base == "varchar" and _int(_kw(call, "max_length")):
        base = f"varchar({_int(_kw(call, 'max_length'))})"
    elif base == "numeric" and _int(_kw(call, "max_digits")):
        base = f"numeric({_int(_kw(call, 'max_digits'))}, {_int(_kw(call, 'decimal_places')) or 0})"
    table.add(column, type_from_text(base, "postgres") if base else "", line, pk=_true(_kw(call, "primary_key")),
              unique=_true(_kw(call, "unique")) or kind == "OneToOneField",
              index=_true(_kw(call, "db_index")) or kind in ("ForeignKey", "SlugField"))


def _django_app(path: str) -> str:
    """The app label: the folder of ``models.py`` (or of the ``models/`` / ``migrations/`` package)."""
    folder = posixpath.dirname(path)
    if posixpath.basename(folder) in ("models", "migrations"):
        folder = posixpath.dirname(folder)
    return posixpath.basename(folder) or "app"


def _django_model(cls: ast.ClassDef, path: str) -> _Table | None:
    meta = next((s for s in cls.body if isinstance(s, ast.ClassDef) and s.name == "Meta"), None)
    if meta is not None and _true(_class_value(meta, "abstract")):
        return None
    db_table = _str(_class_value(meta, "db_table")) if meta is not None else None
    table = _Table(db_table or f"{_django_app(path)}_{cls.name.lower()}", cls.lineno)
    fields = [(s.targets[0].id, s.value, s.lineno) for s in cls.body if isinstance(s, ast.Assign) and len(s.targets) == 1
              and isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Call) and _last(s.value).endswith("Field")
              or isinstance(s, ast.Assign) and isinstance(s.value, ast.Call) and _last(s.value) in ("ForeignKey", "OneToOneField")]
    if not any(_true(_kw(call, "primary_key")) for _, call, _ in fields):
        table.add("id", type_from_text("bigint", "postgres"), cls.lineno, pk=True)
    for name, call, line in fields:
        _django_field(table, name, call, line)
    indexes = _class_value(meta, "indexes") if meta is not None else None
    for ix in indexes.elts if isinstance(indexes, (ast.List, ast.Tuple)) else []:
        if isinstance(ix, ast.Call):
            cols = _kw(ix, "fields")
            names = tuple(c.lower().lstrip("-") for c in (_str(e) for e in getattr(cols, "elts", [])) if c)
            table.indexes.append((_str(_kw(ix, "name")) or f"{table.name}_{'_'.join(names)}_idx", names, ix.lineno))
    return table


def read_models(tree: ast.Module, path: str) -> tuple[str, tuple[SqlStatement, ...]]:
    """(source name, statements) of the ORM models a module defines; ("", ()) when none."""
    out: list[SqlStatement] = []
    source = ""
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        bases = _bases(cls)
        if "models.Model" in bases:
            table = _django_model(cls, path)
            source = source or "django"
        elif "db.Model" in bases:
            table = _sqlalchemy(cls, flask=True)
            source = source or "sqlalchemy"
        else:
            table = _sqlalchemy(cls, flask=False)
            if table is not None:
                source = source or ("sqlmodel" if "SQLModel" in bases else "sqlalchemy")
        if table is not None:
            out += table.statements(path)
    return source, tuple(out)


# -- Alembic ----------------------------------------------------------------------------------------
def _module_value(tree: ast.Module, name: str) -> ast.AST | None:
    for stmt in tree.body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return stmt.value
    return None


def _sa_column(call: ast.AST) -> tuple[str, str, dict] | None:
    """(name, SQL type, flags) of ``sa.Column("name", sa.String(50), primary_key=True)``."""
    if not isinstance(call, ast.Call) or _last(call) != "Column" or not call.args or not _str(call.args[0]):
        return None
    sql_type = next((_sa_type(a) for a in call.args[1:] if _sa_type(a)), "")
    flags = {"pk": _true(_kw(call, "primary_key")), "unique": _true(_kw(call, "unique")), "index": _true(_kw(call, "index"))}
    return (_str(call.args[0]) or "").lower(), sql_type, flags


def read_alembic(tree: ast.Module, path: str) -> tuple[str, tuple[str, ...], tuple[SqlStatement, ...]] | None:
    """(revision, revises, statements) of an Alembic migration, or None when the module is not one."""
    revision = _str(_module_value(tree, "revision"))
    upgrade = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "upgrade"), None)
    if not revision or upgrade is None:
        return None
    down = _module_value(tree, "down_revision")
    revises = tuple(x for x in ([_str(down)] if _str(down) else [_str(e) for e in getattr(down, "elts", [])]) if x)
    out: list[SqlStatement] = []
    for call in (n for n in ast.walk(upgrade) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)):
        op = call.func.attr
        args = call.args
        first = (_str(args[0]) or "").lower() if args else ""
        base = dict(path=path, line=call.lineno, text="")
        if op == "create_table" and first:
            table = _Table(first, call.lineno)
            for col in (_sa_column(a) for a in args[1:]):
                if col:
                    table.add(col[0], col[1], call.lineno, **col[2])
            for a in args[1:]:
                if isinstance(a, ast.Call) and _last(a) in ("PrimaryKeyConstraint", "UniqueConstraint"):
                    _table_args(table, ast.Tuple(elts=[a]), a.lineno)
            out += table.statements(path)
        elif op == "add_column" and first and len(args) > 1 and _sa_column(args[1]):
            name, sql_type, _ = _sa_column(args[1]) or ("", "", {})
            out.append(SqlStatement(action="alter_table", table=first, alters=(("add", name, sql_type),), **base))
        elif op == "drop_column" and first and len(args) > 1 and _str(args[1]):
            out.append(SqlStatement(action="alter_table", table=first, alters=(("drop", (_str(args[1]) or "").lower(), ""),),
                                    **base))
        elif op == "alter_column" and first and len(args) > 1 and _str(args[1]):
            col = (_str(args[1]) or "").lower()
            alters = []
            if _sa_type(_kw(call, "type_")):
                alters.append(("type", col, _sa_type(_kw(call, "type_"))))
            if _str(_kw(call, "new_column_name")):
                alters.append(("rename", col, (_str(_kw(call, "new_column_name")) or "").lower()))
            if alters:
                out.append(SqlStatement(action="alter_table", table=first, alters=tuple(alters), **base))
        elif op in ("create_index", "create_unique_constraint", "create_primary_key") and len(args) >= 3:
            name, table = (_str(args[0]) or "").lower(), (_str(args[1]) or "").lower()
            cols = tuple((_str(c) or "").lower() for c in getattr(args[2], "elts", []) if _str(c))
            if table:
                out.append(SqlStatement(action="create_index", index=name or f"{table}_{'_'.join(cols)}_idx", table=table,
                                        index_columns=cols, **base))
        elif op == "rename_table" and len(args) >= 2 and _str(args[1]):
            out.append(SqlStatement(action="rename_table", table=first, new_name=(_str(args[1]) or "").lower(), **base))
        elif op == "drop_table" and first:
            out.append(SqlStatement(action="drop_table", drops=(first,), **base))
        elif op == "drop_index" and first:
            out.append(SqlStatement(action="drop_index", drops=(first,), **base))
    return revision, revises, tuple(out)


# -- Django migrations ------------------------------------------------------------------------------
def read_django_migration(tree: ast.Module, path: str) -> tuple[str, tuple[str, ...], tuple[SqlStatement, ...]] | None:
    """(revision, revises, statements) of a Django migration, or None when the module is not one."""
    cls = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Migration"), None)
    if cls is None:
        return None
    app = _django_app(path)
    revision = f"{app}.{posixpath.basename(path)[:-3]}"
    deps = _class_value(cls, "dependencies")
    revises = tuple(f"{_str(d.elts[0])}.{_str(d.elts[1])}" for d in getattr(deps, "elts", [])
                    if isinstance(d, ast.Tuple) and len(d.elts) == 2 and _str(d.elts[0]) and _str(d.elts[1]))
    ops = _class_value(cls, "operations")
    tables: dict[str, str] = {}  # model name (lower) -> table
    out: list[SqlStatement] = []

    def table_of(model: str) -> str:
        return tables.get(model.lower(), f"{app}_{model.lower()}")

    for call in getattr(ops, "elts", []):
        if not isinstance(call, ast.Call):
            continue
        op = _last(call)
        model = (_str(_kw(call, "name", "model_name")) or (_str(call.args[0]) if call.args else "") or "").lower()
        base = dict(path=path, line=call.lineno, text="")
        if op == "CreateModel" and model:
            options = _kw(call, "options")
            db_table = None
            if isinstance(options, ast.Dict):
                for k, v in zip(options.keys, options.values):
                    if _str(k) == "db_table":
                        db_table = _str(v)
            tables[model] = db_table or f"{app}_{model}"
            table = _Table(tables[model], call.lineno)
            for pair in getattr(_kw(call, "fields"), "elts", []):
                if isinstance(pair, ast.Tuple) and len(pair.elts) == 2 and _str(pair.elts[0]) and isinstance(pair.elts[1], ast.Call):
                    _django_field(table, _str(pair.elts[0]) or "", pair.elts[1], pair.lineno)
            out += table.statements(path)
        elif op in ("AddField", "AlterField") and model:
            name, field = _str(_kw(call, "name")), _kw(call, "field")
            if name and isinstance(field, ast.Call):
                t = _Table(table_of(model), call.lineno)
                _django_field(t, name, field, call.lineno)
                if t.columns:
                    col = t.columns[0]
                    out.append(SqlStatement(action="alter_table", table=t.name,
                                            alters=(("add" if op == "AddField" else "type", col.name, col.type),), **base))
        elif op == "RemoveField" and model and _str(_kw(call, "name")):
            out.append(SqlStatement(action="alter_table", table=table_of(model),
                                    alters=(("drop", (_str(_kw(call, "name")) or "").lower(), ""),), **base))
        elif op == "RenameField" and model:
            old, new = _str(_kw(call, "old_name")), _str(_kw(call, "new_name"))
            if old and new:
                out.append(SqlStatement(action="alter_table", table=table_of(model),
                                        alters=(("rename", old.lower(), new.lower()),), **base))
        elif op == "DeleteModel" and model:
            out.append(SqlStatement(action="drop_table", drops=(table_of(model),), **base))
        elif op == "AlterModelTable" and model and _str(_kw(call, "table")):
            new = (_str(_kw(call, "table")) or "").lower()
            out.append(SqlStatement(action="rename_table", table=table_of(model), new_name=new, **base))
            tables[model] = new
        elif op == "AddIndex" and model and isinstance(_kw(call, "index"), ast.Call):
            ix = _kw(call, "index")
            cols = tuple((_str(e) or "").lower().lstrip("-") for e in getattr(_kw(ix, "fields"), "elts", []) if _str(e))
            out.append(SqlStatement(action="create_index", index=(_str(_kw(ix, "name")) or "").lower(),
                                    table=table_of(model), index_columns=cols, **base))
    return revision, revises, tuple(out)
