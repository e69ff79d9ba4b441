"""Status words mapped onto the four lifecycle classes (planned, active, done, retired)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tracer.model import StatusClass

#: The default lifecycle words; config ``statuses`` adds to (or overrides) these.
DEFAULT_STATUSES: dict[str, tuple[str, ...]] = {
    "planned": (
        "draft", "proposed", "reviewed", "approved", "planned", "todo", "to-do", "backlog",
        "ready", "ready-for-dev", "decomposed", "open", "new", "accepted", "final", "finalized", "ratified",
        "signed-off", "drafted", "ready-for-implementation", "specified", "designed",
    ),
    "active": (
        "active", "in-progress", "wip", "doing", "started", "in-review", "review", "ready-for-review", "review-ready",
        "implementing", "implementation", "in-implementation", "partially-implemented", "partial", "blocked",
        "in-development", "development", "testing", "in-testing", "qa",
    ),
    "done": (
        "completed", "complete", "done", "implemented", "shipped", "released", "closed",
        "merged", "delivered", "code-complete", "verified", "live", "finished", "resolved",
    ),
    "retired": (
        "deprecated", "superseded", "retired", "archived", "cancelled", "canceled", "obsolete",
        "rejected", "abandoned", "wontfix",
    ),
}


def normalise_status(word: str) -> str:
    """Lower-case a status word and spell separators as hyphens (``In Progress`` -> ``in-progress``)."""
    return "-".join(word.strip().lower().replace("_", " ").replace("-", " ").split())


def build_status_map(extra: Mapping[str, Sequence[str]] | None = None) -> dict[str, StatusClass]:
    """A word -> class lookup from the defaults plus ``extra`` (class name -> words)."""
    table: dict[str, StatusClass] = {}
    for source in (DEFAULT_STATUSES, extra or {}):
        for cls, words in source.items():
            for w in words:
                table[normalise_status(w)] = StatusClass(cls)
    return table


def classify_status(word: str, table: Mapping[str, StatusClass]) -> StatusClass:
    """The class of a status word, UNKNOWN when it is missing or outside the lifecycle."""
    if not word:
        return StatusClass.UNKNOWN
    return table.get(normalise_status(word), StatusClass.UNKNOWN)
