"""Rules about endpoints declared in API Changes (TR4xx)."""

from __future__ import annotations

from collections.abc import Iterator

from tracer.model import StatusClass
from tracer.rules.base import Draft
from tracer.rules.context import Context


def endpoint_missing(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    An endpoint that a done spec declares (`**METHOD /path**` under API Changes) which no route in
    the code serves. Parameters match whatever their spelling (`{id}`, `:id`, `<int:id>`); routes are
    read from FastAPI/Flask/Starlette decorators, Django `path()` and Express `app.get()`-style calls,
    including an `APIRouter(prefix=...)` / `Blueprint(url_prefix=...)` in the same file.

    Why it matters:
    Clients built from the spec call an endpoint that returns 404.

    Example:
    `**PUT /api/v1/tasks/:task_id/assignee**` in a done spec, with no such route.

    How to fix:
    Add the route, correct the spec's method or path, or (for prefixes mounted in another file) write
    the route's full path in the decorator.
    """
    if not ctx.res.served:
        return  # routes-unreadable says once that no route was found at all
    for spec, a in _declared(ctx):
        if not a.present:
            yield Draft(spec.path, a.line, a.name, f"endpoint {a.raw} is served by no route in the code")


def _declared(ctx: Context):
    """(spec, endpoint) for endpoints that must be served now: of done specs, or of checked tasks."""
    for spec in ctx.declaring:
        for a in ctx.res.artifacts_of(spec.path):
            if a.kind == "endpoint" and (a.done if a.done is not None else spec.status_class == StatusClass.DONE):
                yield spec, a


def routes_unreadable(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    Endpoints that done specs (or checked tasks) declare, in a repository where tracer found no HTTP
    route at all: one finding for the repository instead of one "endpoint missing" per endpoint.

    Why it matters:
    tracer reads routes of FastAPI, Flask, Starlette, Django and Express; a service written with
    another framework cannot be checked, and saying nothing would read as "all served".

    Example:
    An ASP.NET service whose spec declares `GET /api/items`.

    How to fix:
    Nothing, if the framework is not one tracer reads; the endpoints are simply not checked.
    """
    if ctx.res.served:
        return
    declared = list(_declared(ctx))
    if declared:
        spec, a = declared[0]
        yield Draft(spec.path, a.line, "routes",
                    f"{len(declared)} declared endpoint(s) are not checked: no HTTP route was found in the code "
                    "(read: FastAPI, Flask, Starlette, Django, Express)")
