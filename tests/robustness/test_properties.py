"""Property-based tests: arbitrary text never raises, and every document that goes in comes out."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracer.model.status import build_status_map
from tracer.profiles import registry
from tracer.scanner.documents import parse_document
from tracer.scanner.frontmatter import read_frontmatter
from tracer.scanner.markdown import parse_blocks
from tracer.scanner.paths import normalise_declared
from tracer.scanner.sql import extract_statements

DEFAULT = (registry()["default"],)
STATUS = build_status_map()
# text biased towards the syntax the parsers care about
PIECES = st.sampled_from(["---\n", "type: prd\n", "status: done\n", "parent: x\n", "{{x}}", "# T\n", "## User Stories\n",
                          "### US-001: a\n", "```sql\n", "```\n", "| File | Purpose |\n", "|---|---|\n", "| `a.py` | x |\n",
                          "**Files to Create:**\n", "**Parent PRD:** ", "- [ ] q\n", "CREATE TABLE t (id INT);\n",
                          "<!-- tracer: ignore TR201 -->\n", "&a [*a]\n", "\x00", "\ufeff", "\r\n", "> ", "    ", "*", "["])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_frontmatter_reader_never_raises(text):
    fm = read_frontmatter(text)
    assert isinstance(fm.meta, dict) and fm.body_line >= 1


@FAST
@given(TEXT, st.integers(min_value=1, max_value=500))
def test_markdown_blocks_never_raise_and_lines_stay_in_range(text, first):
    blocks = parse_blocks(text, first)
    last = first + text.count("\n")
    assert all(first <= b.line <= last + 1 for b in blocks)


@FAST
@given(TEXT)
def test_document_parser_never_raises(text):
    doc = parse_document("docs/x.tech.md", text, profiles=DEFAULT, dialect="postgres", status_map=STATUS)
    assert doc.path == "docs/x.tech.md"


@FAST
@given(st.text(max_size=200), st.sampled_from(["postgres", "mysql", "sqlite", "tsql"]))
def test_sql_extraction_never_raises(text, dialect):
    for st_ in extract_statements(text, "m.sql", 1, dialect):
        assert st_.line >= 1


@FAST
@given(st.text(max_size=120))
def test_path_normalisation_never_escapes_the_repository(text):
    path, unsafe = normalise_declared(text)
    if not unsafe and path:
        assert not path.startswith(("/", "../")) and path != ".." and "\x00" not in path


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(TEXT, min_size=1, max_size=6))
def test_document_count_in_equals_count_out(tmp_path_factory, texts):
    from tracer.api import analyse

    root = tmp_path_factory.mktemp("prop")
    (root / "docs").mkdir()
    for i, t in enumerate(texts):
        (root / "docs" / f"d{i}.md").write_text(t, encoding="utf-8", errors="surrogatepass")
    project = analyse(root).project
    assert len(project.documents) == len(texts)


@FAST
@given(TEXT, st.sampled_from(["spec-kit", "bmad", "kiro", "ccpm"]))
def test_every_profile_parser_never_raises(text, name):
    from tests.builders import every_rule

    for profiles in every_rule(name):
        doc = parse_document("specs/001-x/spec.md", text, profiles=profiles, dialect="postgres", status_map=STATUS)
        assert doc.profile == name
