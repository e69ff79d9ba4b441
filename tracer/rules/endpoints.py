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
    for spec in ctx.specs:
        if spec.status_class != StatusClass.DONE:
            continue
        for a in ctx.res.artifacts_of(spec.path):
            if a.kind == "endpoint" and not a.present:
                yield Draft(spec.path, a.line, a.name, f"endpoint {a.raw} is served by no route in the code")
