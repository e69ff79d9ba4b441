"""One Markdown document -> a Document: type, identity, status, stories, coverage, SQL, files and endpoints."""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from collections.abc import Mapping

from tracer.model import (
    Coverage, DeclaredFile, DocKind, Document, EndpointDecl, Intent, Placeholder, Problem, Ref,
    Section, StatusClass, Story, Suppression,
)
from tracer.model.status import classify_status
from tracer.scanner.frontmatter import as_text, read_frontmatter
from tracer.scanner.ids import ID_RE, normalise_id, parse_id_list
from tracer.scanner.markdown import Block, parse_blocks
from tracer.scanner.paths import normalise_declared
from tracer.scanner.routes import METHODS, normalise_path
from tracer.scanner.sql import extract_statements

_TYPE_WORDS = {
    "prd": DocKind.PRD, "product-requirements": DocKind.PRD, "requirements": DocKind.PRD,
    "tech-spec": DocKind.SPEC, "techspec": DocKind.SPEC, "spec": DocKind.SPEC, "technical-spec": DocKind.SPEC,
    "bug": DocKind.BUG, "bug-report": DocKind.BUG,
}
_SUFFIX_KINDS = ((".prd.md", DocKind.PRD), (".tech.md", DocKind.SPEC), (".spec.md", DocKind.SPEC), (".bug.md", DocKind.BUG))
_PLACEHOLDER = re.compile(r"\{\{[^{}\n]{0,120}\}\}")
_SUPPRESS = re.compile(r"tracer:\s*ignore\s+([A-Za-z0-9_,\s-]+?)\s*(?:-->|$)", re.I)
_LABEL = re.compile(r"^\s*\*\*(?P<label>[^*]+?):?\*\*:?\s*(?P<value>.*)$")
_ENDPOINT = re.compile(r"^\s*(?:\*\*|`)?\s*(?P<method>" + "|".join(METHODS) + r")\s+`?(?P<path>/[^\s*`]*)`?\s*(?:\*\*|`)?", re.I)
_NA = re.compile(r"^\s*\*\*N/?A\*\*\s*(?:[-–—:]\s*)?(?P<reason>.*)$", re.I)
_STORY_HEADING = re.compile(r"^\s*(?P<id>" + ID_RE.pattern.replace("(?P<p>", "(?P<p0>").replace("(?P<n>", "(?P<n0>").replace("(?P<s>", "(?P<s0>") + r")\s*[:.\-–—]?\s*(?P<title>.*)$")

PRD_SECTIONS = ("Problem Statement", "Success Criteria", "User Stories", "Scope", "Dependencies", "Open Questions")


def _kind(meta: Mapping[str, object], path: str) -> tuple[DocKind, str]:
    """The document's kind and the type word it declared (for the message when it is unknown)."""
    declared = as_text(meta.get("type") or meta.get("doc_type") or meta.get("doc-type") or "")
    word = "-".join(declared.lower().replace("_", " ").split())
    if word in _TYPE_WORDS:
        return _TYPE_WORDS[word], declared
    name = posixpath.basename(path).lower()
    for suffix, kind in _SUFFIX_KINDS:
        if name.endswith(suffix):
            return kind, declared
    return DocKind.UNKNOWN, declared


def _label_lines(block: Block) -> list[tuple[int, str, str]]:
    """(line, label, value) for each ``**Label:** value`` line of a paragraph's source."""
    out = []
    for i, src in enumerate(block.source.split("\n")):
        m = _LABEL.match(src)
        if m:
            out.append((block.line + i, m["label"].strip().rstrip(":").lower(), m["value"].strip()))
    return out


