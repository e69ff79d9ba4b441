"""Rules about specs that fell behind the code, read from git history (TR5xx)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tracer.model import StatusClass
from tracer.rules.base import Draft
from tracer.rules.context import Context
from tracer.scanner.cache import history_answer
from tracer.scanner.git import git


def last_changed(ctx: Context) -> dict[str, int]:
    """Repo-relative path -> commit time of its last change, from one pass over ``git log``; kept with the
    parse cache under the commit (a run at the same commit asks git nothing)."""

    def ask():
        out = _last_changed(Path(ctx.project.root))
        return (tuple(out.items()), True) if out is not None else ((), False)

    rows, complete = history_answer(ctx.history, "last-changed", ctx.project.git, (), (str, int), ask)
    if not complete:  # said in the result, which is not kept: the next run asks again
        ctx.unread_history.append("last-change times")
    return dict(rows)


def _last_changed(root: Path) -> dict[str, int] | None:
    # NUL-separated (-z) with a NUL-prefixed commit marker: no file name (">x", one with a newline) can pass
    # for a commit line
    res = git(root, "log", "--relative", "--no-renames", "-z", "--format=%x00%x01%ct",
              "--name-only", "--", ".", timeout=300)
    if res is None or res.returncode != 0:
        return None
    out: dict[str, int] = {}
    stamp = 0
    for field in res.stdout.decode("utf-8", errors="surrogateescape").split("\0"):
        field = field.lstrip("\n")
        if field.startswith("\x01"):
            stamp = int(field[1:].strip() or 0)
        elif field and field not in out:
            out[field] = stamp
    return out


def spec_stale(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A file linked from a done spec that changed in git after the spec itself last changed: a hint to
    review the spec, not drift (most later changes leave a spec true), hence info. Files that no longer
    exist are file-missing's. Needs the history: outside a git checkout or in a shallow clone the rule says
    so once and reports nothing (in CI, check out with `fetch-depth: 0`).

    Why it matters:
    The code moved on and the spec did not: the next reader of the spec learns how the feature used
    to work.

    Example:
    `src/tasks/service.py` changed in March; its done spec was last edited in February.

    How to fix:
    Review the spec against the change and update it (even a status or date touch records that it
    was reviewed).
    """
    if not ctx.project.git.is_repo:
        ctx.notes.append("TR501 spec-stale skipped: not a git checkout")
        return
    if ctx.project.git.shallow:
        ctx.notes.append("TR501 spec-stale skipped: shallow clone, history is missing (use fetch-depth: 0)")
        return
    done = [(s, [a for a in ctx.res.artifacts_of(s.path) if a.kind == "file" and not a.unsafe and a.present
                 and not a.pattern])
            for s in ctx.specs if s.status_class == StatusClass.DONE]
    done = [(s, files) for s, files in done if files]
    if not done:
        return
    when = last_changed(ctx)
    for spec, files in done:
        spec_time = when.get(spec.path)
        if spec_time is None:
            continue  # the spec is not committed yet: it is being edited now
        for f in files:
            t = when.get(f.found_at or f.name)
            if t is not None and t > spec_time:
                yield Draft(spec.path, f.line, f.name, f"{f.name} changed after this done spec was last updated")
