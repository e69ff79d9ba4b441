"""GitHub spec-kit: ``specs/NNN-feature/{spec,plan,data-model,tasks}.md``, linked by folder and ``[USn]`` tags."""

from tracer.model import DocKind
from tracer.profiles import DocRule, FilePattern, IdPattern, LinkPattern, Profile

_FEATURE = "**/specs/[0-9]*-*/"
# a path with at least one folder, quoted or in prose: `backend/src/models/user.py`, in src/cli/{a,b}.py
_PATHS = (FilePattern(r"(?<![\w/:.])(?P<path>[\w@.{},-]+(?:/[\w@.{},-]+)+\.[A-Za-z0-9]+)", create_words=("create",)),)

PROFILE = Profile(
    name="spec-kit",
    detect=(_FEATURE + "spec.md", ".specify/**"),
    rules=(
        DocRule(_FEATURE + "spec.md", DocKind.PRD, id_from="folder", namespace=True, status="line",
                status_default="draft", tables=False,
                stories=(
                    IdPattern("heading", r"^User Story (?P<n>\d+)\s*[-–—:]\s*(?P<title>.*?)\s*(?:\(Priority:[^)]*\))?\s*$",
                              id_format="US-{n:03d}"),
                    IdPattern("item", r"^(?P<id>N?FR-\d+[a-z]?)\s*:\s*(?P<title>.*)$", kind="requirement"),
                    IdPattern("item", r"^(?P<id>SC-\d+[a-z]?)\s*:\s*(?P<title>.*)$", kind="requirement"),
                )),
        DocRule(_FEATURE + "tasks.md", DocKind.SPEC, id_from="folder", namespace=True, parent="sibling:spec.md",
                status="checkboxes", covers=(LinkPattern(r"\[US(?P<ids>\d+)\]", style="number", id_format="US-{n:03d}"),
                                             LinkPattern(r"\b(?P<ids>(?:FR|SC)-\d+[a-z]?(?:\s*,\s*(?:FR|SC)-\d+[a-z]?)*)")),
                files=_PATHS, tables=False),
        DocRule(_FEATURE + "plan.md", DocKind.SPEC, id_from="folder", namespace=True, parent="sibling:spec.md",
                status="line", status_default="draft", tables=False),
        DocRule(_FEATURE + "data-model.md", DocKind.SPEC, id_from="folder", namespace=True, parent="sibling:spec.md",
                status="line", status_default="draft", tables=False),
    ),
)
