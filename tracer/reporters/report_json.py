"""``report.json``: every metric of the report, versioned."""

from __future__ import annotations

import json


def render(view: dict) -> str:
    """The report's view data as JSON (schema version 1): indented for people, compact past 2,000 findings
    (the indenting encoder is Python's slow one; a machine reads a report that size)."""
    indent = 2 if len(view.get("findings", ())) <= 2000 and len(view.get("stories", ())) <= 5000 else None
    return json.dumps(view, indent=indent, ensure_ascii=False, sort_keys=False)