class _Builder:
    """Collects a document's parts while walking its blocks once."""

    def __init__(self, path: str, doc_id: str):
        self.path, self.doc_id = path, doc_id
        self.stories: list[Story] = []
        self.covers: list[Coverage] = []
        self.sections: list[Section] = []
        self.files: list[DeclaredFile] = []
        self.endpoints: list[EndpointDecl] = []
        self.sql = []
        self.problems: list[Problem] = []
        self.body_parent: Ref | None = None
        self.open_questions = self.tests_done = self.tests_total = 0
        self.pending_intent: Intent | None = None

    def story(self, block: Block) -> None:
        m = _STORY_HEADING.match(block.text)
        if m:
            sid = normalise_id(m["p0"], m["n0"], m["s0"])
            self.stories.append(Story(id=sid, raw_id=m["id"], title=m["title"].strip() or block.text,
                                      path=self.path, line=block.line))
        else:
            sid = f"{self.doc_id}#story-{len(self.stories) + 1}"
            self.stories.append(Story(id=sid, raw_id="", title=block.text.strip(), path=self.path,
                                      line=block.line, derived=True))

    def acceptance(self, text: str) -> None:
        if self.stories:
            s = self.stories[-1]
            self.stories[-1] = replace(s, acceptance=(*s.acceptance, " ".join(text.split())))

    def table(self, block: Block) -> None:
        self.files.extend(files_from_table(block, self.pending_intent))
        self.pending_intent = None


def files_from_table(block: Block, intent: Intent | None) -> list[DeclaredFile]:
    """The paths of a ``| File | Purpose |`` / ``| File | Change |`` table; intent from the label before it."""
    head = [h.strip().lower() for h in block.header]
    if not head or head[0] not in ("file", "files", "path"):
        return []
    if intent is None:
        intent = Intent.MODIFY if any(h in ("change", "changes", "modification") for h in head[1:]) else Intent.CREATE
    out = []
    for line, cells in block.rows:
        if not cells or not cells[0].strip():
            continue
        path, unsafe = normalise_declared(cells[0])
        if path or unsafe:
            out.append(DeclaredFile(path=path or cells[0], raw=cells[0], intent=intent, line=line, unsafe=unsafe))
    return out


SQL_FENCES = ("sql", "postgresql", "postgres", "mysql", "sqlite", "plpgsql")  # fence languages read as SQL


def read_problems(path: str, fm, read_problem: str) -> list[Problem]:
    """The problems of reading a document: its frontmatter (TR001) and its encoding (TR008)."""
    problems = [Problem(code="TR001", path=path, line=line, message=msg, subject="frontmatter") for line, msg in fm.problems]
    if read_problem:
        problems.append(Problem(code="TR008", path=path, line=1, message=f"file {read_problem}", subject="encoding"))
    return problems


def unclosed_fence(path: str, block: Block) -> Problem:
    """TR010 for a code fence that runs to the end of the document."""
    return Problem(code="TR010", path=path, line=max(block.line - 1, 1),
                   message="code fence is never closed; the rest of the document is read as code", subject="unclosed fence")


def placeholders(text: str) -> list[Placeholder]:
    """Every ``{{...}}`` placeholder with its line."""
    out = []
    if "{{" not in text:
        return out
    for i, line_text in enumerate(text.split("\n"), start=1):
        if "{{" in line_text:
            out.extend(Placeholder(text=m.group(0), line=i) for m in _PLACEHOLDER.finditer(line_text))
    return out


def suppressions(blocks: list[Block], meta: Mapping[str, object], meta_line: int) -> list[Suppression]:
    out = []
    ignore = meta.get("tracer")
    if isinstance(ignore, dict) and ignore.get("ignore"):
        codes = ignore["ignore"]
        codes = [codes] if isinstance(codes, str) else [str(c) for c in codes] if isinstance(codes, list) else []
        out.append(Suppression(codes=tuple(codes), line=meta_line, target_line=0, end_line=0))
    for i, b in enumerate(blocks):
        if b.kind not in ("html", "para"):
            continue
        m = _SUPPRESS.search(b.text if b.kind == "html" else b.source)
        if not m or "<!--" not in (b.text if b.kind == "html" else b.source):
            continue
        codes = tuple(c for c in re.split(r"[\s,]+", m.group(1)) if c)
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        start = nxt.line if nxt else b.line
        end = (nxt.end_line or nxt.line) if nxt else b.line
        out.append(Suppression(codes=codes, line=b.line, target_line=start, end_line=end))
    return out


