"""Claude Code PM: ``.claude/prds/<name>.md`` and ``.claude/epics/<name>/{epic,NNN}.md`` with Files Affected; the
same layout under ``.agents/``, the folder teams that work with several coding agents move it to."""

from tracer.model import DocKind
from tracer.profiles import DocRule, IdPattern, Profile

_STORY = IdPattern("heading", r"^(?P<id>US-?\d+[a-z]?)\s*[:.\-–—]\s*(?P<title>.*)$")
_FOLDERS = (".claude", ".agents")


def _rules(folder: str) -> tuple[DocRule, ...]:
    return (
        DocRule(DocKind.PRD, glob=f"{folder}/prds/*.md", stories=(_STORY,), status_default="backlog", file_lists=False,
                trees=False, item_paths=""),
        # an epic is the technical plan of its whole PRD: it covers every story of it
        DocRule(DocKind.SPEC, glob=f"{folder}/epics/*/epic.md", id_from="folder", parents=("frontmatter:prd",),
                status_default="backlog", covers_parent=True),
        # a task belongs to its epic, and through it to the epic's PRD
        DocRule(DocKind.SPEC, glob=f"{folder}/epics/*/[0-9]*.md", id_from="file", parents=("sibling:epic.md",),
                status_default="open"),
    )


PROFILE = Profile(
    name="ccpm",
    detect=tuple(g for folder in _FOLDERS for g in (f"{folder}/prds/*.md", f"{folder}/epics/*/epic.md")),
    rules=tuple(rule for folder in _FOLDERS for rule in _rules(folder)),
)
