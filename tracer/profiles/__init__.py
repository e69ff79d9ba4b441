"""Document formats as data: which files are which kind of document, and which of their blocks mean what.

A profile is a tuple of ``DocRule``s. Every document is read by the same pipeline (``scanner/documents.py``):
its frontmatter and Markdown blocks are parsed once, the first rule that claims it (by path glob and/or its
declared ``type``) says what its blocks mean, and one extractor (``scanner/extract.py``) turns them into the
model. tracer's own template is the ``default`` profile, a profile like the others. Profiles are detected
from the repository's shape (``scanner.choose_profiles``) and can be forced with ``--profile`` or
``profile = [...]``. See docs/profiles.md for how to add one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tracer.globs import glob_escape, glob_match
from tracer.model import DocKind


@dataclass(frozen=True, slots=True)
class IdPattern:
    """Defines stories or requirements: a regex over the text of a heading, list item or paragraph line, or a
    table row (its first two cells, read as "<first>: <second>").

    The regex's ``id`` group is the ID (``n`` alone is formatted with ``id_format``); ``title`` is optional.
    """

    where: str  # "heading", "item", "para" or "row"
    regex: str
    kind: str = "story"  # or "requirement"
    level: int = 0  # for headings: 0 = any level
    id_format: str = "{id}"  # e.g. "US-{n:03d}"; {id} is the ID as written
    under: str = ""  # "story": numbered items under the current story get "<story>.<n>" (Kiro criteria)
    section: str = ""  # only under an H2 whose title contains this text (lower case)
    derive: bool = False  # a match without an ID still makes a story, with an ID derived from its position
    numbered: bool = False  # items: only a top-level ordered list's, its number the ``n`` ("2. As a user, ...")


@dataclass(frozen=True, slots=True)
class LinkPattern:
    """Lines (items or paragraphs) that list covered IDs: the ``ids`` group is parsed as an ID list."""

    regex: str
    style: str = "ids"  # "ids" (US-001, FR1, ranges), "numeric" (Kiro 4.1, 9.1-9.7), "number" (formatted)
    id_format: str = "{n}"  # with style "number": how a bare number becomes an ID ("US-{n:03d}")
    all_word: str = ""  # a word meaning "every requirement of the parent" (Kiro "All")


@dataclass(frozen=True, slots=True)
class DocRule:
    """Which documents are of one kind, and how to read their identity, links, status and declarations.

    A rule claims a document when its ``glob`` matches the path (or is empty) and its ``types`` contain the
    document's declared type word (or are empty); a rule with neither claims nothing.
    """

    kind: DocKind
    glob: str = ""
    types: tuple[str, ...] = ()  # frontmatter type words (`type:`, `doc_type:`), normalised with hyphens
    id_from: str = "frontmatter"  # "frontmatter" (`id:`, else the file name), "file", "folder"
    namespace: bool = False  # prefix story IDs with the folder name (IDs restart per feature folder)
    # where the parent is named, strongest first: "frontmatter:<key>", "label:<bold label>",
    # "sibling:<file>" (the file beside it), "path:<template>" ({folder} = the document's folder)
    parents: tuple[str, ...] = ()
    status: tuple[str, ...] = ("frontmatter",)  # sources in order: "frontmatter", "line", "checkboxes"
    status_default: str = ""
    stories: tuple[IdPattern, ...] = ()
    covers: tuple[LinkPattern, ...] = ()
    cover_keys: tuple[str, ...] = ()  # frontmatter keys listing the story IDs the document covers (``stories:``)
    covers_parent: bool = False  # the document implements its parent PRD as a whole (a CCPM epic): covers it all
    covers_from_name: str = ""  # regex over the file name; its groups joined with "." name the story it implements
    refs: tuple[LinkPattern, ...] = ()  # lines after a story that list the requirements it traces to
    labels: tuple[tuple[str, str], ...] = ()  # bold label (lower case) -> "covers"
    file_lists: bool = True  # Files sections: tables and lists under "Files to Create", "File List", ... ; renames
    item_paths: str = "backticks"  # paths in checkbox tasks: "backticks", "prose" (also bare a/b.ext), "" (none)
    trees: bool = True  # project trees in fenced blocks
    status_from: str = ""  # "sibling:<file>": with no status of its own, the document takes that file's
    sql: bool = True  # read ```sql blocks
    endpoints: bool = False  # read endpoints: `**METHOD /path**`, backticks, tasks, ```http, Method/Path tables
    sections: tuple[str, ...] = ()  # template sections the document must have (TR006); empty = not checked
    counts: bool = False  # count open questions and Testing Strategy checkboxes (spec quality)
    keys: tuple[str, ...] = ()  # frontmatter keys whose presence claims the document (``code_paths``)
    exclude: tuple[str, ...] = ()  # globs of paths the rule never claims (a story's `.review.md` beside it)

    def claims(self, path: str, type_word: str, meta_keys=frozenset()) -> bool:
        """Whether this rule reads the document at ``path`` that declares ``type_word`` ("" = none)."""
        if not self.glob and not self.types and not self.keys:
            return False
        if self.types and type_word not in self.types:
            return False
        if self.keys and not any(k in meta_keys for k in self.keys):
            return False
        if any(glob_match(path, g) for g in self.exclude):
            return False
        return not self.glob or glob_match(path, self.glob)


@dataclass(frozen=True, slots=True)
class Profile:
    """A document format: its rules and how to recognise a repository that uses it."""

    name: str
    detect: tuple[str, ...]  # globs; any match means the repository uses this format
    rules: tuple[DocRule, ...] = ()
    status_files: tuple[str, ...] = ()  # side files holding statuses (BMAD sprint-status.yaml)
    # rules for the folder a status file names (BMAD's ``story_location:``); ``{location}`` in their globs
    located: tuple[DocRule, ...] = ()

    def at(self, locations: tuple[str, ...]) -> "Profile":
        """This profile with its ``located`` rules instantiated for each folder its status files name."""
        if not self.located or not locations:
            return self
        extra = tuple(replace(r, glob=r.glob.replace("{location}", glob_escape(loc))) for loc in locations for r in self.located)
        return replace(self, rules=self.rules + extra)


def registry() -> dict[str, Profile]:
    """Every profile tracer knows, by name (imported lazily so each format lives in its own module)."""
    from tracer.profiles import bmad, ccpm, default, kiro, speckit

    return {p.name: p for p in (default.PROFILE, speckit.PROFILE, bmad.PROFILE, kiro.PROFILE, ccpm.PROFILE)}
