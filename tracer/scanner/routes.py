"""HTTP methods and one spelling for route paths, shared by documents (declared endpoints) and code (routes)."""

from __future__ import annotations

import re

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# a parameter's opener is never inside it, so a run of openers costs one pass
_PARAM = re.compile(r"\{[^{}/]*+\}|<(?:[^<>:/]++:)?[^<>/]++>|:[A-Za-z_]\w*+\??|\[[^\[\]/]++\]")


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
