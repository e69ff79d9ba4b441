"""``report.json``: every metric of the report, versioned."""

from __future__ import annotations

import json


def render(view: dict) -> str:
    """The report's view data as JSON (schema version 1): indented for people when it is small (under 1 MB),
    compact when it is large (the indenting encoder is Python's slow one, and a machine reads a file that size)."""
    compact = json.dumps(view, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return compact if len(compact) > 1_000_000 else json.dumps(view, indent=2, ensure_ascii=False, sort_keys=False)
