"""Prisma schema files (``schema.prisma``): models as tables, read with a small grammar of Prisma's own.

No maintained Python parser of the Prisma schema language exists (PyPI's candidates are unmaintained or
generate clients); the language is small and regular: blocks ``model|enum|view|type|datasource|generator
Name { ... }`` of lines, each a field ``name Type? @attr(args)`` or a block attribute ``@@attr(args)``. The
file is split into tokens by one linear-time scanner (strings, comments, brackets), then read block by block.

A model is a table: ``@@map("name")`` or the model's name; fields with a scalar type (or an enum of the
file, or ``@db.VarChar(50)``-style native types) are columns, ``@map`` renames them, relation fields
(another model's type, ``Post[]``) are not columns; ``@id`` / ``@@id``, ``@unique`` / ``@@unique`` and
``@@index`` are indexes. Types: Int -> INT, BigInt -> BIGINT, String -> TEXT, Boolean, DateTime ->
TIMESTAMP(3), Float -> DOUBLE PRECISION, Decimal -> NUMERIC(65, 30), Json -> JSONB, Bytes -> BYTEA (PostgreSQL).
"""

from __future__ import annotations

import re

from tracer.model import Column, SqlStatement
from tracer.scanner.sql import type_from_text

_TOKEN = re.compile(r"""
    (?P<comment>//[^\n]*+)
  | (?P<string>"(?:[^"\\\n]|\\.)*+")
  | (?P<newline>\n)
  | (?P<space>[ \t\r]++)
  | (?P<word>@@?[\w.]++|[\w.]++)
  | (?P<punct>[{}()\[\],:=?!])
  | (?P<other>.)
""", re.X)
_SCALARS = {"Int": "integer", "BigInt": "bigint", "String": "text", "Boolean": "boolean", "DateTime": "timestamp(3)",
            "Float": "double precision", "Decimal": "numeric(65, 30)", "Json": "jsonb", "Bytes": "bytea"}
_NATIVE = {"VarChar": "varchar", "Char": "char", "Text": "text", "Uuid": "uuid", "Timestamptz": "timestamptz",
           "Timestamp": "timestamp", "Date": "date", "Time": "time", "Integer": "integer", "SmallInt": "smallint",
           "BigInt": "bigint", "Decimal": "numeric", "Real": "real", "DoublePrecision": "double precision",
           "Boolean": "boolean", "JsonB": "jsonb", "Json": "json", "ByteA": "bytea", "Inet": "inet"}


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, line) of every meaningful token; newlines kept (they end a field)."""
    out, line = [], 1
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind == "newline":
            out.append(("newline", "\n", line))
            line += 1
        elif kind not in ("space", "comment"):
            out.append((kind, m.group(), line))
    return out


def _lines(tokens: list[tuple[str, str, int]]) -> list[list[tuple[str, str, int]]]:
    """A block's body as its lines of tokens (a line inside brackets goes on)."""
    lines, current, depth = [], [], 0
    for tok in tokens:
        if tok[1] in "([":
            depth += 1
        elif tok[1] in ")]":
            depth = max(depth - 1, 0)
        if tok[0] == "newline" and depth == 0:
            if current:
                lines.append(current)
            current = []
        elif tok[0] != "newline":
            current.append(tok)
    if current:
        lines.append(current)
    return lines


def _args(line: list[tuple[str, str, int]], start: int) -> tuple[list[str], int]:
    """The argument texts of an attribute whose ``(`` is at ``start`` (nested brackets kept whole)."""
    if start >= len(line) or line[start][1] != "(":
        return [], start
    args, current, depth, i = [], "", 0, start
    while i < len(line):
        text = line[i][1]
        if text in "([":
            depth += 1
            if depth > 1:
                current += text
        elif text in ")]":
            depth -= 1
            if depth == 0:
                break
            current += text
        elif text == "," and depth == 1:
            args.append(current)
            current = ""
        else:
            current += text if not current or text in ":)]" or current[-1] in "([:" else " " + text
        i += 1
    if current:
        args.append(current)
    return [a.strip() for a in args], i


