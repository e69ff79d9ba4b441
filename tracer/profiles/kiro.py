"""Kiro: ``.kiro/specs/<feature>/{requirements,design,tasks}.md``; tasks cite ``_Requirements: 4.1, 4.2_``."""

from tracer.model import DocKind
from tracer.profiles import DocRule, FilePattern, IdPattern, LinkPattern, Profile

_FEATURE = ".kiro/specs/*/"
_IN_FEATURE = dict(id_from="folder", namespace=True, parents=("sibling:requirements.md",))

PROFILE = Profile(
    name="kiro",
    detect=(_FEATURE + "requirements.md",),
    rules=(
        DocRule(DocKind.PRD, glob=_FEATURE + "requirements.md", id_from="folder", namespace=True,
                status=("line", "frontmatter"), status_default="active", file_tables=False,
                stories=(
                    IdPattern("heading", r"^Requirement (?P<n>\d+)(?:\s*[:.-]\s*(?P<title>.*))?$", id_format="{n}"),
                    IdPattern("item", r"^(?P<title>.+)$", kind="requirement", under="story"),
                )),
        DocRule(DocKind.SPEC, glob=_FEATURE + "design.md", status=("line", "frontmatter"), status_default="active",
                covers=(LinkPattern(r"Validates:?\s*Requirements?\s*(?P<ids>[\d.,\s–—-]+(?:and [\d.]+)?)", style="numeric"),),
                **_IN_FEATURE),
        DocRule(DocKind.SPEC, glob=_FEATURE + "tasks.md", status=("checkboxes",), file_tables=False,
                covers=(LinkPattern(r"_?Requirements?:\s*(?P<ids>[^_\n]+)_?", style="numeric", all_word="All"),),
                files=(FilePattern(r"`(?P<path>[\w@.{},-]+(?:/[\w@.{},-]+)+)`",
                                   create_words=("create", "build", "add", "implement", "write", "new")),),
                **_IN_FEATURE),
    ),
)
