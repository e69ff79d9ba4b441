"""One SQL statement parsed with sqlglot and reduced to data: its action, table, columns with their normalised
types, indexes and keys. Imported only when a statement must be parsed (``sql.py`` splits statements without
it): a warm run that parses a document without SQL never pays for sqlglot's import (70-100 ms)."""

from __future__ import annotations

import functools
import re

import sqlglot
from sqlglot import exp

from tracer.model import Column

_TYPE_ALIASES = {
    "INTEGER": "INT", "INT4": "INT", "SERIAL": "INT", "SERIAL4": "INT",
    "INT8": "BIGINT", "BIGSERIAL": "BIGINT", "SERIAL8": "BIGINT",
    "INT2": "SMALLINT", "SMALLSERIAL": "SMALLINT", "BOOL": "BOOLEAN",
    "TIMESTAMP WITH TIME ZONE": "TIMESTAMPTZ", "TIMESTAMP WITHOUT TIME ZONE": "TIMESTAMP",
    "CHARACTER VARYING": "VARCHAR", "FLOAT8": "DOUBLE PRECISION", "DOUBLE": "DOUBLE PRECISION",
    "FLOAT4": "REAL", "DECIMAL": "NUMERIC",
}


def normalise_identifier(node: exp.Expression | str | None) -> str:
    """Lower-cased name without quotes or schema (``public."Tasks"`` -> ``tasks``)."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node.strip('"`[]').lower()
    if isinstance(node, exp.Table):
        return (node.name or "").lower()
    if isinstance(node, (exp.Column, exp.Identifier)):
        return (node.name or "").lower()
    return (getattr(node, "name", "") or node.sql()).strip('"`').lower()


def normalise_type(kind: exp.Expression | None, dialect: str) -> str:
    """A column type in one spelling (``integer``/``INT4``/``SERIAL`` -> ``INT``)."""
    if kind is None:
        return ""
    params = kind.expressions if isinstance(kind, exp.DataType) else None
    if dialect == "postgres" and isinstance(kind, exp.DataType) and isinstance(kind.this, exp.DataType.Type) \
            and kind.this.name != "USERDEFINED" and not kind.args.get("nested") \
            and all(isinstance(p, exp.DataTypeParam) and isinstance(p.this, exp.Literal) for p in params):
        # the common case, without generating SQL (several times faster): NAME or NAME(p, q), spelt as postgres does
        base = _PG_NAMES.get(kind.this.name, kind.this.name.replace("_", " "))
        text = f"{base}({', '.join(p.this.name for p in params)})" if params else base
    else:
        try:
            text = kind.sql(dialect=dialect).upper()
        except Exception:  # noqa: BLE001 - an unprintable type is compared by its raw text
            text = str(kind).upper()
    # a quoted identifier is its unquoted self where the dialect folds case: "workflow_stage" = workflow_stage
    text = " ".join(text.replace('"', "").replace("`", "").split())
    base, _, rest = text.partition("(")
    base = _TYPE_ALIASES.get(base.strip(), base.strip())
    return f"{base}({rest}" if rest else base


def type_text(text: str, dialect: str) -> str:
    """A type written as SQL text in the one spelling ``normalise_type`` gives (see ``sql.type_from_text``)."""
    try:
        return normalise_type(exp.DataType.build(text, dialect=dialect), dialect)
    except Exception:  # noqa: BLE001 - a user-defined type name is compared as written
        return " ".join(text.replace('"', "").upper().split())


def _columns(schema: exp.Schema, dialect: str, line: int, text: str) -> tuple[Column, ...]:
    cols = []
    for cd in schema.expressions:
        if isinstance(cd, exp.ColumnDef):
            name = normalise_identifier(cd.this)
            cols.append(Column(name=name, type=normalise_type(cd.args.get("kind"), dialect), line=line + _line_in(text, name)))
    return tuple(cols)


def _keys(schema: exp.Schema, table: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The primary key and unique constraints of a CREATE TABLE, each as (name, columns): they are indexes
    too (named as PostgreSQL names them when the statement does not)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for item in schema.expressions:
        if isinstance(item, exp.ColumnDef):
            col = normalise_identifier(item.this)
            for c in item.args.get("constraints") or []:
                if isinstance(c.args.get("kind"), exp.PrimaryKeyColumnConstraint):
                    out.append((f"{table}_pkey", (col,)))
                elif isinstance(c.args.get("kind"), exp.UniqueColumnConstraint):
                    out.append((f"{table}_{col}_key", (col,)))
        elif isinstance(item, exp.PrimaryKey):
            cols = tuple(normalise_identifier(e) for e in item.expressions)
            out.append((f"{table}_pkey", cols))
        elif isinstance(item, exp.Constraint):
            for inner in item.expressions:
                target = inner.this if isinstance(inner, exp.UniqueColumnConstraint) else None
                if isinstance(target, exp.Schema):
                    cols = tuple(normalise_identifier(e) for e in target.expressions)
                    out.append((normalise_identifier(item.this) or f"{table}_{'_'.join(cols)}_key", cols))
                elif isinstance(inner, exp.PrimaryKey):
                    out.append((normalise_identifier(item.this) or f"{table}_pkey",
                                tuple(normalise_identifier(e) for e in inner.expressions)))
    return tuple(out)


def _line_in(text: str, name: str) -> int:
    """Offset in lines of the first mention of ``name`` in ``text`` (0 when not found)."""
    m = re.search(r"(?i)(?<![\w])\"?" + re.escape(name) + r"\"?(?![\w])", text)
    return text.count("\n", 0, m.start()) if m else 0


def _reduce(tree: exp.Expression, dialect: str, line: int, text: str) -> dict:
    """The parts of a parsed statement the replay and the rules need."""
    if isinstance(tree, exp.Create):
        kind = (tree.args.get("kind") or "").upper()
        target = tree.this
        if kind == "TABLE":
            props = tree.args.get("properties")
            if props is not None and any(isinstance(p, exp.TemporaryProperty) for p in props.expressions):
                return {"action": "other"}  # a temporary table lives for one session: not part of the schema
            table = target.this if isinstance(target, exp.Schema) else target
            cols = _columns(target, dialect, line, text) if isinstance(target, exp.Schema) else ()
            name = normalise_identifier(table)
            keys = _keys(target, name) if isinstance(target, exp.Schema) else ()
            return {"action": "create_table", "table": name, "columns": cols, "keys": keys}
        if kind == "INDEX" and isinstance(target, exp.Index):
            params = target.args.get("params")
            cols = []
            for col in (params.args.get("columns") or []) if params else []:
                inner = col.this if isinstance(col, exp.Ordered) else col
                cols.append(normalise_identifier(inner) if isinstance(inner, (exp.Column, exp.Identifier)) else inner.sql(dialect=dialect).lower())
            return {"action": "create_index", "index": normalise_identifier(target.this),
                    "table": normalise_identifier(target.args.get("table")), "index_columns": tuple(cols)}
    if isinstance(tree, exp.Alter) and (tree.args.get("kind") or "").upper() == "TABLE":
        table = normalise_identifier(tree.this)
        alters: list[tuple[str, str, str]] = []
        new_name = ""
        for action in tree.args.get("actions") or []:
            if isinstance(action, exp.ColumnDef):
                alters.append(("add", normalise_identifier(action.this), normalise_type(action.args.get("kind"), dialect)))
            elif isinstance(action, exp.Drop) and (action.args.get("kind") or "").upper() == "COLUMN":
                alters.extend(("drop", normalise_identifier(c), "") for c in action.args.get("tables") or [])
            elif isinstance(action, exp.AlterColumn) and action.args.get("dtype") is not None:
                alters.append(("type", normalise_identifier(action.this), normalise_type(action.args["dtype"], dialect)))
            elif isinstance(action, exp.RenameColumn):
                alters.append(("rename", normalise_identifier(action.this), normalise_identifier(action.args.get("to"))))
            elif isinstance(action, exp.AlterRename):
                new_name = normalise_identifier(action.this)
        if new_name and not alters:
            return {"action": "rename_table", "table": table, "new_name": new_name}
        return {"action": "alter_table", "table": table, "alters": tuple(alters), "new_name": new_name}
    if isinstance(tree, exp.Drop):
        kind = (tree.args.get("kind") or "").upper()
        names = tuple(normalise_identifier(t) for t in tree.args.get("tables") or [] if t is not None)
        if kind == "TABLE":
            return {"action": "drop_table", "drops": names}
        if kind == "INDEX":
            return {"action": "drop_index", "drops": names}
    return {"action": "other"}


# ALTER TABLE is left out: many valid forms (ENABLE ROW LEVEL SECURITY, ...) are opaque to sqlglot
_DDL = re.compile(r"^\s*CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)\b", re.I)
_PG_NAMES = {"FLOAT": "REAL", "VARBINARY": "BYTEA", "TINYINT": "SMALLINT", "DOUBLE": "DOUBLE PRECISION"}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _in_words(exc: Exception) -> str:
    """A parse error as a sentence: what was expected, near which text, at which line and column of the statement."""
    errors = getattr(exc, "errors", None)
    if errors and isinstance(errors[0], dict) and errors[0].get("description"):
        e = errors[0]
        what = str(e["description"]).replace("Expecting ", "expected ").replace("Invalid expression / Unexpected token",
                                                                              "unexpected text")
        near = f" near '{e['highlight'].strip()}'" if str(e.get("highlight") or "").strip() else " at the end"
        return f"{what}{near} (line {e.get('line', 1)}, column {e.get('col', 1)} of the statement)"
    first = _ANSI.sub("", str(exc)).splitlines()[0] if str(exc) else ""
    return first or "not understood"


def _looks_like_ddl(text: str) -> bool:
    """Whether a statement sqlglot kept as an opaque command is table/index DDL it should have understood."""
    return bool(_DDL.match(text))


@functools.lru_cache(maxsize=32768)
def parse_statement(text: str, dialect: str) -> dict | None:
    """One statement reduced to data, column lines relative to its first line (memoised: migrations often repeat
    the SQL of their spec word for word)."""
    try:
        tree = sqlglot.parse_one(text, dialect=dialect)
    except Exception as exc:  # noqa: BLE001 - sqlglot raises several types on bad input; all mean "does not parse"
        return {"action": "unparsable", "error": _in_words(exc)[:300]}
    if tree is None:
        return None
    if isinstance(tree, exp.Command) and _looks_like_ddl(text):
        return {"action": "unparsable", "error": "not understood as CREATE TABLE or CREATE INDEX"}
    try:
        return _reduce(tree, dialect, 0, text)
    except Exception as exc:  # noqa: BLE001 - an unexpected tree shape must not stop the scan
        return {"action": "unparsable", "error": f"unexpected statement shape: {exc}"[:300]}