def _names(arg: str) -> tuple[str, ...]:
    """``[a, b]`` / ``fields: [a, b]`` -> (a, b)."""
    inner = arg.split(":", 1)[1] if arg.startswith("fields") else arg
    return tuple(n.split("(")[0].strip().lower() for n in inner.strip("[] ").split() if n.strip(","))


def read_prisma(text: str, path: str) -> tuple[SqlStatement, ...]:
    """The tables, columns and indexes a Prisma schema defines."""
    tokens = _tokens(text)
    blocks: list[tuple[str, str, int, list]] = []
    i = 0
    while i < len(tokens):
        kind, word, line = tokens[i]
        if word in ("model", "enum", "view", "type", "datasource", "generator") and i + 2 < len(tokens) \
                and tokens[i + 1][0] == "word" and tokens[i + 2][1] == "{":
            depth, j = 1, i + 3
            while j < len(tokens) and depth:
                depth += {"{": 1, "}": -1}.get(tokens[j][1], 0)
                j += 1
            blocks.append((word, tokens[i + 1][1], line, tokens[i + 3:j - 1]))
            i = j
            continue
        i += 1
    models = {name for kind, name, _, _ in blocks if kind in ("model", "view", "type")}
    enums = {name for kind, name, _, _ in blocks if kind == "enum"}
    out: list[SqlStatement] = []
    for kind, name, line, body in blocks:
        if kind != "model":
            continue
        lines = _lines(body)
        table = name
        for ln in lines:
            if ln[0][1] == "@@map":
                args, _ = _args(ln, 1)
                table = args[0].strip('"') if args else table
        table = table.lower()
        columns: list[Column] = []
        fields: dict[str, str] = {}  # field name -> column name
        indexes: list[SqlStatement] = []
        for ln in lines:
            if ln[0][0] != "word" or ln[0][1].startswith("@") or len(ln) < 2 or ln[1][0] != "word":
                continue
            field, ftype = ln[0][1], ln[1][1]
            rest = [t[1] for t in ln[2:]]
            if ftype in models or "[" in rest[:1]:
                continue  # a relation, or a list
            column = field
            sql = _SCALARS.get(ftype, "") if ftype not in enums else ftype
            pk = unique = False
            j = 2
            while j < len(ln):
                attr = ln[j][1]
                if attr.startswith("@") and not attr.startswith("@@"):
                    args, end = _args(ln, j + 1)
                    if attr == "@map" and args:
                        column = args[0].split(":", 1)[-1].strip().strip('"')
                    elif attr == "@id":
                        pk = True
                    elif attr == "@unique":
                        unique = True
                    elif attr.startswith("@db."):
                        native = _NATIVE.get(attr[4:])
                        if native:
                            sql = f"{native}({', '.join(args)})" if args and all(a.isdigit() for a in args) else native
                    j = end + 1 if end > j else j + 1
                else:
                    j += 1
            fields[field] = column.lower()
            columns.append(Column(name=column.lower(), type=type_from_text(sql, "postgres") if sql else "", line=ln[0][2]))
            if pk:
                indexes.append(SqlStatement(path=path, line=ln[0][2], text="", action="create_index",
                                            index=f"{table}_pkey", table=table, index_columns=(column.lower(),)))
            if unique:
                indexes.append(SqlStatement(path=path, line=ln[0][2], text="", action="create_index",
                                            index=f"{table}_{column}_key".lower(), table=table, index_columns=(column.lower(),)))
        for ln in lines:
            attr = ln[0][1]
            if attr in ("@@index", "@@unique", "@@id"):
                args, _ = _args(ln, 1)
                if not args:
                    continue
                cols = tuple(fields.get(c, c) for c in _names(args[0]))
                name = next((a.split(":", 1)[1].strip().strip('"') for a in args[1:] if a.startswith(("map", "name"))), "")
                suffix = {"@@index": "idx", "@@unique": "key", "@@id": "pkey"}[attr]
                indexes.append(SqlStatement(path=path, line=ln[0][2], text="", action="create_index",
                                            index=(name or f"{table}_{'_'.join(cols)}_{suffix}").lower(), table=table,
                                            index_columns=cols))
        out.append(SqlStatement(path=path, line=line, text="", action="create_table", table=table, columns=tuple(columns)))
        out += indexes
    return tuple(out)
