"""The extractor: a document's blocks, read by the rule that claims it, become the model's parts.

One walk over the blocks; each block kind has one reader, and the rule (data, from ``tracer/profiles/``) says
which readers apply and with which patterns. Every part keeps the line it came from. File declarations in
their many shapes are read by ``declarations.py``, the status by ``doc_status.py``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from tracer.model import (
    Coverage, DeclaredFile, Document, EndpointDecl, Intent, Problem, Ref, Section, SqlStatement, StatusClass, Story,
)
from tracer.model.status import classify_status
from tracer.profiles import DocRule, IdPattern, LinkPattern
from tracer.scanner import declarations as decl
from tracer.scanner.doc_status import read_status
from tracer.scanner.frontmatter import FrontMatter, as_text
from tracer.scanner.ids import ID_RE, normalise_story_id, parse_id_list, parse_numeric_list
from tracer.scanner.markdown import Block
from tracer.scanner.markers import placeholders, suppressions
from tracer.scanner.routes import METHODS, normalise_path
from tracer.scanner.sql import NONE, extract_statements

__all__ = ["extract", "expand_braces", "SQL_FENCES", "ALL"]

SQL_FENCES = ("sql", "postgresql", "postgres", "mysql", "sqlite", "plpgsql")  # fence languages read as SQL
ALL = "*"  # a coverage ID meaning "every story and requirement of the parent"

_LABEL = re.compile(r"^\s*+\*\*(?P<label>[^*\n]++)\*\*:?[ \t]*+(?P<value>.*)$")
_PLAIN_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z /-]{0,40}?)\s*+:[ \t]++(?P<value>\S.*)$")
_MARKER = re.compile(r"^\s*+(?:[-*+]|\d++[.)])\s++(?:\[[ xX]\]\s*+\*?\s*+)?")
_ENDPOINT = re.compile(r"^\s*+(?:\*\*|`)?\s*+(?P<method>" + "|".join(METHODS) + r")\s++`?(?P<path>/[^\s*`]*+)`?", re.I)
_ENDPOINT_ANY = re.compile(r"(?<![\w/])(?P<method>" + "|".join(METHODS) + r")\s++`?(?P<path>/[\w{}:<>.~/-]*+)")
_NA = re.compile(r"^\s*+\*\*N/?A\*\*\s*+(?:[-–—:]\s*+)?(?P<reason>.*)$", re.I)
_BRACES = re.compile(r"\{([^{},]*+,[^{}]*+)\}")
_BASE_LABEL = re.compile(r"^(?:package|folder|directory|module|location|project|path)$", re.I)
# sections whose checkboxes are the work itself (acceptance criteria and definitions of done are not tasks)
_BASE_HEADING = re.compile(r"^(?:package|folder|directory|module)\s*+:?\s*+`?(?P<dir>[\w.@-]++(?:/[\w.@-]++)*+/)`?\s*+$", re.I)
# sections that record finished work: the files listed there were written (BMAD's Dev Agent Record)
_RECORD_SECTION = re.compile(r"\b(?:dev(?:eloper)? agent record|implementation record|completion notes?)\b", re.I)
_NOT_DONE = re.compile(r"\b(?:deferred|postponed|skipped|out of scope|not (?:created|implemented|done|changed)|"
                       r"future|later|won'?t|excluded|rejected)\b", re.I)
_VERB_LABEL = re.compile(r"^(?:new|created|added|modified|changed|updated|edited|deleted|removed|renamed|moved)$", re.I)
_API_SECTION = re.compile(r"\b(?:api|apis|endpoints?|routes?|http|rest|interfaces?|contracts?)\b", re.I)
_API_WORDS = re.compile(r"\b(?:endpoints?|routes?|serves?|served|exposes?|handlers?)\b", re.I)
_TASK_SECTION = re.compile(r"\b(?:tasks?|subtasks?|to-?dos?|to do|implementation|steps|phases?|work items?|"
                           r"checklist of work|action items)\b", re.I)
# sections whose SQL is a suggestion, an example or an alternative, not what the document says exists
_ADVISORY = re.compile(r"\b(?:recommend\w*|suggest\w*|optional|consider\w*|example\w*|alternatives?|future|"
                       r"rejected|rollback|appendix)\b", re.I)
_STRUCTURE = re.compile(r"\b(?:structure|layout|tree|files|directories|folders)\b", re.I)
_CURRENT = re.compile(r"\b(?:current|existing|today'?s|as[- ]is)\b", re.I)
MAX_EXPANSION = 64
# file names every feature folder repeats: such a document is named after its folder
GENERIC_NAMES = frozenset(("product-spec", "tech-spec", "prd", "spec", "requirements", "index", "readme", "design",
                           "tasks", "plan", "epic", "story", "overview", "qa-plan"))


def expand_braces(path: str) -> list[str]:
    """``src/{models,api}/x.py`` -> ``src/models/x.py``, ``src/api/x.py``; past 64 results the path stays a pattern.

    The size is computed before anything is expanded, so a path of many brace groups costs no more than its length.
    """
    groups = _BRACES.findall(path)
    total = 1
    for g in groups:
        total *= len(g.split(","))
        if total > MAX_EXPANSION:
            return [path]
    out = [path]
    for _ in groups:
        expanded = []
        for p in out:
            m = _BRACES.search(p)
            expanded.extend([p[: m.start()] + part.strip() + p[m.end():] for part in m.group(1).split(",")] if m else [p])
        out = expanded
    return out


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


@dataclass(frozen=True)
class _Listing:
    """A heading or bold label that announces a list of files: the intent its title gives the paths, the
    heading's level (0 for a label, in force until the next paragraph), the folder bare names are in, and
    whether it records finished work ("Files created", a Dev Agent Record's File List): then its paths must
    exist like a checked task's."""

    intent: Intent | None  # None: files listed as not part of the work ("Deferred Files", "Out of scope")
    level: int = 0
    base: str = ""
    done: bool | None = None


class _Reader:
    """Collects one document's parts while the blocks are walked once."""

    def __init__(self, path: str, rule: DocRule, doc_id: str, prefix: str, dialect: str,
                 earlier: Mapping[str, SqlStatement]):
        self.path, self.rule, self.doc_id, self.prefix, self.dialect = path, rule, doc_id, prefix, dialect
        self.earlier = earlier  # the statements of the document's previous version, by digest (``sql.by_digest``)
        self.labels = dict(rule.labels)
        self.title, self.title_line = "", 1
        self.stories: list[Story] = []
        self.defined: set[str] = set()  # the IDs of the stories and requirements a heading, item, paragraph or row defined
        self.from_rows: dict[str, Story] = {}  # those a table row defined (see ``_story``)
        self.superseded: set[int] = set()  # row definitions a later one replaces (by identity)
        self.covers: list[Coverage] = []
        self.files: list[DeclaredFile] = []
        self.endpoints: list[EndpointDecl] = []
        self.sections: list[Section] = []
        self.sql: list = []
        self.problems: list[Problem] = []
        self.label_parents: list[tuple[str, Ref]] = []  # (label, reference)
        self.open_questions = self.tests_done = self.tests_total = self.items_done = self.items_total = 0
        self.current: Story | None = None  # the story later lines belong to (criteria, refs)
        self.in_acceptance = False  # numbered items after an "Acceptance Criteria" heading or label
        self.files_heading: _Listing | None = None  # a Files heading in force (until one of its level or above)
        self.files_label: _Listing | None = None  # a "**Files to Create:**" label in force (until a paragraph)
        self.base = ""  # "Package: `internal/x/`": the folder bare file names below it are in
        self.hints: list[tuple[str, int]] = []  # near misses (what, line), for the finding that says nothing was read
        self.tasks: list[tuple[int, bool, int]] = []  # open task items: (depth, checked, line of the task)
        self.task_cites: dict[int, list[str]] = {}  # task line -> the IDs it and its sub-bullets cite
        self.task_files: list[tuple[DeclaredFile, int]] = []  # declarations written inside a task

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
        if self.files_heading and b.level <= self.files_heading.level:
            self.files_heading = None
        self.files_label, self.tasks = None, []
        self.base = self.files_heading.base if self.files_heading else ""
        intent = decl.files_title(text) if self.rule.file_lists else None
        based = _BASE_HEADING.match(text) if self.rule.file_lists else None
        if intent is not None:
            record = decl.records_work(text) or bool(_RECORD_SECTION.search(b.h2))
            self.files_heading = _Listing(intent, b.level, done=True if record else None)
        elif based:
            # "## Package: `internal/x/`": the files listed below are in that folder, new or existing
            self.base = based["dir"].strip().rstrip("/")
            self.files_heading = _Listing(Intent.EITHER, b.level, base=self.base)
        elif re.search(r"\bfiles?\b", text, re.I):
            self.hints.append(("a heading about files that does not name a list of them", b.line))
        self._acceptance_marker(text)
        self._stories(b, [text])
        self._links([text], b.line)
        if self.rule.endpoints and b.level >= 3:
            self._endpoint(_ENDPOINT.match(text), b.line)

    def para(self, b: Block) -> None:
        lines = b.text.strip().split("\n")
        self._acceptance_marker(b.text.strip())
        self.files_label = None
        self._labels(b.source, b.line)
        self._stories(b, lines)
        self._links(lines, b.line)
        if self.rule.sections:
            m = _NA.match(b.source)
            h2 = [i for i, s in enumerate(self.sections) if s.level == 2]
            if m and h2:
                self.sections[h2[-1]] = replace(self.sections[h2[-1]], na=True, na_reason=m["reason"].strip())
        if self.rule.endpoints:
            if b.source.lstrip().startswith(("**", "`")):
                self._endpoint(_ENDPOINT.match(b.source), b.line)
            self._backticked_endpoints(b.source, b.line, None, b)

    def item(self, b: Block) -> None:
        text = b.text.strip()
        source = _MARKER.sub("", b.source)
        self._labels(source, b.line)
        self._stories(b, [text.split("\n")[0]])
        cited = self._links(text.split("\n"), b.line)
        done, task = self._task(b, cited)
        if self.rule.counts and b.checked is not None:
            h2 = b.h2.lower()
            if "open question" in h2 and not b.checked:
                self.open_questions += 1
            if "testing" in h2:
                self.tests_total += 1
                self.tests_done += int(b.checked)
        self._item_files(b, source, done, task)
        if self.rule.endpoints:
            self._backticked_endpoints(source, b.line, done, b)
            if done is not None:
                for m in _ENDPOINT_ANY.finditer(source.replace("`", "")):
                    self._endpoint(m, b.line, done)

    def table(self, b: Block) -> None:
        for line, cells in b.rows:  # "| FR-01 | Events are listed by date | P0 |": a requirement (or a story) row
            if len(cells) >= 2 and cells[0]:
                self._stories(Block("row", line, h2=b.h2, h3=b.h3), [f"{cells[0]}: {cells[1]}"])
        listed = self.files_label or self.files_heading
        if self.rule.file_lists and listed is not None and listed.intent is not None:
            found = decl.table_paths(b.header, b.rows, listed.intent, base=self.base)
            self.files.extend(replace(f, done=True, shape="record") if listed.done else f for f in found)
        elif decl.table_paths(b.header, b.rows, Intent.EITHER):
            self.hints.append(("a table of paths outside a Files section", b.line))
        self.files_label = None
        if self.rule.endpoints:
            self._endpoint_table(b)

    def code(self, b: Block) -> None:
        if not b.closed:
            self.problems.append(Problem(code="TR010", path=self.path, line=max(b.line - 1, 1),
                                         message="code fence is never closed; the rest of the document is read as code",
                                         subject="unclosed fence"))
        if self.rule.sql and b.lang in SQL_FENCES and not _ADVISORY.search(f"{b.h2} | {b.h3}"):
            self.sql.extend(extract_statements(b.text, self.path, b.line, self.dialect, self.earlier))
        elif self.rule.trees and b.lang in ("", "text", "txt", "plaintext", "tree", "bash", "sh", "console") \
                and decl.is_tree(b.text, indented=bool(_STRUCTURE.search(f"{b.h2} {b.h3}"))):
            context = f"{b.h2} {b.h3}"
            default = Intent.MODIFY if _CURRENT.search(context) else Intent.EITHER
            own = posixpath.dirname(self.path) + "/"
            # a tree of the document's own folder (spec-kit's "Documentation (this feature)") lists documents, not code
            self.files.extend(f for f in decl.tree_paths(b.text, b.line, default) if not f.path.startswith(own))
        elif self.rule.endpoints and b.lang == "http":
            for i, line in enumerate(b.text.split("\n")):
                self._endpoint(_ENDPOINT.match(line), b.line + i)

    # -- the parts ---------------------------------------------------------------------------------
    def _acceptance_marker(self, text: str) -> None:
        if text.lower().rstrip(":").endswith("acceptance criteria"):
            self.in_acceptance = True

    def _labels(self, source: str, line: int) -> None:
        """Bold ``**Label:** value`` lines: parents, covered stories, Files lists, the folder a list is in."""
        for i, src in enumerate(source.split("\n")):
            m = _LABEL.match(src)
            if not m:
                # "Covers: US-101", "Parent PRD: x.prd.md" without bold: read for links only
                m = _PLAIN_LABEL.match(src)
                if not m or (self.labels.get(m["label"].lower()) != "covers"
                             and f"label:{m['label'].lower()}" not in self.rule.parents):
                    continue
            written = m["label"].strip().rstrip(":").strip()
            label, value = written.lower(), m["value"].strip()
            if f"label:{label}" in self.rule.parents and value:
                self.label_parents.append((label, Ref(raw=value, line=line + i, via=f"**{written}:** line")))
            elif self.labels.get(label) == "covers":
                self.covers.extend(Coverage(story_id=self.prefix + sid, raw=raw, line=line + i)
                                   for sid, raw in parse_id_list(value))
            elif self.rule.file_lists and not value.strip("*_ :") and decl.files_title(written) is not None:
                done = decl.records_work(written) or (self.files_heading.done if self.files_heading else None)
                self.files_label = _Listing(decl.files_title(written), done=done or None)
            elif self.rule.file_lists and not value.strip("*_ :") and _NOT_DONE.search(label) \
                    and re.search(r"\bfiles?\b", label):
                self.files_label = _Listing(None)  # "**Deferred Files:**": listed, but not declared as work
            elif self.rule.file_lists and self.files_heading and not value.strip("*_ :") and _VERB_LABEL.match(label):
                # "**Created:**" / "**Modified:**" inside a File List: the intent of the list below it
                intent = decl.intent_of(written, self.files_heading.intent, action=True)
                done = decl.records_work(written) or self.files_heading.done
                self.files_label = _Listing(intent, base=self.base, done=done or None)
            elif _BASE_LABEL.match(label) and value.strip("` ").endswith("/"):
                self.base = value.strip("` ").rstrip("/")

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
            if pat.numbered:
                m = re.match(pat.regex, lines[0]) if b.ordered and b.depth == 1 else None
                if m and self._story(pat, m, b.line, number=str(b.index)):
                    return
                continue
            for i, line in enumerate(lines):
                m = re.match(pat.regex, line)
                if m and self._story(pat, m, b.line + i) and b.kind != "para":
                    return

    def _criterion(self, b: Block, pat: IdPattern, text: str) -> bool:
        """A numbered acceptance criterion under the current story becomes ``<story>.<n>``."""
        story = self.current
        if story is None or not b.ordered or not self.in_acceptance or b.depth > 1:
            return False
        sid = f"{story.id}.{b.index}"
        self.defined.add(sid)
        self.stories.append(Story(id=sid, raw_id=sid[len(self.prefix):], title=text, path=self.path, line=b.line,
                                  kind=pat.kind, parent=story.id))
        return True

    def _story(self, pat: IdPattern, m: re.Match, line: int, number: str = "") -> bool:
        groups = {**m.groupdict(), "n": number} if number else m.groupdict()
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
        # a table often restates what the document defines elsewhere (a summary, a traceability matrix): a row
        # defines an ID nothing else does, and yields to a heading, item or paragraph that defines it too
        if pat.where == "row":
            if story.id in self.defined:
                return True
            self.from_rows[story.id] = story
        elif story.id in self.from_rows:
            self.superseded.add(id(self.from_rows.pop(story.id)))
        self.defined.add(story.id)
        self.stories.append(story)
        if pat.kind == "story" and pat.where != "row":
            self.current, self.in_acceptance = story, False
        return True

    def _links(self, lines: list[str], line: int) -> tuple[str, ...]:
        """Covered IDs (``[US1]``, ``_Requirements: 2.1_``) and, after a story, the requirements it traces to.

        Returns the IDs these lines cite, so a task's files can be linked to its stories only.
        """
        cited: list[str] = []
        for i, text in enumerate(lines):
            for pat in self.rule.covers:
                for m in re.finditer(pat.regex, text):
                    ids = [self.prefix + sid for sid in _ids(pat, m.group("ids"))]
                    cited += ids
                    self.covers.extend(Coverage(story_id=sid, raw=m.group(0), line=line + i) for sid in ids)
            if self.current is None:
                continue
            for pat in self.rule.refs:
                m = re.match(pat.regex, text)
                if m:
                    refs = tuple(self.prefix + x for x in _ids(pat, m.group("ids")))
                    idx = self.stories.index(self.current)
                    self.current = self.stories[idx] = replace(self.current, refs=self.current.refs + refs)
        return tuple(dict.fromkeys(cited))

    def _task(self, b: Block, cited: tuple[str, ...]) -> tuple[bool | None, int]:
        """The checkbox state a list item's declarations take and the task they belong to (0 = none): its own
        checkbox, else the nearest enclosing task's (a plain sub-bullet of ``- [x] 1.1 ...`` belongs to it).
        The IDs a task and its sub-bullets cite are collected for the task, wherever in it they are written."""
        while self.tasks and self.tasks[-1][0] >= b.depth:
            self.tasks.pop()
        if b.checked is not None:
            if self.rule.status == ("checkboxes",) or _TASK_SECTION.search(f"{b.h2} | {b.h3}"):
                self.items_total += 1
                self.items_done += int(b.checked)
            self.tasks.append((b.depth, b.checked, b.line))
        if not self.tasks:
            return None, 0
        _, checked, task = self.tasks[-1]
        self.task_cites.setdefault(task, []).extend(cited)
        for depth, _, outer in self.tasks[:-1]:  # a sub-task's citations count for the tasks around it too
            self.task_cites.setdefault(outer, []).extend(cited)
        return checked, task

    def _item_files(self, b: Block, source: str, done: bool | None, task: int) -> None:
        listed = self.files_label or self.files_heading
        if self.rule.file_lists and listed is not None and listed.intent is None:
            found = []
        elif self.rule.file_lists and listed is not None:
            found = decl.item_paths(source, b.line, default=listed.intent, source_kind="list", prose=False,
                                    done=done, base=self.base)
            if done is None and listed.done:
                found = [replace(f, done=True, shape="record") for f in found]
        elif done is not None and self.rule.item_paths:
            found = decl.item_paths(source, b.line, default=Intent.EITHER, source_kind="task",
                                    prose=self.rule.item_paths == "prose", done=done)
        else:
            found = decl.renames(source, b.line, done=done) if self.rule.file_lists else []
            if not found and decl.looks_like_path(source.split("`")[1] if source.count("`") >= 2 else ""):
                self.hints.append(("paths in list items outside a Files section or a task", b.line))
        for f in found:
            for path in expand_braces(f.path) if "{" in f.path and "," in f.path else [f.path]:
                f2 = replace(f, path=path, pattern=decl.is_pattern(path))
                if task:
                    self.task_files.append((f2, task))
                else:
                    self.files.append(f2)

    def declared(self) -> list[DeclaredFile]:
        """Every declaration, those written inside a task linked to the stories the whole task cites."""
        tasked = [replace(f, stories=tuple(dict.fromkeys(self.task_cites.get(task, ())))) for f, task in self.task_files]
        return sorted(self.files + tasked, key=lambda f: f.line)

    def _endpoint(self, m: re.Match | None, line: int, done: bool | None = None) -> None:
        if m:
            method = m["method"].upper()
            self.endpoints.append(EndpointDecl(method=method, path=normalise_path(m["path"].rstrip(".,;:)")),
                                               raw=f"{method} {m['path'].rstrip('.,;:)')}", line=line, done=done))

    def _backticked_endpoints(self, source: str, line: int, done: bool | None, b: Block) -> None:
        """`` `GET /x` `` in a task, under an API / Endpoints / Routes heading, or in a sentence about an
        endpoint; elsewhere it is an example (a test calling some app's API), not this code's endpoint."""
        if done is None and not _API_SECTION.search(f"{b.h2} | {b.h3}") and not _API_WORDS.search(source):
            return
        for span in re.findall(r"`([^`\n]{3,200})`", source):
            self._endpoint(_ENDPOINT.fullmatch(span.strip()), line, done)

    def _endpoint_table(self, b: Block) -> None:
        head = [h.strip().lower() for h in b.header]
        method = next((i for i, h in enumerate(head) if h in ("method", "verb", "http method")), None)
        route = next((i for i, h in enumerate(head) if h in ("path", "endpoint", "route", "url")), None)
        if method is None or route is None:
            return
        for line, cells in b.rows:
            if max(method, route) < len(cells):
                self._endpoint(re.match(r"(?<![A-Za-z\s])\s*+(?P<method>[A-Za-z]++)\s++(?P<path>/\S*+)",
                                        f"{cells[method].strip('` ')} {cells[route].strip('` ')}"), line)


def _hints(seen: list[tuple[str, int]]) -> tuple[str, ...]:
    """Near misses grouped by kind, each with its first lines: "paths in list items ... (lines 12, 14, 20)"."""
    lines: dict[str, list[int]] = {}
    for what, line in seen:
        lines.setdefault(what, []).append(line)
    return tuple(f"{what} (line{'s' if len(ls) > 1 else ''} {', '.join(map(str, ls[:4]))}{', …' if len(ls) > 4 else ''})"
                 for what, ls in lines.items())


# "prd: (no PRD — driven by ADR-0021)", "**Parent PRD:** None": the author says there is no parent
_NO_PARENT = re.compile(r"^\W*+(?:none|n/a|no\s++(?:prd|parent|epic))\b(?![./-]\w)", re.I)


def _parents(rule: DocRule, meta: Mapping, key_lines: Mapping[str, int], path: str,
             labels: list[tuple[str, Ref]]) -> tuple[tuple[Ref, ...], bool]:
    """The parent references in the rule's order: written ones (frontmatter, labels), then the layout's; and
    whether a written one says there is none (the document is then no orphan either)."""
    out: list[Ref] = []
    none = False
    folder = posixpath.basename(posixpath.dirname(path))
    for spec in rule.parents:
        how, _, arg = spec.partition(":")
        if how in ("frontmatter", "related"):
            value: object = meta
            for part in arg.split("."):  # links.product: a key inside a mapping
                value = value.get(part) if isinstance(value, Mapping) else None
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, (str, int, float)) and _NO_PARENT.match(as_text(item)):
                    none = True
                elif isinstance(item, (str, int, float)) and as_text(item):
                    out.append(Ref(raw=as_text(item), line=key_lines.get(arg.split(".")[0], 1), via=f"frontmatter {arg}",
                                   implicit=how == "related"))
        elif how == "label":
            written = [r for label, r in labels if label == arg]
            out.extend(r for r in written if not _NO_PARENT.match(r.raw))
            none = none or any(_NO_PARENT.match(r.raw) for r in written)
        elif how in ("sibling", "sibling?"):
            out.append(Ref(raw=posixpath.join(posixpath.dirname(path), arg), line=1, implicit=True,
                           via="sibling" if how == "sibling" else "optional sibling"))
        elif how == "path":
            out.append(Ref(raw=arg.format(folder=folder), line=1, via="layout", implicit=True))
    return tuple(out), none and not any(not r.implicit for r in out)


