"""TR3xx: SQL in done specs against the replayed migrations."""

import pytest

from tests.builders import prd, spec

PRD = {"docs/feature.prd.md": prd()}
MIGRATION = "CREATE TABLE tasks (id SERIAL PRIMARY KEY, title VARCHAR(200), n INTEGER);\nCREATE INDEX ix_t ON tasks (title);\n"


def test_TR301_fires_for_done_spec_table_without_migration(findings):
    files = {**PRD, "db/migrations/1.sql": MIGRATION, "docs/s.tech.md": spec(sql="CREATE TABLE notes (id INT);")}
    assert [(g[3], g[4]) for g in findings(files, "TR301")] == [("notes", "error")]


def test_TR301_quiet_for_planned_spec_and_for_migrated_table(findings):
    files = {**PRD, "db/migrations/1.sql": MIGRATION, "docs/a.tech.md": spec(status="draft", sql="CREATE TABLE notes (id INT);"),
             "docs/b.tech.md": spec(sql='CREATE TABLE "Tasks" (id INT);')}
    assert findings(files, "TR301") == []


def test_TR301_fires_when_a_later_migration_drops_the_table(findings):
    files = {**PRD, "db/migrations/1.sql": MIGRATION, "db/migrations/2.sql": "DROP TABLE tasks;",
             "docs/s.tech.md": spec(sql="CREATE TABLE tasks (id INT);")}
    assert [g[3] for g in findings(files, "TR301")] == ["tasks"]


def test_TR302_fires_on_type_and_missing_column(findings):
    sql = "CREATE TABLE tasks (\n  id INT,\n  title VARCHAR(100),\n  n INT,\n  due DATE\n);"
    got = findings({**PRD, "db/migrations/1.sql": MIGRATION, "docs/s.tech.md": spec(sql=sql)}, "TR302")
    assert [g[3] for g in got] == ["tasks.title", "tasks.due"]
    assert got[0][2] + 2 == got[1][2]  # each on its own column line


def test_TR302_quiet_across_type_spellings_and_after_alter_replay(findings):
    migs = {"db/migrations/1.sql": MIGRATION,
            "db/migrations/2.sql": "ALTER TABLE tasks ADD COLUMN due DATE, RENAME COLUMN n TO num;"}
    sql = "CREATE TABLE tasks (id INTEGER, title CHARACTER VARYING(200));\nALTER TABLE tasks ADD COLUMN due DATE;"
    assert findings({**PRD, **migs, "docs/s.tech.md": spec(sql=sql)}, "TR302") == []


def test_TR302_suppressed_inside_sql_and_unused_suppression_reported(findings):
    sql = "-- tracer: ignore TR302\nCREATE TABLE tasks (id INT, title TEXT);\n-- tracer: ignore TR302\nCREATE INDEX ix_t2 ON tasks (title);"
    got = findings({**PRD, "db/migrations/1.sql": MIGRATION, "docs/s.tech.md": spec(sql=sql)}, "TR302", "TR901")
    assert [(g[0], g[3]) for g in got] == [("TR901", "TR302")]


def test_TR303_fires_on_missing_index_and_quiet_on_same_shape(findings):
    sql = "CREATE INDEX ix_missing ON tasks (n);\nCREATE INDEX ix_renamed ON tasks (title);"
    got = findings({**PRD, "db/migrations/1.sql": MIGRATION, "docs/s.tech.md": spec(sql=sql)}, "TR303")
    assert [g[3] for g in got] == ["ix_missing"]


def test_TR304_off_by_default_fires_when_enabled(findings, make_repo):
    files = {**PRD, "db/migrations/1.sql": MIGRATION + "CREATE TABLE audit (id INT);",
             "docs/s.tech.md": spec(sql="CREATE TABLE tasks (id INT);")}
    from tracer.api import analyse, check

    root = make_repo(files)
    assert not [f for f in check(analyse(root)).findings if f.rule == "TR304"]
    got = [(f.path, f.subject) for f in check(analyse(root), enable=("TR304",)).findings if f.rule == "TR304"]
    assert got == [("db/migrations/1.sql", "audit")]


@pytest.mark.parametrize("mysql", [True])
def test_dialect_setting_is_used_for_migrations(findings, mysql):
    files = {**PRD, "db/migrations/1.sql": "CREATE TABLE `t` (id INT AUTO_INCREMENT PRIMARY KEY);",
             "docs/s.tech.md": spec(sql="CREATE TABLE t (id INT);"), "tracer.toml": "dialect = 'mysql'\n"}
    assert findings(files, "TR301", "TR007") == []
