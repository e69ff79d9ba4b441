"""Resolved links: every reference the documents and the code make, resolved once, with its reason and line.

The resolution stage (``tracer/resolve/``) builds one ``Resolution`` per run; the graph, the rules, coverage,
impact and the inventory all read it, so "what covers this story?" or "which PRD is this spec's parent?"
has exactly one answer. Pure data: no third-party imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracer.model import Ref, StatusClass

_frozen = dict(frozen=True, slots=True, kw_only=True)

StoryKey = tuple[str, str]  # (path of the PRD that defines it, story ID)


@dataclass(**_frozen)
class ParentLink:
    """One parent reference of a document and where it led."""

    source: str  # the document holding the reference
    ref: Ref
    target: str = ""  # path of the document it names; "" when unresolved or ambiguous
    prd: str = ""  # the PRD reached through the target (the target itself when it is a PRD)
    reason: str = ""  # why it did not resolve
    candidates: tuple[str, ...] = ()  # when ambiguous: the documents it could mean

    @property
    def state(self) -> str:
        """resolved, ambiguous or unresolved."""
        return "resolved" if self.target else "ambiguous" if self.candidates else "unresolved"


@dataclass(**_frozen)
class CoverLink:
    """A story or requirement ID a document says it covers, and the stories it reaches."""

    source: str
    line: int
    raw: str
    story_id: str  # normalised; ends with "*" for "All" (every story of the parent)
    targets: tuple[StoryKey, ...] = ()
    reason: str = ""  # "" when the parent PRD defines it; else why not ("no PRD defines it", ...)
    live: bool = True


@dataclass(**_frozen)
class Covering:
    """Evidence that a live spec covers a story: directly, or through a criterion or a traced story."""

    spec: str
    line: int
    via: str = ""  # "" = directly; "criterion 1.2"; "story 1.2"


@dataclass(**_frozen)
class TraceLink:
    """A story that traces to a requirement (BMAD ``**FRs:** FR1``)."""

    source: StoryKey
    target: StoryKey
    line: int


@dataclass(**_frozen)
class Artifact:
    """A file, table or endpoint a document declares, and whether the repository has it."""

    source: str  # the declaring document
    kind: str  # "file", "table" or "endpoint"
    name: str  # repository path, table name, or "METHOD /path" (parameters as {})
    line: int
    intent: str  # files: create, modify, either, delete, rename; tables: create, alter; endpoints: declare
    present: bool
    status_class: StatusClass
    raw: str = ""
    unsafe: str = ""  # why a path is never followed ("is absolute", ...)
    done: bool | None = None  # the checkbox of the task it was written in (None: not in a task)
    shape: str = ""  # how it was written: table, list, task, record, frontmatter, tree, rename
    found_at: str = ""  # where the repository has it when that differs from ``name`` (a relative or suffix path)
    ambiguous: bool = False  # present only as the end of several paths: which one it means is unknown
    candidates: tuple[str, ...] = ()  # when missing: paths it may mean ("did you mean")
    old_path: str = ""  # a rename's old path; ``old_present`` says whether it is still there
    old_present: bool = False
    pattern: bool = False  # a template or glob: ``present`` means something matches it
    ignored: str = ""  # when missing: the .gitignore rule that keeps it out of the repository ("file:line:pattern")
    stories: tuple[str, ...] = ()  # the stories the task that declares it cites
    renamed_to: str = ""  # when missing: where git history moved it ("renamed_in" the commit)
    renamed_in: str = ""

    @property
    def live(self) -> bool:
        """Whether the declaring document is not retired (retired documents are history)."""
        return self.status_class != StatusClass.RETIRED


@dataclass(**_frozen)
class Resolution:
    """Every resolved link of one project."""

    parents: dict[str, tuple[ParentLink, ...]] = field(default_factory=dict)  # document path -> its references
    prd_of: dict[str, str] = field(default_factory=dict)  # document path -> the PRD it belongs to ("" none)
    stories: dict[StoryKey, object] = field(default_factory=dict)  # key -> Story
    story_owners: dict[str, tuple[str, ...]] = field(default_factory=dict)  # story ID -> PRD paths defining it
    covers: tuple[CoverLink, ...] = ()
    covering: dict[StoryKey, tuple[Covering, ...]] = field(default_factory=dict)  # live evidence only
    traces: tuple[TraceLink, ...] = ()
    artifacts: dict[str, tuple[Artifact, ...]] = field(default_factory=dict)  # document path -> what it declares
    imports: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code path -> repository files it imports
    served: frozenset[tuple[str, str]] = frozenset()  # (METHOD or ANY, path) served by routes in the code
    by_prd: dict[str, tuple] = field(default_factory=dict)  # PRD path -> its stories in order (see stories_of)
    # paths whose existence the listing could not answer (a link's target, a folder a walk skips), asked of
    # the file system, with the answers: a reused result is valid only while they still hold
    probed: tuple[tuple[str, bool], ...] = ()

    def __post_init__(self) -> None:
        if self.stories and not self.by_prd:
            index: dict[str, list] = {}
            for (owner, _), s in self.stories.items():
                index.setdefault(owner, []).append(s)
            object.__setattr__(self, "by_prd", {k: tuple(v) for k, v in index.items()})

    def stories_of(self, prd: str) -> list:
        """The stories and requirements a PRD owns (its own and those of its story documents), in order."""
        return list(self.by_prd.get(prd, ()))

    def covering_specs(self, key: StoryKey) -> tuple[str, ...]:
        """The live specs covering a story, sorted (empty when it is uncovered)."""
        return tuple(sorted({c.spec for c in self.covering.get(key, ())}))

    def serves(self, method: str, path: str) -> bool:
        """Whether some route serves ``method path`` (a route that answers every method serves each)."""
        return (method, path) in self.served or ("ANY", path) in self.served

    def artifacts_of(self, source: str) -> tuple[Artifact, ...]:
        """What one document declares, in document order."""
        return self.artifacts.get(source, ())

    def every_artifact(self):
        """Every declared artifact, document by document."""
        for items in self.artifacts.values():
            yield from items
