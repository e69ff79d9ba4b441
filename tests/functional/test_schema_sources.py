"""Schema and routes where real code keeps them: each source in a small repository written for the test, with
the exact tables, columns, indexes and routes it yields and one planted drift that must be found."""

from __future__ import annotations

import pytest

from tracer.api import analyse
from tests.builders import prd

PRD = {"docs/shop.prd.md": prd({"US-001": "As a buyer, I want orders"})}


def spec(sql: str = "", body: str = "") -> str:
    """A done spec of the default family declaring ``sql`` (and ``body``)."""
    return ("---\ntype: tech-spec\nstatus: done\nparent: shop.prd.md\n---\n# Orders\n\n**User Stories Covered:** US-001\n\n"
            + (f"## Database Changes\n\n```sql\n{sql}\n```\n\n" if sql else "") + body)


def schema(repo) -> tuple[dict, set, tuple]:
    """({table: {column: type}}, {(index table, columns)}, sources) of the repository's schema."""
    s = analyse(repo, {"cache": False}).project.schema
    return ({t.name: {c.name: c.type for c in t.columns} for t in s.tables},
            {(i.table, i.columns) for i in s.indexes}, s.sources)


def check(cli, repo) -> set[tuple[str, str, str]]:
    run = cli("check", repo, "--format", "json", "--fail-on", "never")
    assert run.code == 0, run.err
    return {(f["rule"], f["path"], f["subject"]) for f in run.json()["findings"]}


ORDERS_SQL = ("CREATE TABLE orders (id SERIAL PRIMARY KEY, customer VARCHAR(100) NOT NULL, total NUMERIC(10, 2), "
              "status TEXT);\nCREATE INDEX idx_orders_customer ON orders (customer);")
# the orders table of ORDERS_SQL as the replayed schema holds it (types normalised)
ORDERS_COLUMNS = {"id": "INT", "customer": "VARCHAR(100)", "total": "NUMERIC(10, 2)", "status": "TEXT"}


def test_sqlmodel_default_table_names_and_annotations(cli, make_repo):
    models = '''from datetime import datetime
from typing import Optional
from sqlmodel import Field, Relationship, SQLModel


class Order(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    customer: str = Field(max_length=100, index=True)
    total: float
    created: datetime
    items: list["Item"] = Relationship(back_populates="order")


class OrderCreate(SQLModel):
    customer: str
'''
    repo = make_repo({**PRD, "app/models.py": models,
                      "docs/orders.tech.md": spec("CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(100));")})
    tables, indexes, sources = schema(repo)
    # no __tablename__: SQLModel names the table after the class, in lower case
    # a Python float is a double in PostgreSQL
    assert tables == {"order": {"id": "INT", "customer": "VARCHAR(100)", "total": "DOUBLE PRECISION", "created": "TIMESTAMP"}}
    assert indexes == {("order", ("id",)), ("order", ("customer",))}
    assert sources == ("sqlmodel",)
    assert check(cli, repo) == {("TR301", "docs/orders.tech.md", "orders")}


def test_sqlalchemy_declarative_with_alembic_migrations(cli, make_repo):
    models = '''import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (sa.Index("idx_orders_customer", "customer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer: Mapped[str] = mapped_column(sa.String(100))
    total = sa.Column(sa.Numeric(10, 2))
    status: Mapped[str] = mapped_column(sa.SmallInteger)
'''
    first = '''"""create orders"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer", sa.String(length=100), nullable=False),
        sa.Column("total", sa.Numeric(10, 2)),
    )


def downgrade():
    op.drop_table("orders")
'''
    second = '''from alembic import op
import sqlalchemy as sa

revision = "b2"
down_revision = "a1"


def upgrade():
    op.add_column("orders", sa.Column("status", sa.Text()))
    op.create_index("idx_orders_customer", "orders", ["customer"])
'''
    # the file names sort the second migration first: the revision chain, not the path, orders them
    repo = make_repo({**PRD, "app/models.py": models, "migrations/versions/0001_b2_status.py": second,
                      "migrations/versions/0002_a1_orders.py": first, "docs/orders.tech.md": spec(ORDERS_SQL)})
    tables, indexes, sources = schema(repo)
    assert tables == {"orders": ORDERS_COLUMNS}
    assert ("orders", ("customer",)) in indexes
    assert sources == ("alembic", "sqlalchemy")
    # the model says SMALLINT where the migrations made TEXT: the two sources disagree
    assert check(cli, repo) == {("TR306", "app/models.py", "orders.status")}


