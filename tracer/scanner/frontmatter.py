"""YAML frontmatter: safe loading with a size and alias budget, key lines, and a line-based fallback."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FRONTMATTER_BYTES = 256 * 1024
MAX_NODES = 20_000  # nodes after alias expansion: a "billion laughs" document blows past this at once
_FALLBACK_LINE = re.compile(r"^([A-Za-z_][\w.-]*)\s*:\s*(.*?)\s*$")
_HANDLER = YAMLHandler()


@dataclass
class FrontMatter:
    """What the frontmatter said, where each key was, and where the body starts."""

    meta: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # 1-based line of the body's first line in the file
    present: bool = False
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def ok(self) -> bool:
        """Whether the frontmatter (if any) was read without problems."""
        return not self.problems


def expanded_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    """Nodes the tree would have with every alias expanded (computed without expanding)."""
    key = id(node)
    if key in memo:
        return memo[key]
    if depth > 200:
        return MAX_NODES + 1
    memo[key] = MAX_NODES + 1  # a cycle counts as too big
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(expanded_size(k, memo, depth + 1) + expanded_size(v, memo, depth + 1) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(expanded_size(v, memo, depth + 1) for v in node.value)
    else:
        size = 1
    memo[key] = min(size, MAX_NODES + 1)
    return memo[key]


def as_text(value: Any) -> str:
    """A frontmatter value as plain text (lists joined with commas)."""
    if value is None:
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(as_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {as_text(v)}" for k, v in value.items())
    return str(value).strip()


def _fallback(lines: list[str], first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    """Read top-level ``key: value`` lines when the YAML does not load."""
    meta: dict[str, Any] = {}
    where: dict[str, int] = {}
    for i, line in enumerate(lines):
        m = _FALLBACK_LINE.match(line)
        if m and m[1] not in meta:
            meta[m[1]] = m[2].strip().strip("'\"")
            where[m[1]] = first_line + i
    return meta, where


def _yaml_problem(exc: BaseException, first_line: int) -> tuple[int, str]:
    """(line, message) for a YAML error, pointing at the line of the problem when YAML says it."""
    mark = getattr(exc, "problem_mark", None)
    line = first_line + (mark.line if mark is not None else 0)
    reason = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    return line, f"frontmatter is not valid YAML: {reason}"


def compose(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text`` (aliases not expanded, nothing constructed); raises yaml.YAMLError."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _load_yaml(block: str, first_line: int, fm: FrontMatter) -> bool:
    """Load ``block`` into ``fm``; record a problem and return False when it is not a usable mapping."""
    try:
        node = compose(block)
    except yaml.YAMLError as exc:
        fm.problems.append(_yaml_problem(exc, first_line))
        return False
    if node is None:
        return True
    if not isinstance(node, yaml.MappingNode):
        fm.problems.append((first_line, "frontmatter is not a mapping of keys to values"))
        return False
    if expanded_size(node, {}) > MAX_NODES:
        fm.problems.append((first_line, "frontmatter expands beyond the alias budget (YAML bomb?); not loaded"))
        return False
    seen: dict[str, int] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            line = first_line + key_node.start_mark.line
            if key_node.value in seen:
                fm.problems.append((line, f"frontmatter key '{key_node.value}' is repeated (first on line {seen[key_node.value]})"))
            else:
                seen[key_node.value] = line
    try:
        loader = _Loader("")
        data = loader.construct_document(node)
        loader.dispose()
    except (yaml.YAMLError, TypeError, ValueError, RecursionError) as exc:
        fm.problems.append(_yaml_problem(exc, first_line))
        return False
    fm.meta = {str(k): v for k, v in data.items()}
    fm.key_lines = {k: v for k, v in seen.items()}
    return True


def read_frontmatter(text: str) -> FrontMatter:
    """Split ``text`` into frontmatter and body; never raises on content.

    python-frontmatter's YAML handler decides what a frontmatter block is and splits it off; tracer then
    composes the YAML itself (with the alias budget) and keeps the line of every key.
    """
    fm = FrontMatter(body=text)
    opening = _HANDLER.FM_BOUNDARY.match(text)
    if opening is None:
        return fm
    fm.present = True
    try:
        block, body = _HANDLER.split(text)
    except ValueError:
        # unterminated: read what looks like keys up to the first blank line, keep the whole text as body
        head: list[str] = []
        for line in text[opening.end():].lstrip("\r\n").split("\n"):
            if not line.strip() or line.startswith("#"):
                break
            head.append(line)
        fm.meta, fm.key_lines = _fallback(head, 2)
        fm.problems.append((1, "frontmatter is not terminated by a '---' line"))
        return fm
    first_line = text.count("\n", 0, opening.end()) + 1  # the line the block's text starts on
    start = len(text) - len(body)
    if body.startswith("\n"):  # the rest of the closing delimiter's line
        body, start = body[1:], start + 1
    fm.body = body
    fm.body_line = text.count("\n", 0, start) + 1
    lines = block.split("\n")
    if len(block) > MAX_FRONTMATTER_BYTES:
        fm.problems.append((1, f"frontmatter is larger than {MAX_FRONTMATTER_BYTES} bytes; not loaded"))
        fm.meta, fm.key_lines = _fallback(lines, first_line)
        return fm
    if not _load_yaml(block, first_line, fm):
        fb_meta, fb_lines = _fallback(lines, first_line)
        fm.meta = {**fb_meta, **fm.meta}
        fm.key_lines = {**fb_lines, **fm.key_lines}
    return fm
