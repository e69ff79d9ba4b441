"""Python: imports, HTTP routes and mounted routers, read with ``ast`` (never imported or executed).

- imports: ``import a.b`` -> ``a.b``; ``from .m import x`` -> ``.m:x`` (x may be a module of package .m);
- routes: FastAPI / Flask decorators (``@app.get("/x")``, ``@bp.route("/x", methods=[...])``,
  ``@router.api_route``), ``add_url_rule``, Starlette ``Route("/x", …)`` (inside ``Mount("/api", routes=[…])``
  too), Django ``path()`` / ``re_path()`` in URL modules; a prefix given to ``APIRouter(prefix=…)`` or
  ``Blueprint(…, url_prefix=…)`` in the same file applies to its routes;
- mounts: ``app.include_router(router, prefix="/api")``, ``app.register_blueprint(bp, url_prefix="/x")`` and
  Django ``path("api/", include("app.urls"))``, each with the import specifier of the module that defines
  the router.
"""

from __future__ import annotations

import ast

from tracer.model import Mount, Route
from tracer.scanner.routes import METHODS, normalise_path

_DECORATOR_VERBS = {m.lower(): m for m in METHODS}


def _str(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _kw(call: ast.Call, *names: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg in names), None)


def _name(node: ast.AST | None) -> str:
    """``app`` / ``api.router`` as written (the last part is what prefixes are recorded under)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return ""


def _methods(call: ast.Call, default: list[str]) -> list[str]:
    value = _kw(call, "methods")
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        found = [(_str(e) or "").upper() for e in value.elts]
        return [m for m in found if m in METHODS] or default
    return default


class _Reader(ast.NodeVisitor):
    def __init__(self, path: str, django: bool):
        self.path = path
        self.django = django
        self.imports: list[str] = []
        self.names: dict[str, str] = {}  # local name -> import specifier
        self.prefixes: dict[str, str] = {}  # router variable -> its prefix
        self.routes: list[Route] = []
        self.mounts: list[Mount] = []
        self.mount_prefix: list[str] = []  # Starlette Mount("/api", routes=[...]) being read

    # -- imports ----------------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.imports.append(alias.name)
            self.names[alias.asname or alias.name.split(".")[0]] = alias.name

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        mod = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name != "*":
                self.imports.append(f"{mod}:{alias.name}")
                self.names[alias.asname or alias.name] = f"{mod}:{alias.name}"

    # -- routers and routes -------------------------------------------------------------------------
    def visit_Assign(self, node: ast.Assign) -> None:
        if isinstance(node.value, ast.Call):
            fn = _name(node.value.func).split(".")[-1]
            if fn in ("APIRouter", "Blueprint", "Router"):
                prefix = _str(_kw(node.value, "prefix", "url_prefix")) or ""
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.prefixes[target.id] = prefix
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit_Assign(ast.Assign(targets=[node.target], value=node.value, lineno=node.lineno))
        else:
            self.generic_visit(node)

    def _decorated(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for dec in node.decorator_list:
            if not isinstance(dec, ast.Call) or not isinstance(dec.func, ast.Attribute) or not dec.args:
                continue
            verb, obj = dec.func.attr, _name(dec.func.value)
            raw = _str(dec.args[0])
            if raw is None:
                continue
            if verb in _DECORATOR_VERBS:
                methods, framework = [_DECORATOR_VERBS[verb]], "fastapi"
            elif verb in ("route", "api_route"):
                methods, framework = _methods(dec, ["GET"]), "flask" if verb == "route" else "fastapi"
            else:
                continue
            self._route(self.prefixes.get(obj.split(".")[-1], "") + raw, methods, dec.lineno, framework)
        self.generic_visit(node)

    visit_FunctionDef = _decorated
    visit_AsyncFunctionDef = _decorated

    def _route(self, raw: str, methods: list[str], line: int, framework: str) -> None:
        raw = "".join(self.mount_prefix) + raw
        for method in methods:
            self.routes.append(Route(method=method, path=normalise_path(raw), raw=raw, line=line, framework=framework))

    def visit_Call(self, node: ast.Call) -> None:
        fn = node.func
        short = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
        first = _str(node.args[0]) if node.args else None
        if short == "Mount" and first is not None:  # Starlette: Mount("/api", routes=[Route(...)])
            self.mount_prefix.append(first)
            self.generic_visit(node)
            self.mount_prefix.pop()
            return
        if short in ("Route", "WebSocketRoute") and first is not None and first.startswith("/"):
            self._route(first, _methods(node, ["GET"]), node.lineno, "starlette")
        elif short == "add_url_rule" and first is not None:
            self._route(first, _methods(node, ["GET"]), node.lineno, "flask")
        elif short in ("path", "re_path") and first is not None and self.django and isinstance(fn, ast.Name):
            target = node.args[1] if len(node.args) > 1 else None
            prefix = "/" + first.lstrip("^").rstrip("$")
            if isinstance(target, ast.Call) and _name(target.func).split(".")[-1] == "include" and target.args:
                module = _str(target.args[0])
                if module:
                    self.mounts.append(Mount(prefix=prefix, target=module, line=node.lineno))
            else:
                self.routes.append(Route(method="ANY", path=normalise_path(prefix), raw=first, line=node.lineno,
                                         framework="django"))
        elif short in ("include_router", "register_blueprint") and node.args:
            prefix = _str(_kw(node, "prefix", "url_prefix"))
            target = _name(node.args[0]).split(".")[0]
            spec = self.names.get(target)
            if prefix and spec:
                self.mounts.append(Mount(prefix=prefix, target=spec, line=node.lineno))
        self.generic_visit(node)


def read_python(text: str, path: str) -> tuple[ast.Module, tuple[Route, ...], tuple[str, ...], tuple[Mount, ...]]:
    """(tree, routes, import specifiers, mounts) of one Python file; SyntaxError when it does not parse."""
    tree = ast.parse(text, filename=path)
    reader = _Reader(path, django="django" in text or path.endswith("urls.py"))
    reader.visit(tree)
    return tree, tuple(reader.routes), tuple(dict.fromkeys(reader.imports)), tuple(reader.mounts)
