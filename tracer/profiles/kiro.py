"""Kiro: ``.kiro/specs/<feature>/{requirements,design,tasks}.md``; tasks cite ``_Requirements: 4.1, 4.2_``."""

from tracer.model import DocKind
from tracer.profiles import DocRule, FilePattern, IdPattern, LinkPattern, Profile

_FEATURE = ".kiro/specs/*/"

PROFILE = Profile(
    name="kiro",
    detect=(_FEATURE + "requirements.md",),
    rules=(
        DocRule(_FEATURE + "requirements.md", DocKind.PRD, id_from="folder", namespace=True, status="line",
                status_default="active", tables=False,
                stories=(
                    IdPattern("heading", r"^Requirement (?P<n>\d+)(?:\s*[:.-]\s*(?P<title>.*))?$", id_format="{n}"),
                    IdPattern("item", r"^(?P<title>.+)$", kind="requirement", under="story"),
                )),
        DocRule(_FEATURE + "design.md", DocKind.SPEC, id_from="folder", namespace=True, parent="sibling:requirements.md",
                status="line", status_default="active",
                covers=(LinkPattern(r"Validates:?\s*Requirements?\s*(?P<ids>[\d.,\s–—-]+(?:and [\d.]+)?)", style="numeric"),)),
        DocRule(_FEATURE + "tasks.md", DocKind.SPEC, id_from="folder", namespace=True, parent="sibling:requirements.md",
                status="checkboxes", tables=False,
                covers=(LinkPattern(r"_?Requirements?:\s*(?P<ids>[^_\n]+)_?", style="numeric", all_word="All"),),
                files=(FilePattern(r"`(?P<path>[\w@.{},-]+(?:/[\w@.{},-]+)+)`",
                                   create_words=("create", "build", "add", "implement", "write", "new")),)),
    ),
)
