"""The migrated schema: the repository's migration statements replayed in path order (static, no database)."""

from __future__ import annotations

from collections.abc import Iterable

from tracer.model import Migration, Schema, SchemaColumn, SchemaIndex, SchemaTable


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
