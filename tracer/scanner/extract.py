"""The extractor: a document's blocks, read by the rule that claims it, become the model's parts.

One walk over the blocks; each block kind has one reader, and the rule (data, from ``tracer/profiles/``) says
which readers apply and with which patterns. Every part keeps the line it came from.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import replace

from tracer.model import (
    Coverage, DeclaredFile, Document, EndpointDecl, Intent, Placeholder, Problem, Ref, Section, StatusClass,
    Story, Suppression,
)
from tracer.model.status import classify_status
from tracer.profiles import DocRule, IdPattern, LinkPattern
from tracer.scanner.frontmatter import FrontMatter, as_text
from tracer.scanner.ids import ID_RE, normalise_story_id, parse_id_list, parse_numeric_list
from tracer.scanner.markdown import Block
from tracer.scanner.paths import normalise_declared
from tracer.scanner.routes import METHODS, normalise_path
from tracer.scanner.sql import extract_statements

__all__ = ["extract", "expand_braces", "SQL_FENCES", "ALL"]

SQL_FENCES = ("sql", "postgresql", "postgres", "mysql", "sqlite", "plpgsql")  # fence languages read as SQL
ALL = "*"  # a coverage ID meaning "every story and requirement of the parent"

_LABEL = re.compile(r"^\s*+\*\*(?P<label>[^*\n]++)\*\*:?[ \t]*+(?P<value>.*)$")
_MARKER = re.compile(r"^\s*+(?:[-*+]|\d++[.)])\s++(?:\[[ xX]\]\s++)?")
_STATUS_LINE = re.compile(r"^[^\w:\n]*+status[^\w:\n]*+:[^\w\n]*+(?P<word>[A-Za-z][\w -]*?)\W*$", re.I)
_ENDPOINT = re.compile(r"^\s*+(?:\*\*|`)?\s*+(?P<method>" + "|".join(METHODS) + r")\s++`?(?P<path>/[^\s*`]*+)`?", re.I)
_NA = re.compile(r"^\s*+\*\*N/?A\*\*\s*+(?:[-–—:]\s*+)?(?P<reason>.*)$", re.I)
_PLACEHOLDER = re.compile(r"\{\{[^{}\n]{0,120}\}\}")
_SUPPRESS = re.compile(r"tracer:\s*+ignore\s++([A-Za-z0-9_,\s-]+?)\s*(?:-->|$)", re.I)
_BRACES = re.compile(r"\{([^{}]*,[^{}]*)\}")
_FILES_INTENT = (("files to create", Intent.CREATE), ("files to modify", Intent.MODIFY))


def expand_braces(path: str) -> list[str]:
    """``src/{models,api}/x.py`` -> ``src/models/x.py``, ``src/api/x.py`` (at most 64 results)."""
    m = _BRACES.search(path)
    if not m:
        return [path]
    out = []
    for part in m.group(1).split(","):
        out.extend(expand_braces(path[: m.start()] + part.strip() + path[m.end() :]))
    return out[:64]


def _ids(pattern: LinkPattern, text: str) -> list[str]:
    if pattern.all_word and text.strip().lower().startswith(pattern.all_word.lower()):
        return [ALL]
    if pattern.style == "number":
        return [pattern.id_format.format(n=int(n)) for n in re.findall(r"\d+", text)]
    if pattern.style == "numeric":
        return parse_numeric_list(text)
    return [i for i, _ in parse_id_list(text)]


def _story_id(raw: str, fmt: str, groups: Mapping[str, str | None]) -> str:
    if groups.get("n") is not None:
        return fmt.format(n=int(groups["n"]), id=raw)
    return normalise_story_id(raw) if ID_RE.fullmatch(raw) else raw


def _lines(text: str) -> list[str]:
    return text.split("\n")


class _Reader:
    """Collects one document's parts while the blocks are walked once."""

    def __init__(self, path: str, rule: DocRule, doc_id: str, prefix: str, dialect: str):
        self.path, self.rule, self.doc_id, self.prefix, self.dialect = path, rule, doc_id, prefix, dialect
        self.labels = dict(rule.labels)
        self.title, self.title_line = "", 1
        self.stories: list[Story] = []
        self.covers: list[Coverage] = []
        self.files: list[DeclaredFile] = []
        self.endpoints: list[EndpointDecl] = []
        self.sections: list[Section] = []
        self.sql: list = []
        self.problems: list[Problem] = []
        self.label_parents: list[tuple[str, Ref]] = []  # (label, reference)
        self.open_questions = self.tests_done = self.tests_total = 0
        self.current: Story | None = None  # the story later lines belong to (criteria, refs)
        self.in_acceptance = False  # numbered items after an "Acceptance Criteria" heading or label
        self.pending_intent: Intent | None = None  # from a "Files to Create" label, for the next table

    # -- one reader per block kind -------------------------------------------------------------
    def heading(self, b: Block) -> None:
        text = b.text.strip()
        if not text:
            self.problems.append(Problem(code="TR010", path=self.path, line=b.line, message="heading has no text",
                                         subject="empty heading"))
            return
        if b.level == 1 and not self.title:
            self.title, self.title_line = text, b.line
        if b.level in (2, 3):
            self.sections.append(Section(title=text, level=b.level, line=b.line))
        self._acceptance_marker(text)
        self._stories(b, [text])
        self._links([text], b.line)
        if self.rule.endpoints and b.level >= 3:
            self._endpoint(text, b.line)

    def para(self, b: Block) -> None:
        lines = _lines(b.text.strip())
        self._acceptance_marker(b.text.strip())
        self._intent(b.text)
        self._labels(b.source, b.line)
        self._stories(b, lines)
        self._links(lines, b.line)
        if self.rule.sections:
            m = _NA.match(b.source)
            h2 = [i for i, s in enumerate(self.sections) if s.level == 2]
            if m and h2:
                self.sections[h2[-1]] = replace(self.sections[h2[-1]], na=True, na_reason=m["reason"].strip())
        if self.rule.endpoints and b.source.lstrip().startswith(("**", "`")):
            self._endpoint(b.source, b.line)

    def item(self, b: Block) -> None:
        text = b.text.strip()
        self._labels(_MARKER.sub("", b.source), b.line)
        self._stories(b, [text.split("\n")[0]])
        self._links(_lines(text), b.line)
        self._item_files(b)
        if self.rule.counts and b.checked is not None:
            h2 = b.h2.lower()
            if "open question" in h2 and not b.checked:
                self.open_questions += 1
            if "testing" in h2:
                self.tests_total += 1
                self.tests_done += int(b.checked)

    def table(self, b: Block) -> None:
        if self.rule.file_tables:
            self.files.extend(files_from_table(b, self.pending_intent))
            self.pending_intent = None

    def code(self, b: Block) -> None:
        if not b.closed:
            self.problems.append(Problem(code="TR010", path=self.path, line=max(b.line - 1, 1),
                                         message="code fence is never closed; the rest of the document is read as code",
                                         subject="unclosed fence"))
        if self.rule.sql and b.lang in SQL_FENCES:
            self.sql.extend(extract_statements(b.text, self.path, b.line, self.dialect))

    # -- the parts ---------------------------------------------------------------------------------
    def _acceptance_marker(self, text: str) -> None:
        if text.lower().rstrip(":").endswith("acceptance criteria"):
            self.in_acceptance = True

    def _intent(self, text: str) -> None:
        low = text.strip().lower()
        for prefix, intent in _FILES_INTENT:
            if low.startswith(prefix):
                self.pending_intent = intent

    def _labels(self, source: str, line: int) -> None:
        """Bold ``**Label:** value`` lines: parent references and covered-story lists the rule names."""
        for i, src in enumerate(_lines(source)):
            m = _LABEL.match(src)
            if not m:
                continue
            label, value = m["label"].strip().rstrip(":").strip().lower(), m["value"].strip()
            if f"label:{label}" in self.rule.parents and value:
                written = m["label"].strip().rstrip(":")
                self.label_parents.append((label, Ref(raw=value, line=line + i, via=f"**{written}:** line")))
            elif self.labels.get(label) == "covers":
                self.covers.extend(Coverage(story_id=self.prefix + sid, raw=raw, line=line + i)
                                   for sid, raw in parse_id_list(value))

    def _stories(self, b: Block, lines: list[str]) -> None:
        for pat in self.rule.stories:
            if pat.where != b.kind or (pat.level and pat.level != b.level):
                continue
            if pat.section and pat.section not in b.h2.lower():
                continue
            if pat.under == "story":
                if self._criterion(b, pat, lines[0]):
                    return
                continue
            for i, line in enumerate(lines):
                m = re.match(pat.regex, line)
                if m and self._story(pat, m, b.line + i):
                    if b.kind != "para":
                        return
                    break

    def _criterion(self, b: Block, pat: IdPattern, text: str) -> bool:
        """A numbered acceptance criterion under the current story becomes ``<story>.<n>``."""
        story = self.current
        if story is None or not b.ordered or not self.in_acceptance:
            return False
        sid = f"{story.id}.{b.index}"
        self.stories.append(Story(id=sid, raw_id=sid[len(self.prefix):], title=text, path=self.path, line=b.line,
                                  kind=pat.kind, parent=story.id))
        return True

    def _story(self, pat: IdPattern, m: re.Match, line: int) -> bool:
        groups = m.groupdict()
        raw = groups.get("id") or groups.get("n") or ""
        title = (groups.get("title") or m.group(0)).strip()
        if raw:
            sid = self.prefix + _story_id(raw, pat.id_format, groups)
            story = Story(id=sid, raw_id=raw, title=title, path=self.path, line=line, kind=pat.kind)
        elif pat.derive:
            story = Story(id=f"{self.doc_id}#story-{len(self.stories) + 1}", raw_id="", title=title, path=self.path,
                          line=line, derived=True, kind=pat.kind)
        else:
            return False
        self.stories.append(story)
        if pat.kind == "story":
            self.current, self.in_acceptance = story, False
        return True

    def _links(self, lines: list[str], line: int) -> None:
        """Covered IDs (``[US1]``, ``_Requirements: 2.1_``) and, after a story, the requirements it traces to."""
        for i, text in enumerate(lines):
            for pat in self.rule.covers:
                for m in re.finditer(pat.regex, text):
                    self.covers.extend(Coverage(story_id=self.prefix + sid, raw=m.group(0), line=line + i)
                                       for sid in _ids(pat, m.group("ids")))
            if self.current is None:
                continue
            for pat in self.rule.refs:
                m = re.match(pat.regex, text)
                if m:
                    refs = tuple(self.prefix + x for x in _ids(pat, m.group("ids")))
                    idx = self.stories.index(self.current)
                    self.current = self.stories[idx] = replace(self.current, refs=self.current.refs + refs)

    def _item_files(self, b: Block) -> None:
        where = f"{b.h2} {b.h3}".lower()
        for fp in self.rule.files:
            if fp.section and fp.section.lower() not in where:
                continue
            src = _MARKER.sub("", b.source)  # the item's Markdown (code spans keep their backticks)
            low = src.lower()
            intent = Intent.CREATE if any(w in low for w in fp.create_words) else Intent.MODIFY
            for m in re.finditer(fp.regex, src):
                for raw in expand_braces(m.group("path")):
                    norm, unsafe = normalise_declared(raw)
                    if norm or unsafe:
                        self.files.append(DeclaredFile(path=norm or raw, raw=raw, intent=intent, line=b.line, unsafe=unsafe))

    def _endpoint(self, text: str, line: int) -> None:
        m = _ENDPOINT.match(text)
        if m:
            method = m["method"].upper()
            self.endpoints.append(EndpointDecl(method=method, path=normalise_path(m["path"]),
                                               raw=f"{method} {m['path']}", line=line))


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


