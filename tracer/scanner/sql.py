"""SQL statements from documents and migrations: split with their lines (here, without a parser) and reduced to data
(each statement parsed by ``sql_tree.py``, imported the first time one must be parsed)."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType

from tracer.model import SqlStatement

_MIGRATION = re.compile(r"^\s*--\s*Migration:\s*(.+?)\s*$", re.I)
_IGNORE = re.compile(r"tracer:\s*ignore\s+([A-Za-z0-9_,\s-]+)", re.I)


_SPECIAL = re.compile(r"--|/\*|[\n'\"`$;]")  # what can end, open or quote a statement; the rest is skipped
_NONSPACE = re.compile(r"\S")
_DOLLAR_TAG = re.compile(r"\$[A-Za-z_0-9]*\$")


def split_statements(sql: str, first_line: int = 1) -> list[tuple[int, int, str, list[str]]]:
    """Split SQL into statements: (first line, last line, text, comments before and inside it).

    Quotes, ``--`` and ``/* */`` comments and ``$tag$`` bodies are respected so that a ``;`` inside
    them does not split. A statement's line is the line of its first non-comment character. The text
    between two special characters is skipped in one search, and every search starts where the last one
    ended: linear in the input.
    """
    out: list[tuple[int, int, str, list[str]]] = []
    i, n = 0, len(sql)
    line = first_line
    start = 0
    stmt_line = 0
    comments: list[str] = []
    search = _SPECIAL.search
    while i < n:
        m = search(sql, i)
        p = m.start() if m else n
        if not stmt_line and p > i and (first := _NONSPACE.search(sql, i, p)):
            stmt_line, start = line, first.start()
        if m is None:
            break
        token = m.group()
        if token == "\n":
            line += 1
            i = p + 1
            continue
        if token == "--":
            j = sql.find("\n", p)
            j = n if j == -1 else j
            comments.append(sql[p:j])
            i = j
            continue
        if token == "/*":
            j = sql.find("*/", p + 2)
            j = n if j == -1 else j + 2
            comments.append(sql[p:j])
            line += sql.count("\n", p, j)
            i = j
            continue
        if not stmt_line and token != ";":
            stmt_line, start = line, p
        if token in ("'", '"', "`"):
            j = p + 1
            while True:  # to the closing quote; a doubled quote is part of the text
                j = sql.find(token, j)
                if j == -1:
                    j = n
                    break
                if j + 1 < n and sql[j + 1] == token:
                    j += 2
                    continue
                break
            line += sql.count("\n", p, j)
            i = min(j + 1, n)
            continue
        if token == "$":
            tag = _DOLLAR_TAG.match(sql, p)
            if tag:
                j = sql.find(tag.group(), tag.end())
                j = n if j == -1 else j + len(tag.group())
                line += sql.count("\n", p, j)
                i = j
            else:
                i = p + 1
            continue
        if stmt_line:  # ";"
            out.append((stmt_line, line, sql[start:p].strip(), comments))
        stmt_line, comments = 0, []
        i = p + 1
    if stmt_line:
        out.append((stmt_line, line, sql[start:].strip(), comments))
    return out


@functools.lru_cache(maxsize=4096)
def type_from_text(text: str, dialect: str) -> str:
    """A type written as SQL text (``varchar(50)``, ``timestamp with time zone``) in the one spelling a parsed
    column's type has; the text upper-cased when sqlglot cannot read it (an enum's name)."""
    if not text:
        return ""
    from tracer.scanner.sql_tree import type_text

    return type_text(text, dialect)


NONE: Mapping[str, SqlStatement] = MappingProxyType({})


def statement_digest(text: str) -> str:
    """A statement's text as a short hash: what a later parse of the file finds its earlier reduction by."""
    return hashlib.blake2b(text.encode("utf-8", errors="surrogatepass"), digest_size=8).hexdigest()


def by_digest(statements: Iterable[SqlStatement]) -> dict[str, SqlStatement]:
    """Statements parsed before, by the digest of their text (what ``extract_statements`` takes as ``earlier``)."""
    return {st.digest: st for st in statements if st.digest}


def extract_statements(sql: str, path: str, first_line: int, dialect: str,
                       earlier: Mapping[str, SqlStatement] = NONE) -> tuple[SqlStatement, ...]:
    """Every statement in ``sql`` reduced to data; a statement that does not parse is kept with its error.

    ``earlier``: the statements the file's previous version held (``by_digest``), parsed with the same dialect. A
    statement whose text is among them is taken from there, moved to its new lines, not parsed again: an edit
    beside the SQL (a spec's status, a reworded paragraph) neither parses it nor imports sqlglot."""
    out = []
    migration = ""
    for line, end, text, comments in split_statements(sql, first_line):
        ignores: list[str] = []
        for c in comments:
            m = _MIGRATION.match(c)
            if m:
                migration = m.group(1)
            ig = _IGNORE.search(c)
            if ig:
                ignores.extend(x for x in re.split(r"[\s,]+", ig.group(1)) if x)
        common = dict(path=path, line=line, end_line=end, migration=migration, ignores=tuple(ignores))
        if "{{" in text:
            out.append(SqlStatement(action="placeholder", error="contains a template placeholder", text=text, **common))
            continue
        digest = statement_digest(text)
        known = earlier.get(digest)
        if known is not None:  # the same text: the same reduction, its columns' lines moved with the statement
            shift = line - known.line
            columns = tuple(replace(c, line=c.line + shift) for c in known.columns) if shift else known.columns
            out.append(replace(known, columns=columns, **common))
            continue
        from tracer.scanner.sql_tree import parse_statement  # sqlglot, the first time a statement is parsed

        parts = parse_statement(text, dialect)
        if parts is None:
            continue
        if parts.get("columns"):
            parts = {**parts, "columns": tuple(replace(c, line=c.line + line) for c in parts["columns"])}
        out.append(SqlStatement(text=text if parts["action"] == "unparsable" else "", digest=digest, **common, **parts))
    return tuple(out)
