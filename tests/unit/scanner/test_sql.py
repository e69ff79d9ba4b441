from tracer.scanner import sql_tree
from tracer.scanner.sql import by_digest, extract_statements, split_statements


def test_split_keeps_lines_and_ignores_semicolons_in_strings_and_comments():
    sql = "-- a; comment\nCREATE TABLE a (x TEXT DEFAULT ';');\n\n/* b; */\nCREATE TABLE b (\n  y INT\n);\n"
    parts = split_statements(sql, first_line=10)
    assert [(p[0], p[2].split()[2]) for p in parts] == [(11, "a"), (14, "b")]


def test_create_table_columns_with_normalised_types_and_lines():
    [st] = extract_statements('CREATE TABLE public."Tasks" (\n id SERIAL PRIMARY KEY,\n title varchar(200),\n n integer\n);',
                              "d.md", 5, "postgres")
    assert st.action == "create_table" and st.table == "tasks" and st.line == 5
    assert [(c.name, c.type, c.line) for c in st.columns] == [("id", "INT", 6), ("title", "VARCHAR(200)", 7), ("n", "INT", 8)]


def test_multi_action_alter_and_index_and_migration_label():
    sql = ("-- Migration: 0002_x\nALTER TABLE tasks ADD COLUMN due DATE, DROP COLUMN old, ALTER COLUMN t TYPE TEXT,"
           " RENAME COLUMN a TO b;\nCREATE UNIQUE INDEX IF NOT EXISTS ix ON tasks (due, lower(t));")
    alter, index = extract_statements(sql, "m.sql", 1, "postgres")
    assert alter.migration == "0002_x"
    assert alter.alters == (("add", "due", "DATE"), ("drop", "old", ""), ("type", "t", "TEXT"), ("rename", "a", "b"))
    assert (index.action, index.index, index.table, index.index_columns) == ("create_index", "ix", "tasks", ("due", "lower(t)"))


def test_rename_and_drop():
    r, d, di = extract_statements("ALTER TABLE a RENAME TO b; DROP TABLE c, d; DROP INDEX ix;", "m.sql", 1, "postgres")
    assert (r.action, r.table, r.new_name) == ("rename_table", "a", "b")
    assert (d.action, d.drops) == ("drop_table", ("c", "d"))
    assert (di.action, di.drops) == ("drop_index", ("ix",))


def test_unparsable_statement_keeps_its_own_line():
    sql = "CREATE TABLE ok (id INT);\n\nCREATE TABLE bad (\n  a INT\n  b INT\n);"
    ok, bad = extract_statements(sql, "d.md", 20, "postgres")
    assert ok.action == "create_table"
    assert bad.action == "unparsable" and bad.line == 22 and bad.error


def test_placeholder_and_truncated_sql_never_raise():
    ph, trunc = extract_statements("CREATE TABLE {{name}} (id INT);\nCREATE TABLE t (id", "d.md", 1, "postgres")
    assert ph.action == "placeholder"
    assert trunc.action == "unparsable"


def test_suppression_comment_is_attached_to_the_statement():
    [st] = extract_statements("-- tracer: ignore TR302\nCREATE TABLE a (id INT);", "d.md", 1, "postgres")
    assert st.ignores == ("TR302",)


def test_other_dialect():
    [st] = extract_statements("CREATE TABLE `t` (id INT AUTO_INCREMENT PRIMARY KEY)", "d.md", 1, "mysql")
    assert st.action == "create_table" and st.table == "t"


def test_statements_parsed_before_are_taken_where_their_text_is_unchanged(monkeypatch):
    """A file parsed again after an edit: its unchanged statements are not parsed again, yet the result is what a
    fresh parse gives, with the new lines (the columns' too), path, migration label and suppressions."""
    before = ("-- Migration: 0001\nCREATE TABLE a (\n id INT,\n n TEXT\n);\nCREATE TABLE bad (\n x INT\n y INT\n);\n"
              "ALTER TABLE a ADD COLUMN due DATE;")
    first = extract_statements(before, "m.sql", 3, "postgres")
    after = "-- one more line\n-- tracer: ignore TR302\n" + before.replace("0001", "0002").replace("DATE", "TIMESTAMP")
    fresh = extract_statements(after, "n.sql", 10, "postgres")
    parsed = []
    real = sql_tree.parse_statement
    monkeypatch.setattr(sql_tree, "parse_statement", lambda text, dialect: parsed.append(text) or real(text, dialect))
    again = extract_statements(after, "n.sql", 10, "postgres", by_digest(first))
    assert again == fresh
    assert parsed == ["ALTER TABLE a ADD COLUMN due TIMESTAMP"]
    assert [c.line for c in again[0].columns] == [c.line + 9 for c in first[0].columns]
    assert (again[0].migration, again[0].ignores, again[1].action) == ("0002", ("TR302",), "unparsable")
