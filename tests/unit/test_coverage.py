"""Coverage metrics on a fixture repository with hand-computed expected numbers."""

import pytest

from tests.builders import prd, spec
from tracer.api import analyse, check
from tracer.weekly import measure

FILES = {
    "docs/a.prd.md": prd({"US-001": "a", "US-002": "b", "US-003": "c"}, doc_id="A"),
    "docs/b.prd.md": prd({"US-010": "d"}, doc_id="B", status="done"),
    "docs/c.prd.md": prd({"US-020": "e"}, doc_id="C", status="deprecated"),
    # done: file x present, y missing; table t1 migrated; GET /a routed -> 3 of 4 built
    "docs/a1.tech.md": spec(parent="A", covers="US-001, US-002", create=("src/x.py",), modify=("src/y.py",),
                            sql="CREATE TABLE t1 (id INT);", endpoints=("GET /a",)),
    # planned: covers nothing, builds nothing yet
    "docs/a2.tech.md": spec(parent="A", covers="", status="draft", create=("src/q.py",)),
    # active: file z missing, table t2 not migrated -> 0 of 2 built
    "docs/b1.tech.md": spec(parent="B", covers="US-010", status="in-progress", create=("src/z.py",),
                            sql="CREATE TABLE t2 (id INT);"),
    # retired: its coverage of US-020 and its artifacts count for nothing
    "docs/c1.tech.md": spec(parent="C", covers="US-020", status="superseded", modify=("src/x.py",)),
    "src/x.py": "@app.get('/a')\ndef a(): ...\n",
    "src/w.py": "",
    "db/migrations/1.sql": "CREATE TABLE t1 (id INT);\nCREATE TABLE t3 (id INT);\n",
}


@pytest.fixture
def cov(make_repo):
    a = analyse(make_repo(FILES))
    return measure(a, check(a))


def test_totals(cov):
    t = cov.totals
    assert (t["stories_covered"], t["stories_total"], t["story_coverage"]) == (3, 4, 0.75)
    assert (t["impl_present"], t["impl_declared"], t["spec_implementation"]) == (3, 6, 0.5)
    assert (t["files_present"], t["files_declared"]) == (1, 3)
    assert (t["tables_present"], t["tables_declared"], t["endpoints_present"], t["endpoints_declared"]) == (1, 2, 1, 1)
    assert (t["code_files_traced"], t["code_files"], t["code_traceability"]) == (1, 2, 0.5)
    assert (t["schema_tables_declared"], t["schema_tables"], t["schema_traceability"]) == (1, 2, 0.5)
    assert t["prds"] == 2 and t["specs_total"] == 3
    assert t["section_completeness"] == 1.0
    assert (t["tests_done"], t["tests_total"], t["open_questions"]) == (3, 6, 3)


def test_per_prd_rows(cov):
    rows = {r["prd"]: r for r in cov.prds.to_dict(orient="records")}
    assert set(rows) == {"A", "B"}  # the retired PRD is left out
    assert (rows["A"]["stories_covered"], rows["A"]["stories_total"]) == (2, 3)
    assert rows["A"]["spec_implementation"] == 0.75 and rows["B"]["spec_implementation"] == 0.0
    assert rows["A"]["specs"] == 2 and rows["B"]["specs"] == 1


def test_story_rows_and_gaps(cov):
    stories = {r["story"]: r for r in cov.stories.to_dict(orient="records")}
    assert stories["US-001"]["covered"] and stories["US-001"]["specs"] == "docs/a1.tech.md"
    assert not stories["US-003"]["covered"]
    assert [g["story"] for g in cov.gaps["uncovered_stories"]] == ["US-003"]
    # missing is what drift says is missing: the done spec's file to modify; the in-progress spec's file and
    # table to create are not there yet, which is not a gap (its implementation ratio shows them)
    assert sorted(g["name"] for g in cov.gaps["missing_files"]) == ["src/y.py"]
    assert cov.gaps["missing_tables"] == []


def test_drift_counts_come_from_check(cov):
    by_rule = {r["rule"]: r for r in cov.drift["by_rule"]}
    assert by_rule["TR201"]["error"] == 1  # src/y.py of the done spec
    assert cov.totals["findings_error"] == sum(r["error"] for r in cov.drift["by_rule"])


def test_empty_repository_has_nothing_to_measure(make_repo):
    import pytest

    from tracer.errors import TracerError
    from tracer.rules.engine import CheckResult

    a = analyse(make_repo({"README.md": "hi"}))
    with pytest.raises(TracerError, match="no PRD, spec or story found"):
        check(a)  # the report and the check refuse to pass a repository they read nothing of
    cov = measure(a, CheckResult(findings=()))
    assert cov.totals["story_coverage"] is None and cov.prds.empty
