"""tracer's own template family, and the frontmatter-linked documents of teams that use none in particular.

A PRD (stories under User Stories, FR bullets) and a tech spec (parent, covered stories, Files to Create /
Modify, ```sql, endpoints, the template's sections), claimed by a declared ``type`` / ``doc_type`` or by file
name; a standalone user story (``type: user-story``) of a PRD; and any document that lists the code it
describes in its frontmatter (``code_paths``).
"""

from tracer.model import DocKind
from tracer.profiles import DocRule, IdPattern, Profile

#: The sections a tech spec of the default template has (TR006 section-missing checks them).
SPEC_SECTIONS = (
    "Overview", "Technical Approach", "Database Changes", "API Changes", "Code Structure",
    "Edge Cases", "Error Handling", "Testing Strategy", "Security Considerations",
    "Performance Considerations", "Open Questions",
)
PRD_TYPES = ("prd", "product-requirements", "product-requirements-document", "requirements", "product-spec")
SPEC_TYPES = ("tech-spec", "techspec", "spec", "technical-spec", "technical-design", "design-spec")
STORY_TYPES = ("user-story", "story")
BUG_TYPES = ("bug", "bug-report")
KNOWN_TYPES = PRD_TYPES + SPEC_TYPES + STORY_TYPES + BUG_TYPES + ("feature-index",)

_ID = r"[A-Za-z]++(?:-[A-Za-z]++)*+-?\d++[a-z]?"
REQUIREMENT = IdPattern("item", r"^(?P<id>(?:N?FR|SC)-?\d++[a-z]?)\b\s*+(?:\([^)\n]{0,80}\))?\s*+[:.\-–—]\s*+(?P<title>.+)$",
                        kind="requirement")
_STORIES = (
    # under a "User Stories" section any ID names a story; elsewhere only a US-/STORY- ID does
    IdPattern("heading", r"^(?P<id>" + _ID + r")\b\s*+[:.\-–—]?\s*+(?P<title>.*)$", level=3, section="stor"),
    IdPattern("heading", r"^(?P<id>(?:US|STORY)-[A-Za-z-]*+\d++[a-z]?)\b\s*+[:.\-–—]?\s*+(?P<title>.*)$", level=3),
    IdPattern("heading", r"^(?P<title>.+)$", level=3, section="stor", derive=True),
    # "- **US-101**: As a user ...": a story as a bullet, under User Stories any ID, elsewhere a US-/STORY- one
    IdPattern("item", r"^(?P<id>" + _ID + r")\b\s*+[:.\-–—]\s*+(?P<title>.+)$", section="stor"),
    IdPattern("item", r"^(?P<id>(?:US|STORY)-[A-Za-z-]*+\d++[a-z]?)\b\s*+[:.\-–—]\s*+(?P<title>.+)$"),
    REQUIREMENT,
    IdPattern("para", REQUIREMENT.regex, kind="requirement"),
    # a table of them: "| US-001 | As a user ... |", "| FR-01 | Events are listed by date |"
    IdPattern("row", r"^(?P<id>(?:US|STORY)-[A-Za-z-]*+\d++[a-z]?)\b\s*+[:.\-–—]\s*+(?P<title>.+)$"),
    IdPattern("row", REQUIREMENT.regex, kind="requirement"),
)
_PRD = dict(kind=DocKind.PRD, stories=_STORIES, file_lists=False, trees=False, item_paths="")
# `related:` lists neighbours, not only the parent: its entries are tried, never reported when they lead nowhere
_SPEC_PARENTS = ("frontmatter:parent", "frontmatter:prd", "frontmatter:product", "frontmatter:links.product",
                 "label:parent prd", "label:prd", "label:input", "label:parent", "related:related",
                 "sibling?:product-spec.md", "sibling?:prd.md")
_SPEC = dict(
    kind=DocKind.SPEC, parents=_SPEC_PARENTS,
    labels=(("user stories covered", "covers"), ("stories covered", "covers"), ("user stories", "covers"),
            ("covers", "covers"), ("implements", "covers")),
    endpoints=True, sections=SPEC_SECTIONS, counts=True,
    cover_keys=("stories", "user_stories", "covers", "implements"),
)
_STORY = dict(
    kind=DocKind.STORY, parents=("frontmatter:parent", "frontmatter:prd", "frontmatter:epic", "label:prd",
                                 "label:parent prd", "label:parent", "label:epic"),
    stories=(IdPattern("para", r"^ID\s*+:\s*+(?P<id>" + _ID + r")\b(?P<title>)"),
             IdPattern("item", r"^ID\s*+:\s*+(?P<id>" + _ID + r")\b(?P<title>)"),
             IdPattern("heading", r"^(?P<id>(?:US|STORY)-[A-Za-z-]*+\d++[a-z]?)\b\s*+[:.\-–—]?\s*+(?P<title>.*)$", level=1)),
    file_lists=True,
)
_BUG = dict(kind=DocKind.BUG, file_lists=False, trees=False, item_paths="")

PROFILE = Profile(
    name="default",
    detect=("**/*.prd.md", "**/*.tech.md"),
    rules=(
        # a declared type wins over the file name
        DocRule(types=PRD_TYPES, **_PRD),
        DocRule(types=SPEC_TYPES, **_SPEC),
        DocRule(types=STORY_TYPES, **_STORY),
        DocRule(types=BUG_TYPES, **_BUG),
        # a feature folder's index: the feature's status and the code it lists; its PRD is the product spec beside it
        DocRule(DocKind.SPEC, types=("feature-index",), parents=("sibling?:product-spec.md", "sibling?:prd.md"),
                file_lists=True, item_paths=""),
        DocRule(glob="**/*.prd.md", **_PRD),
        DocRule(glob="**/*.tech.md", **_SPEC),
        DocRule(glob="**/*.spec.md", **_SPEC),
        DocRule(glob="**/*.bug.md", **_BUG),
        # a document of no family that lists the code it describes (a flow map, an architecture note)
        DocRule(DocKind.SPEC, keys=("code_paths", "test_paths", "source_files"), file_lists=False, trees=False,
                item_paths=""),
    ),
)
