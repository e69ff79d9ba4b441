import pytest

from tests.builders import prd, spec
from tracer.model import DocKind, Intent, StatusClass
from tracer.model.status import build_status_map
from tracer.profiles import registry
from tracer.scanner.documents import parse_document

STATUS = build_status_map({"planned": ["groomed"]})
DEFAULT = (registry()["default"],)


def parse(path, text):
    return parse_document(path, text, profiles=DEFAULT, dialect="postgres", status_map=STATUS)


@pytest.mark.parametrize("path, head, kind", [
    ("docs/a.md", "type: prd", DocKind.PRD),
    ("docs/a.md", "type: tech-spec", DocKind.SPEC),
    ("docs/a.md", "type: tech_spec", DocKind.SPEC),
    ("docs/a.md", "doc_type: bug", DocKind.BUG),
    ("docs/a.prd.md", "status: draft", DocKind.PRD),
    ("docs/a.tech.md", "status: draft", DocKind.SPEC),
    ("docs/a.bug.md", "status: draft", DocKind.BUG),
    ("docs/a.md", "status: draft", DocKind.OTHER),  # no family claims it: inventoried, never checked
    ("docs/a.md", "type: poem", DocKind.OTHER),  # a type of its own: not ours to check
    ("docs/a.md", "type: tech-sepc", DocKind.UNKNOWN),  # a misspelt known type: reported by TR003
    ("docs/a.prd.md", "type: tech-spec", DocKind.SPEC),  # a declared type wins over the file name
])
def test_document_type(path, head, kind):
    assert parse(path, f"---\n{head}\n---\n# A\n").kind == kind


def test_id_from_frontmatter_else_file_name():
    assert parse("docs/x.prd.md", "---\ntype: prd\nid: board\n---\n").id == "board"
    assert parse("docs/20260112-105832-auth.prd.md", "---\ntype: prd\n---\n").id == "20260112-105832-auth.prd"


@pytest.mark.parametrize("word, cls", [
    ("draft", StatusClass.PLANNED), ("decomposed", StatusClass.PLANNED), ("groomed", StatusClass.PLANNED),
    ("In Progress", StatusClass.ACTIVE), ("in_progress", StatusClass.ACTIVE), ("completed", StatusClass.DONE),
    ("implemented", StatusClass.DONE), ("superseded", StatusClass.RETIRED), ("someday", StatusClass.UNKNOWN),
])
def test_status_classes_including_config_extension(word, cls):
    assert parse("docs/a.prd.md", f"---\ntype: prd\nstatus: {word}\n---\n").status_class == cls


def test_prd_stories_with_ids_acceptance_and_a_heading_without_id():
    doc = parse("docs/feature.prd.md", prd({"US-001": "As a user, I want A so that B", "US-3": "As a lead, I want C",
                                            "": "Weekly digest"}))
    assert [(s.id, s.raw_id, s.derived) for s in doc.stories] == [
        ("US-001", "US-001", False), ("US-003", "US-3", False), ("feature.prd#story-3", "", True)]
    assert doc.stories[0].title == "As a user, I want A so that B"
    text = doc.path and prd({"US-001": "x"})
    line = text.splitlines().index("### US-001: x") + 1
    assert parse("docs/f.prd.md", text).stories[0].line == line


def test_a_table_row_defines_only_what_nothing_else_in_the_document_does():
    """Rows restating a story or requirement (before or after its own line) leave one definition, at that line;
    a row alone defines its ID at the row; two rows of one ID define it once."""
    doc = parse("docs/f.prd.md", "---\ntype: prd\n---\n# F\n\n| ID | What |\n|---|---|\n| FR-1 | Import |\n\n"
                "## User Stories\n\n### US-001: Import\n\n## Requirements\n\n- FR-1: Import a file\n\n"
                "| Ref | Test |\n|---|---|\n| US-001 | t1 |\n| FR-1 | t2 |\n| FR-9 | t3 |\n| FR-9 | t4 |\n")
    assert [(s.id, s.kind) for s in doc.stories] == [("US-001", "story"), ("FR-001", "requirement"),
                                                    ("FR-009", "requirement")]
    assert [s.line for s in doc.stories] == [12, 16, 22]


