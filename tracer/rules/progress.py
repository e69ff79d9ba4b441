"""Rules about how far along documents say they are (TR1xx): statuses against side files, task lists, parts."""

from __future__ import annotations

from collections.abc import Iterator

from tracer.model import DocKind, StatusClass
from tracer.rules.base import Draft
from tracer.rules.context import Context

_OWN = ("frontmatter", "line")  # a status the author wrote (not derived from checkboxes, a default or a sibling)


def status_mismatch(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A story file whose status disagrees with the status recorded for the same story in a side file
    (BMAD's `sprint-status.yaml`), compared by lifecycle class.

    Why it matters:
    The sprint board and the story file tell different stories; one of them is wrong, and reports
    built on either mislead.

    Example:
    `Status: done` in `docs/stories/1.2.login.md` while `sprint-status.yaml` says `1-2-login: in-progress`.

    How to fix:
    Update whichever is behind.
    """
    for path, (story, record) in ctx.disputed_statuses.items():
        spec = ctx.docs_by_path[path]
        yield Draft(spec.path, spec.status_line or 1, story,
                    f"status '{spec.status}' disagrees with '{record.status}' in {record.path}:{record.line}")


def status_progress_mismatch(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A document whose written status disagrees with the progress its parts show: it is done while some of
    its own checkbox tasks are open, or planned while all of them are checked; or it is done while a
    document that implements it (a CCPM epic's task, a spec-kit feature's task list, a feature folder's
    tech spec) is still planned or in progress. One finding per document, with the counts.

    Why it matters:
    Reports built on the status overstate (or understate) what shipped; the open work is forgotten, or the
    finished work is never reviewed.

    Example:
    An epic with `status: completed` and `progress: 100%` whose ten task files say `status: open`.

    How to fix:
    Update the status, or tick (or reopen) the tasks.
    """
    children = ctx.children
    for doc in ctx.live_documents:
        if doc.kind not in (DocKind.PRD, DocKind.SPEC, DocKind.STORY) or doc.status_source not in _OWN:
            continue
        says = []
        open_items = doc.items_total - doc.items_done
        if doc.status_class == StatusClass.DONE and open_items:
            says.append(f"{open_items} of its {doc.items_total} tasks are not checked")
        elif doc.status_class == StatusClass.PLANNED and doc.items_total >= 3 and not open_items:
            says.append(f"all {doc.items_total} of its tasks are checked")
        behind = [c for c in children.get(doc.path, ()) if c.status_class in (StatusClass.PLANNED, StatusClass.ACTIVE)
                  and c.status_source in _OWN + ("checkboxes",)]
        if doc.status_class == StatusClass.DONE and behind:
            names = ", ".join(f"{c.path} ({c.status})" for c in behind[:5])
            more = f" and {len(behind) - 5} more" if len(behind) > 5 else ""
            says.append(f"{len(behind)} document(s) implementing it are not done: {names}{more}")
        if says:
            yield Draft(doc.path, doc.status_line or 1, "progress", f"status '{doc.status}' but " + "; ".join(says))
