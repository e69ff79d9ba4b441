"""``report.json``: every metric of the report, versioned."""

from __future__ import annotations

import json


def render(view: dict) -> str:
    """The report's view data as JSON (schema version 1)."""
    return json.dumps(view, indent=2, ensure_ascii=False, sort_keys=False)