def extract(path: str, text: str, fm: FrontMatter, blocks: list[Block], rule: DocRule, profile: str, *,
            declared_type: str, dialect: str, status_map: Mapping[str, StatusClass],
            problems: list[Problem], declaration_keys: tuple[str, ...] = (),
            earlier: Mapping[str, SqlStatement] = NONE) -> Document:
    """The Document ``rule`` reads from ``blocks``; problems are recorded, never raised (``earlier``: see
    ``sql.extract_statements``)."""
    meta = fm.meta
    name = posixpath.basename(path)
    folder = posixpath.basename(posixpath.dirname(path))
    stem = name[:-3] if name.lower().endswith(".md") else name
    doc_id = {"folder": folder, "file": stem}.get(rule.id_from) or as_text(meta.get("id") or meta.get("name")) \
        or (folder if stem.lower() in GENERIC_NAMES and folder else stem)
    reader = _Reader(path, rule, doc_id, f"{folder}:" if rule.namespace else "", dialect, earlier)
    readers = {"heading": reader.heading, "para": reader.para, "item": reader.item, "table": reader.table,
               "code": reader.code}
    for b in blocks:
        if b.kind in readers:
            readers[b.kind](b)
    if rule.covers_from_name:
        m = re.match(rule.covers_from_name, name)
        if m:
            reader.covers.append(Coverage(story_id=reader.prefix + ".".join(m.groups()), raw=name, line=1))
    for key in rule.cover_keys:  # stories: [US-101]
        value = meta.get(key)
        written = ", ".join(as_text(v) for v in value) if isinstance(value, list) else as_text(value) if value else ""
        reader.covers.extend(Coverage(story_id=reader.prefix + sid, raw=raw, line=fm.key_lines.get(key, 1))
                             for sid, raw in parse_id_list(written))
    if rule.covers_parent and not reader.covers:
        line = next((fm.key_lines[p.split(":", 1)[1]] for p in rule.parents
                     if p.startswith("frontmatter:") and p.split(":", 1)[1] in fm.key_lines), 1)
        reader.covers.append(Coverage(story_id=reader.prefix + ALL, raw="the whole parent PRD", line=line, implied=True))
    status, status_line, status_source = read_status(rule, path, meta, fm.key_lines, blocks)
    if rule.status_from and status_source in ("default", ""):  # the scanner sets it from that document's
        how, _, other = rule.status_from.partition(":")
        status_source = f"from:{posixpath.join(posixpath.dirname(path), other)}"
    files: dict = {}
    for f in decl.frontmatter_paths(meta, declaration_keys, fm.key_lines) + reader.declared():
        key = (f.path, f.done)  # one declaration per path: a Files table's intent beats a tree's "either"
        old = files.get(key)
        if old is None or (old.shape == "tree" and f.shape != "tree") or (f.stories and not old.stories
                                                                          and f.intent == old.intent):
            files[key] = f
    front = text.split("\n")[: max(fm.body_line - 1, 0)]
    parents, no_parent = _parents(rule, meta, fm.key_lines, path, reader.label_parents)
    return Document(
        path=path, kind=rule.kind, id=doc_id, declared_type=declared_type, title=reader.title or doc_id,
        title_line=reader.title_line, status=status, status_line=status_line,
        status_class=classify_status(status, status_map), status_source=status_source,
        meta=tuple((str(k), as_text(v)) for k, v in meta.items()), meta_lines=tuple(fm.key_lines.items()),
        frontmatter_ok=fm.ok, parents=parents,
        expects_parent=not no_parent and any(not p.startswith(("sibling?:", "related:")) for p in rule.parents),
        expected_sections=rule.sections,
        stories=tuple(s for s in reader.stories if id(s) not in reader.superseded), covers=tuple(dict.fromkeys(reader.covers)),
        sections=tuple(reader.sections),
        sql=tuple(reader.sql), files=tuple(sorted(files.values(), key=lambda f: f.line)),
        endpoints=tuple(dict.fromkeys(reader.endpoints)),
        placeholders=tuple(placeholders(front, 1, blocks, fm.body.split("\n"), fm.body_line)),
        suppressions=tuple(suppressions(blocks, meta, fm.key_lines.get("tracer", 1))),
        open_questions=reader.open_questions, tests_done=reader.tests_done, tests_total=reader.tests_total,
        items_done=reader.items_done, items_total=reader.items_total, hints=_hints(reader.hints),
        problems=tuple(problems + reader.problems), profile=profile,
    )
