"""The BMAD method: ``docs/prd.md`` (FR/NFR), ``docs/epics.md`` (stories), story files, ``sprint-status.yaml``."""

from tracer.model import DocKind
from tracer.profiles import DocRule, FilePattern, IdPattern, LinkPattern, Profile

_REQ = r"^(?P<id>N?FR-?\d+[a-z]?)\s*[:.\-–—]\s*(?P<title>.+)$"
_FILE_LIST = (FilePattern(r"^`?(?P<path>[\w@.{}-]+(?:/[\w@.{},-]+)+\.\w+)`?", section="File List",
                          create_words=("(new)", "new file", "created")),)
_STORY_FILE = dict(kind=DocKind.SPEC, id_from="file", parents=("path:docs/epics.md",), status=("line", "frontmatter"),
                   status_default="draft", files=_FILE_LIST)

PROFILE = Profile(
    name="bmad",
    detect=("**/sprint-status.yaml", "docs/epics.md", "docs/stories/[0-9]*.[0-9]*.*.md"),
    status_files=("**/sprint-status.yaml",),
    rules=(
        DocRule(DocKind.PRD, glob="docs/prd.md", id_from="file", status=("line", "frontmatter"), status_default="active",
                file_tables=False,
                stories=(IdPattern("item", _REQ, kind="requirement"), IdPattern("para", _REQ, kind="requirement"))),
        DocRule(DocKind.PRD, glob="docs/epics.md", id_from="file", status=("line", "frontmatter"),
                status_default="active", file_tables=False,
                stories=(IdPattern("heading", r"^Story (?P<id>\d+\.\d+)\s*:\s*(?P<title>.*)$"),),
                refs=(LinkPattern(r"^FRs?( covered)?\s*:?\s*(?P<ids>.+)$"),)),
        DocRule(glob="docs/stories/[0-9]*.[0-9]*.*.md", covers_from_name=r"^(\d+)\.(\d+)\.", **_STORY_FILE),
        DocRule(glob="docs/sprint-artifacts/[0-9]*-[0-9]*-*.md", covers_from_name=r"^(\d+)-(\d+)-", **_STORY_FILE),
    ),
)