def parse_document(path: str, text: str, *, dialect: str, status_map: Mapping[str, StatusClass],
                   read_problem: str = "") -> Document:
    """Parse one document; content problems become Problems on the Document, never exceptions."""
    fm = read_frontmatter(text)
    problems = read_problems(path, fm, read_problem)
    meta = fm.meta
    kind, declared_type = _kind(meta, path)
    name = posixpath.basename(path)
    doc_id = as_text(meta.get("id")) or (name[:-3] if name.lower().endswith(".md") else name)
    status = as_text(meta.get("status"))
    builder = _Builder(path, doc_id)
    blocks = parse_blocks(fm.body, fm.body_line)
    title, title_line = "", 1
    in_acceptance = False
    for b in blocks:
        if b.kind == "heading":
            text_ = b.text.strip()
            if not text_:
                problems.append(Problem(code="TR010", path=path, line=b.line, message="heading has no text", subject="empty heading"))
                continue
            if b.level == 1 and not title:
                title, title_line = text_, b.line
            if b.level in (2, 3):
                builder.sections.append(Section(title=text_, level=b.level, line=b.line))
            in_acceptance = False
            if b.level == 3 and kind == DocKind.PRD and ("stor" in b.h2.lower() or _STORY_HEADING.match(text_)):
                builder.story(b)
            if kind == DocKind.SPEC and b.level >= 3:
                m = _ENDPOINT.match(text_)
                if m:
                    builder.endpoints.append(EndpointDecl(method=m["method"].upper(), path=normalise_path(m["path"]),
                                                          raw=f"{m['method'].upper()} {m['path']}", line=b.line))
            continue
        if b.kind == "para":
            for line, label, value in _label_lines(b):
                if label == "parent prd" and builder.body_parent is None:
                    builder.body_parent = Ref(raw=value, line=line)
                elif label in ("user stories covered", "stories covered", "user stories"):
                    for sid, raw in parse_id_list(value):
                        builder.covers.append(Coverage(story_id=sid, raw=raw, line=line))
                elif label == "files to create":
                    builder.pending_intent = Intent.CREATE
                elif label == "files to modify":
                    builder.pending_intent = Intent.MODIFY
                elif label == "acceptance criteria":
                    in_acceptance = True
            m = _NA.match(b.source)
            h2_index = [i for i, s in enumerate(builder.sections) if s.level == 2]
            if m and h2_index:
                idx = h2_index[-1]
                builder.sections[idx] = replace(builder.sections[idx], na=True, na_reason=m["reason"].strip())
            if kind == DocKind.SPEC:
                m = _ENDPOINT.match(b.source)
                if m and b.source.lstrip().startswith(("**", "`")):
                    builder.endpoints.append(EndpointDecl(method=m["method"].upper(), path=normalise_path(m["path"]),
                                                          raw=f"{m['method'].upper()} {m['path']}", line=b.line))
        elif b.kind == "item":
            h2 = b.h2.lower()
            if in_acceptance and kind == DocKind.PRD:
                builder.acceptance(b.text)
            if b.checked is not None and "open question" in h2 and not b.checked:
                builder.open_questions += 1
            if b.checked is not None and "testing" in h2:
                builder.tests_total += 1
                builder.tests_done += int(b.checked)
        elif b.kind == "table":
            builder.table(b)
        elif b.kind == "code":
            if not b.closed:
                problems.append(unclosed_fence(path, b))
            if b.lang in SQL_FENCES:
                builder.sql.extend(extract_statements(b.text, path, b.line, dialect))
    parent_raw = as_text(meta.get("parent") or meta.get("prd") or "")
    parent = Ref(raw=parent_raw, line=fm.key_lines.get("parent", fm.key_lines.get("prd", 1))) if parent_raw else None
    return Document(
        path=path, kind=kind, id=doc_id, title=title or doc_id, title_line=title_line,
        status=status, status_line=fm.key_lines.get("status", 0),
        status_class=classify_status(status, status_map), created=as_text(meta.get("created")),
        meta=tuple((str(k), as_text(v)) for k, v in meta.items()),
        meta_lines=tuple(fm.key_lines.items()), frontmatter_ok=fm.ok,
        parent=parent, body_parent=builder.body_parent,
        stories=tuple(builder.stories), covers=tuple(builder.covers), sections=tuple(builder.sections),
        sql=tuple(builder.sql), files=tuple(builder.files), endpoints=tuple(builder.endpoints),
        placeholders=tuple(placeholders(text)),
        suppressions=tuple(suppressions(blocks, meta, fm.key_lines.get("tracer", 1))),
        open_questions=builder.open_questions, tests_done=builder.tests_done, tests_total=builder.tests_total,
        problems=tuple(problems), declared_type=declared_type,
    )
