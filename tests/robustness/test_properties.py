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


NAMES = st.text(alphabet="abcxy._/", max_size=24)


@given(NAMES, NAMES, st.sampled_from([0.0, 0.6, 0.9, 1.0]))
@settings(max_examples=400)
def test_the_similarity_shortcut_stops_only_below_the_floor(a, b, floor):
    """A missing path's candidates are found by difflib's ratio; the shortcut that skips building the matcher
    gives that ratio, or None only when the ratio is below the floor."""
    import difflib

    from tracer.resolve.artifacts import _ratio_reaching

    exact = difflib.SequenceMatcher(None, a, b).ratio()
    got = _ratio_reaching(a, b, floor)
    assert got == exact or (got is None and exact < floor)


@given(st.lists(st.text(alphabet="abxy/", min_size=1, max_size=10), min_size=1, max_size=30, unique=True),
       st.text(alphabet="abxy/", min_size=1, max_size=10))
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_did_you_mean_picks_what_comparing_every_same_named_file_picks(folders, missing):
    """With many files of the missing one's name, the two closest (60 % or more, closest first, then by path)."""
    import difflib

    from tracer.resolve.artifacts import FileSet

    files = FileSet("/nonexistent", [f"{d}/index.ts" for d in folders], listed_only=True)
    rel = f"{missing}/index.ts"
    scored = sorted(((difflib.SequenceMatcher(None, rel, f).ratio(), f) for f in files.by_name["index.ts"][:200]),
                    key=lambda x: (-x[0], x[1]))
    assert files.did_you_mean(rel) == tuple(f for score, f in scored[:2] if score >= 0.6)


# names that are often close to each other: a stem, a typo of it, a suffix added; a test or not
CLOSE_NAMES = st.builds(lambda stem, ext: stem + ext,
                        st.sampled_from(["abcd", "abce", "abdc", "abcdx", "xabcd", "abc", "abcde", "bbcd", "Abcd"]),
                        st.sampled_from([".py", ".ts", ".test.ts", "_test.py", ".spec.ts", ".md", ""]))


@given(st.lists(CLOSE_NAMES, min_size=1, max_size=25, unique=True), CLOSE_NAMES)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_did_you_mean_in_a_folder_picks_the_first_two_close_names_in_path_order(names, missing):
    """No file of the missing one's name: the first two files of its folder, in path order, that are not a test
    when it is not one (and the reverse) and whose names are close (a typo, a suffix, 90 % alike)."""
    import difflib

    from tracer.resolve.artifacts import FileSet, _one_edit
    from tracer.scanner.code import is_test

    files = FileSet("/nonexistent", [f"src/{n}" for n in names if n != missing], listed_only=True)
    stem = missing.split(".", 1)[0].lower()
    expected = []
    for f in sorted(f"src/{n}" for n in names if n != missing):
        other = f[4:]
        o_stem = other.split(".", 1)[0].lower()
        close = difflib.SequenceMatcher(None, missing, other).ratio() >= 0.9
        if is_test(other) == is_test(missing) and ((o_stem.startswith(stem) or stem.startswith(o_stem))
                                                   and min(len(stem), len(o_stem)) >= 4
                                                   or min(len(stem), len(o_stem)) >= 4 and _one_edit(stem, o_stem)
                                                   or close):
            expected.append(f)
    for _ in range(2):  # the folder's names are made once: a second question gets the same answer
        assert files.did_you_mean(f"src/{missing}") == tuple(expected[:2])
