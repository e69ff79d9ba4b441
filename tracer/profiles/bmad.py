"""The BMAD method: ``docs/prd.md`` (FR/NFR), ``docs/epics.md`` (stories), story files, ``sprint-status.yaml``."""

from tracer.model import DocKind
from tracer.profiles import DocRule, IdPattern, LinkPattern, Profile

_REQ = r"^(?P<id>N?FR-?\d++[a-z]?)\b\s*+(?:\([^)\n]{0,80}\))?\s*+[:.\-–—]\s*+(?P<title>.+)$"
# a story file is N-M-slug.md (or N.M.slug.md); its review notes and context files beside it are not stories
_STORY_FILE = dict(kind=DocKind.SPEC, id_from="file", status=("line", "frontmatter"), status_default="draft",
                   exclude=("**/*.review.md", "**/*.context.md", "**/*-review.md", "**/*.validation.md"))
_STORY = IdPattern("heading", r"^Story (?P<id>\d+\.\d+)\s*:\s*(?P<title>.*)$")

PROFILE = Profile(
    name="bmad",
    detect=("**/sprint-status.yaml", "docs/epics.md", "docs/stories/[0-9]*.[0-9]*.*.md"),
    status_files=("**/sprint-status.yaml",),
    rules=(
        DocRule(DocKind.PRD, glob="docs/prd.md", id_from="file", status=("line", "frontmatter"), status_default="active",
                file_lists=False, trees=False, item_paths="",
                stories=(IdPattern("item", _REQ, kind="requirement"), IdPattern("para", _REQ, kind="requirement"))),
        DocRule(DocKind.PRD, glob="docs/epics.md", id_from="file", status=("line", "frontmatter"),
                status_default="active", file_lists=False, trees=False, item_paths="", stories=(_STORY,),
                refs=(LinkPattern(r"^FRs?( covered)?\s*:?\s*(?P<ids>.+)$"),)),
        DocRule(DocKind.PRD, glob="docs/epics/epic-*.md", id_from="file", status=("line", "frontmatter"),
                status_default="active", file_lists=False, trees=False, item_paths="", stories=(_STORY,),
                refs=(LinkPattern(r"^FRs?( covered)?\s*:?\s*(?P<ids>.+)$"),)),
        # a story file covers the story its name gives; its PRD is the epics document that defines that story
        DocRule(glob="**/stories/[0-9]*.[0-9]*.*.md", covers_from_name=r"^(\d+)\.(\d+)\.", **_STORY_FILE),
        DocRule(glob="**/sprint-artifacts/[0-9]*-[0-9]*-*.md", covers_from_name=r"^(\d+)-(\d+)-", **_STORY_FILE),
        DocRule(glob="**/implementation-artifacts/[0-9]*-[0-9]*-*.md", covers_from_name=r"^(\d+)-(\d+)-", **_STORY_FILE),
    ),
    # story files anywhere under the folder sprint-status.yaml's `story_location:` names, nested or not
    located=(
        DocRule(glob="{location}/**/[0-9]*-[0-9]*-*.md", covers_from_name=r"^(\d+)-(\d+)-", **_STORY_FILE),
        DocRule(glob="{location}/**/[0-9]*.[0-9]*.*.md", covers_from_name=r"^(\d+)\.(\d+)\.", **_STORY_FILE),
    ),
)
