"""Which stories a document covers: IDs resolved to the PRD that defines them, then coverage rolled up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from tracer.model import DocKind, Document, StatusClass, Story
from tracer.model.links import CoverLink, Covering, StoryKey, TraceLink


def story_index(documents: Iterable[Document], prd_of: dict[str, str]) -> tuple[dict[StoryKey, Story],
                                                                                dict[str, tuple[str, ...]]]:
    """Every story by (path of the PRD that owns it, ID), and the PRDs defining each ID (more than one is a
    duplicate). A standalone story document's story belongs to its PRD (or, without one, to itself)."""
    stories: dict[StoryKey, Story] = {}
    owners: dict[str, list[str]] = defaultdict(list)
    for d in documents:
        if d.kind == DocKind.PRD:
            owner = d.path
        elif d.kind == DocKind.STORY:
            owner = prd_of.get(d.path) or d.path
        else:
            continue
        for s in d.stories:
            stories.setdefault((owner, s.id), s)
            if owner not in owners[s.id]:
                owners[s.id].append(owner)
    return stories, {k: tuple(v) for k, v in owners.items()}


def adopt(documents: Iterable[Document], prd_of: dict[str, str], owners: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """A spec that names no parent belongs to the PRD that defines every story it covers (a BMAD story file
    covers story 1.2 of ``epics.md``), when exactly one does."""
    out = dict(prd_of)
    for d in documents:
        if d.kind != DocKind.SPEC or out.get(d.path) or d.parents or not d.covers:
            continue
        found = {p for c in d.covers for p in owners.get(c.story_id, ())}
        if len(found) == 1:
            out[d.path] = found.pop()
    return out


def resolve_covers(documents: Iterable[Document], prd_of: dict[str, str], stories: dict[StoryKey, Story],
                   owners: dict[str, tuple[str, ...]]) -> tuple[CoverLink, ...]:
    """Each covered ID of each document, resolved to its own PRD's story first, else the first PRD defining it."""
    by_prd: dict[str, list[StoryKey]] = defaultdict(list)
    for key in stories:
        by_prd[key[0]].append(key)
    out = []
    for d in documents:
        if d.kind in (DocKind.PRD, DocKind.STORY) or not d.covers:
            continue
        parent = prd_of.get(d.path, "")
        live = d.status_class != StatusClass.RETIRED
        for cov in d.covers:
            if cov.story_id.endswith("*"):
                targets = tuple(by_prd.get(parent, ()))
                reason = "" if parent else "names every story of a parent PRD, but has none"
            else:
                defined = owners.get(cov.story_id, ())
                targets = ((parent, cov.story_id),) if parent in defined else tuple((p, cov.story_id) for p in defined[:1])
                if parent in defined:
                    reason = ""
                elif defined:
                    reason = f"{parent or 'no parent PRD'} does not define it (it is defined in {', '.join(defined)})"
                else:
                    reason = f"{parent} does not define it" if parent else "no PRD defines it"
            out.append(CoverLink(source=d.path, line=cov.line, raw=cov.raw, story_id=cov.story_id, targets=targets,
                                 reason=reason, live=live))
    return tuple(out)


def resolve_traces(documents: Iterable[Document], owners: dict[str, tuple[str, ...]]) -> tuple[TraceLink, ...]:
    """Stories that trace to requirements, to every PRD defining the requirement."""
    out = []
    for d in documents:
        if d.kind != DocKind.PRD:
            continue
        for s in d.stories:
            for ref in s.refs:
                out.extend(TraceLink(source=(d.path, s.id), target=(p, ref), line=s.line) for p in owners.get(ref, ()))
    return tuple(out)


def roll_up(covers: Iterable[CoverLink], stories: dict[StoryKey, Story],
            traces: Iterable[TraceLink]) -> dict[StoryKey, tuple[Covering, ...]]:
    """Live evidence per story: direct coverage, then a story through its covered criteria (Kiro ``1.2``), then a
    requirement through a covered story that traces to it (BMAD ``**FRs:**``)."""
    out: dict[StoryKey, dict[str, Covering]] = defaultdict(dict)
    for c in covers:
        if c.live:
            for key in c.targets:
                out[key].setdefault(c.source, Covering(spec=c.source, line=c.line))
    for key, story in stories.items():
        if story.parent and key in out:
            parent = (key[0], story.parent)
            if parent in stories and not any(not e.via for e in out.get(parent, {}).values()):
                for e in out[key].values():
                    out[parent].setdefault(e.spec, Covering(spec=e.spec, line=e.line, via=f"criterion {story.id}"))
    for t in traces:
        for e in list(out.get(t.source, {}).values()):
            out[t.target].setdefault(e.spec, Covering(spec=e.spec, line=e.line, via=f"story {t.source[1]}"))
    return {k: tuple(v.values()) for k, v in out.items() if v}
