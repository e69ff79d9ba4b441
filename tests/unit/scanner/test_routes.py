"""Routes, imports and mounts read from code with real parsers: Python's ast, tree-sitter for Go and TypeScript."""

import pytest

from tracer.resolve.imports import ImportResolver
from tracer.scanner.code import read_code
from tracer.scanner.routes import normalise_path


def routes(path, text, language):
    return [(r.method, r.path, r.line, r.framework) for r in read_code(path, text, language).routes]


@pytest.mark.parametrize("raw, norm", [
    ("/tasks/{task_id}", "/tasks/{}"), ("/tasks/:id/", "/tasks/{}"), ("/tasks/<int:id>", "/tasks/{}"),
    ("tasks/<slug>/x", "/tasks/{}/x"), ("/", "/"), ("/a?x=1", "/a"),
])
def test_normalise_path(raw, norm):
    assert normalise_path(raw) == norm


def test_fastapi_router_prefix_and_flask_methods():
    code = ('router = APIRouter(prefix="/api/v1/tasks")\n\n@router.get("/{id}")\ndef f(): ...\n'
            '@app.route("/login", methods=["GET", "POST"])\ndef g(): ...\n'
            '# @app.get("/commented-out")\nx = "@app.get(\'/in-a-string\')"\n')
    assert routes("a.py", code, "python") == [("GET", "/api/v1/tasks/{}", 3, "fastapi"), ("GET", "/login", 5, "flask"),
                                              ("POST", "/login", 5, "flask")]


def test_django_starlette_and_flask_rules():
    code = ('from django.urls import path\nurlpatterns = [path("tasks/<int:pk>/", view)]\n'
            'routes = [Route("/health", endpoint=h, methods=["GET"]), Mount("/api", routes=[Route("/x", e)])]\n'
            'app.add_url_rule("/legacy", view_func=v, methods=["PUT"])\n')
    got = {(m, p, f) for m, p, _, f in routes("urls.py", code, "python")}
    assert got == {("ANY", "/tasks/{}", "django"), ("GET", "/health", "starlette"), ("GET", "/api/x", "starlette"),
                   ("PUT", "/legacy", "flask")}


def test_express_routes_and_mounts():
    code = ("import { makeRouter } from './items.js';\nconst users = require('./users');\n"
            "router.post('/api/items/:id', h);\napp.get(\"/health\", h);\napp.route('/books').get(a).post(b);\n"
            "const r = makeRouter(db);\napp.use('/api', r);\napp.use('/u', users);\n// app.get('/commented', h)\n")
    f = read_code("a.js", code, "javascript")
    assert [(r.method, r.path, r.line) for r in f.routes] == [
        ("POST", "/api/items/{}", 3), ("GET", "/health", 4), ("POST", "/books", 5), ("GET", "/books", 5)]
    assert [(m.prefix, m.target) for m in f.mounts] == [("/api", "./items.js"), ("/u", "./users")]


def test_hono_sub_apps_mounted_with_route_and_made_in_place():
    """Hono mounts a sub-app with ``app.route(prefix, app)``, often made by an imported factory right there;
    a one-argument ``route("/x")`` is still Express's route builder, not a mount."""
    code = ("import { Hono } from 'hono';\nimport { createLoginRoutes } from './login';\nimport admin from './admin';\n"
            "const app = new Hono();\napp.route('/auth', createLoginRoutes(container));\napp.route('/admin', admin);\n"
            "app.route('/books').get(a);\napp.post('/ping', h);\n")
    f = read_code("index.ts", code, "typescript")
    assert [(m.prefix, m.target, m.line) for m in f.mounts] == [("/auth", "./login", 5), ("/admin", "./admin", 6)]
    assert [(r.method, r.path) for r in f.routes] == [("GET", "/books"), ("POST", "/ping")]


def test_go_net_http_gorilla_gin_chi_and_echo():
    code = """package main

import (
	"net/http"
	api "example.com/shop/internal/api"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", getItem)
	mux.Handle("/static/", fs)
	r := mux2.NewRouter()
	s := r.PathPrefix("/api/v2").Subrouter()
	s.HandleFunc("/users/{id}", user).Methods("DELETE", "PUT")
	v1 := g.Group("/v1")
	v1.POST("/carts", newCart)
	c.Route("/admin", func(r chi.Router) {
		r.Get("/stats", stats)
	})
	e.PUT("/things/:id", put)
	// mux.HandleFunc("/commented", h)
}
"""
    f = read_code("main.go", code, "go")
    assert [(r.method, r.path, r.line) for r in f.routes] == [
        ("GET", "/items/{}", 10), ("ANY", "/static", 11), ("DELETE", "/api/v2/users/{}", 14),
        ("PUT", "/api/v2/users/{}", 14), ("POST", "/v1/carts", 16), ("GET", "/admin/stats", 18), ("PUT", "/things/{}", 20)]
    assert f.imports == ("net/http", "example.com/shop/internal/api")


def test_a_python_file_that_does_not_parse_says_why():
    f = read_code("broken.py", "def f(:\n", "python")
    assert f.routes == () and "does not parse as Python (line 1)" in f.error


def test_python_absolute_relative_and_src_layout():
    files = ["src/pkg/__init__.py", "src/pkg/a.py", "src/pkg/b.py", "src/pkg/sub/c.py", "tools/x.py"]
    r = ImportResolver(files)
    text = "import pkg.a\nfrom . import b\nfrom .sub.c import thing\nfrom os import path\n"
    assert r.resolve(read_code("src/pkg/main.py", text, "python").imports, "src/pkg/main.py", "python") == (
        "src/pkg/a.py", "src/pkg/b.py", "src/pkg/sub/c.py")


def test_js_relative_imports_and_require():
    files = ["web/api.ts", "web/util/index.js", "web/board.ts"]
    r = ImportResolver(files)
    text = "import { a } from './api';\nconst u = require('./util');\nimport React from 'react';\n"
    assert r.resolve(read_code("web/board.ts", text, "typescript").imports, "web/board.ts", "typescript") == (
        "web/api.ts", "web/util/index.js")
