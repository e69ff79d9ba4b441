"""The repository's schema, read statically (no database): migrations replayed in order, models added.

Migrations are SQL files (in path order) and ORM migrations read from code (Alembic by their revision chain,
Django by their dependencies). Models (SQLAlchemy, SQLModel, Django, Prisma, Drizzle) describe the current
state: a table only they define is part of the schema too, and ``Schema.models`` keeps what they alone say
so that models and migrations can be compared.
"""

from __future__ import annotations

from collections.abc import Iterable

from tracer.model import CodeFile, Migration, Schema, SchemaColumn, SchemaIndex, SchemaTable


def code_migrations(code_files: Iterable[CodeFile]) -> list[Migration]:
    """ORM migrations in the order they apply: each after those it revises (Alembic ``down_revision``, Django
    ``dependencies``), ties and cycles broken by path."""
    steps = sorted((c for c in code_files if c.is_migration), key=lambda c: c.path)
    by_revision = {c.revision: c for c in steps}
    done: set[str] = set()
    order: list[CodeFile] = []
    for start in steps:
        stack = [(start, False)]
        while stack:  # depth-first, iteratively: a long chain of revisions never exhausts the stack
            c, expanded = stack.pop()
            if c.path in done:
                continue
            if expanded:
                done.add(c.path)
                order.append(c)
                continue
            stack.append((c, True))
            stack.extend((by_revision[r], False) for r in reversed(c.revises)
                         if r in by_revision and by_revision[r].path not in done)
            if len(stack) > 10 * len(steps) + 10:
                break  # a cycle: the rest follow in path order
    order += [c for c in steps if c.path not in done]
    return [Migration(path=c.path, statements=c.schema, source=c.schema_source) for c in order]


def build_schema(migrations: list[Migration], code_files: Iterable[CodeFile]) -> Schema:
    """The schema of SQL and ORM migrations replayed in order, plus the tables only models define."""
    models = [Migration(path=c.path, statements=c.schema, source=c.schema_source)
              for c in code_files if c.schema and not c.is_migration]
    migrated = replay(migrations)
    modelled = replay(models)
    have = {t.name for t in migrated.tables}
    have_ix = {i.name for i in migrated.indexes}
    sources = sorted({("sql migrations" if m.source == "sql" else m.source) for m in migrations if m.statements}
                     | {m.source for m in models})
    return Schema(
        tables=tuple(sorted(migrated.tables + tuple(t for t in modelled.tables if t.name not in have), key=lambda t: t.name)),
        indexes=tuple(sorted(migrated.indexes + tuple(i for i in modelled.indexes if i.name not in have_ix),
                             key=lambda i: i.name)),
        sources=tuple(sources), models=modelled.tables, model_indexes=modelled.indexes,
    )


def replay(migrations: Iterable[Migration]) -> Schema:
    """Apply CREATE/ALTER/DROP/RENAME of tables, columns and indexes in order.

    Statements that reference a table the replay does not know are skipped (the table may come from
    outside the repository); unparsable statements were already recorded by the scanner.
    """
    tables: dict[str, dict] = {}
    indexes: dict[str, SchemaIndex] = {}
    for mig in migrations:
        for st in mig.statements:
            if st.action == "create_table" and st.table:
                cols = {c.name: SchemaColumn(name=c.name, type=c.type, path=st.path, line=c.line) for c in st.columns}
                tables[st.table] = {"columns": cols, "path": st.path, "line": st.line}
                for name, key_columns in st.keys:  # PRIMARY KEY and UNIQUE are indexes on their columns
                    indexes[name] = SchemaIndex(name=name, table=st.table, columns=key_columns, path=st.path, line=st.line)
            elif st.action in ("alter_table", "rename_table") and st.table in tables:
                cols = tables[st.table]["columns"]
                for op, col, arg in st.alters:
                    if op == "add":
                        cols[col] = SchemaColumn(name=col, type=arg, path=st.path, line=st.line)
                    elif op == "drop":
                        cols.pop(col, None)
                    elif op == "type" and col in cols:
                        cols[col] = SchemaColumn(name=col, type=arg, path=st.path, line=st.line)
                    elif op == "rename" and col in cols:
                        old = cols.pop(col)
                        cols[arg] = SchemaColumn(name=arg, type=old.type, path=st.path, line=st.line)
                if st.new_name:
                    tables[st.new_name] = tables.pop(st.table)
                    for name, ix in list(indexes.items()):
                        if ix.table == st.table:
                            indexes[name] = SchemaIndex(name=ix.name, table=st.new_name, columns=ix.columns,
                                                        path=ix.path, line=ix.line)
            elif st.action == "drop_table":
                for name in st.drops:
                    tables.pop(name, None)
                    for ix_name in [k for k, ix in indexes.items() if ix.table == name]:
                        del indexes[ix_name]
            elif st.action == "create_index" and st.index:
                indexes[st.index] = SchemaIndex(name=st.index, table=st.table, columns=st.index_columns,
                                                path=st.path, line=st.line)
            elif st.action == "drop_index":
                for name in st.drops:
                    indexes.pop(name, None)
    return Schema(
        tables=tuple(
            SchemaTable(name=name, columns=tuple(t["columns"].values()), path=t["path"], line=t["line"])
            for name, t in sorted(tables.items())
        ),
        indexes=tuple(sorted(indexes.values(), key=lambda i: i.name)),
    )
