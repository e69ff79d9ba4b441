"""``tracer check --format gitlab``: the GitLab Code Quality report (a JSON array of issues)."""

from __future__ import annotations

import json

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(result) -> str:
    """Code Quality issues with description, check_name, fingerprint, severity and location."""
    issues = [{
        "type": "issue",
        "description": f"{f.rule} {f.message}",
        "check_name": f"{f.rule} {f.slug}",
        "categories": ["Bug Risk"] if f.severity == "error" else ["Clarity"],
        "fingerprint": f.fingerprint,
        "severity": _SEVERITY[f.severity],
        "location": {"path": f.path, "lines": {"begin": max(f.line, 1)}},
    } for f in result.findings]
    return json.dumps(issues, indent=2, ensure_ascii=False)
