"""The immutable data model every later stage reads: documents, their parts, and the repository side.

Pure data, no third-party imports. Every element that comes from a file knows its path and line,
so any finding can point at the place that needs fixing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

__all__ = [
    "DocKind", "StatusClass", "Intent", "Problem", "Ref", "Story", "Coverage", "DeclaredFile",
    "Column", "SqlStatement", "EndpointDecl", "Section", "Placeholder", "Suppression",
    "Document", "Route", "Mount", "CodeFile", "Migration", "SchemaColumn", "SchemaTable", "SchemaIndex",
    "Schema", "GitInfo", "StatusRecord", "Crash", "Project", "types_agree",
]

_frozen = dict(frozen=True, slots=True, kw_only=True)


class DocKind(str, Enum):
    """What a document is: the kind decides which parts of it are read."""

    PRD = "prd"
    SPEC = "tech-spec"
    BUG = "bug"
    STORY = "user-story"  # a document that is one user story of a PRD
    UNKNOWN = "unknown"  # it declares a type tracer does not know (TR003 says so)
    OTHER = "other"  # no known family claims it (a README, a guide, an ADR): inventoried, never checked


class StatusClass(str, Enum):
    """The four lifecycle classes every team's status words map onto (plus unknown)."""

    PLANNED = "planned"
    ACTIVE = "active"
    DONE = "done"
    RETIRED = "retired"
    UNKNOWN = "unknown"


class Intent(str, Enum):
    """What a document promises to do with a path."""

    CREATE = "create"  # the path is new: missing is fine until the work is done
    MODIFY = "modify"  # the path exists already and is changed (or just named as existing code)
    EITHER = "either"  # "new or update": it must exist once the work is done, either way
    DELETE = "delete"  # "Remove X": it must be gone once the work is done
    RENAME = "rename"  # "Move A to B": the new path (``path``) must exist and the old one must be gone once done


@dataclass(**_frozen)
class Problem:
    """Something in a scanned file that could not be read as intended; becomes a finding later."""

    code: str  # the rule code that reports it, e.g. "TR001"
    path: str
    line: int
    message: str
    subject: str = ""


@dataclass(**_frozen)
class Ref:
    """A reference to a parent document, with where it was written and how it was found.

    ``implicit`` references come from the format's layout (a spec-kit ``tasks.md`` belongs to the ``spec.md``
    beside it), not from anything the author wrote: when they lead nowhere the document is an orphan,
    not a dangling link.
    """

    raw: str
    line: int
    via: str = ""  # "frontmatter parent", "Parent PRD line", "sibling", ...
    implicit: bool = False


@dataclass(**_frozen)
class Story:
    """A user story (or requirement) defined by a PRD."""

    id: str  # normalised, e.g. "US-001"
    raw_id: str  # as written, "" when derived
    title: str
    path: str
    line: int
    derived: bool = False  # heading had no ID; ID made from the PRD and the position
    kind: str = "story"  # "story", or "requirement" (FR/NFR/SC, Kiro acceptance criteria)
    refs: tuple[str, ...] = ()  # requirement IDs the story traces to (BMAD "**FRs:** FR1, FR2")
    parent: str = ""  # the story a criterion belongs to (Kiro "1.2" belongs to "1")


@dataclass(**_frozen)
class Coverage:
    """A story ID a spec claims to cover."""

    story_id: str
    raw: str
    line: int
    implied: bool = False  # not written: the format says the document covers its parent (a CCPM epic)


@dataclass(**_frozen)
class DeclaredFile:
    """A path a document declares: a Files table or list, a task, a frontmatter list, a project tree.

    ``done`` is the checkbox of the task item it was written in (None outside a checkbox), so completion is
    judged per item; ``stories`` are the story IDs that same item cites.
    """

    path: str  # normalised repo-relative POSIX path, or the cleaned raw text when unsafe
    raw: str
    intent: Intent
    line: int
    unsafe: str = ""  # why the path cannot be followed ("absolute", "escapes the repository", ...)
    shape: str = "table"  # how it was written: table, list, task, record (a list of finished work), frontmatter, tree, rename
    done: bool | None = None
    stories: tuple[str, ...] = ()
    old_path: str = ""  # for a rename or move: the path it replaces
    base: str = ""  # the folder a relative path was written under ("Package: `internal/x/`"), "" = the root
    pattern: bool = False  # a template or glob (`src/{Domain}/`, `*.md`): matches files, names none


@dataclass(**_frozen)
class Column:
    """A column with its normalised type."""

    name: str
    type: str
    line: int


def types_agree(a: str, b: str) -> bool:
    """Whether two normalised column types (``Column.type``) are the same; a type written without a length or precision
    (``VARCHAR``, an ORM's ``String``) agrees with any length of the same type."""
    if not a or not b or a == b:
        return True
    base_a, _, rest_a = a.partition("(")
    base_b, _, rest_b = b.partition("(")
    return base_a == base_b and (not rest_a or not rest_b)


