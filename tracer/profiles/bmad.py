"""The BMAD method: ``docs/prd.md`` (FR/NFR), ``docs/epics.md`` (stories), story files, ``sprint-status.yaml``."""

from tracer.model import DocKind
from tracer.profiles import DocRule, FilePattern, IdPattern, LinkPattern, Profile

_REQ = r"^(?P<id>N?FR-?\d+[a-z]?)\s*[:.\-–—]\s*(?P<title>.+)$"
_FILE_LIST = (FilePattern(r"^`?(?P<path>[\w@.{}-]+(?:/[\w@.{},-]+)+\.\w+)`?", section="File List",
                          create_words=("(new)", "new file", "created")),)

PROFILE = Profile(
    name="bmad",
    detect=("**/sprint-status.yaml", "docs/epics.md", "docs/stories/[0-9]*.[0-9]*.*.md"),
    status_files=("**/sprint-status.yaml",),
    rules=(
        DocRule("docs/prd.md", DocKind.PRD, status="line", status_default="active", tables=False,
                stories=(IdPattern("item", _REQ, kind="requirement"), IdPattern("para", _REQ, kind="requirement"))),
        DocRule("docs/epics.md", DocKind.PRD, status="line", status_default="active", tables=False,
                stories=(IdPattern("heading", r"^Story (?P<id>\d+\.\d+)\s*:\s*(?P<title>.*)$"),),
                refs=(LinkPattern(r"^FRs?( covered)?\s*:?\s*(?P<ids>.+)$"),)),
        DocRule("docs/stories/[0-9]*.[0-9]*.*.md", DocKind.SPEC, parent="path:docs/epics.md", status="line",
                status_default="draft", covers_from_name=r"^(\d+)\.(\d+)\.", files=_FILE_LIST),
        DocRule("docs/sprint-artifacts/[0-9]*-[0-9]*-*.md", DocKind.SPEC, parent="path:docs/epics.md", status="line",
                status_default="draft", covers_from_name=r"^(\d+)-(\d+)-", files=_FILE_LIST),
    ),
)