def test_django_models_and_migrations(cli, make_repo):
    models = '''from django.db import models


class Order(models.Model):
    customer = models.CharField(max_length=100, db_index=True)
    total = models.DecimalField(max_digits=10, decimal_places=2)
    buyer = models.ForeignKey("auth.User", on_delete=models.CASCADE)

    class Meta:
        indexes = [models.Index(fields=["total"], name="shop_order_total_idx")]
'''
    migration = '''from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("customer", models.CharField(max_length=100, db_index=True)),
                ("total", models.DecimalField(max_digits=10, decimal_places=2)),
            ],
        ),
    ]
'''
    repo = make_repo({**PRD, "shop/models.py": models, "shop/migrations/0001_initial.py": migration,
                      "shop/migrations/__init__.py": "",
                      "docs/orders.tech.md": spec("CREATE TABLE shop_order (id BIGINT, customer VARCHAR(100), "
                                                  "total NUMERIC(10, 2));")})
    tables, indexes, sources = schema(repo)
    assert tables == {"shop_order": {"id": "BIGINT", "customer": "VARCHAR(100)", "total": "NUMERIC(10, 2)"}}
    assert ("shop_order", ("customer",)) in indexes
    assert sources == ("django", "django-migrations")
    # the model has a foreign key no migration adds
    assert check(cli, repo) == {("TR306", "shop/models.py", "shop_order.buyer_id")}


def test_prisma_schema(cli, make_repo):
    prisma = '''// the shop
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

enum Status {
  OPEN
  PAID
}

model Order {
  id        Int      @id @default(autoincrement())
  customer  String   @db.VarChar(100)
  total     Decimal  @db.Decimal(10, 2)
  status    Status   @default(OPEN)
  placedAt  DateTime @map("placed_at")
  lines     Line[]

  @@index([customer])
  @@map("orders")
}

model Line {
  id      Int   @id
  order   Order @relation(fields: [orderId], references: [id])
  orderId Int   @map("order_id")
}
'''
    repo = make_repo({**PRD, "prisma/schema.prisma": prisma, "docs/orders.tech.md": spec(ORDERS_SQL)})
    tables, indexes, sources = schema(repo)
    assert tables == {
        "orders": {"id": "INT", "customer": "VARCHAR(100)", "total": "NUMERIC(10, 2)", "status": "STATUS",
                   "placed_at": "TIMESTAMP(3)"},
        "line": {"id": "INT", "order_id": "INT"},
    }
    assert {("orders", ("id",)), ("orders", ("customer",)), ("line", ("id",))} <= indexes
    assert sources == ("prisma",)
    # the spec says the status is TEXT; the schema made it the Status enum
    assert check(cli, repo) == {("TR302", "docs/orders.tech.md", "orders.status")}


def test_drizzle_tables_against_its_sql_migrations(cli, make_repo):
    drizzle = '''import { pgTable, serial, varchar, numeric, text, index, pgEnum } from "drizzle-orm/pg-core";

export const statusEnum = pgEnum("order_status", ["open", "paid"]);

export const orders = pgTable("orders", {
  id: serial("id").primaryKey(),
  customer: varchar("customer", { length: 100 }).notNull(),
  total: numeric("total", { precision: 10, scale: 2 }),
  status: text("status"),
  tags: text("tags").array(),
}, (t) => [index("idx_orders_customer").on(t.customer)]);
'''
    migration = ('CREATE TABLE "orders" ("id" serial PRIMARY KEY NOT NULL, "customer" varchar(100) NOT NULL, '
                 '"total" numeric(10, 2), "status" text);\n'
                 'CREATE INDEX "idx_orders_customer" ON "orders" USING btree ("customer");\n')
    repo = make_repo({**PRD, "src/db/schema.ts": drizzle, "drizzle/0000_init.sql": migration,
                      "docs/orders.tech.md": spec(ORDERS_SQL)})
    tables, indexes, sources = schema(repo)
    assert tables == {"orders": ORDERS_COLUMNS}
    assert ("orders", ("customer",)) in indexes
    assert sources == ("drizzle", "sql migrations")
    # the tags column was added to the table definition, and no migration was generated for it
    assert check(cli, repo) == {("TR306", "src/db/schema.ts", "orders.tags")}


def test_no_schema_source_is_one_finding_that_says_where_it_looked(cli, make_repo):
    repo = make_repo({**PRD, "docs/orders.tech.md": spec(ORDERS_SQL)})
    run = cli("check", repo, "--format", "json", "--fail-on", "never").json()
    assert [(f["rule"], f["subject"]) for f in run["findings"]] == [("TR305", "schema")]
    assert "Alembic" in run["findings"][0]["message"] and "Prisma" in run["findings"][0]["message"]


GO_MAIN = '''package main

import (
	"net/http"

	"example.com/shop/internal/orders"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{id}", orders.Get)
	mux.HandleFunc("POST /orders", orders.Create)
	http.ListenAndServe(":8080", mux)
}
'''
GIN = '''package orders

import "github.com/gin-gonic/gin"

func Register(r *gin.Engine) {
	v1 := r.Group("/v1")
	v1.DELETE("/orders/:id", Delete)
}
'''


