"""GitHub spec-kit: ``specs/NNN-feature/{spec,plan,data-model,tasks}.md``, linked by folder and ``[USn]`` tags."""

from tracer.model import DocKind
from tracer.profiles import DocRule, FilePattern, IdPattern, LinkPattern, Profile

_FEATURE = "**/specs/[0-9]*-*/"
_IN_FEATURE = dict(id_from="folder", namespace=True, parents=("sibling:spec.md",))
# a path with at least one folder, quoted or in prose: `backend/src/models/user.py`, in src/cli/{a,b}.py
_PATHS = (FilePattern(r"(?<![\w/:.])(?P<path>[\w@.{},-]+(?:/[\w@.{},-]+)+\.[A-Za-z0-9]+)", create_words=("create",)),)

PROFILE = Profile(
    name="spec-kit",
    detect=(_FEATURE + "spec.md", ".specify/**"),
    rules=(
        DocRule(DocKind.PRD, glob=_FEATURE + "spec.md", id_from="folder", namespace=True, status=("line", "frontmatter"),
                status_default="draft", file_tables=False,
                stories=(
                    IdPattern("heading", r"^User Story (?P<n>\d+)\s*[-–—:]\s*(?P<title>.*?)\s*(?:\(Priority:[^)]*\))?\s*$",
                              id_format="US-{n:03d}"),
                    IdPattern("item", r"^(?P<id>N?FR-\d+[a-z]?)\s*:\s*(?P<title>.*)$", kind="requirement"),
                    IdPattern("item", r"^(?P<id>SC-\d+[a-z]?)\s*:\s*(?P<title>.*)$", kind="requirement"),
                )),
        DocRule(DocKind.SPEC, glob=_FEATURE + "tasks.md", status=("checkboxes",), file_tables=False, files=_PATHS,
                covers=(LinkPattern(r"\[US(?P<ids>\d+)\]", style="number", id_format="US-{n:03d}"),
                        LinkPattern(r"\b(?P<ids>(?:FR|SC)-\d+[a-z]?(?:\s*,\s*(?:FR|SC)-\d+[a-z]?)*)")),
                **_IN_FEATURE),
        DocRule(DocKind.SPEC, glob=_FEATURE + "plan.md", status=("line", "frontmatter"), status_default="draft",
                file_tables=False, **_IN_FEATURE),
        DocRule(DocKind.SPEC, glob=_FEATURE + "data-model.md", status=("line", "frontmatter"), status_default="draft",
                file_tables=False, **_IN_FEATURE),
    ),
)
