"""report.json: the same data at any size, indented for people while it is small."""

import json

from tracer.reporters import report_json


def test_a_small_report_is_indented_and_a_large_one_compact_with_the_same_data():
    small = {"version": 1, "findings": [{"rule": "TR201", "path": "docs/ü.md", "line": 3}]}
    text = report_json.render(small)
    assert json.loads(text) == small and "\n  " in text and "ü" in text
    large = {"version": 1, "findings": [{"rule": "TR201", "path": f"docs/spec-{i}.md", "line": i} for i in range(30_000)]}
    text = report_json.render(large)
    assert json.loads(text) == large
    assert "\n" not in text  # compact: the indenting encoder is the slow one
