"""Parsers with real grammars (tree-sitter) for the languages Python's ``ast`` does not read, and the few
tree helpers the extractors share. Trees are walked iteratively: deep nesting never exhausts the stack."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from tree_sitter import Language, Node, Parser


@functools.cache
def parser(grammar: str) -> Parser:
    """A parser for ``go``, ``typescript`` or ``tsx`` (JavaScript and JSX are read with the TSX grammar)."""
    if grammar == "go":
        import tree_sitter_go as module

        return Parser(Language(module.language()))
    import tree_sitter_typescript as ts

    return Parser(Language(ts.language_typescript() if grammar == "typescript" else ts.language_tsx()))


def parse(grammar: str, text: str) -> Node:
    return parser(grammar).parse(text.encode("utf-8", errors="replace")).root_node


def text_of(node: Node | None) -> str:
    return node.text.decode("utf-8", errors="replace") if node is not None and node.text is not None else ""


def line_of(node: Node) -> int:
    return node.start_point[0] + 1


def descendants(node: Node, types: frozenset[str] | set[str]) -> Iterator[Node]:
    """Every named node under ``node`` (itself included) whose type is in ``types``, in source order.

    Only named children are walked: the others are the grammar's literal tokens (punctuation, keywords), which
    are leaves and never of a type looked for, and four in ten nodes of a tree."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in types:
            yield n
        stack.extend(reversed(n.named_children))


_STRINGS = {"interpreted_string_literal", "raw_string_literal", "string", "template_string"}


def string_value(node: Node | None) -> str | None:
    """The value of a string literal (Go "x" or `x`, JS 'x' / "x" / `x` without substitutions), else None."""
    if node is None or node.type not in _STRINGS:
        return None
    if node.type == "template_string" and any(c.type == "template_substitution" for c in node.children):
        return None
    raw = text_of(node)
    return raw[1:-1] if len(raw) >= 2 else None


def arguments(call: Node) -> list[Node]:
    """The argument nodes of a call expression (commas and parentheses left out)."""
    args = call.child_by_field_name("arguments")
    return [c for c in args.named_children if c.type != "comment"] if args is not None else []
