"""GitHub spec-kit: ``specs/NNN-feature/{spec,plan,data-model,tasks}.md``, linked by folder and ``[USn]`` tags."""

from tracer.model import DocKind
from tracer.profiles import DocRule, IdPattern, LinkPattern, Profile

_FEATURE = "**/specs/[0-9]*-*/"
_IN_FEATURE = dict(id_from="folder", namespace=True, parents=("sibling:spec.md",))
_REQ = r"^(?P<id>(?:N?FR|SC)-\d++[a-z]?)\b\s*+(?:\([^)\n]{0,80}\))?\s*+[:.\-–—]\s*+(?P<title>.*)$"

PROFILE = Profile(
    name="spec-kit",
    detect=(_FEATURE + "spec.md", ".specify/**"),
    rules=(
        DocRule(DocKind.PRD, glob=_FEATURE + "spec.md", id_from="folder", namespace=True, status=("line", "frontmatter"),
                status_default="draft", file_lists=False, trees=False, item_paths="",
                stories=(
                    IdPattern("heading", r"^(?:User Story|Scenario) (?P<n>\d+)\s*[-–—:]\s*(?P<title>.*?)\s*"
                              r"(?:\(Priority:[^)]*\))?\s*$", id_format="US-{n:03d}"),
                    # "### US-1: Browse events (P0)": the story's number written as the ID the tasks' [US1] names
                    IdPattern("heading", r"^US-?(?P<n>\d+)\s*[-–—:.]\s*(?P<title>.*?)\s*"
                              r"(?:\((?:Priority:\s*)?P\d[^)]*\))?\s*$", id_format="US-{n:03d}"),
                    # "## User Stories" then "1. As a developer, I can ...": the tasks' "User Story 1" names the first
                    IdPattern("item", r"^(?P<title>As an?\s.+)$", section="user stor", id_format="US-{n:03d}",
                              numbered=True),
                    IdPattern("item", _REQ, kind="requirement"),
                    IdPattern("para", _REQ, kind="requirement"),
                    IdPattern("row", _REQ, kind="requirement"),
                )),
        DocRule(DocKind.SPEC, glob=_FEATURE + "tasks.md", status=("checkboxes",), item_paths="prose", endpoints=True,
                covers=(LinkPattern(r"\[US(?P<ids>\d+)\]", style="number", id_format="US-{n:03d}"),
                        # "## Phase 3: User Story 1 - Item Pickup": the phase's tasks implement that story
                        LinkPattern(r"^(?:Phase \d+\s*:\s*)?User Story (?P<ids>\d+)\b", style="number", id_format="US-{n:03d}"),
                        LinkPattern(r"\b(?P<ids>(?:FR|SC)-\d+[a-z]?(?:\s*,\s*(?:FR|SC)-\d+[a-z]?)*)")),
                **_IN_FEATURE),
        # a plan and a data model have no status of their own: they are as far along as the feature's task list
        DocRule(DocKind.SPEC, glob=_FEATURE + "plan.md", status=("line", "frontmatter"), status_from="sibling:tasks.md",
                status_default="draft", **_IN_FEATURE),
        DocRule(DocKind.SPEC, glob=_FEATURE + "data-model.md", status=("line", "frontmatter"),
                status_from="sibling:tasks.md", status_default="draft", file_lists=False, trees=False, **_IN_FEATURE),
    ),
)
