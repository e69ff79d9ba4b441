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
        DocRule(".claude/prds/*.md", DocKind.PRD, id_from="frontmatter", stories=(_STORY,), status_default="backlog",
                tables=False),
        DocRule(".claude/epics/*/epic.md", DocKind.SPEC, id_from="folder", parent="frontmatter:prd", files=_FILES,
                status_default="backlog"),
        DocRule(".claude/epics/*/[0-9]*.md", DocKind.SPEC, parent="path:.claude/prds/{folder}.md", files=_FILES,
                status_default="open"),
    ),
)