def test_prefixed_story_ids():
    doc = parse("docs/qr.prd.md", prd({"US-QR-013": "As a scanner, I want QR"}))
    assert doc.stories[0].id == "US-QR-013"


def test_spec_parent_both_sources_and_covers_with_ranges():
    doc = parse("docs/specs/s.tech.md", spec(parent="[Board](../prds/board.prd.md)", covers="US-002–US-004, US-9"))
    front, body = [r for r in doc.parents if not r.implicit]
    assert (front.raw, front.line, front.via) == ("[Board](../prds/board.prd.md)", 5, "frontmatter parent")
    assert (body.raw, body.via, body.implicit) == ("[Board](../prds/board.prd.md)", "**Parent PRD:** line", False)
    assert [c.story_id for c in doc.covers] == ["US-002", "US-003", "US-004", "US-009"]


def test_unfilled_story_ids_are_not_stories():
    doc = parse("docs/specs/s.tech.md", spec(covers="{{storyIds}}"))
    assert doc.covers == () and [p.text for p in doc.placeholders] == ["{{storyIds}}"]


def test_files_tables_with_decorations_and_unsafe_paths():
    doc = parse("docs/specs/s.tech.md", spec(create=("src/new.py` (new file)", "src/b.py:12"),
                                             modify=("/etc/passwd", "../up.py", "src/c.py")))
    got = [(f.path, f.intent, f.unsafe) for f in doc.files]
    assert got == [("src/new.py", Intent.CREATE, ""), ("src/b.py", Intent.CREATE, ""),
                   ("/etc/passwd", Intent.MODIFY, "is absolute"), ("../up.py", Intent.MODIFY, "leaves the repository"),
                   ("src/c.py", Intent.MODIFY, "")]
    text = spec(create=("src/b.py",))
    assert doc.files[0].line > 1
    row = next(i for i, line in enumerate(text.splitlines(), 1) if "`src/b.py`" in line)
    assert parse("docs/s.tech.md", text).files[0].line == row


def test_endpoints_sql_sections_and_na():
    doc = parse("docs/specs/s.tech.md", spec(sql="CREATE TABLE t (id INT);", endpoints=("POST /api/v1/tasks",
                                                                                       "GET /api/v1/tasks/:id")))
    assert [(e.method, e.path) for e in doc.endpoints] == [("POST", "/api/v1/tasks"), ("GET", "/api/v1/tasks/{}")]
    assert [st.table for st in doc.sql] == ["t"]
    titles = [s.title for s in doc.sections if s.level == 2]
    assert titles[:3] == ["Overview", "Technical Approach", "Database Changes"]
    na = parse("docs/s.tech.md", spec()).sections
    assert next(s for s in na if s.title == "Database Changes").na_reason == "no schema change."


def test_checkbox_counts():
    doc = parse("docs/s.tech.md", spec())
    assert (doc.tests_done, doc.tests_total, doc.open_questions) == (1, 2, 1)


def test_suppressions_in_markdown_and_frontmatter():
    text = spec(modify=("src/gone.py",), before_create_table="", frontmatter_extra="tracer: {ignore: [TR104]}\n")
    text = text.replace("**Files to Modify:**", "<!-- tracer: ignore TR201 -->\n**Files to Modify:**", 1)
    doc = parse("docs/s.tech.md", text)
    codes = {s.codes: (s.target_line, s.end_line) for s in doc.suppressions}
    assert codes[("TR104",)] == (0, 0)
    target, end = codes[("TR201",)]
    assert target > 0 and end >= target


def test_invalid_yaml_template_still_indexed():
    text = spec(status="draft").replace("created: 2026-01-10", "created: {{date}}")
    doc = parse("docs/s.tech.md", text)
    assert doc.kind == DocKind.SPEC and doc.status == "draft" and doc.parents[0].raw == "feature.prd.md"
    assert [(p.code, p.line) for p in doc.problems] == [("TR001", 4)]
    assert not doc.frontmatter_ok


def test_empty_and_heading_only_documents():
    assert parse("docs/empty.md", "").kind == DocKind.OTHER
    doc = parse("docs/x.prd.md", "#   \n\n##\n")
    assert doc.kind == DocKind.PRD and any(p.code == "TR010" for p in doc.problems)
