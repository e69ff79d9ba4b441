"""Claude Code PM: ``.claude/prds/<name>.md`` and ``.claude/epics/<name>/{epic,NNN}.md`` with Files Affected."""

from tracer.model import DocKind
from tracer.profiles import DocRule, IdPattern, Profile

_STORY = IdPattern("heading", r"^(?P<id>US-?\d+[a-z]?)\s*[:.\-–—]\s*(?P<title>.*)$")

PROFILE = Profile(
    name="ccpm",
    detect=(".claude/prds/*.md", ".claude/epics/*/epic.md"),
    rules=(
        DocRule(DocKind.PRD, glob=".claude/prds/*.md", stories=(_STORY,), status_default="backlog", file_lists=False,
                trees=False, item_paths=""),
        # an epic is the technical plan of its whole PRD: it covers every story of it
        DocRule(DocKind.SPEC, glob=".claude/epics/*/epic.md", id_from="folder", parents=("frontmatter:prd",),
                status_default="backlog", covers_parent=True),
        # a task belongs to its epic, and through it to the epic's PRD
        DocRule(DocKind.SPEC, glob=".claude/epics/*/[0-9]*.md", id_from="file", parents=("sibling:epic.md",),
                status_default="open"),
    ),
)
