import pytest

from tracer.scanner.routes import extract_routes, normalise_path


@pytest.mark.parametrize("raw, norm", [
    ("/tasks/{task_id}", "/tasks/{}"), ("/tasks/:id/", "/tasks/{}"), ("/tasks/<int:id>", "/tasks/{}"),
    ("tasks/<slug>/x", "/tasks/{}/x"), ("/", "/"), ("/a?x=1", "/a"),
])
def test_normalise_path(raw, norm):
    assert normalise_path(raw) == norm


def test_fastapi_router_prefix_and_flask_methods():
    code = ('router = APIRouter(prefix="/api/v1/tasks")\n\n@router.get("/{id}")\ndef f(): ...\n'
            '@app.route("/login", methods=["GET", "POST"])\ndef g(): ...\n')
    got = [(r.method, r.path, r.line, r.framework) for r in extract_routes(code, "a.py", "python")]
    assert got == [("GET", "/api/v1/tasks/{}", 3, "fastapi"), ("GET", "/login", 5, "flask"), ("POST", "/login", 5, "flask")]


def test_django_and_starlette():
    code = ('from django.urls import path\nurlpatterns = [path("tasks/<int:pk>/", view)]\n'
            'routes = [Route("/health", endpoint=h, methods=["GET"])]\n')
    got = {(r.method, r.path, r.framework) for r in extract_routes(code, "urls.py", "python")}
    assert got == {("ANY", "/tasks/{}", "django"), ("GET", "/health", "starlette")}


def test_express():
    code = "router.post('/api/items/:id', h);\napp.get(\"/health\", h);\n"
    got = [(r.method, r.path, r.line) for r in extract_routes(code, "a.js", "javascript")]
    assert got == [("POST", "/api/items/{}", 1), ("GET", "/health", 2)]
