"""Kiro: ``.kiro/specs/<feature>/{requirements,design,tasks}.md``; tasks cite ``_Requirements: 4.1, 4.2_``."""

from tracer.model import DocKind
from tracer.profiles import DocRule, IdPattern, LinkPattern, Profile

_FEATURE = "**/.kiro/specs/**/"
_IN_FEATURE = dict(id_from="folder", namespace=True, parents=("sibling:requirements.md",))

PROFILE = Profile(
    name="kiro",
    detect=("**/.kiro/specs/*/requirements.md", "**/.kiro/specs/**/requirements.md"),
    rules=(
        DocRule(DocKind.PRD, glob=_FEATURE + "requirements.md", id_from="folder", namespace=True,
                status=("line", "frontmatter"), status_default="active", file_lists=False, trees=False, item_paths="",
                stories=(
                    IdPattern("heading", r"^Requirement (?P<n>\d+)(?:\s*[:.-]\s*(?P<title>.*))?$", id_format="{n}"),
                    IdPattern("item", r"^(?P<title>.+)$", kind="requirement", under="story"),
                )),
        # a design has no status of its own: it is as far along as the feature's task list
        DocRule(DocKind.SPEC, glob=_FEATURE + "design.md", status=("line", "frontmatter"), status_from="sibling:tasks.md",
                covers=(LinkPattern(r"Validates:?\s*Requirements?\s*(?P<ids>[\d.,\s–—-]+(?:and [\d.]+)?)", style="numeric"),),
                endpoints=True, **_IN_FEATURE),
        DocRule(DocKind.SPEC, glob=_FEATURE + "tasks.md", status=("checkboxes",), endpoints=True,
                covers=(LinkPattern(r"_?Requirements?:\s*(?P<ids>[^_\n]+)_?", style="numeric", all_word="All"),),
                **_IN_FEATURE),
    ),
)