def placeholders(text: str) -> list[Placeholder]:
    """Every ``{{...}}`` placeholder with its line."""
    out: list[Placeholder] = []
    if "{{" not in text:
        return out
    for i, line_text in enumerate(text.split("\n"), start=1):
        if "{{" in line_text:
            out.extend(Placeholder(text=m.group(0), line=i) for m in _PLACEHOLDER.finditer(line_text))
    return out


def suppressions(blocks: list[Block], meta: Mapping[str, object], meta_line: int) -> list[Suppression]:
    """Frontmatter ``tracer: {ignore: [...]}`` (the whole document) and ``<!-- tracer: ignore X -->`` comments
    (the block after them)."""
    out = []
    ignore = meta.get("tracer")
    if isinstance(ignore, dict) and ignore.get("ignore"):
        codes = ignore["ignore"]
        codes = [codes] if isinstance(codes, str) else [str(c) for c in codes] if isinstance(codes, list) else []
        out.append(Suppression(codes=tuple(codes), line=meta_line, target_line=0, end_line=0))
    for i, b in enumerate(blocks):
        if b.kind not in ("html", "para"):
            continue
        text = b.text if b.kind == "html" else b.source
        m = _SUPPRESS.search(text)
        if not m or "<!--" not in text:
            continue
        codes = tuple(c for c in re.split(r"[\s,]+", m.group(1)) if c)
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        start = nxt.line if nxt else b.line
        end = (nxt.end_line or nxt.line) if nxt else b.line
        out.append(Suppression(codes=codes, line=b.line, target_line=start, end_line=end))
    return out


