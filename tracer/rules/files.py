"""Rules about the paths documents declare (TR2xx): Files sections, tasks, trees, frontmatter lists, renames.

Completion is judged per item where the path was written in a checkbox task (a checked task's files must
exist; an unchecked task's are planned), and per document elsewhere (by the document's status class).
"""

from __future__ import annotations

from collections.abc import Iterator

from tracer.model import Document, StatusClass
from tracer.model.links import Artifact
from tracer.rules.base import Draft, Fix, drift_severity
from tracer.rules.context import Context
from tracer.scanner.git import MAX_RENAME_LOOKUPS


def _files(ctx: Context):
    """(document, file artifact) for every live spec's and story document's declared paths."""
    for doc in ctx.declaring:
        for a in ctx.res.artifacts_of(doc.path):
            if a.kind == "file":
                yield doc, a


def _mostly_built(ctx: Context, doc: Document) -> bool:
    """Whether most of what a document with no usable status declares exists: its work evidently happened."""
    files = [a for a in ctx.res.artifacts_of(doc.path) if a.kind == "file" and not a.unsafe and not a.pattern]
    return len(files) >= 3 and sum(a.present for a in files) * 3 >= len(files) * 2


def required_severity(ctx: Context, doc: Document, a: Artifact) -> str:
    """How strongly a path must exist now: "error", "warning", or "" (it may still be missing).

    In a task: a checked task's paths must exist (error once the document is done). Elsewhere: a path to
    modify must exist (error once done); one to create, create-or-update or rename to, once the document is
    done, or when its status says nothing but most of what it declares exists.
    """
    cls = doc.status_class
    if a.done is not None:
        return ("error" if cls == StatusClass.DONE else "warning") if a.done else ""
    if a.intent == "modify":
        return drift_severity(cls, active="warning", planned="warning", unknown="warning")
    if a.intent in ("create", "either", "rename"):
        if cls == StatusClass.UNKNOWN and _mostly_built(ctx, doc):
            return "warning"
        return drift_severity(cls)
    return ""


_DONE_WORDS = {"create": "created", "modify": "modified", "rename": "renamed"}


def _what(doc: Document) -> str:
    return "story" if doc.kind.value == "user-story" else "spec"


def _hint(a: Artifact) -> str:
    if a.candidates:
        return f"; did you mean {', '.join(a.candidates)}?"
    return ""


