"""``tracer impact --format json``: targets, unresolved targets and affected nodes, deterministic order."""

from __future__ import annotations

import json

VERSION = 1


def _item(a) -> dict:
    return {"node": a.node, "kind": a.kind, "direct": a.direct, "distance": a.distance, "via": list(a.via),
            "edges": list(a.edges)}


def render(result) -> str:
    """Version 1 of the impact JSON."""
    data = {
        "version": VERSION,
        "direction": result.direction,
        "targets": [{"input": t.input, "nodes": list(t.nodes), "note": t.note} for t in result.targets],
        "unresolved": [{"input": t.input, "note": t.note, "hints": list(t.hints)} for t in result.unresolved],
        "affected": [_item(a) for a in result.affected],
        "answers": [{"input": t.input, "affected": [_item(a) for a in answer]}
                    for t, answer in zip(result.targets, result.answers)],
        "by_kind": result.by_kind(),
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
