"""Document formats as data: which files are which document kind, and where IDs, links and statuses come from.

A profile is a tuple of ``DocRule``s. The scanner reads a document matched by a rule with the generic
rule-driven parser (``scanner/profiled.py``); documents no rule matches are read with the default template
parser. Profiles are detected from the repository's shape (``scanner.detect``) and can be forced with ``--profile``
or ``profile = [...]`` in the configuration. See docs/profiles.md for how to add one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracer.model import DocKind


@dataclass(frozen=True, slots=True)
class IdPattern:
    """Defines stories or requirements: a regex over heading, list item or paragraph text.

    The regex's ``id`` group is the ID (``n`` alone is formatted with ``id_format``); ``title`` is optional.
    """

    where: str  # "heading", "item" or "para"
    regex: str
    kind: str = "story"  # or "requirement"
    level: int = 0  # for headings: 0 = any level
    id_format: str = "{id}"  # e.g. "US-{n:03d}"; {id} is the ID as written
    under: str = ""  # "story": numbered items under the current story get "<story>.<n>" (Kiro criteria)


@dataclass(frozen=True, slots=True)
class LinkPattern:
    """Lines (items or paragraphs) that list covered IDs: the ``ids`` group is parsed as an ID list."""

    regex: str
    style: str = "ids"  # "ids" (US-001, FR1, ranges), "numeric" (Kiro 4.1, 9.1-9.7), "number" (formatted)
    id_format: str = "{n}"  # with style "number": how a bare number becomes an ID ("US-{n:03d}")
    all_word: str = ""  # a word meaning "every requirement of the parent" (Kiro "All")


@dataclass(frozen=True, slots=True)
class FilePattern:
    """Declared files inside items or bullets: ``path`` group, ``create`` when a create verb or note is present."""

    regex: str
    section: str = ""  # only under a heading containing this text ("" = anywhere)
    create_words: tuple[str, ...] = ("create", "add", "new file", "(new)")


@dataclass(frozen=True, slots=True)
class DocRule:
    """Which files are which kind of document, and how to read their identity, links and status."""

    glob: str
    kind: DocKind
    id_from: str = "file"  # "file" (name without .md), "folder" (the parent folder's name), "frontmatter"
    namespace: bool = False  # prefix story IDs with the folder name (IDs restart per feature folder)
    parent: str = ""  # "sibling:<file>" (co-located), "frontmatter:<key>" (a path), "none"
    status: str = "frontmatter"  # "frontmatter", "line" (a 'Status: x' line), "checkboxes"
    status_default: str = ""
    stories: tuple[IdPattern, ...] = ()
    covers: tuple[LinkPattern, ...] = ()
    covers_from_name: str = ""  # regex over the file name; its groups joined with "." name the story it implements
    refs: tuple[LinkPattern, ...] = ()  # lines after a story that list the requirements it traces to
    files: tuple[FilePattern, ...] = ()
    tables: bool = True  # read "Files to Create / Modify" tables as in the default template
    sql: bool = True  # read ```sql blocks


@dataclass(frozen=True, slots=True)
class Profile:
    """A document format: its rules, how to recognise a repository that uses it, and its template sections."""

    name: str
    detect: tuple[str, ...]  # globs; any match means the repository uses this format
    rules: tuple[DocRule, ...] = ()
    sections: tuple[str, ...] = ()  # template sections a spec must have (TR006), empty = not checked
    status_files: tuple[str, ...] = ()  # side files holding statuses (BMAD sprint-status.yaml)
    doc_globs: tuple[str, ...] = field(default=())  # extra document globs for the inventory


def registry() -> dict[str, Profile]:
    """Every profile tracer knows, by name (imported lazily so each format lives in its own module)."""
    from tracer.profiles import bmad, ccpm, default, kiro, speckit

    return {p.name: p for p in (default.PROFILE, speckit.PROFILE, bmad.PROFILE, kiro.PROFILE, ccpm.PROFILE)}
