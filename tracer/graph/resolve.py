"""Resolving what documents refer to: a spec's parent PRD, through dictionaries built once."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from tracer.model import DocKind, Document, Ref

_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]*)[^)]*\)")


@dataclass(frozen=True, slots=True)
class Resolved:
    """Where a reference led: the PRD's path, or "" with the reason."""

    ref: Ref
    target: str = ""
    reason: str = ""


def reference_text(raw: str) -> str:
    """The target of a reference written as a Markdown link, in backticks or quotes, or bare."""
    m = _LINK.search(raw)
    text = m["target"] or m["text"] if m else raw
    return text.strip().strip("`'\"<>").split("#", 1)[0].strip()


class PrdIndex:
    """Every way a PRD can be named: repo path, path without .md, file name, stem, document ID."""

    def __init__(self, documents: Iterable[Document]):
        self.by_path: dict[str, Document] = {}
        self.by_name: dict[str, list[Document]] = defaultdict(list)
        for d in documents:
            if d.kind != DocKind.PRD:
                continue
            self.by_path[d.path] = d
            name = posixpath.basename(d.path)
            keys = {d.id.lower(), name.lower(), name[:-3].lower() if name.lower().endswith(".md") else name.lower()}
            for suffix in (".prd.md",):
                if name.lower().endswith(suffix):
                    keys.add(name[: -len(suffix)].lower())
            for k in keys:
                if d not in self.by_name[k]:
                    self.by_name[k].append(d)

    def resolve(self, ref: Ref, from_path: str) -> Resolved:
        """The PRD ``ref`` (written in the document at ``from_path``) points at."""
        text = reference_text(ref.raw)
        if not text or "{{" in text:
            return Resolved(ref, reason="is empty or an unfilled placeholder")
        if "/" in text or text.lower().endswith(".md"):
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), text))
            for candidate in (rel, posixpath.normpath(text.lstrip("/"))):
                if candidate in self.by_path:
                    return Resolved(ref, target=candidate)
        key = posixpath.basename(text).lower()
        for k in (key, key + ".md", key + ".prd.md"):
            found = self.by_name.get(k, [])
            if len(found) == 1:
                return Resolved(ref, target=found[0].path)
            if len(found) > 1:
                return Resolved(ref, reason=f"is ambiguous: {', '.join(sorted(d.path for d in found))}")
        return Resolved(ref, reason="resolves to no PRD")


def spec_parents(doc: Document, index: PrdIndex) -> tuple[str, list[Resolved]]:
    """The PRD a spec implements (frontmatter ``parent`` first, then ``**Parent PRD:**``) and each resolution."""
    results = [index.resolve(r, doc.path) for r in (doc.parent, doc.body_parent) if r is not None]
    for r in results:
        if r.target:
            return r.target, results
    return "", results
