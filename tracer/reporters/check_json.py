"""``tracer check --format json``: findings as versioned JSON that other tools and the tests rely on."""

from __future__ import annotations

import json

VERSION = 1


def render(result) -> str:
    """``{"version": 1, "findings": [...], "summary": {...}}`` with findings sorted by path, line, rule."""
    data = {
        "version": VERSION,
        "findings": [f.to_dict() for f in result.findings],
        "summary": result.counts(),
        "suppressed": result.suppressed,
        "notes": list(result.notes),
        "rules": list(result.rules_run),
        "crashes": [{"where": c.where, "name": c.name, "message": c.message} for c in result.crashes],
    }
    if result.baseline_matched or result.baseline_unmatched:
        data["baseline"] = {"matched": result.baseline_matched, "unmatched": list(result.baseline_unmatched)}
    return json.dumps(data, indent=2, ensure_ascii=False)
