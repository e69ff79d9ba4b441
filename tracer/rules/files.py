"""Rules about files declared in "Files to Create" / "Files to Modify" tables (TR2xx)."""

from __future__ import annotations

from collections.abc import Iterator

from tracer.model import StatusClass
from tracer.rules.base import Draft, drift_severity
from tracer.rules.context import Context


def _files(ctx: Context):
    """(spec, file artifact) for every live spec's declared files."""
    for spec in ctx.specs:
        for a in ctx.res.artifacts_of(spec.path):
            if a.kind == "file":
                yield spec, a


def file_missing(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A "Files to Modify" path that does not exist, or a "Files to Create" path that does not exist
    once the spec is done. Error for done specs; a missing file to modify is a warning while the spec
    is planned or active.

    Why it matters:
    The spec describes code that is not there: it was renamed, moved, deleted, or never written.

    Example:
    `| src/notifications/mailer.py | Send assignment emails |` after the mailer moved to `email/`.

    How to fix:
    Update the table to the file's current path, or restore the file.
    """
    for spec, f in _files(ctx):
        if f.unsafe or f.present:
            continue
        if f.intent == "modify":
            sev = drift_severity(spec.status_class, active="warning", planned="warning", unknown="warning")
            msg = f"file to modify {f.name} does not exist"
        else:
            sev = drift_severity(spec.status_class)
            msg = f"file to create {f.name} does not exist, but the spec is {spec.status}"
        if sev:
            yield Draft(spec.path, f.line, f.name, msg, sev)


def file_exists_before_create(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A "Files to Create" path that already exists while the spec is still planned.

    Why it matters:
    Either the work started before the spec was approved (update its status), or the spec will
    overwrite a file that somebody else owns.

    Example:
    A draft spec that creates `src/auth/sessions.py`, which a prototype already added.

    How to fix:
    Move the path to "Files to Modify", or set the spec's status to in-progress.
    """
    for spec, f in _files(ctx):
        if spec.status_class == StatusClass.PLANNED and f.intent == "create" and f.present:
            yield Draft(spec.path, f.line, f.name, f"file to create {f.name} already exists while the spec is {spec.status}")


def path_escapes_repo(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A declared path that is absolute, leaves the repository with `..`, is a Windows drive path, or
    contains control characters. tracer records it and never reads it.

    Why it matters:
    Specs describe this repository; a path outside it cannot be checked and may be a copy-paste from
    someone's machine.

    Example:
    `| ../shared/settings.py | Default channels |`

    How to fix:
    Write the path relative to the repository root.
    """
    for spec, f in _files(ctx):
        if f.unsafe:
            yield Draft(spec.path, f.line, f.name, f"declared path {f.name!r} {f.unsafe}; it is not followed")


def file_untraced(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A code file that no live (non-retired) spec declares. Off by default: select it with
    `--select TR204`, most usefully with `--changed` on pull requests.

    Why it matters:
    Code with no spec behind it has no requirement behind it either.

    Example:
    `src/harbor/db.py`, shared plumbing that no spec lists.

    How to fix:
    Add the file to the spec it belongs to, or accept it into a baseline.
    """
    declared = {a.name for a in ctx.res.every_artifact() if a.kind == "file" and a.live and not a.unsafe}
    for code in ctx.project.code_files:
        if code.path not in declared:
            yield Draft(code.path, 1, code.path, f"code file {code.path} is not declared by any spec")