def _status(rule: DocRule, meta: Mapping, key_lines: Mapping[str, int], blocks: list[Block]) -> tuple[str, int, str]:
    """(status word, line, where it was read) from the rule's sources in order, else its default."""
    for source in rule.status:
        if source == "frontmatter" and as_text(meta.get("status")):
            return as_text(meta.get("status")), key_lines.get("status", 0), "frontmatter"
        if source == "line":
            for b in blocks:
                if b.kind in ("para", "item"):
                    for i, line in enumerate(b.text.split("\n")):
                        m = _STATUS_LINE.match(line)
                        if m:
                            return m["word"].strip(), b.line + i, "line"
        if source == "checkboxes":
            boxes = [b.checked for b in blocks if b.kind == "item" and b.checked is not None]
            if boxes:
                return ("done" if all(boxes) else "in-progress" if any(boxes) else "todo"), 0, "checkboxes"
    if rule.status_default:
        return rule.status_default, 0, "default"
    return "", 0, ""


def _parents(rule: DocRule, meta: Mapping, key_lines: Mapping[str, int], path: str,
             labels: list[tuple[str, Ref]]) -> tuple[Ref, ...]:
    """The parent references in the rule's order: written ones (frontmatter, labels), then the layout's."""
    out: list[Ref] = []
    folder = posixpath.basename(posixpath.dirname(path))
    for spec in rule.parents:
        how, _, arg = spec.partition(":")
        if how == "frontmatter":
            value = as_text(meta.get(arg))
            if value:
                out.append(Ref(raw=value, line=key_lines.get(arg, 1), via=f"frontmatter {arg}"))
        elif how == "label":
            out.extend(r for label, r in labels if label == arg)
        elif how == "sibling":
            out.append(Ref(raw=posixpath.join(posixpath.dirname(path), arg), line=1, via="sibling", implicit=True))
        elif how == "path":
            out.append(Ref(raw=arg.format(folder=folder), line=1, via="layout", implicit=True))
    return tuple(out)