@dataclass(**_frozen)
class SqlStatement:
    """One SQL statement, from a document block or a migration file.

    ``action`` is one of create_table, alter_table, drop_table, rename_table, create_index,
    drop_index, other, unparsable. ``details`` carries the action's parts as data for the replay.
    """

    path: str
    line: int
    text: str  # the statement's SQL when it did not parse (for the finding); "" otherwise, to keep caches small
    action: str
    end_line: int = 0  # the statement's last line
    table: str = ""
    columns: tuple[Column, ...] = ()
    index: str = ""
    index_columns: tuple[str, ...] = ()
    alters: tuple[tuple[str, str, str], ...] = ()  # (op, column, arg): add/drop/type/rename
    drops: tuple[str, ...] = ()
    new_name: str = ""
    migration: str = ""  # the "-- Migration: <name>" label in force
    error: str = ""
    ignores: tuple[str, ...] = ()  # rule codes from "-- tracer: ignore TR302"
    keys: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a CREATE TABLE's primary key and unique constraints
    digest: str = ""  # of the statement's text, when it was parsed: the next parse of its file reuses the reduction


@dataclass(**_frozen)
class EndpointDecl:
    """An endpoint a spec declares (API Changes, a task, an http block, a Method/Path table)."""

    method: str
    path: str  # normalised: parameters as {}
    raw: str
    line: int
    done: bool | None = None  # the checkbox of the task it was written in


@dataclass(**_frozen)
class Section:
    """A heading of a document."""

    title: str
    level: int
    line: int
    na: bool = False  # the section is marked **N/A**
    na_reason: str = ""


@dataclass(**_frozen)
class Placeholder:
    """An unfilled template placeholder such as ``{{date}}``."""

    text: str
    line: int


@dataclass(**_frozen)
class Suppression:
    """An inline ``tracer: ignore`` marker: the codes it names and the line it covers."""

    codes: tuple[str, ...]
    line: int  # the line it was written on
    target_line: int  # first line whose findings it suppresses; 0 = the whole document
    end_line: int = 0  # last line it covers (the end of the block it stands before)


