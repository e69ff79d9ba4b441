"""HTTP routes declared in code (FastAPI, Flask, Starlette, Django, Express), with one spelling for parameters."""

from __future__ import annotations

import re

from tracer.model import Mount, Route

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


# -- routers mounted under a prefix by another file ---------------------------------------------------
_JS_USE = re.compile(r"\b[A-Za-z_$][\w$]*\.use\(\s*" + _STR + r"\s*,\s*(?P<target>[A-Za-z_$][\w$.]*)")
_JS_IMPORT = re.compile(r"""\bimport\s+(?P<names>[^'";]+?)\s+from\s+['"](?P<spec>[^'"\n]+)['"]""")
_JS_REQUIRE = re.compile(r"""\b(?:const|let|var)\s+(?P<names>[^=;]+?)\s*=\s*require\(\s*['"](?P<spec>[^'"\n]+)['"]\s*\)""")
_JS_ASSIGN = re.compile(r"\b(?:const|let|var)\s+(?P<name>[A-Za-z_$][\w$]*)\s*(?::[^=\n]*)?=\s*(?:await\s+)?"
                        r"(?P<source>[A-Za-z_$][\w$.]*)\s*\(")
_PY_INCLUDE = re.compile(r"\.include_router\(\s*(?P<target>[A-Za-z_][\w.]*)\s*(?P<rest>[^)\n]*)\)")
_PY_FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+(?P<mod>\.*[\w.]*)[ \t]+import[ \t]+\(?(?P<names>[^\n#)]*)", re.M)
_PY_IMPORT = re.compile(r"^[ \t]*import[ \t]+(?P<mod>[\w.]+)(?:[ \t]+as[ \t]+(?P<alias>\w+))?", re.M)
_DJANGO_INCLUDE = re.compile(r"(?<![\w.])(?:re_)?path\(\s*r?" + _STR + r"\s*,\s*include\(\s*['\"](?P<module>[\w.]+)['\"]")


def _js_names(text: str) -> dict[str, str]:
    """Local name -> import specifier, from ES imports and require()."""
    out: dict[str, str] = {}
    for m in list(_JS_IMPORT.finditer(text)) + list(_JS_REQUIRE.finditer(text)):
        for name in re.findall(r"[A-Za-z_$][\w$]*", re.sub(r"\b\w+\s+as\b", "", m["names"])):
            if name not in ("type", "from", "as"):
                out.setdefault(name, m["spec"])
    for m in _JS_ASSIGN.finditer(text):  # const router = createRouter(repo): the router comes from createRouter's module
        source = m["source"].split(".")[0]
        if source in out:
            out.setdefault(m["name"], out[source])
    return out


def _py_names(text: str) -> dict[str, str]:
    """Local name -> import specifier (``pkg.mod`` / ``.mod`` / ``pkg:name``) in the form raw_imports writes."""
    out: dict[str, str] = {}
    for m in _PY_FROM_IMPORT.finditer(text):
        for part in m["names"].split(","):
            name, _, alias = part.strip().partition(" as ")
            if name.strip():
                out[(alias or name).strip()] = f"{m['mod']}:{name.strip()}"
    for m in _PY_IMPORT.finditer(text):
        out[m["alias"] or m["mod"].split(".")[0]] = m["mod"]
    return out


def extract_mounts(text: str, language: str) -> tuple[Mount, ...]:
    """Routers this file mounts under a prefix, each with the import specifier of the module that defines it."""
    out: list[Mount] = []
    if language in ("javascript", "typescript") and ".use(" in text:
        names = _js_names(text)
        for m in _JS_USE.finditer(text):
            spec = names.get(m["target"].split(".")[0])
            if spec and m["path"].startswith("/"):
                out.append(Mount(prefix=m["path"], target=spec, line=_line(text, m.start())))
    elif language == "python":
        if "include_router" in text:
            names = _py_names(text)
            for m in _PY_INCLUDE.finditer(text):
                p = _PREFIX_ARG.search(m["rest"])
                spec = names.get(m["target"].split(".")[0])
                if p and spec:
                    out.append(Mount(prefix=p.group(1), target=spec, line=_line(text, m.start())))
        if "include(" in text:
            for m in _DJANGO_INCLUDE.finditer(text):
                out.append(Mount(prefix="/" + m["path"].lstrip("^/"), target=m["module"], line=_line(text, m.start())))
    return tuple(out)