def file_missing(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A declared path that should exist and does not: a file to modify; a file to create, a "new or update"
    file or a rename's new path once the document is done; any path of a checked task (whatever the document's
    status); a path a record of finished work lists ("Files created:", a Dev Agent Record's File List); a
    `code_paths` entry; a leaf of a project tree once done. Error when the document is done,
    warning otherwise. An unchecked task's files are planned and never reported missing. Paths written
    relative to a folder are looked up by their end; missing ones come with "did you mean" candidates. A
    git submodule exists, and so does any path in it (another repository's files are not checked).

    Why it matters:
    The document describes code that is not there: it was renamed, moved, deleted, or never written.

    Example:
    `- [x] T004 Create src/albums/models.py` after the models moved to `src/gallery/`.

    How to fix:
    Update the path to the file's current place, restore the file, or uncheck the task.
    """
    for doc, a in _files(ctx):
        if a.unsafe or a.present or a.intent == "delete" or a.ignored or a.renamed_to:
            continue  # a path git renamed is reported by file-renamed, with its new place
        sev = required_severity(ctx, doc, a)
        if not sev:
            continue
        if a.pattern:
            msg = f"no file matches {a.name}"
        elif a.intent == "rename" and a.old_present:
            msg = f"{a.name} does not exist and {a.old_path} still does: the rename was not done"
        elif a.done and a.shape == "task":
            msg = f"{a.name} does not exist, but the task that names it is checked"
        elif a.done and a.shape == "record":
            msg = f"{a.name} does not exist, but the {_what(doc)} lists it as {_DONE_WORDS.get(a.intent, 'written')}"
        elif a.intent == "modify":
            msg = f"file to modify {a.name} does not exist"
        elif a.intent == "rename":
            msg = f"{a.name} (renamed from {a.old_path}) does not exist, but the {_what(doc)} is {doc.status or 'without status'}"
        elif a.intent == "create":
            msg = f"file to create {a.name} does not exist, but the {_what(doc)} is {doc.status or 'without status'}"
        else:
            msg = f"{a.name} does not exist, but the {_what(doc)} is {doc.status or 'without status'}"
        if doc.status_class == StatusClass.UNKNOWN and a.done is None and a.intent != "modify":
            present = [x for x in ctx.res.artifacts_of(doc.path) if x.kind == "file" and not x.unsafe and not x.pattern]
            msg = (f"{a.name} does not exist; the {_what(doc)} has no usable status, but {sum(x.present for x in present)}"
                   f" of the {len(present)} files it declares do")
        yield Draft(doc.path, a.line, a.name, msg + _hint(a), sev)


def file_exists_before_create(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A planned document (or an unchecked task of one) whose files to create already exist: one finding per
    document, naming them.

    Why it matters:
    Either the work started before the spec was approved or its tasks were never ticked (update its
    status or its checkboxes), or the spec will overwrite files that somebody else owns.

    Example:
    A draft spec that creates `src/auth/sessions.py`, which a prototype already added.

    How to fix:
    Set the status (or tick the tasks) to what is true, or move the paths to the files to modify.
    A status that a side file (`sprint-status.yaml`) contradicts is reported by status-mismatch instead.
    """
    for doc in ctx.declaring:
        if doc.status_class != StatusClass.PLANNED or doc.path in ctx.disputed_statuses:
            continue  # a status the sprint board contradicts is reported once, by TR105
        found = [a for a in ctx.res.artifacts_of(doc.path)
                 if a.kind == "file" and a.intent == "create" and a.present and not a.done and not a.pattern
                 and not a.ambiguous]
        if found:
            more = f" and {len(found) - 1} more: {', '.join(a.name for a in found[1:6])}" if len(found) > 1 else ""
            yield Draft(doc.path, found[0].line, found[0].name,
                        f"file to create {found[0].name}{more} already exists while the {_what(doc)} is {doc.status}")


def path_escapes_repo(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A declared path that is absolute, leaves the repository with `..`, is a Windows drive path, or
    contains control characters. tracer records it and never reads it. A `..` path in a task's prose, or
    after a Files entry's own path, is written relative to some file ("Update `apps/web/tsconfig.json` to
    extend `../../tsconfig.base.json`", "All `../../` relative imports"): not a declaration, never reported.

    Why it matters:
    Specs describe this repository; a path outside it cannot be checked and may be a copy-paste from
    someone's machine.

    Example:
    `| ../shared/settings.py | Default channels |`

    How to fix:
    Write the path relative to the repository root.
    """
    for doc, a in _files(ctx):
        if a.unsafe and a.shape in ("table", "list", "task", "frontmatter", "rename"):
            yield Draft(doc.path, a.line, a.name, f"declared path {a.name!r} {a.unsafe}; it is not followed")


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
    declared = {a.found_at or a.name for a in ctx.res.every_artifact() if a.kind == "file" and a.live and not a.unsafe}
    for code in ctx.project.code_files:
        if code.path not in declared:
            yield Draft(code.path, 1, code.path, f"code file {code.path} is not declared by any spec")


def file_ignored(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A path that finished work creates (a checked task, a done document) but that git ignores, so it is
    not in the repository: the finding names the ignore rule. Paths a task only reads, checks or changes
    ("Confirm `.env.local` has ...", "Add the key to `.env`") are local by design and never reported.

    Why it matters:
    A committed example file (`.env.example`) swallowed by a broad rule (`.env*`) never reaches anyone else.

    Example:
    `- [x] Create .env.example` with `.env*` in `.gitignore`.

    How to fix:
    Add an exception (`!.env.example`) to the ignore file, or stop declaring the file.
    """
    for doc, a in _files(ctx):
        if a.ignored and not a.present and a.intent in ("create", "rename") and required_severity(ctx, doc, a):
            source, line, pattern = (a.ignored.rsplit(":", 2) + ["", ""])[:3]
            yield Draft(doc.path, a.line, a.name,
                        f"{a.name} is not in the repository: git ignores it ({source}:{line}: {pattern})", "warning")


def file_not_removed(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A path that finished work deletes ("Remove `x`") or renames away (`` `old` → `new` ``, "Move `a` to
    `b`") that still exists while the new one does. Missing old paths of a rename are never reported: they
    are supposed to be gone; a rename with neither done is reported once, by file-missing.

    Why it matters:
    Two copies of the same code drift apart; the old one is still imported somewhere.

    Example:
    `- [x] Move src/invoices/service.py to src/billing/service.py` with both files present.

    How to fix:
    Delete the old file, or uncheck the task until it is done.
    """
    for doc, a in _files(ctx):
        finished = a.done if a.done is not None else doc.status_class == StatusClass.DONE
        if not finished:
            continue
        if a.intent == "delete" and a.present:
            yield Draft(doc.path, a.line, a.name, f"{a.name} still exists, but finished work deletes it", "warning")
        elif a.intent == "rename" and a.old_present and a.present:  # new path missing too: file-missing says so
            yield Draft(doc.path, a.line, a.old_path,
                        f"{a.old_path} still exists, but finished work moved it to {a.name}", "warning")


def file_renamed(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A live document that names a path git history renamed or moved: the file is gone from that path and a
    commit moved it elsewhere. The finding names the new path (a file moved more than once is followed to
    where it lives now) and the commit, and carries the edit that fixes the declaration (a SARIF fix;
    `tracer fix --renames` applies it). Error when the document is done, warning otherwise.

    Why it matters:
    Renames are the commonest drift: the code moved in a refactoring and the spec still points at the old
    place, so impact analysis and coverage follow a path that no longer exists.

    Example:
    `src/ledgerly/invoices/service.py` in Files to Modify, after `git mv` to `src/ledgerly/billing/service.py`.

    How to fix:
    Run `tracer fix --renames --write`, or edit the path by hand.
    """
    if unasked := ctx.project.renames_unasked:  # a run looks up a bounded number of missing paths in the history
        ctx.notes.append(f"TR207 file-renamed: git history was not searched for renames of {unasked} missing declared "
                         f"path{'s' if unasked > 1 else ''} (a run searches for the first {MAX_RENAME_LOOKUPS:,} in "
                         f"path order); {'they are' if unasked > 1 else 'it is'} reported as missing")
    for doc, a in _files(ctx):
        if not a.renamed_to or a.present or a.unsafe:
            continue
        fix = None
        written = a.raw.strip("`") or a.name
        text = ctx.line_text(doc.path, a.line)
        column = text.find(written) if text else -1
        if column >= 0:
            fix = Fix(path=doc.path, line=a.line, column=column + 1, old=written, new=a.renamed_to)
        sev = "error" if doc.status_class == StatusClass.DONE else "warning"
        yield Draft(doc.path, a.line, a.name, f"{doc.path} still names {a.name}, renamed to {a.renamed_to} in "
                    f"{a.renamed_in}", sev, fix=fix)