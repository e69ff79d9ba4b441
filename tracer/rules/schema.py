"""Rules comparing the SQL in done specs with the repository's schema (TR3xx): SQL and ORM migrations replayed
in order, plus ORM models (SQLAlchemy, SQLModel, Django, Prisma, Drizzle); and the models with the migrations."""

from __future__ import annotations

from collections.abc import Iterator

from tracer.model import StatusClass, types_agree
from tracer.rules.base import Draft, Related
from tracer.rules.context import Context


def _done_specs(ctx: Context):
    """Done specs, when the repository has a schema to compare with (else schema-unreadable says so once)."""
    if not ctx.project.schema.sources:
        return []
    return [s for s in ctx.specs if s.status_class == StatusClass.DONE]


def _hint(ctx: Context) -> str:
    bad = ctx.unparsable_migrations
    return f" (note: {len(bad)} migration file(s) have statements tracer cannot parse)" if bad else ""


def table_missing(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A table that a done spec creates (CREATE TABLE in its Database Changes) which the repository's
    migrations, replayed in order, never create (or later drop), and no ORM model defines.

    Why it matters:
    The spec says the feature shipped; the database it ships with has no table for it. Usually the
    migration was forgotten, lives in another repository, or the table was renamed.

    Example:
    A done spec with `CREATE TABLE notifications (...)` and no migration creating `notifications`.

    How to fix:
    Add the migration, or correct the spec to the table's real name. The comparison is a static
    replay of the migration files, not a query of a live database.
    """
    for spec in _done_specs(ctx):
        for st in spec.sql:
            if st.action == "create_table" and st.table not in ctx.tables:
                yield Draft(spec.path, st.line, st.table,
                            f"table {st.table} is created by this done spec but by no migration or model{_hint(ctx)}")


def _altered_elsewhere(ctx: Context, table: str, column: str, spec_path: str) -> bool:
    """Whether another document alters or drops the column (then its final shape is theirs to declare)."""
    return bool(ctx.column_changers.get((table, column), set()) - {spec_path})


def column_drift(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A column that a done spec declares (in CREATE TABLE or ALTER TABLE ... ADD/ALTER COLUMN) which the
    repository's table lacks, or has with another type. Types are compared in one spelling across SQL and
    ORMs: `INT`, `INTEGER`, `SERIAL` and SQLAlchemy's `Integer` are the same; `VARCHAR(100)` and
    `VARCHAR(200)` are not; a type written without a length (`String`, `VARCHAR`) agrees with any length.

    Why it matters:
    Code written from the spec expects a column the database does not have, or values of another
    type: the kind of drift that fails at run time, not at review.

    Example:
    The spec says `priority SMALLINT`; the migration created `priority INTEGER`.

    How to fix:
    Align the spec with the migration that really ran, or add the migration the spec describes. In
    SQL, `-- tracer: ignore TR302` above the statement accepts a known difference.
    """
    for spec in _done_specs(ctx):
        for st in spec.sql:
            if st.action == "create_table":
                declared = [(c.name, c.type, c.line) for c in st.columns]
            elif st.action == "alter_table":
                declared = [(col, arg, st.line) for op, col, arg in st.alters if op in ("add", "type")]
            else:
                continue
            table = ctx.tables.get(st.table)
            if table is None:
                continue  # table-missing reports it
            for name, typ, line in declared:
                if _altered_elsewhere(ctx, st.table, name, spec.path):
                    continue
                have = table.column(name)
                subject = f"{st.table}.{name}"
                if have is None:
                    yield Draft(spec.path, line, subject,
                                f"column {subject} is declared but the table ({table.path}:{table.line}) has no such column")
                elif not types_agree(typ, have.type):
                    yield Draft(spec.path, line, subject,
                                f"column {subject} is {typ} in the spec but {have.type} in the schema ({have.path}:{have.line})",
                                related=(Related(have.path, have.line, f"where {subject} is {have.type}"),))


def index_missing(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    An index that a done spec creates which the migrations never create (matched by name, or by the
    same table and columns under another name).

    Why it matters:
    The spec's performance reasoning rests on that index; without it the query it was meant for
    scans the table.

    Example:
    `CREATE INDEX idx_tasks_assignee ON tasks (assignee_id);` in the spec, in no migration.

    How to fix:
    Add the index in a migration, or remove it from the spec.
    """
    for spec in _done_specs(ctx):
        for st in spec.sql:
            if st.action != "create_index" or not st.index:
                continue
            if st.index in ctx.indexes or (st.table, st.index_columns) in ctx.index_shapes:
                continue
            yield Draft(spec.path, st.line, st.index,
                        f"index {st.index} on {st.table} is created by no migration or model{_hint(ctx)}")


def table_undeclared(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A table the migrations create that no live document's SQL declares (creates, alters or indexes). Off by default; select it with
    `--select TR304`.

    Why it matters:
    Schema without a spec is schema nobody reviewed for its purpose, retention or privacy.

    Example:
    `audit_log`, added during an incident.

    How to fix:
    Describe the table in the spec it belongs to (a CREATE TABLE in its Database Changes).
    """
    declared = {a.name for a in ctx.res.every_artifact() if a.kind == "table" and a.live}
    for t in ctx.project.schema.tables:
        if t.name not in declared:
            yield Draft(t.path, t.line, t.name, f"table {t.name} is created by migrations but declared by no spec")


def schema_unreadable(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    Done specs that declare tables (CREATE TABLE in their SQL) in a repository where tracer found no
    schema source at all: one finding for the repository, naming where it looked, instead of one
    "table missing" per table.

    Why it matters:
    Without migrations tracer cannot check any table, column or index; saying nothing would read as
    "all good".

    Example:
    A repository whose tables are created by code tracer does not read, or whose migrations live elsewhere.

    How to fix:
    Point the `migrations` setting at the SQL files, or accept that tables are not checked here.
    """
    if ctx.project.schema.sources:
        return
    declared = [(s, st) for s in ctx.specs if s.status_class == StatusClass.DONE for st in s.sql
                if st.action == "create_table" and st.table]
    if declared:
        spec, st = declared[0]
        yield Draft(spec.path, st.line, "schema",
                    f"{len(declared)} table(s) declared by done specs are not checked: no schema source found (looked "
                    f"for SQL migrations matching the `migrations` setting, Alembic and Django migrations, SQLAlchemy, "
                    f"SQLModel and Django models, Prisma schemas and Drizzle tables)")


def schema_sources_disagree(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    ORM models that disagree with the migrations of the same repository: a table or column a model defines
    that the migrations, replayed in order, never create, or a column whose type differs. Only when the
    repository has both, and the migrations create most of the models' tables (else they are about something
    else, and only the tables both define are compared).

    Why it matters:
    The code runs against the models; the database is what the migrations made. A model ahead of its
    migrations fails at run time; a migration ahead of its model is dead schema or a missed change.

    Example:
    `priority = Column(SmallInteger)` in the model while the last migration made `priority INTEGER`.

    How to fix:
    Generate the missing migration (`alembic revision --autogenerate`, `drizzle-kit generate`,
    `makemigrations`), or correct the model.
    """
    schema = ctx.project.schema
    migrated = {t.name: t for t in schema.tables if t.path in ctx.migration_paths}
    if not migrated or not schema.models:
        return
    # migrations that create none, or few, of the models' tables are about something else (seeds, another
    # service): then only the tables both define are compared
    covered = sum(m.name in migrated for m in schema.models) * 2 >= len(schema.models)
    for model in schema.models:
        table = migrated.get(model.name)
        if table is None and not covered:
            continue
        if table is None:
            yield Draft(model.path, model.line, model.name,
                        f"table {model.name} is defined by a model but created by no migration")
            continue
        for col in model.columns:
            have = table.column(col.name)
            if have is None:
                yield Draft(model.path, col.line, f"{model.name}.{col.name}",
                            f"column {model.name}.{col.name} is defined by the model but no migration creates it")
            elif not types_agree(col.type, have.type):
                yield Draft(model.path, col.line, f"{model.name}.{col.name}",
                            f"column {model.name}.{col.name} is {col.type} in the model but {have.type} in the "
                            f"migrations ({have.path}:{have.line})",
                            related=(Related(have.path, have.line, f"where the migrations make it {have.type}"),))
