"""tracer's own template family: a PRD (stories under User Stories) and a tech spec (parent, covered stories,
Files to Create / Modify tables, ```sql, endpoints, the template's sections), claimed by ``type:`` or file name."""

from tracer.model import DocKind
from tracer.profiles import DocRule, IdPattern, Profile

#: The sections a tech spec of the default template has (TR006 section-missing checks them).
SPEC_SECTIONS = (
    "Overview", "Technical Approach", "Database Changes", "API Changes", "Code Structure",
    "Edge Cases", "Error Handling", "Testing Strategy", "Security Considerations",
    "Performance Considerations", "Open Questions",
)
PRD_TYPES = ("prd", "product-requirements", "requirements")
SPEC_TYPES = ("tech-spec", "techspec", "spec", "technical-spec")
BUG_TYPES = ("bug", "bug-report")

_ID = r"[A-Za-z]++(?:-[A-Za-z]++)*+-?\d++[a-z]?"
_STORIES = (
    # under a "User Stories" section any ID names a story; elsewhere only a US-/STORY- ID does
    IdPattern("heading", r"^(?P<id>" + _ID + r")\b\s*+[:.\-–—]?\s*+(?P<title>.*)$", level=3, section="stor"),
    IdPattern("heading", r"^(?P<id>(?:US|STORY)-[A-Za-z-]*+\d++[a-z]?)\b\s*+[:.\-–—]?\s*+(?P<title>.*)$", level=3),
    IdPattern("heading", r"^(?P<title>.+)$", level=3, section="stor", derive=True),
)
_PRD = dict(kind=DocKind.PRD, stories=_STORIES, file_tables=False)
_SPEC = dict(
    kind=DocKind.SPEC, parents=("frontmatter:parent", "frontmatter:prd", "label:parent prd"),
    labels=(("user stories covered", "covers"), ("stories covered", "covers"), ("user stories", "covers"),
            ("files to create", "files:create"), ("files to modify", "files:modify")),
    endpoints=True, sections=SPEC_SECTIONS, counts=True,
)
_BUG = dict(kind=DocKind.BUG, file_tables=False)

PROFILE = Profile(
    name="default",
    detect=("**/*.prd.md", "**/*.tech.md"),
    rules=(
        # a declared type wins over the file name
        DocRule(types=PRD_TYPES, **_PRD),
        DocRule(types=SPEC_TYPES, **_SPEC),
        DocRule(types=BUG_TYPES, **_BUG),
        DocRule(glob="**/*.prd.md", **_PRD),
        DocRule(glob="**/*.tech.md", **_SPEC),
        DocRule(glob="**/*.spec.md", **_SPEC),
        DocRule(glob="**/*.bug.md", **_BUG),
    ),
)
