"""Statuses kept beside the documents (BMAD's ``sprint-status.yaml``): key -> status, with lines."""

from __future__ import annotations

import re

import yaml

from tracer.model import Problem, StatusRecord
from tracer.scanner.frontmatter import MAX_NODES, expanded_size, compose
_STORY_KEY = re.compile(r"^(\d+)-(\d+)(?:-|$)")


def read_status_file(path: str, text: str) -> tuple[list[StatusRecord], list[Problem], str]:
    """Story statuses from ``development_status:`` (keys ``1-2-slug`` become story ``1.2``), and the folder
    ``story_location:`` names (as written; "" when absent)."""
    try:
        node = compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [Problem(code="TR008", path=path, line=(mark.line + 1) if mark else 1,
                            message=f"status file is not valid YAML: {getattr(exc, 'problem', exc)}", subject="yaml")], ""
    if not isinstance(node, yaml.MappingNode) or expanded_size(node, {}) > MAX_NODES:
        return [], [], ""
    records = []
    location = ""
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "story_location" and isinstance(value, yaml.ScalarNode):
            location = str(value.value)
        if isinstance(key, yaml.ScalarNode) and key.value == "development_status" and isinstance(value, yaml.MappingNode):
            for k, v in value.value:
                if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode):
                    m = _STORY_KEY.match(k.value)
                    if m:
                        records.append(StatusRecord(key=f"{m.group(1)}.{m.group(2)}", status=str(v.value),
                                                    path=path, line=k.start_mark.line + 1))
    return records, [], location


def repo_folder(location: str, folders: set[str]) -> str:
    """The repository folder a ``story_location`` means: as written relative to the root, or with a
    placeholder (``{project-root}/``) or an absolute prefix from another machine dropped; "" when none."""
    loc = location.strip().replace("\\", "/").strip("/")
    loc = re.sub(r"^(?:\{[^}/]*\}/)+", "", loc)
    parts = [p for p in loc.split("/") if p and p != "."]
    for i in range(len(parts)):  # the longest tail that is a folder here
        candidate = "/".join(parts[i:])
        if candidate in folders and ".." not in parts[i:]:
            return candidate
    return ""