def _unique(items: list) -> tuple:
    return tuple(dict.fromkeys(items))


def extract(path: str, text: str, fm: FrontMatter, blocks: list[Block], rule: DocRule, profile: str, *,
            declared_type: str, dialect: str, status_map: Mapping[str, StatusClass],
            problems: list[Problem]) -> Document:
    """The Document ``rule`` reads from ``blocks``; problems are recorded, never raised."""
    meta = fm.meta
    name = posixpath.basename(path)
    folder = posixpath.basename(posixpath.dirname(path))
    stem = name[:-3] if name.lower().endswith(".md") else name
    doc_id = {"folder": folder, "file": stem}.get(rule.id_from) or as_text(meta.get("id") or meta.get("name")) or stem
    reader = _Reader(path, rule, doc_id, f"{folder}:" if rule.namespace else "", dialect)
    readers = {"heading": reader.heading, "para": reader.para, "item": reader.item, "table": reader.table,
               "code": reader.code}
    for b in blocks:
        if b.kind in readers:
            readers[b.kind](b)
    if rule.covers_from_name:
        m = re.match(rule.covers_from_name, name)
        if m:
            reader.covers.append(Coverage(story_id=reader.prefix + ".".join(m.groups()), raw=name, line=1))
    status, status_line, status_source = _status(rule, meta, fm.key_lines, blocks)
    files = {}
    for f in reader.files:
        files.setdefault((f.path, f.intent), f)
    return Document(
        path=path, kind=rule.kind, id=doc_id, declared_type=declared_type, title=reader.title or doc_id,
        title_line=reader.title_line, status=status, status_line=status_line,
        status_class=classify_status(status, status_map), status_source=status_source,
        meta=tuple((str(k), as_text(v)) for k, v in meta.items()), meta_lines=tuple(fm.key_lines.items()),
        frontmatter_ok=fm.ok, parents=_parents(rule, meta, fm.key_lines, path, reader.label_parents),
        expected_sections=rule.sections,
        stories=tuple(reader.stories), covers=_unique(reader.covers), sections=tuple(reader.sections),
        sql=tuple(reader.sql), files=tuple(files.values()), endpoints=tuple(reader.endpoints),
        placeholders=tuple(placeholders(text)), suppressions=tuple(suppressions(blocks, meta, fm.key_lines.get("tracer", 1))),
        open_questions=reader.open_questions, tests_done=reader.tests_done, tests_total=reader.tests_total,
        problems=tuple(problems + reader.problems), profile=profile,
    )
