"""Claude Code PM: ``.claude/prds/<name>.md`` and ``.claude/epics/<name>/{epic,NNN}.md`` with Files Affected."""

from tracer.model import DocKind
from tracer.profiles import DocRule, FilePattern, IdPattern, Profile

_FILES = (FilePattern(r"^`?(?P<path>[\w@.{}-]+(?:/[\w@.{},-]+)*\.\w+)`?", section="Files Affected",
                      create_words=("new file", "(new)", "create")),)
_STORY = IdPattern("heading", r"^(?P<id>US-?\d+[a-z]?)\s*[:.\-–—]\s*(?P<title>.*)$")

PROFILE = Profile(
    name="ccpm",
    detect=(".claude/prds/*.md", ".claude/epics/*/epic.md"),
    rules=(
        DocRule(DocKind.PRD, glob=".claude/prds/*.md", stories=(_STORY,), status_default="backlog", file_tables=False),
        DocRule(DocKind.SPEC, glob=".claude/epics/*/epic.md", id_from="folder", parents=("frontmatter:prd",),
                files=_FILES, status_default="backlog"),
        # a task belongs to its epic, and through it to the epic's PRD
        DocRule(DocKind.SPEC, glob=".claude/epics/*/[0-9]*.md", id_from="file", parents=("sibling:epic.md",),
                files=_FILES, status_default="open"),
    ),
)
