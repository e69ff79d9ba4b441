"""Documents of the other formats (spec-kit, BMAD, Kiro, CCPM), read by the rules of their profile.

The Markdown structure comes from the same parser as the default template; the profile's regexes only
look at the text of one heading, list item or paragraph at a time.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Mapping
from dataclasses import replace

from tracer.model import (
    Coverage, DeclaredFile, DocKind, Document, Intent, Ref, Section, StatusClass, Story,
)
from tracer.model.status import classify_status
from tracer.profiles import DocRule, LinkPattern, Profile
from tracer.scanner.documents import (
    SQL_FENCES, files_from_table, placeholders, read_problems, suppressions, unclosed_fence,
)
from tracer.scanner.frontmatter import as_text, read_frontmatter
from tracer.scanner.ids import ID_RE, normalise_story_id, parse_id_list, parse_numeric_list
from tracer.scanner.markdown import Block, parse_blocks
from tracer.scanner.paths import normalise_declared
from tracer.scanner.sql import extract_statements

_STATUS_LINE = re.compile(r"^\W*status\W*:\W*(?P<word>[A-Za-z][\w -]*?)\W*$", re.I)
_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
_BRACES = re.compile(r"\{([^{}]*,[^{}]*)\}")
ALL = "*"  # a coverage ID meaning "every story and requirement of the parent"


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


def _status(rule: DocRule, meta: Mapping, blocks: list[Block]) -> tuple[str, int]:
    if rule.status == "frontmatter":
        return as_text(meta.get("status")) or rule.status_default, 0
    if rule.status == "line":
        for b in blocks:
            if b.kind in ("para", "item"):
                for i, line in enumerate(b.text.split("\n")):
                    m = _STATUS_LINE.match(line)
                    if m:
                        return m["word"].strip(), b.line + i
        return as_text(meta.get("status")) or rule.status_default, 0
    boxes = [b.checked for b in blocks if b.kind == "item" and b.checked is not None]
    if not boxes:
        return rule.status_default or "todo", 0
    return ("done" if all(boxes) else "in-progress" if any(boxes) else "todo"), 0


def _parent(rule: DocRule, meta: Mapping, key_lines: Mapping[str, int], path: str, folder: str) -> Ref | None:
    how, _, arg = rule.parent.partition(":")
    if how == "sibling":
        return Ref(raw=posixpath.join(posixpath.dirname(path), arg), line=1)
    if how == "frontmatter":
        value = as_text(meta.get(arg))
        return Ref(raw=value, line=key_lines.get(arg, 1)) if value else None
    if how == "path":
        return Ref(raw=arg.format(folder=folder), line=1)
    return None


def parse_profiled(path: str, text: str, rule: DocRule, profile: Profile, *, dialect: str,
                   status_map: Mapping[str, StatusClass], read_problem: str = "") -> Document:
    """Parse one document by its profile's rule; problems are recorded, never raised."""
    fm = read_frontmatter(text)
    problems = read_problems(path, fm, read_problem)
    meta = fm.meta
    blocks = parse_blocks(fm.body, fm.body_line)
    name = posixpath.basename(path)
    folder = posixpath.basename(posixpath.dirname(path))
    stem = name[:-3] if name.lower().endswith(".md") else name
    doc_id = {"folder": folder, "frontmatter": as_text(meta.get("id") or meta.get("name")) or stem}.get(rule.id_from, stem)
    prefix = f"{folder}:" if rule.namespace else ""
    status, status_line = _status(rule, meta, blocks)

    title, title_line = "", 1
    stories: list[Story] = []
    covers: list[Coverage] = []
    files: list[DeclaredFile] = []
    sections: list[Section] = []
    sql = []
    current: Story | None = None
    in_acceptance = False  # numbered items after an "Acceptance Criteria" heading or label, until the next story
    pending_intent: Intent | None = None
    for b in blocks:
        if b.kind in ("heading", "para") and b.text.strip().lower().rstrip(":").endswith("acceptance criteria"):
            in_acceptance = True
        if b.kind == "heading":
            if b.level == 1 and not title:
                title, title_line = b.text.strip(), b.line
            if b.level in (2, 3):
                sections.append(Section(title=b.text.strip(), level=b.level, line=b.line))
        if b.kind == "code":
            if not b.closed:
                problems.append(unclosed_fence(path, b))
            if rule.sql and b.lang in SQL_FENCES:
                sql.extend(extract_statements(b.text, path, b.line, dialect))
            continue
        if b.kind == "table":
            if rule.tables:
                files.extend(files_from_table(b, pending_intent))
                pending_intent = None
            continue
        line_text = b.text.strip()
        if b.kind == "para" and rule.tables:
            low = line_text.lower()
            if low.startswith("files to create"):
                pending_intent = Intent.CREATE
            elif low.startswith("files to modify"):
                pending_intent = Intent.MODIFY
        for pat in rule.stories:
            if pat.where != b.kind or (pat.level and pat.level != b.level):
                continue
            if pat.under == "story":
                if current is None or not b.ordered or not in_acceptance:
                    continue
                sid = f"{current.id}.{b.index}"
                stories.append(Story(id=sid, raw_id=sid[len(prefix):], title=line_text.split("\n")[0], path=path,
                                     line=b.line, kind=pat.kind))
                break
            m = re.match(pat.regex, line_text.split("\n")[0])
            if not m:
                continue
            groups = m.groupdict()
            raw = groups.get("id") or groups.get("n") or ""
            sid = prefix + _story_id(raw, pat.id_format, groups)
            story = Story(id=sid, raw_id=raw, title=(groups.get("title") or line_text).strip(), path=path, line=b.line,
                          kind=pat.kind)
            stories.append(story)
            if pat.kind == "story":
                current, in_acceptance = story, False
            break
        if b.kind in ("para", "item", "heading"):
            for i, line in enumerate(line_text.split("\n")):
                for pat in rule.covers:
                    for m in re.finditer(pat.regex, line):
                        covers.extend(Coverage(story_id=prefix + sid if sid != ALL else prefix + ALL, raw=m.group(0),
                                               line=b.line + i) for sid in _ids(pat, m.group("ids")))
                for pat in rule.refs:
                    m = re.match(pat.regex, line)
                    if m and current is not None:
                        refs = tuple(prefix + x for x in _ids(pat, m.group("ids")))
                        idx = stories.index(current)
                        current = stories[idx] = replace(current, refs=current.refs + refs)
        if b.kind == "item":
            where = f"{b.h2} {b.h3}".lower()
            for fp in rule.files:
                if fp.section and fp.section.lower() not in where:
                    continue
                src = _MARKER.sub("", b.source)  # the item's Markdown (code spans keep their backticks)
                low = src.lower()
                intent = Intent.CREATE if any(w in low for w in fp.create_words) else Intent.MODIFY
                for m in re.finditer(fp.regex, src):
                    for raw in expand_braces(m.group("path")):
                        norm, unsafe = normalise_declared(raw)
                        if norm or unsafe:
                            files.append(DeclaredFile(path=norm or raw, raw=raw, intent=intent, line=b.line, unsafe=unsafe))
    if rule.covers_from_name:
        m = re.match(rule.covers_from_name, name)
        if m:
            covers.append(Coverage(story_id=prefix + ".".join(m.groups()), raw=name, line=1))
    seen = set()
    unique_files = []
    for f in files:
        if (f.path, f.intent) not in seen:
            seen.add((f.path, f.intent))
            unique_files.append(f)
    parent = _parent(rule, meta, fm.key_lines, path, folder)
    return Document(
        path=path, kind=rule.kind, id=doc_id, declared_type=rule.kind.value, title=title or doc_id, title_line=title_line,
        status=status, status_line=status_line or fm.key_lines.get("status", 0),
        status_class=classify_status(status, status_map), created=as_text(meta.get("created")),
        meta=tuple((str(k), as_text(v)) for k, v in meta.items()), meta_lines=tuple(fm.key_lines.items()),
        frontmatter_ok=fm.ok, parent=parent if rule.kind == DocKind.SPEC else None,
        stories=tuple(stories), covers=tuple(dict.fromkeys(covers)), sections=tuple(sections), sql=tuple(sql),
        files=tuple(unique_files), placeholders=tuple(placeholders(text)),
        suppressions=tuple(suppressions(blocks, meta, fm.key_lines.get("tracer", 1))),
        problems=tuple(problems), profile=profile.name,
    )


def rule_for(path: str, profiles: tuple[Profile, ...]) -> tuple[DocRule, Profile] | None:
    """The first rule of the active profiles that claims ``path``."""
    from tracer.scanner.paths import glob_match

    for profile, rule in itertools.chain.from_iterable(((p, r) for r in p.rules) for p in profiles):
        if glob_match(path, rule.glob):
            return rule, profile
    return None
