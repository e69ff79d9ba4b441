"""Rules about documents on their own (TR0xx): frontmatter, placeholders, types, IDs, statuses, sections, SQL."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterator

from tracer.model import DocKind, StatusClass
from tracer.rules.base import Draft, Related
from tracer.rules.context import Context


def _problems(ctx: Context, code: str) -> Iterator[Draft]:
    for p in ctx.project.all_problems():
        if p.code == code:
            doc = ctx.docs_by_path.get(p.path)
            if doc is not None and doc.status_class == StatusClass.RETIRED:
                continue
            yield Draft(p.path, p.line, p.subject or p.message, p.message)


def frontmatter_invalid(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    Frontmatter that is not valid YAML: a syntax error, an unterminated block, a value that is not a
    mapping, a repeated key, or a block that expands past the alias budget (a "YAML bomb").

    Why it matters:
    Other tools that read the frontmatter fail on it. tracer still indexes the document through a
    line-based `key: value` fallback, but the values it recovers are a guess.

    Example:
    ```
    ---
    type: tech-spec
    created: {{date}}
    ---
    ```

    How to fix:
    Fill in or quote the value (`created: "2026-03-01"`), close the block with `---`, and keep one
    line per key.
    """
    yield from _problems(ctx, "TR001")


def template_placeholder(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    `{{...}}` placeholders left in a document by a template that was never filled in.

    Why it matters:
    A placeholder is a promise nobody kept: a missing date, an unnamed story, an empty architecture
    section. Reviewers read past them; tracer cannot.

    Example:
    `**User Stories Covered:** {{storyIds}}`

    How to fix:
    Replace the placeholder with the real content, or delete the line if it does not apply.
    """
    for doc in ctx.live_documents:
        for ph in doc.placeholders:
            yield Draft(doc.path, ph.line, ph.text, f"unfilled template placeholder {ph.text}")
        for st in doc.sql:  # SQL has no {{ }} syntax: in a ```sql block it can only be a template's
            if st.action == "placeholder":
                text = re.search(r"\{\{[^{}\n]{0,120}\}\}", st.text)
                subject = text.group(0) if text else "{{...}}"
                yield Draft(doc.path, st.line, subject, f"unfilled template placeholder {subject} in SQL")


def doc_type_unknown(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A document whose declared `type:` (or `doc_type:`) looks like a misspelling of a type tracer knows
    (prd, tech-spec, user-story, bug and their synonyms), such as `techspec2` or `tech-sepc`. Types of a
    team's own (`adr`, `guide`, `qa-plan`) and documents with no type are listed as "other" and never
    reported.

    Why it matters:
    The author meant a PRD or a spec, but tracer reads nothing from it: it joins no link and is invisible
    to coverage.

    Example:
    `type: tech-sepc`

    How to fix:
    Correct the type (the finding names the one it resembles).
    """
    from tracer.profiles.default import KNOWN_TYPES

    for doc in ctx.live_documents:
        if doc.kind != DocKind.UNKNOWN or any(p.code == "TR008" for p in doc.problems) or not doc.declared_type:
            continue
        word = "-".join(doc.declared_type.lower().replace("_", " ").split())
        near = difflib.get_close_matches(word, KNOWN_TYPES, n=1, cutoff=0.8)
        hint = f"; did you mean {near[0]}?" if near else ""
        yield Draft(doc.path, doc.meta_line("type") if doc.meta_value("type") else doc.meta_line("doc_type"), "type",
                    f"document type '{doc.declared_type}' is not one tracer knows{hint}")


def duplicate_id(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    Two documents with the same ID, or two stories with the same story ID. The first one (by path)
    keeps the ID; each later one is reported. PRDs clash on their ID whether it is written (`id:`) or
    taken from the file name, because specs name their parent by it; other documents clash only on an
    explicit `id:` (`spec.md` in every feature folder is normal).

    Why it matters:
    Links by ID become ambiguous: a spec that covers `US-004` could mean either story, and coverage
    is counted for the wrong one.

    Example:
    `US-004` defined in both `docs/prds/board.prd.md` and `docs/prds/calendar.prd.md`.

    How to fix:
    Renumber one of them (and the specs that cover it), or set a distinct `id:` in the frontmatter.
    """
    by_id = defaultdict(list)
    for doc in ctx.project.documents:
        # PRDs are linked by ID, so a derived ID counts; other documents only clash on an explicit `id:`
        if doc.kind == DocKind.PRD or (doc.kind != DocKind.UNKNOWN and doc.meta_value("id")):
            by_id[doc.id.lower()].append(doc)
    for docs in by_id.values():
        for doc in docs[1:]:
            first = docs[0]
            yield Draft(doc.path, doc.meta_line("id") if doc.meta_value("id") else 1, doc.id,
                        f"document ID '{doc.id}' is also used by {first.path}",
                        related=(Related(first.path, first.meta_line("id") if first.meta_value("id") else 1,
                                         f"the first document with ID '{doc.id}'"),))
    for sid, owners in ctx.res.story_owners.items():
        real = [(path, ctx.res.stories[(path, sid)]) for path in owners if not ctx.res.stories[(path, sid)].derived]
        for path, story in real[1:]:
            yield Draft(path, story.line, sid, f"story {sid} is also defined in {real[0][0]}:{real[0][1].line}",
                        related=(Related(real[0][0], real[0][1].line, f"the first definition of story {sid}"),))


def status_unknown(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A PRD or spec whose status is not a word of the configured lifecycle (a warning), or that has no status
    at all (info). The status is read from the frontmatter, a `Status:` line near the top or in a metadata
    list, a `## Status` section, or (task lists) the checkboxes; `done (deploy pending)` reads as `done`.

    Why it matters:
    The status class decides how strict the drift checks are (a missing file is fine while planned,
    an error once done). An unknown status gets the cautious middle: warnings instead of errors.

    Example:
    `status: someday`

    How to fix:
    Use a lifecycle word (draft, approved, in-progress, completed, deprecated ...), or add yours to
    `[tool.tracer.statuses]`, e.g. `planned = ["someday"]`.
    """
    for doc in ctx.project.documents:
        if doc.kind not in (DocKind.PRD, DocKind.SPEC, DocKind.STORY) or doc.status_class != StatusClass.UNKNOWN:
            continue
        if doc.status:
            yield Draft(doc.path, doc.status_line or 1, doc.status, f"status '{doc.status}' is not in the lifecycle")
        else:
            yield Draft(doc.path, 1, "status", "document has no status (its drift is checked as if it were in progress)",
                        "info")


def section_missing(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A tech spec of tracer's template that lacks some of its sections (Overview, Technical Approach,
    Database Changes, API Changes, Code Structure, Edge Cases, Error Handling, Testing Strategy, Security
    Considerations, Performance Considerations, Open Questions): one finding per spec, naming them; or a
    section marked `**N/A**` without a justification. A spec that has fewer than half of the template's
    sections follows another template, and is not held to this one.

    Why it matters:
    A missing section is usually a question nobody asked: a spec with no Security Considerations
    was never reviewed for security.

    Example:
    `## Database Changes` followed only by `**N/A**`.

    How to fix:
    Add the sections, or write `**N/A** - <why it does not apply>`.
    """
    for doc in ctx.specs:
        missing = doc.missing_sections()  # only templates that name their sections (tracer's own) expect any
        if missing and len(missing) * 2 <= len(doc.expected_sections):
            names = ", ".join(f"'{m}'" for m in missing)
            yield Draft(doc.path, doc.title_line, missing[0],
                        f"section{'s' if len(missing) > 1 else ''} {names} {'are' if len(missing) > 1 else 'is'} missing")
        for s in doc.sections:
            if s.na and not s.na_reason:
                yield Draft(doc.path, s.line, s.title, f"section '{s.title}' is N/A without a justification")


def sql_unparsable(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A SQL statement in a document's ```sql block, or in a migration file, that does not parse in the
    configured dialect. The finding points at the statement's own first line. In a document, a statement
    that would declare nothing even if it parsed (a query, a `CHECK (...)` or `WHERE ...` fragment) is
    info: no table, column or index of it is checked either way.

    Why it matters:
    tracer compares declared tables, columns and indexes with the migrated schema; a statement it
    cannot read is a declaration it cannot check (and, in a migration, a hole in the replayed schema).

    Example:
    A missing comma between two column definitions.

    How to fix:
    Correct the statement, or set `dialect` to the database you use.
    """
    for doc in ctx.live_documents:
        for st in doc.sql:
            if st.action == "unparsable":
                declares = bool(_DECLARING.match(st.text.lstrip()))
                yield Draft(doc.path, st.line, _first_words(st.text),
                            f"SQL statement '{_first_words(st.text)} …' does not parse: {st.error}"
                            + ("" if declares else "; it declares no table or index, so nothing of it is checked"),
                            "" if declares else "info")
    for mig in ctx.project.migrations:
        for st in mig.statements:
            if st.action == "unparsable":
                yield Draft(mig.path, st.line, _first_words(st.text),
                            f"migration SQL does not parse ({st.error}); the replayed schema skips it", "warning")


_DECLARING = re.compile(r"\A(?:CREATE|ALTER|DROP|RENAME|COMMENT|TRUNCATE)\b", re.I)  # what tracer would read


def _first_words(text: str) -> str:
    return " ".join(text.split()[:4])


def file_unreadable(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A file tracer could not read as text: not UTF-8, binary (NUL bytes), larger than
    `max_file_bytes`, unreadable (permission denied), gone while scanning, or a link out of the
    repository. Documents that could not be parsed at all are reported here too.

    Why it matters:
    The document is still listed, but nothing it declares is checked.

    Example:
    A spec saved as UTF-16 by an editor.

    How to fix:
    Save the file as UTF-8, fix its permissions, or exclude it.
    """
    yield from _problems(ctx, "TR008")


def story_id_missing(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A story heading under User Stories that carries no story ID. tracer still makes it a story, with
    an ID derived from the PRD and its position (`task-board#story-3`).

    Why it matters:
    No spec can cover a story by an ID that changes when stories are reordered.

    Example:
    `### Weekly digest for team leads`

    How to fix:
    Give it an ID: `### US-009: As a team lead, I want ...`.
    """
    for doc in ctx.live_documents:
        for s in doc.stories:
            if s.derived:
                yield Draft(doc.path, s.line, s.id, f"story '{s.title}' has no ID (known as {s.id})")


def markdown_malformed(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    Markdown that does not render as its author meant: a code fence that is never closed (so the
    rest of the document is read as code), a heading with no text.

    Why it matters:
    Everything after an unclosed fence disappears from the rendered page and from tracer's view.

    Example:
    A ```sql block without its closing ```.

    How to fix:
    Close the fence; give the heading a title or remove it.
    """
    yield from _problems(ctx, "TR010")


def spec_empty(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A live spec (active or done) from which tracer read nothing it can check: no files, tables or endpoints,
    no covered stories, and no task documents under it that declare any. The finding says what tracer looked for and the shapes it saw instead.

    Why it matters:
    A clean report on a spec tracer could not read is not a clean spec: whatever drifted in it stays unseen.

    Example:
    A done spec whose only file list is a prose paragraph with paths in backticks.

    How to fix:
    Put the paths under a Files heading or label (`### Files to Modify`, `**Files to Create:**`), as a table
    or a list, or in checkbox tasks; or accept that tracer only links the document.
    """
    for doc in ctx.specs:
        if doc.status_class not in (StatusClass.ACTIVE, StatusClass.DONE) or any(not c.implied for c in doc.covers) \
                or ctx.res.artifacts_of(doc.path) or any(ctx.res.artifacts_of(c.path) for c in ctx.children[doc.path]):
            continue  # a CCPM epic or a Kiro design whose tasks declare the files is not unread
        seen = f"; it saw {'; '.join(doc.hints)}" if doc.hints else ""
        yield Draft(doc.path, doc.title_line, "declarations",
                    "nothing to check was read from this spec (looked for Files sections and tables, checkbox tasks "
                    f"naming paths, project trees, code_paths, ```sql blocks, METHOD /path endpoints, covered stories){seen}")


def prd_empty(ctx: Context) -> Iterator[Draft]:
    """What it finds:
    A live PRD (active or done) in which tracer found no story or requirement.

    Why it matters:
    Its coverage cannot be measured: every report shows it as empty, and no spec can be linked to a story of it.

    Example:
    A PRD whose stories are paragraphs that start with "As a user" but carry no ID or heading.

    How to fix:
    Give each story a heading with an ID under `## User Stories` (`### US-001: ...`), or requirement bullets
    (`- **FR-1:** ...`).
    """
    for doc in ctx.project.documents:
        if doc.kind == DocKind.PRD and doc.status_class in (StatusClass.ACTIVE, StatusClass.DONE) \
                and not ctx.res.stories_of(doc.path):
            yield Draft(doc.path, doc.title_line, "stories",
                        "no story or requirement was read from this PRD (looked for `### US-001:` headings under User "
                        "Stories, FR/NFR bullets, and the story headings of its format)")
