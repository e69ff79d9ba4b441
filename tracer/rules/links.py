"""Rules about links between documents (TR1xx): parents, covered stories, orphans, uncovered stories."""

from __future__ import annotations

from collections.abc import Iterator

from tracer.model import DocKind, StatusClass
from tracer.resolve import reference_text
from tracer.rules.base import Draft
from tracer.rules.context import Context


def parent_dangling(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A spec whose `parent:` (or `**Parent PRD:**` line) resolves to no PRD, resolves ambiguously, or
    whose two parent references name different PRDs.

    Why it matters:
    The spec's work is counted for no requirement: coverage reports miss it and impact analysis
    cannot tell which PRD a change touches.

    Example:
    `parent: docs/prds/onboarding.prd.md` when that file was renamed to `team-access.prd.md`.

    How to fix:
    Point `parent` at the PRD's path, file name or ID, and make `**Parent PRD:**` say the same.
    """
    for spec in ctx.specs:
        links = ctx.res.parents.get(spec.path, ())
        reported = set()
        for link in links:
            text = reference_text(link.ref.raw)
            if not link.target and not link.ref.implicit and text not in reported:
                reported.add(text)
                yield Draft(spec.path, link.ref.line, text or link.ref.raw, f"parent '{text or link.ref.raw}' {link.reason}")
        prds = {link.prd for link in links if link.prd and not link.ref.implicit}
        if len(prds) > 1:
            second = next(link for link in links if link.prd and link.prd != links[0].prd)
            yield Draft(spec.path, second.ref.line, "parent disagreement",
                        "its parent references name different PRDs: " + " vs ".join(sorted(prds)))


def story_unknown(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A spec that says it covers a story ID its parent PRD does not define.

    Why it matters:
    Either the ID is a typo and the real story looks uncovered, or the story was removed and the
    spec implements something nobody asked for.

    Example:
    `**User Stories Covered:** US-008, US-009` where the PRD stops at US-008.

    How to fix:
    Correct the ID, or add the story to the PRD.

    When tracer read no story or requirement at all from the parent PRD (TR012 says so of a live one), a spec
    gets one finding, at warning, for all the IDs it cites: the PRD may define them in a shape tracer does
    not read.
    """
    unread: dict[str, list] = {}  # spec -> its links to a PRD tracer read nothing from
    for link in ctx.res.covers:
        parent = ctx.res.prd_of.get(link.source)
        if not link.live or not link.reason or not parent or ctx.docs_by_path[link.source].kind != DocKind.SPEC:
            continue  # parent-dangling / spec-orphan already say what is wrong with a spec that has no PRD
        if not ctx.res.stories_of(parent):
            unread.setdefault(link.source, []).append(link)
            continue
        owners = ctx.res.story_owners.get(link.story_id, ())
        where = f" (it is defined in {', '.join(owners)})" if owners else ""
        yield Draft(link.source, link.line, link.story_id, f"covers {link.story_id}, which {parent} does not define{where}")
    for source, links in unread.items():
        ids = list(dict.fromkeys(link.story_id for link in links))
        more = f" and {len(ids) - 1} more" if len(ids) > 1 else ""
        yield Draft(source, links[0].line, ids[0],
                    f"covers {ids[0]}{more}, but tracer read no story or requirement from {ctx.res.prd_of[source]}",
                    "warning")


def spec_orphan(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A spec with no parent at all: neither `parent:` in the frontmatter nor a `**Parent PRD:**` line.

    Why it matters:
    Work without a requirement behind it cannot be prioritised or reported on.

    Example:
    A spec whose frontmatter has only `type` and `status`.

    How to fix:
    Add `parent: <prd file or ID>` to the frontmatter.
    """
    for spec in ctx.specs:
        if not spec.expects_parent or ctx.res.prd_of.get(spec.path):
            continue
        links = ctx.res.parents.get(spec.path, ())
        if any(not link.ref.implicit for link in links) or any(link.target for link in links):
            continue  # a written parent is reported by parent-dangling when it leads nowhere
        required = [link.ref.raw for link in links if link.ref.via != "optional sibling"]
        expected = f" (expected {required[0]})" if required else ""
        yield Draft(spec.path, spec.title_line, "parent", f"spec has no parent PRD{expected}")


def story_uncovered(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A story of an active or done PRD that no (non-retired) spec covers.

    Why it matters:
    The PRD promises it; nothing plans to build it. This is the gap coverage reports exist to show.

    Example:
    `US-005` in an active PRD that no spec lists under **User Stories Covered**.

    How to fix:
    Write the spec that covers it, add its ID to an existing spec, or move the story out of scope.
    """
    yield from _uncovered(ctx, "story", "is not covered by any spec")


def _uncovered(ctx: Context, kind: str, says: str) -> Iterator[Draft]:
    """Stories or requirements (``kind``) of active or done PRDs that nothing covers."""
    for doc in ctx.project.documents:
        if doc.kind != DocKind.PRD or doc.status_class not in (StatusClass.ACTIVE, StatusClass.DONE):
            continue
        for s in ctx.res.stories_of(doc.path):
            if s.kind == kind and not ctx.res.covering.get((doc.path, s.id)):
                yield Draft(s.path, s.line, s.id, f"{kind} {s.id} {says}")


def requirement_uncovered(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A requirement (FR/NFR/SC, a Kiro acceptance criterion) of an active or done PRD that no live spec or
    task covers, directly or through a covered story that traces to it. Off by default: formats differ in
    whether tasks cite requirements at all; enable it with `--enable TR106` where they do.

    Why it matters:
    Requirement coverage is finer than story coverage: a story can be covered while one of its
    requirements is silently dropped.

    Example:
    `FR-007` in a spec-kit `spec.md` that no task mentions.

    How to fix:
    Cite the requirement in the task or story that implements it (`_Requirements: 2.3_`, `**FRs:** FR7`).
    """
    yield from _uncovered(ctx, "requirement", "is not covered by any spec or task")
