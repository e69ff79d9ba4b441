"""Which document a parent reference names, and which PRD a document belongs to (through its parents)."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable

from tracer.model import DocKind, Document, Ref
from tracer.model.links import ParentLink

_LINK = re.compile(r"\[(?P<text>[^\[\]\n]*+)\]\((?P<target>[^)\s]*+)[^)\n]*+\)")


def reference_text(raw: str) -> str:
    """The target of a reference written as a Markdown link, in backticks or quotes, or bare."""
    m = _LINK.search(raw)
    text = m["target"] or m["text"] if m else raw
    return text.strip().strip("`'\"<>").split("#", 1)[0].strip()


class DocIndex:
    """Every way a parent can be named: a document's path (any PRD or spec), or a PRD's name, stem or ID."""

    def __init__(self, documents: Iterable[Document]):
        self.by_path: dict[str, Document] = {}
        self.by_name: dict[str, list[Document]] = defaultdict(list)
        self._found: dict[tuple[str, str], tuple[str, str, tuple[str, ...]]] = {}
        for d in documents:
            if d.kind not in (DocKind.PRD, DocKind.SPEC, DocKind.STORY):
                continue
            self.by_path[d.path] = d
            if d.kind != DocKind.PRD:
                continue
            name = posixpath.basename(d.path).lower()
            keys = {d.id.lower(), name, name[:-3] if name.endswith(".md") else name}
            if name.endswith(".prd.md"):
                keys.add(name[: -len(".prd.md")])
            for k in keys:
                if d not in self.by_name[k]:
                    self.by_name[k].append(d)

    def find(self, ref: Ref, from_path: str) -> tuple[str, str, tuple[str, ...]]:
        """(target path, reason it failed, candidates when ambiguous) for ``ref`` written in ``from_path``.

        The answer depends on the reference's text and the folder it is written in, nothing else: the
        specs of one feature folder naming the same PRD are answered once."""
        key = (ref.raw, posixpath.dirname(from_path))
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._find(ref.raw, key[1])
        return found

    def _find(self, raw: str, folder: str) -> tuple[str, str, tuple[str, ...]]:
        text = reference_text(raw)
        if not text or "{{" in text:
            return "", "is empty or an unfilled placeholder", ()
        if "/" in text or text.lower().endswith(".md"):
            rel = posixpath.normpath(posixpath.join(folder, text))
            for candidate in (rel, posixpath.normpath(text.lstrip("/"))):
                if candidate in self.by_path:
                    return candidate, "", ()
        # a name, or a command that ends with one (`lore codex show group-param-prd`)
        for word in [text] + (text.split()[::-1] if " " in text else []):
            key = posixpath.basename(word.strip("`'\"_*,;")).lower()
            for k in (key, key + ".md", key + ".prd.md"):
                found = self.by_name.get(k, [])
                if len(found) == 1:
                    return found[0].path, "", ()
                if len(found) > 1:
                    paths = tuple(sorted(d.path for d in found))
                    return "", f"is ambiguous: {', '.join(paths)}", paths
        return "", "resolves to no PRD", ()


def resolve_parents(documents: Iterable[Document]) -> tuple[dict[str, tuple[ParentLink, ...]], dict[str, str]]:
    """Each document's parent references resolved, and the PRD each document belongs to.

    A PRD belongs to itself; a spec to the PRD its first resolving reference reaches, following parents
    that are themselves specs (a CCPM task -> its epic -> the epic's PRD); cycles reach nothing.
    """
    docs = list(documents)
    index = DocIndex(docs)
    targets: dict[str, list[tuple[Ref, str, str, tuple[str, ...]]]] = {}
    for d in docs:
        if d.parents:
            targets[d.path] = [(r, *index.find(r, d.path)) for r in d.parents]
    prd_of: dict[str, str] = {d.path: d.path for d in docs if d.kind == DocKind.PRD}

    def prd(path: str, seen: frozenset[str] = frozenset()) -> str:
        if path in prd_of:
            return prd_of[path]
        for _, target, _, _ in targets.get(path, ()):
            if target and target not in seen and target != path:
                found = prd(target, seen | {path})
                if found:
                    return found
        return ""

    links = {}
    for path, items in targets.items():
        links[path] = tuple(ParentLink(source=path, ref=r, target=t, prd=prd(t) if t else "", reason=why, candidates=c)
                            for r, t, why, c in items)
    for d in docs:
        if d.kind != DocKind.PRD:
            prd_of[d.path] = next((link.prd for link in links.get(d.path, ()) if link.prd), "")
    return links, prd_of
