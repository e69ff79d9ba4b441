"""HTTP routes declared in code (FastAPI, Flask, Starlette, Django, Express), with one spelling for parameters."""

from __future__ import annotations

import re

from tracer.model import Route

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_PARAM = re.compile(r"\{[^}/]*\}|<(?:[^>:/]+:)?[^>/]+>|:[A-Za-z_]\w*\??|\[[^\]/]+\]")
_STR = r"""(?P<q>['"`])(?P<path>[^'"`\n]*)(?P=q)"""
# @app.get("/x"), @router.post('/x'), @bp.route("/x", methods=[...]), @app.api_route(...)
_PY_DECORATOR = re.compile(
    r"^[ \t]*@(?P<obj>[A-Za-z_][\w.]*)\.(?P<verb>get|post|put|patch|delete|head|options|route|api_route)\(\s*" + _STR
    + r"(?P<rest>[^\n]*)", re.M)
_PY_ROUTER_PREFIX = re.compile(
    r"^[ \t]*(?P<var>[A-Za-z_]\w*)\s*(?::[^=\n]*)?=\s*(?:[\w.]*\.)?(?:APIRouter|Blueprint)\((?P<args>[^)]*)\)", re.M)
_PREFIX_ARG = re.compile(r"""(?:url_)?prefix\s*=\s*['"]([^'"]*)['"]""")
_STARLETTE = re.compile(r"\bRoute\(\s*" + _STR + r"(?P<rest>[^\n]*)")
_DJANGO = re.compile(r"(?<![\w.])(?:re_)?path\(\s*r?" + _STR)
_EXPRESS = re.compile(
    r"\b(?P<obj>app|router|api|server|[A-Za-z_$][\w$]*Router)\.(?P<verb>get|post|put|patch|delete|head|options|all)\(\s*" + _STR)
_METHODS_ARG = re.compile(r"methods\s*=\s*[\[(]([^\])]*)[\])]")


def normalise_path(path: str) -> str:
    """``/tasks/:id/``, ``/tasks/<int:id>``, ``/tasks/{task_id}`` -> ``/tasks/{}``."""
    path = path.strip().split("?", 1)[0]
    if not path.startswith("/"):
        path = "/" + path
    path = _PARAM.sub("{}", path)
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return path


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _methods(verb: str, rest: str, default: str) -> list[str]:
    verb = verb.upper()
    if verb in METHODS:
        return [verb]
    m = _METHODS_ARG.search(rest)
    if m:
        found = [w.upper() for w in re.findall(r"[A-Za-z]+", m.group(1)) if w.upper() in METHODS]
        if found:
            return found
    return [default]


def extract_routes(text: str, path: str, language: str) -> tuple[Route, ...]:
    """The routes ``text`` declares; a file with none gives ()."""
    routes: list[Route] = []
    if language == "python":
        prefixes = {}
        for m in _PY_ROUTER_PREFIX.finditer(text):
            p = _PREFIX_ARG.search(m["args"])
            prefixes[m["var"]] = p.group(1) if p else ""
        for m in _PY_DECORATOR.finditer(text):
            framework = "flask" if m["verb"] == "route" else "fastapi"
            prefix = prefixes.get(m["obj"].split(".")[-1], "")
            for method in _methods(m["verb"], m["rest"], "GET"):
                raw = prefix + m["path"]
                routes.append(Route(method=method, path=normalise_path(raw), raw=raw,
                                    line=_line(text, m.start("obj")), framework=framework))
        for m in _STARLETTE.finditer(text):
            for method in _methods("", m["rest"], "GET"):
                routes.append(Route(method=method, path=normalise_path(m["path"]), raw=m["path"],
                                    line=_line(text, m.start()), framework="starlette"))
        if "django" in text or path.endswith("urls.py"):
            for m in _DJANGO.finditer(text):
                routes.append(Route(method="ANY", path=normalise_path(m["path"]), raw=m["path"],
                                    line=_line(text, m.start("path")), framework="django"))
    elif language in ("javascript", "typescript"):
        for m in _EXPRESS.finditer(text):
            verb = m["verb"].upper()
            routes.append(Route(method="ANY" if verb == "ALL" else verb, path=normalise_path(m["path"]), raw=m["path"],
                                line=_line(text, m.start()), framework="express"))
    return tuple(routes)
