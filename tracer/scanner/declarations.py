"""The paths a document declares, in every shape teams write them: Files sections (tables and lists, under a
heading or a bold label), checkbox tasks, project trees in fenced blocks, frontmatter lists (``code_paths``),
and renames (`` `old` → `new` ``, "Move `a` to `b`").

Each function reads one shape and returns ``DeclaredFile``s with the line they were written on. What a path
means (create, modify, new-or-update, delete, rename) comes from the words around it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator

from tracer.model import DeclaredFile, Intent
from tracer.scanner.paths import normalise_declared, without_lines
from tracer.scanner.routes import METHODS

# -- what a path looks like ------------------------------------------------------------------------
EXTENSIONS = frozenset("""
py pyi ts tsx js jsx mjs cjs go rs java kt kts cs csproj fs vb sln rb php swift scala c h cc cpp hpp m mm sql prisma
md mdx json jsonc yaml yml toml ini cfg conf env sh bash zsh ps1 bat html htm css scss sass less vue svelte astro xml
txt lock gradle proto graphql gql dart ex exs erl tf hcl mod sum ipynb csv tsv png jpg jpeg gif svg ico webp pdf
mmd puml dockerfile lua r jl pl pm tpl tmpl j2 jinja hbs ejs njk rst adoc cmake make mk bazel bzl nix
""".split())
_SEGMENT = r"[\w@.()\[\]{}$+~,*<>=-]++"
_PATHISH = re.compile(rf"^(?:\./)?{_SEGMENT}(?:/{_SEGMENT})*+/?$")
# {Domain}, <feature>, *, [id].ext, obj/.../generated, XXXX_name.sql
# a run standing for a migration's number or timestamp at the start of a name: XXXX_, NNN-, YYYYMMDDHHMMSS_
_NUMBER_RUN = r"(?:X{3,}|N{3,}|Y{4}(?:[-_]?(?:MM|DD|HH|SS))*+)"
_TEMPLATE = re.compile(r"\{[A-Za-z_][\w-]*\}|<[A-Za-z_][\w-]*>|\*|\[[A-Za-z_]+\]\.\w+$|(?:^|/)(?:\.\.\.|…)(?:/|$)|"
                       rf"(?:^|/){_NUMBER_RUN}[_-]")
_RUN_IN_NAME = re.compile(rf"(?:^|(?<=/)){_NUMBER_RUN}(?=[_-])")
_PLACEHOLDER = re.compile(r"\{[^{}/]*+\}|<[^<>/]*+>")
_BACKTICKS = re.compile(r"`([^`\n]{1,300})`")
_ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*+=")  # an environment variable set: NAME=value
# a bare path in prose: at least one folder and a file extension (src/app/models.py), not inside a URL
# (folders possessive, the name lazy up to its extension: a sentence's full stop is not part of it)
_PROSE_PATH = re.compile(r"(?<![\w/:.@`()\[\]{}-])((?:\./)?(?:[\w@.()\[\]{}-]++/)++[\w@.()\[\]{}-]+?\.[A-Za-z0-9]{1,10})"
                         r"(?![\w/]|\.\w)")


# configuration files known by their whole name (a bare `.env.example` in a task is a file, `.venv` is not)
_DOTFILE = re.compile(r"^\.(?:env(?:\.[\w-]++)?|gitignore|gitattributes|dockerignore|editorconfig|npmrc|nvmrc|"
                      r"node-version|python-version|tool-versions|prettierrc(?:\.\w++)?|eslintrc(?:\.\w++)?|"
                      r"babelrc|stylelintrc(?:\.\w++)?|pre-commit-config\.ya?ml)$")


def extension(token: str) -> str:
    name = token.rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[1].lower() if "." in name.strip(".") else ""


def looks_like_path(token: str, *, bare: bool = False) -> bool:
    """Whether one token is a repository path: folders and a name, or (``bare``) a file name with a known extension."""
    token = token.strip()
    if not token or len(token) > 300 or "://" in token or token.startswith(("-", "@types", "$", "~")):
        return False
    if _ASSIGNMENT.match(token):
        return False  # "`MODEL_NAME=org/model-v3`": a setting's value, not a path
    if not _PATHISH.match(token) or token.count("(") != token.count(")"):
        return False
    if "/" in token.rstrip("/"):
        last = token.rstrip("/").rsplit("/", 1)[-1]
        return token.endswith("/") or extension(token) in EXTENSIONS or "." not in last and last[:1].isupper()
    return bare and extension(token) in EXTENSIONS and not token.startswith(".") or token in ("Makefile", "Dockerfile") \
        or bool(_DOTFILE.match(token))


def is_pattern(path: str) -> bool:
    """A template or glob (``src/App.{Domain}/``, ``<feature>/``, ``*.md``): it stands for files, it names none."""
    return bool(_TEMPLATE.search(path))


def as_glob(pattern: str) -> str:
    """The glob a template stands for: each placeholder (``{Domain}``, ``<feature>``, a migration's ``XXXX`` or
    ``YYYYMMDDHHMMSS``) matches within one segment."""
    return _RUN_IN_NAME.sub("*", _PLACEHOLDER.sub("*", pattern.rstrip("/")))


# -- intent from the words around a path ------------------------------------------------------------
_VERBS = (
    (Intent.EITHER, r"create or (?:update|modify|extend)|add or (?:update|modify)|update or create"),
    (Intent.CREATE, r"create[ds]?|add(?:s|ed)?|new|write|scaffold(?:ed)?|generate[ds]?|introduce[ds]?"),
    (Intent.MODIFY, r"update[ds]?|modif(?:y|ied|ies)|extend(?:s|ed)?|fix(?:es|ed)?|edit(?:s|ed)?|refactor(?:s|ed)?|"
                    r"change[ds]?|adjust(?:s|ed)?|patch(?:es|ed)?|integrate[ds]?|enhance[ds]?|rewrite|replace[ds]?"),
    (Intent.DELETE, r"remove[ds]?|delete[ds]?"),
)
_VERB = re.compile(r"\b(?:" + "|".join(f"(?P<v{i}>{rx})" for i, (_, rx) in enumerate(_VERBS)) + r")\b", re.I)
_NOTE = re.compile(r"^\s*+(?:[-–—:]\s*+|\(\s*+)?(?P<word>new or update|new or existing|new file|new|created|create|"
                   r"added|modified|updated|changed|edited|deleted|removed|renamed|moved|existing|exists)\b", re.I)
_NOTE_INTENT = {"new": Intent.CREATE, "new file": Intent.CREATE, "created": Intent.CREATE, "create": Intent.CREATE,
                "added": Intent.CREATE, "modified": Intent.MODIFY, "updated": Intent.MODIFY, "changed": Intent.MODIFY,
                "edited": Intent.MODIFY, "existing": Intent.MODIFY, "exists": Intent.MODIFY,
                "deleted": Intent.DELETE, "removed": Intent.DELETE, "new or update": Intent.EITHER,
                "new or existing": Intent.EITHER,
                # "`src/cart.ts` (moved)": where the file lives once moved (it may be there already)
                "renamed": Intent.EITHER, "moved": Intent.EITHER}
_READ = re.compile(r"^\s*(?:(?:T?\d+(?:\.\d+)*\.?|\[[^\]]*\])\s*)*+(?:confirm|check|verify|ensure|review|read|see|"
                   r"inspect|look at|run|execute|open|study|reference|follow|use|reuse|validate|test|assert)\b", re.I)
_NOT_WRITTEN = re.compile(r"^\s*+[-–—:(]?\s*+(?:not (?:yet )?(?:created|implemented|written|done|added)|deferred|"
                          r"skipped|postponed|out of scope)\b", re.I)
_EITHER_NOTE = re.compile(r"\bnew or (?:update|modif|existing|extend)|\bcreate or (?:update|modify|extend)", re.I)


# "Implement PATCH and DELETE /api/users/:id: `route.ts`": HTTP methods in capitals before an endpoint, not verbs
_METHOD = "|".join(METHODS)
_METHODS_BEFORE_PATH = re.compile(rf"\b(?:{_METHOD})\b(?=\s*+`?/|\s*+(?:,|/|&|and\b|or\b)\s*+(?:{_METHOD})\b)")
_FROM = re.compile(r"\b(?:from|in|inside|within)\b", re.I)
_INTO = re.compile(r"\b(?:to|into)\b", re.I)
AFTER = 300  # characters after a path its annotation is looked for in


def _noted(after: str) -> Intent | None:
    """The intent an annotation right after a path gives it (``(new)``, ``- deleted``, "new or update"), if any."""
    note = _NOTE.match(after)
    if note:
        word = note["word"].lower()
        rest = after[note.end():]
        # an annotation ("(deleted)", "- new", "NEW:"), not the first word of a description ("- Removed a flag")
        if word in ("new", "new file") or re.match(r"\s*+(?:\)|$|[,;:.]|files?\b)", rest):
            return _NOTE_INTENT[word]
    if _EITHER_NOTE.search(after[:80]):
        return Intent.EITHER
    return None


def intent_after(after: str, default: Intent) -> Intent:
    """The intent an annotation right after a path gives it, else ``default`` (a table cell, a tree note)."""
    noted = _noted(after)
    return default if noted is None else noted


def _item_intents(source: str, default: Intent) -> Callable[[int, int], Intent]:
    """The intent the words around each path of one item give it, by the path's span: the annotation right after
    it (``(new)``, ``- deleted``), else the last verb before it ("Create", "Update"; "Remove X from `path`"
    modifies it; "DELETE /api/x" is an endpoint's method, no verb), else ``default``. The verbs and the words
    that qualify them are found once in the item, its backtick spans blanked, and each path looks up the last
    verb before it and the words between: an item naming thousands of paths is read in linear time (cutting the
    text before every path made it quadratic)."""
    blanked = _METHODS_BEFORE_PATH.sub(lambda m: " " * len(m.group(0)), source)
    blanked = _BACKTICKS.sub(lambda m: " " * len(m.group(0)), blanked)
    verbs = list(_VERB.finditer(blanked))
    ends = [m.end() for m in verbs]
    words = {rx: [(m.start(), m.end()) for m in rx.finditer(blanked)] for rx in (_FROM, _INTO)}

    def between(rx: re.Pattern, lo: int, hi: int) -> bool:  # the first such word after ``lo`` ends by ``hi``
        spans = words[rx]
        i = bisect.bisect_left(spans, (lo, 0))
        return i < len(spans) and spans[i][1] <= hi

    def at(start: int, end: int) -> Intent:
        noted = _noted(source[end:end + AFTER].lstrip("`"))
        if noted is not None:
            return noted
        k = bisect.bisect_right(ends, start) - 1
        if k < 0:
            return default
        last = verbs[k]
        intent = next(_VERBS[i][0] for i in range(len(_VERBS)) if last.group(f"v{i}"))
        if intent == Intent.DELETE and between(_FROM, last.end(), start):
            return Intent.MODIFY  # "Remove the Authors item from `nav.ts`": the file is changed, not deleted
        if intent == Intent.CREATE and between(_INTO, last.end(), start):
            return Intent.MODIFY  # "Add all projects to `X.sln`": something is added to an existing file
        return intent

    return at


_MODIFY_WORDS = re.compile(r"^(?:update[ds]?|modif(?:y|ied|ies)|extend(?:s|ed)?|fix(?:es|ed)?|edit(?:s|ed)?|"
                           r"refactor(?:s|ed)?|change[ds]?|adjust(?:s|ed)?|patch(?:es|ed)?|enhance[ds]?|rewrite|"
                           r"replace[ds]?)$", re.I)
_CREATE_WORDS = re.compile(r"^(?:new|create[ds]?|add(?:s|ed)?|write|scaffold(?:ed)?|generate[ds]?|introduce[ds]?)$", re.I)
_DELETE_WORDS = re.compile(r"^(?:remove[ds]?|delete[ds]?)$", re.I)
_DELETED_THING = re.compile(r"(?<![ \t])[ \t]++(?:(?:the|a|an|this|its)[ \t]++)?(?P<word>[A-Za-z][\w.-]*+)")
# what a delete word's object says the file itself goes ("Remove file", "Delete entirely")
_THE_FILE = frozenset({"file", "files", "it", "entirely", "completely", "fully", "whole", "module", "component",
                       "page", "hook", "script", "folder", "directory", "test", "tests", "stub", "wrapper"})


def intent_of(words: str, default: Intent, *, action: bool = False) -> Intent:
    """The intent the first words of an annotation give: a tree's ``# NEW`` / ``✨ EXTEND: ...`` / ``# + f()``, a
    description cell's ``NEW: ...``, or (``action``) a Change/Action column's verb. A description that merely
    starts with a verb-like word ("generate mode router") says nothing: only markers, capitals, a colon, or a
    word that is a change in itself (update, extend, fix) count. "Add ..." in a Files to Modify table adds to
    the file."""
    words = re.sub(r"^[^\w(+]+", "", words).strip()
    if words.startswith("+"):
        return Intent.MODIFY
    if _NOTE.match(words) and re.match(r"(?<!\s)\(?\s*+(?:new or update|new or existing)", words, re.I):
        return Intent.EITHER
    note = _NOTE.match(words)
    if note and (note["word"].lower() in ("new", "new file") or re.match(r"\s*+(?:\)|$|[,;:.]|files?\b)", words[note.end():])):
        return _NOTE_INTENT[note["word"].lower()]
    if _EITHER_NOTE.search(words[:60]):
        return Intent.EITHER
    first = re.match(r"\(?([A-Za-z]+)(\s*:)?", words)
    if not first:
        return default
    word, marked = first.group(1), bool(first.group(2)) or first.group(1).isupper() or action
    if _MODIFY_WORDS.match(word):
        return Intent.MODIFY
    if _DELETE_WORDS.match(word) and marked:
        # "Remove TransactionConflictDialog", "Remove exports": something goes from the file, which stays
        thing = _DELETED_THING.match(words[first.end():])
        if not first.group(2) and not word.isupper() and thing and thing["word"].lower() not in _THE_FILE:
            return Intent.MODIFY
        return Intent.DELETE
    if _CREATE_WORDS.match(word) and (marked or word.lower() in ("new", "create", "created")):
        if word.lower() in ("add", "adds", "added") and default == Intent.MODIFY:
            return Intent.MODIFY
        return Intent.CREATE
    return default


# -- headings and labels that announce a list of files ----------------------------------------------
_FILES_TITLE = re.compile(
    r"^[^\w]*+(?:(?P<pre>new|modified|changed|created|updated|deleted|removed|affected|touched|key|source|relevant)\s++)?"
    r"(?:code\s++)?files?(?:\s++(?P<post>to\s++(?:create|add|modify|change|update|edit|touch|delete|remove)"
    r"(?:\s*+(?:/|&|,|\band\b|\bor\b)\s*+(?:create|add|modify|change|update|edit|touch|delete|remove))*+|affected|"
    r"created|added|modified|changed|updated|edited|deleted|removed|touched|list|locations?|changes?|summary|"
    r"impacted|involved|structure))*+(?:\s++(?:summary|overview|list))?\s*+(?:\([^)\n]*+\))?\s*+:?\s*+$", re.I)


def files_title(text: str) -> Intent | None:
    """The default intent of a list of files a heading or bold label announces, or None when it announces none."""
    m = _FILES_TITLE.match(text.strip().strip("*_"))
    if not m:
        return None
    words = f"{m['pre'] or ''} {m['post'] or ''}"
    if len(re.findall(r"delete|remove|create|add|new|modif|chang|updat|edit", words, re.I)) > 1:
        return Intent.EITHER  # "Files to Create/Modify": each path's own words (or its Action column) decide
    if re.search(r"delete|remove", words, re.I):
        return Intent.DELETE
    if re.search(r"create|add|new", words, re.I):
        return Intent.CREATE
    if re.search(r"modif|chang|updat|edit", words, re.I):
        return Intent.MODIFY
    # "File List", "File Locations", "Files Affected": new or existing, they must exist once the work is done
    return Intent.EITHER


_RECORDED = re.compile(r"(?<!to be )(?<!will be )\b(?:created|added|modified|changed|updated|edited|deleted|removed|"
                       r"touched|renamed|moved)\b", re.I)


def records_work(text: str) -> bool:
    """Whether a Files title records work already done ("Files created", "Files Modified") rather than plan it."""
    return bool(_RECORDED.search(text))


_OUTSIDE = re.compile(r"^(?:<[^>/]*>|\{[^}/]*\}|\$\w+|\$\{[^}]*\}|%\w+%)(?:/|$)")  # <project-root>/, $HOME/, {repo}/


def _declared(raw: str, intent: Intent, line: int, source: str, **extra) -> DeclaredFile | None:
    path, unsafe = normalise_declared(raw, extra.get("base", ""))
    if not path and not unsafe or _OUTSIDE.match(path):
        return None  # nothing, or a path rooted in a placeholder for somewhere else (a user's machine)
    return DeclaredFile(path=path or raw, raw=raw, intent=intent, line=line, unsafe=unsafe, shape=source,
                        pattern=not unsafe and is_pattern(path), **extra)


# -- list items and table rows ----------------------------------------------------------------------
_ARROWS = ("→", "->", "=>", "⇒")
_ARROW = re.compile(r"`([^`\n]++)`\s*+(?:→|->|=>|⇒)\s*+`([^`\n]++)`")
_ARROW_NEXT = re.compile(r"(?<![ \t])[ \t]*+(?:→|->|=>|⇒)")  # read right after a closing backtick
_MOVE = re.compile(r"\b(?:move|rename)[ds]?\b[^`\n]*+`([^`\n]++)`[^`\n]*?\b(?:to|into|as)\b[^`\n]*?`([^`\n]++)`", re.I)
_STRUCK = re.compile(r"~~[^~\n]{1,500}~~")
_OR_NEW = re.compile(r"`[^`\n]++`\s++or\s++(?:a\s++)?(?:new\s++)?`[^`\n]++`", re.I)


def _pairs(source: str) -> Iterator[tuple[str, str, bool]]:
    """(old, new, climbs out) for each `` `old` → `new` `` and "Move/Rename `a` to `b`" of ``source`` whose sides
    look like paths; an arrow in a chain ("(`.env` → `config.py` → service init)") is a flow, no pair."""
    for m in list(_ARROW.finditer(source)) + list(_MOVE.finditer(source)):
        if m.re is _ARROW and (_ARROW_NEXT.match(source, m.end())
                               or source[max(0, m.start() - 12):m.start()].rstrip(" \t").endswith(_ARROWS)):
            continue
        old, new = m.group(1).strip(), m.group(2).strip()
        if looks_like_path(old, bare=True) and looks_like_path(new, bare=True):
            out = "leaves the repository" in (normalise_declared(old)[1], normalise_declared(new)[1])
            yield old, new, out


def renames(source: str, line: int, *, done: bool | None, stories: tuple[str, ...] = ()) -> list[DeclaredFile]:
    """`` `old` → `new` `` and "Move/Rename `a` to `b`": the new path must exist once done, the old one must not.
    A side climbing out with ``..`` makes it an import or a setting rewritten ("`./package.json` →
    `../../package.json`"): no move, and neither side is declared."""
    return _renamed(list(_pairs(source)), line, done, stories)


def _renamed(pairs: list[tuple[str, str, bool]], line: int, done: bool | None,
             stories: tuple[str, ...]) -> list[DeclaredFile]:
    """The renames of ``pairs`` (what ``_pairs`` read), as ``renames`` declares them."""
    out = []
    for old, new, climbs_out in pairs:
        if climbs_out:
            continue
        d = _declared(new, Intent.RENAME, line, "rename", done=done, stories=stories, old_path=normalise_declared(old)[0])
        if d:
            out.append(d)
    return out


def _citations(source: str):
    """Whether the text between two offsets of ``source`` sits in a bracketed list of citations, ``[`a.ts:12`,
    `b.ts`]`` (a review item's "where"), not in a Markdown link's text ``[`a.ts`](a.ts)``; the brackets are
    found in one pass, each question is a binary search."""
    opens = [i for i, c in enumerate(source) if c == "["]
    closes = [i for i, c in enumerate(source) if c == "]"]

    def cited(start: int, end: int) -> bool:
        i = bisect.bisect_left(opens, start) - 1
        if i < 0:
            return False
        j = bisect.bisect_left(closes, start) - 1
        if j >= 0 and closes[j] > opens[i]:
            return False  # the last bracket before the path was closed
        k = bisect.bisect_left(closes, end)
        return k < len(closes) and not source.startswith("(", closes[k] + 1)

    return cited


def item_paths(source: str, line: int, *, default: Intent, source_kind: str, prose: bool, done: bool | None,
               stories: tuple[str, ...] = (), base: str = "") -> list[DeclaredFile]:
    """The paths of one list item (a task, or a line of a Files list), each with the intent its words give."""
    if _OR_NEW.search(source):
        return []  # "`a` or a new `b`": neither is required
    source = _STRUCK.sub(" ", source)  # ~~Create `x`~~: struck out, not to be done
    pairs = list(_pairs(source))
    found = _renamed(pairs, line, done, stories)
    renamed = len(found)
    moved = {normalise_declared(p)[0] for old, new, _ in pairs for p in (old, new)}  # named by a pair
    words = _BACKTICKS.sub(" ", source)
    if _READ.match(words) and source_kind == "task":
        return found  # "Confirm `.env.local` has ...": read or checked, not declared
    spans = [(m.start(1), m.end(1), m.group(1).strip()) for m in _BACKTICKS.finditer(source)]
    if prose:
        blanked = _BACKTICKS.sub(lambda m: " " * len(m.group(0)), source)
        spans += [(m.start(1), m.end(1), m.group(1)) for m in _PROSE_PATH.finditer(blanked)]
    in_list = source_kind in ("list", "table")
    if in_list and not spans and words.strip():
        first = words.strip().split()[0].rstrip(":,")
        start = source.find(first)
        spans = [(start, start + len(first), first)]
    cited, intent_of = _citations(source), _item_intents(source, default)
    for start, end, tok in sorted(spans):
        first = tok.split()[0] if tok.split() else ""
        tok = first if in_list and looks_like_path(first, bare=True) else tok  # "scripts/x.sh --only 29"
        if normalise_declared(tok)[0] in moved or not looks_like_path(without_lines(tok), bare=in_list):
            continue
        if _NOT_WRITTEN.match(source[end:end + AFTER].lstrip("`")):
            continue  # "`x.test.ts` - Not created (deferred)": named, but not written
        # "... the interface deleted [`a.tsx`, `b.tsx`]": where it happened, not what
        intent = Intent.MODIFY if cited(start, end) else intent_of(start, end)
        d = _declared(tok, intent, line, source_kind, done=done, stories=stories, base=base)
        if d:
            found.append(d)
    return _without_relative_references(found, renamed, source_kind)


def _without_relative_references(found: list[DeclaredFile], renamed: int, source_kind: str) -> list[DeclaredFile]:
    """A path that climbs out of the repository with ``..`` is, in a task's prose or after a Files list entry's
    own path, a relative reference (an import, "extend `../../tsconfig.base.json`", a fixture folder), not a
    path of the repository: it is left out. Only a Files list entry's own path (the first one after any
    rename) is kept, as declared, for TR203. ``renamed``: how many of ``found`` are renames, first."""
    entry = renamed if source_kind == "list" else -1
    return [d for i, d in enumerate(found) if d.unsafe != "leaves the repository" or i == entry]


_PATH_HEADERS = ("file", "files", "path", "paths", "filename", "file path", "location", "source file", "module")


def table_paths(header: list[str], rows: list[tuple[int, list[str]]], default: Intent, *,
                base: str = "") -> list[DeclaredFile]:
    """The paths of a Files table: the first column headed File/Path/Location; intent from a Change/Action column."""
    head = [h.strip().lower().strip("*_` ") for h in header]
    col = next((i for i, h in enumerate(head) if h in _PATH_HEADERS), None)
    if col is None:
        return []
    action = next((i for i, h in enumerate(head) if h in ("change", "changes", "action", "type", "operation", "status")), None)
    if action is None and any(h in ("modification", "modifications") for h in head):
        default = Intent.MODIFY
    out = []
    for line, cells in rows:
        if col >= len(cells) or not cells[col].strip():
            continue
        cell = cells[col].strip()
        intent = intent_after(cell.strip("`").split("`")[-1] if "`" in cell else "", default)  # `x.py` (new)
        if action is not None and cells[action].strip():  # a Change/Action column: its verb or word decides
            intent = intent_of(cells[action].strip(), intent, action=True)
        else:  # a description beside the path decides only through an annotation ("NEW: ...", "Modified")
            for note in (c for i, c in enumerate(cells) if i != col and c.strip()):
                if intent == default and _NOTE.match(note):
                    intent = intent_after(note, default)
        token = cell.strip("`").split()[0] if cell.strip("`").split() else ""
        if looks_like_path(token, bare=True) or looks_like_path(cell.strip("`"), bare=True) or "/" in cell \
                or "\\" in cell:
            d = _declared(cell, intent, line, "table", base=base)
            if d:
                out.append(d)
    return out


# -- project trees in fenced blocks -----------------------------------------------------------------
_TREE_LINE = re.compile(r"^(?P<indent>[\s│|]*+)(?:[├└`|+]\s*+[─—-]{1,3}\s*+)?"
                        r"(?P<name>\([\w.-]++\)/?|[^\s#←(│─][^\s#←]*+)\s*+(?:(?:#|←|<-|\(|//|--)\s*+(?P<note>.*))?$")


def _note_intent(note: str, default: Intent) -> Intent:
    """``# new``, ``# + validate_group()`` (additions to an existing file), ``# new or update``, ``# update ...``."""
    note = note.strip()
    if not note:
        return default
    if note.startswith("+"):
        return Intent.MODIFY
    if _EITHER_NOTE.search(note):
        return Intent.EITHER
    return intent_of(note, default)


_INDENTED = re.compile(r"^(?P<indent> *+)(?P<name>[\w@.()\[\]{}$-]++(?:/[\w@.()\[\]{}$-]++)*+/?)[ \t]*+(?:#.*)?$")


def is_tree(text: str, *, indented: bool = False) -> bool:
    """Whether a fenced block draws a file tree: ``├──`` / ``└──`` connectors, or (``indented``, under a
    Structure heading) file and folder names indented under each other, most of them paths."""
    if ("├" in text or "└" in text) and re.search(r"[├└]\s*+[─—]", text):
        return True
    if not indented:
        return False
    lines = [line for line in text.split("\n") if line.strip()][:400]
    named = [m for m in map(_INDENTED.match, lines) if m]
    return len(lines) >= 2 and len(named) * 10 >= len(lines) * 8 and any(m["name"].endswith("/") for m in named) \
        and len({len(m["indent"]) for m in named}) > 1


def _unemphasised(name: str) -> str:
    """A tree entry without the emphasis around it (``**models.py**``, ``*new.ts*``); a glob's ``*.test.ts`` keeps
    its star, and ``__tests__`` its underscores."""
    for mark in ("**", "*"):
        if len(name) > 2 * len(mark) and name.startswith(mark) and name.endswith(mark):
            return name[len(mark):-len(mark)].strip("`")
    return name


def tree_paths(text: str, first_line: int, default: Intent) -> list[DeclaredFile]:
    """Each leaf of a drawn tree as a path built from its ancestors; annotations (``# new``) set the intent.

    Names without an extension and without a trailing ``/`` (components, classes) are not paths. The tree's
    own root line is kept as the first folder; the resolution stage drops it when it stands for the repository
    itself (a folder the repository does not have, above one of its top-level entries).
    """
    out: list[DeclaredFile] = []
    stack: list[tuple[int, str]] = []  # (column, folder name)
    for i, raw in enumerate(text.split("\n")):
        if not raw.strip() or len(raw) > 500:
            continue
        m = _TREE_LINE.match(raw.replace("\t", "    "))
        if not m:
            continue
        name = _unemphasised(m["name"].strip().strip("`"))
        column = m.start("name")
        if " " in name or not name or name in ("...", "…"):
            continue
        while stack and stack[-1][0] >= column:
            stack.pop()
        is_dir = name.endswith("/")
        path = "/".join([s for _, s in stack] + [name.rstrip("/")])
        if is_dir or ("." not in name and not extension(name)):
            stack.append((column, name.rstrip("/")))
            continue
        if extension(name) not in EXTENSIONS and name not in ("Makefile", "Dockerfile"):
            continue
        d = _declared(path, _note_intent(m["note"] or "", default), first_line + i, "tree")
        if d:
            out.append(d)
    return out


# -- frontmatter lists ------------------------------------------------------------------------------
def frontmatter_paths(meta: dict, keys: Iterable[str], key_lines: dict[str, int]) -> list[DeclaredFile]:
    """Entries of ``code_paths``-style frontmatter lists: existing code the document describes."""
    out = []
    for key in keys:
        value = meta.get(key)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            continue
        line = key_lines.get(key, 1)
        for n, entry in enumerate(value, start=1):
            if not isinstance(entry, str) or not entry.strip():
                continue
            token = entry.strip().split()[0]
            if looks_like_path(token, bare=True):
                d = _declared(token, Intent.MODIFY, line + n, "frontmatter")
                if d:
                    out.append(d)
    return out