def test_go_routes_and_imports(cli, make_repo):
    repo = make_repo({
        **PRD, "go.mod": "module example.com/shop\n\ngo 1.22\n", "cmd/shop/main.go": GO_MAIN,
        "internal/orders/handlers.go": "package orders\n", "internal/orders/gin.go": GIN,
        "internal/orders/handlers_test.go": "package orders\n\nfunc TestX() { mux.HandleFunc(\"/refunds\", h) }\n",
        "docs/orders.tech.md": spec(body="## API Changes\n\n**GET /orders/{id}**\n\n**POST /orders**\n\n"
                                         "**DELETE /v1/orders/{id}**\n\n**POST /refunds**\n\n"
                                         "### Files to Modify\n\n- `internal/orders/handlers.go`\n")})
    a = analyse(repo, {"cache": False})
    routes = {(r.method, r.path, c.path) for c in a.project.code_files for r in c.routes}
    assert {("GET", "/orders/{}", "cmd/shop/main.go"), ("POST", "/orders", "cmd/shop/main.go"),
            ("DELETE", "/v1/orders/{}", "internal/orders/gin.go")} <= routes
    assert a.resolution.imports["cmd/shop/main.go"] == ("internal/orders/gin.go", "internal/orders/handlers.go")
    # /refunds is registered only by a test's fake server: the product does not serve it
    assert check(cli, repo) == {("TR401", "docs/orders.tech.md", "POST /refunds")}
    run = cli("impact", "cmd/shop/main.go", "--root", repo, "--direction", "up", "--format", "json")
    assert "spec:docs/orders.tech.md" in {x["node"] for x in run.json()["affected"]}


def test_hono_sub_apps_compose_their_prefixes(cli, make_repo):
    """Hono: the app mounts ``/api/`` over a factory's sub-app, which mounts ``/auth`` over another factory's,
    which serves ``POST /login``: the spec's ``POST /api/auth/login`` is served, ``POST /api/auth/gone`` is not."""
    repo = make_repo({
        **PRD, "server/src/routes/app.ts": "import { Hono } from 'hono';\nimport { createAuthRoutes } from './auth';\n"
        "export function createApp() {\n  const app = new Hono();\n  app.route('/api/', createAuthRoutes(c));\n"
        "  return app;\n}\n",
        "server/src/routes/auth/index.ts": "import { Hono } from 'hono';\nimport { createLoginRoutes } from './login';\n"
        "export function createAuthRoutes(c) {\n  const app = new Hono();\n  app.route('/auth', createLoginRoutes(c));\n"
        "  return app;\n}\n",
        "server/src/routes/auth/login.ts": "import { Hono } from 'hono';\nexport function createLoginRoutes(c) {\n"
        "  const app = new Hono();\n  app.post('/login', async (ctx) => ctx.json({}));\n  return app;\n}\n",
        "docs/auth.tech.md": spec(body="## API Changes\n\n**POST /api/auth/login**\n\n**POST /api/auth/gone**\n")})
    assert check(cli, repo) == {("TR401", "docs/auth.tech.md", "POST /api/auth/gone")}


def test_typescript_path_aliases_and_shell_sources(make_repo):
    repo = make_repo({
        "tsconfig.json": '{\n  // paths\n  "compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./src/*"],},},\n}\n',
        "src/lib/db.ts": "export const db = 1;\n", "src/app.ts": "import { db } from '@/lib/db';\n",
        "scripts/common.sh": "x=1\n", "scripts/deploy.sh": 'source "$(dirname "$0")/common.sh"\n. ./scripts/common.sh\n',
        **PRD})
    imports = analyse(repo, {"cache": False}).resolution.imports
    assert imports["src/app.ts"] == ("src/lib/db.ts",)
    assert imports["scripts/deploy.sh"] == ("scripts/common.sh",)


@pytest.mark.parametrize("text", ["def broken(:\n", "x = (" * 200 + "1" + ")" * 200 + "\n"])
def test_python_that_does_not_parse_is_said(cli, make_repo, text):
    repo = make_repo({**PRD, "app/bad.py": text, "app/ok.py": "@app.get('/x')\ndef x(): ...\n"})
    code = cli("scan", repo, "--format", "json").json()["code"]
    assert [u["path"] for u in code["unparsed"]] == ["app/bad.py"]
    assert code["languages"]["python"] == {"files": 2, "routes": 1, "imports": 0}
    assert code["route_frameworks"] == {"fastapi": 1} and code["schema_sources"] == []
    assert "app/bad.py" in cli("scan", repo).out