@dataclass(**_frozen)
class Document:
    """A scanned Markdown document with everything the rules, impact and reports need."""

    path: str
    kind: DocKind
    id: str
    declared_type: str = ""  # the type word as written (for messages when it is not known)
    title: str = ""
    title_line: int = 1
    status: str = ""
    status_line: int = 0
    status_class: StatusClass = StatusClass.UNKNOWN
    status_source: str = ""  # where the status was read: frontmatter, line, section, checkboxes, default
    meta: tuple[tuple[str, str], ...] = ()  # frontmatter as (key, text) pairs
    meta_lines: tuple[tuple[str, int], ...] = ()
    frontmatter_ok: bool = True
    parents: tuple[Ref, ...] = ()  # every written or implicit parent reference, strongest first
    expects_parent: bool = False  # its format gives it a parent (a spec with none is an orphan, TR103)
    expected_sections: tuple[str, ...] = ()  # the template sections its family requires (TR006)
    stories: tuple[Story, ...] = ()
    covers: tuple[Coverage, ...] = ()
    sections: tuple[Section, ...] = ()
    sql: tuple[SqlStatement, ...] = ()
    files: tuple[DeclaredFile, ...] = ()
    endpoints: tuple[EndpointDecl, ...] = ()
    placeholders: tuple[Placeholder, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    open_questions: int = 0  # unchecked boxes under Open Questions
    items_done: int = 0  # checkbox items under task-like sections (Tasks, Implementation, ...) checked
    items_total: int = 0
    hints: tuple[str, ...] = ()  # shapes tracer saw but does not read as declarations ("a ### Files heading ...")
    tests_done: int = 0
    tests_total: int = 0
    problems: tuple[Problem, ...] = ()
    profile: str = "default"  # the document format it was read with

    def meta_value(self, key: str) -> str:
        """The frontmatter value for ``key`` as text, or ""."""
        for k, v in self.meta:
            if k == key:
                return v
        return ""

    def missing_sections(self) -> tuple[str, ...]:
        """The expected template sections that the document has no H2 heading for."""
        present = {s.title.strip().lower() for s in self.sections if s.level == 2}
        return tuple(name for name in self.expected_sections if name.lower() not in present)

    def meta_line(self, key: str) -> int:
        """The line a frontmatter key was written on, or 1."""
        for k, n in self.meta_lines:
            if k == key:
                return n
        return 1


@dataclass(**_frozen)
class Route:
    """An HTTP route served by code (the file is the CodeFile that holds it)."""

    method: str
    path: str  # normalised like EndpointDecl.path
    raw: str
    line: int
    framework: str


@dataclass(**_frozen)
class Mount:
    """A router mounted under a prefix by another file: ``app.use('/api', router)``, ``include_router(r, prefix=...)``.

    ``target`` is the import specifier of the module that defines the router, as this file imports it.
    """

    prefix: str
    target: str
    line: int


@dataclass(**_frozen)
class CodeFile:
    """A code file of the repository, with the routes it serves, the routers it mounts and the modules it imports."""

    path: str
    language: str
    routes: tuple[Route, ...] = ()
    imports: tuple[str, ...] = ()  # import specifiers as written; the resolution stage turns them into paths
    mounts: tuple[Mount, ...] = ()
    # the schema this file defines: ORM models (the current state) or ORM migrations (steps, replayed in order)
    schema: tuple[SqlStatement, ...] = ()
    schema_source: str = ""  # sqlalchemy, sqlmodel, django, prisma, drizzle; alembic, django-migrations
    revision: str = ""  # a migration's own ID (Alembic revision, Django "<app>.<name>")
    revises: tuple[str, ...] = ()  # the migrations it comes after
    error: str = ""  # why the file could not be parsed (its routes, imports and schema are then unknown)

    @property
    def is_migration(self) -> bool:
        return self.schema_source in ("alembic", "django-migrations")


@dataclass(**_frozen)
class Migration:
    """A migration file (SQL, or an ORM's migration read statically) and its statements in order."""

    path: str
    statements: tuple[SqlStatement, ...] = ()
    source: str = "sql"  # sql, alembic, django-migrations


@dataclass(**_frozen)
class SchemaColumn:
    """A column of the migrated schema and the statement that last shaped it."""

    name: str
    type: str
    path: str
    line: int


@dataclass(**_frozen)
class SchemaTable:
    """A table of the migrated schema."""

    name: str
    columns: tuple[SchemaColumn, ...]
    path: str  # the migration that created it
    line: int

    def column(self, name: str) -> SchemaColumn | None:
        """The column called ``name``, if the table has it."""
        for c in self.columns:
            if c.name == name:
                return c
        return None


@dataclass(**_frozen)
class SchemaIndex:
    """An index of the migrated schema."""

    name: str
    table: str
    columns: tuple[str, ...]
    path: str
    line: int


@dataclass(**_frozen)
class Schema:
    """The repository's schema, read statically (no database): the migrations replayed in order, and the
    tables only ORM models define (Prisma, Drizzle, SQLAlchemy, Django) added to them. ``sources`` names what
    was read; ``models`` is the schema the models alone define, to compare with the migrations."""

    tables: tuple[SchemaTable, ...] = ()
    indexes: tuple[SchemaIndex, ...] = ()
    sources: tuple[str, ...] = ()  # "sql migrations", "alembic", "drizzle", ...
    models: tuple[SchemaTable, ...] = ()
    model_indexes: tuple[SchemaIndex, ...] = ()

    def table(self, name: str) -> SchemaTable | None:
        """The table called ``name``, if the migrations create it."""
        for t in self.tables:
            if t.name == name:
                return t
        return None


@dataclass(**_frozen)
class GitInfo:
    """What the scanner learnt about the repository's git checkout."""

    is_repo: bool = False
    shallow: bool = False
    head: str = ""
    prefix: str = ""  # the scanned folder relative to the git top level ("services/api/"; "" at the top)


@dataclass(**_frozen)
class StatusRecord:
    """A status kept outside the document it belongs to (BMAD's sprint-status.yaml)."""

    key: str
    status: str
    path: str
    line: int


@dataclass(**_frozen)
class Crash:
    """A parser or rule of tracer's that failed: never a finding about the repository, always reported."""

    where: str  # "parser" or "rule"
    name: str  # the file being parsed, or the rule code
    message: str


@dataclass(**_frozen)
class Project:
    """Everything scanned from one repository: the single input of the graph and the rules."""

    root: str
    documents: tuple[Document, ...] = ()
    code_files: tuple[CodeFile, ...] = ()
    migrations: tuple[Migration, ...] = ()
    schema: Schema = field(default_factory=Schema)
    problems: tuple[Problem, ...] = ()  # problems not tied to one document (config, unreadable files)
    git: GitInfo = field(default_factory=GitInfo)
    all_files: tuple[str, ...] = ()  # every repository file seen, repo-relative
    links: frozenset[str] = frozenset()  # those of them that are symbolic links
    submodules: frozenset[str] = frozenset()  # folders git holds another repository at (their files are not listed)
    profiles: tuple[str, ...] = ("default",)  # document formats read
    side_statuses: tuple[StatusRecord, ...] = ()
    crashes: tuple[Crash, ...] = ()  # parsers that failed on a file (the document is still listed)
    # how code names other code: Go modules (folder, module path), TypeScript path aliases (pattern, targets)
    go_modules: tuple[tuple[str, str], ...] = ()
    ts_paths: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # declared paths that are missing because git history renamed them: (old path, new path, short commit)
    renames: tuple[tuple[str, str, str], ...] = ()
    renames_unasked: int = 0  # missing declared paths git history was not searched for (more than a run looks up)
    unread_history: tuple[str, ...] = ()  # what git history could not tell in full this run ("renamed paths")

    def all_problems(self) -> tuple[Problem, ...]:
        """Problems of the project and of every document."""
        out = list(self.problems)
        for d in self.documents:
            out.extend(d.problems)
        return tuple(out)
