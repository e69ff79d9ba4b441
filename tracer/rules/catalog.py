"""The rule catalog: one explicit, ordered tuple. Codes are stable and never renumbered."""

from __future__ import annotations

from tracer.rules import documents, endpoints, files, links, progress, schema, staleness
from tracer.rules.base import Draft, Finding, Rule


def suppression_unused(ctx) -> list[Draft]:
    """What it finds:
    An inline suppression (`<!-- tracer: ignore TR201 -->`, `-- tracer: ignore TR302` in SQL, or
    `tracer: {ignore: [TR104]}` in frontmatter) that suppresses nothing.

    Why it matters:
    The problem it was written for is gone; a stale suppression would silently hide the next one.

    Example:
    `<!-- tracer: ignore TR201 -->` above a table whose files all exist now.

    How to fix:
    Delete the suppression.
    """
    return []  # computed by the engine after suppressions are applied; the docstring documents it


def tracer_crashed(ctx) -> list[Draft]:
    """What it finds:
    One of tracer's own parsers or rules failed with an internal error. By default a crash makes
    `tracer check` exit with code 2 (a run that could not read everything must never pass); with
    `crash = "finding"` in the configuration it is reported as this finding, at error, instead.

    Why it matters:
    Whatever the failed part should have checked was not checked: a green run would be a lie.

    Example:
    `tracer's parser failed on docs/specs/x.tech.md: IndexError: list index out of range`.

    How to fix:
    Report it with the document that triggers it; until then, exclude that document.
    """
    return []  # produced by the engine from the run's crashes; the docstring documents it


RULES: tuple[Rule, ...] = (
    Rule("TR000", "tracer-crashed", "error", tracer_crashed),
    Rule("TR001", "frontmatter-invalid", "warning", documents.frontmatter_invalid),
    Rule("TR002", "template-placeholder", "warning", documents.template_placeholder),
    Rule("TR003", "doc-type-unknown", "warning", documents.doc_type_unknown),
    Rule("TR004", "duplicate-id", "error", documents.duplicate_id),
    Rule("TR005", "status-unknown", "warning", documents.status_unknown),
    Rule("TR006", "section-missing", "warning", documents.section_missing),
    Rule("TR007", "sql-unparsable", "warning", documents.sql_unparsable),
    Rule("TR008", "file-unreadable", "warning", documents.file_unreadable),
    Rule("TR009", "story-id-missing", "info", documents.story_id_missing),
    Rule("TR010", "markdown-malformed", "warning", documents.markdown_malformed),
    Rule("TR011", "spec-unread", "info", documents.spec_empty),
    Rule("TR012", "prd-unread", "info", documents.prd_empty),
    Rule("TR101", "parent-dangling", "error", links.parent_dangling),
    Rule("TR102", "story-unknown", "error", links.story_unknown),
    Rule("TR103", "spec-orphan", "warning", links.spec_orphan),
    Rule("TR104", "story-uncovered", "warning", links.story_uncovered),
    Rule("TR105", "status-mismatch", "warning", progress.status_mismatch),
    Rule("TR106", "requirement-uncovered", "info", links.requirement_uncovered, enabled=False),
    Rule("TR107", "status-progress-mismatch", "warning", progress.status_progress_mismatch),
    Rule("TR201", "file-missing", "error", files.file_missing),
    Rule("TR202", "file-exists-before-create", "warning", files.file_exists_before_create),
    Rule("TR203", "path-escapes-repo", "error", files.path_escapes_repo),
    Rule("TR204", "file-untraced", "info", files.file_untraced, enabled=False),
    Rule("TR205", "file-ignored", "warning", files.file_ignored),
    Rule("TR206", "file-not-removed", "warning", files.file_not_removed),
    Rule("TR207", "file-renamed", "warning", files.file_renamed),
    Rule("TR301", "table-missing", "error", schema.table_missing),
    Rule("TR302", "column-drift", "error", schema.column_drift),
    Rule("TR303", "index-missing", "error", schema.index_missing),
    Rule("TR304", "table-undeclared", "info", schema.table_undeclared, enabled=False),
    Rule("TR305", "schema-unreadable", "info", schema.schema_unreadable),
    Rule("TR306", "schema-sources-disagree", "warning", schema.schema_sources_disagree),
    Rule("TR401", "endpoint-missing", "error", endpoints.endpoint_missing),
    Rule("TR402", "routes-unreadable", "info", endpoints.routes_unreadable),
    Rule("TR501", "spec-stale", "info", staleness.spec_stale),
    Rule("TR901", "suppression-unused", "warning", suppression_unused),
)

RULES_BY_CODE = {r.code: r for r in RULES}

__all__ = ["RULES", "RULES_BY_CODE", "Rule", "Finding", "Draft"]
