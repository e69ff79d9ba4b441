"""The one document pipeline: frontmatter and Markdown blocks parsed once, the profile rule that claims the
document chosen, and one extractor (``extract.py``) turning the blocks into a ``Document``."""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Mapping

from tracer.model import DocKind, Document, Problem, SqlStatement, StatusClass
from tracer.model.status import classify_status
from tracer.profiles import DocRule, Profile
from tracer.profiles.default import KNOWN_TYPES
from tracer.scanner.extract import extract
from tracer.scanner.frontmatter import FrontMatter, as_text, read_frontmatter
from tracer.scanner.markdown import parse_blocks
from tracer.scanner.sql import NONE

__all__ = ["parse_document", "rule_for", "type_word", "read_problems"]


def type_word(meta: Mapping[str, object]) -> tuple[str, str]:
    """The declared type as a normalised word (``Tech_Spec`` -> ``tech-spec``) and as written."""
    declared = as_text(meta.get("type") or meta.get("doc_type") or meta.get("doc-type") or "")
    return "-".join(declared.lower().replace("_", " ").split()), declared


def rule_for(path: str, word: str, profiles: tuple[Profile, ...], keys=frozenset()) -> tuple[DocRule, Profile] | None:
    """The first rule of ``profiles`` (in order) that claims the document at ``path`` declaring ``word`` and
    having frontmatter ``keys``."""
    for profile in profiles:
        for rule in profile.rules:
            if rule.claims(path, word, keys):
                return rule, profile
    return None


def read_problems(path: str, fm: FrontMatter, read_problem: str) -> list[Problem]:
    """The problems of reading a document: its frontmatter (TR001) and its encoding (TR008)."""
    problems = [Problem(code="TR001", path=path, line=line, message=msg, subject="frontmatter") for line, msg in fm.problems]
    if read_problem:
        problems.append(Problem(code="TR008", path=path, line=1, message=f"file {read_problem}", subject="encoding"))
    return problems


def _unclaimed(path: str, fm: FrontMatter, word: str, declared: str, problems: list[Problem],
               status_map: Mapping[str, StatusClass]) -> Document:
    """A document no rule claims: listed with its title and type, nothing else read.

    It declares a type that looks like a misspelt known one (kind UNKNOWN, reported by TR003), or a type of
    its own or none at all (kind OTHER: a README, a guide, an ADR, a format's auxiliary file), which is
    inventoried and never checked.
    """
    title, line = "", 1
    near = difflib.get_close_matches(word, KNOWN_TYPES, n=1, cutoff=0.8) if word else []
    for b in parse_blocks(fm.body, fm.body_line):
        if b.kind == "heading" and b.level == 1 and b.text.strip():
            title, line = b.text.strip(), b.line
            break
    name = posixpath.basename(path)
    doc_id = as_text(fm.meta.get("id")) or (name[:-3] if name.lower().endswith(".md") else name)
    status = as_text(fm.meta.get("status"))
    kind = DocKind.UNKNOWN if near else DocKind.OTHER  # a typo of a known type is reported (TR003); others are theirs
    kept = problems if kind == DocKind.UNKNOWN else [p for p in problems if p.code == "TR008"]
    return Document(path=path, kind=kind, id=doc_id, declared_type=declared, title=title or doc_id, title_line=line,
                    status=status, status_line=fm.key_lines.get("status", 0),
                    status_class=classify_status(status, status_map), status_source="frontmatter" if status else "",
                    meta=tuple((str(k), as_text(v)) for k, v in fm.meta.items()), meta_lines=tuple(fm.key_lines.items()),
                    frontmatter_ok=fm.ok, problems=tuple(kept), profile="")


def parse_document(path: str, text: str, *, profiles: tuple[Profile, ...], dialect: str,
                   status_map: Mapping[str, StatusClass], read_problem: str = "",
                   declaration_keys: tuple[str, ...] = (), earlier: Mapping[str, SqlStatement] = NONE) -> Document:
    """Parse one document; content problems become Problems on the Document, never exceptions (``earlier``: the
    SQL statements of its previous version, see ``sql.extract_statements``)."""
    if "\r" in text:  # Windows and old-Mac line endings are line endings (the frontmatter is not lost)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    fm = read_frontmatter(text)
    problems = read_problems(path, fm, read_problem)
    word, declared = type_word(fm.meta)
    found = rule_for(path, word, profiles, frozenset(fm.meta))
    if found is None:
        return _unclaimed(path, fm, word, declared, problems, status_map)
    rule, profile = found
    return extract(path, text, fm, parse_blocks(fm.body, fm.body_line), rule, profile.name, declared_type=declared,
                   dialect=dialect, status_map=status_map, problems=problems, declaration_keys=declaration_keys,
                   earlier=earlier)
