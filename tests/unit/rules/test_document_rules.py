"""TR0xx: one test that fires and one that stays quiet per rule."""

from tests.builders import prd, spec

PRD = {"docs/feature.prd.md": prd()}


def test_TR001_fires_on_invalid_yaml(findings):
    text = spec().replace("created: 2026-01-10", "created: {{date}}")
    assert findings({**PRD, "docs/s.tech.md": text}, "TR001") == [("TR001", "docs/s.tech.md", 4, "frontmatter", "warning")]


def test_TR001_quiet_on_valid_yaml(findings):
    assert findings({**PRD, "docs/s.tech.md": spec()}, "TR001") == []


def test_TR002_fires_per_placeholder(findings):
    text = spec().replace("What it does.", "{{summary}} and {{owner}}")
    got = findings({**PRD, "docs/s.tech.md": text}, "TR002")
    assert sorted(g[3] for g in got) == ["{{owner}}", "{{summary}}"]


def test_TR002_quiet_on_single_braces(findings):
    text = spec().replace("What it does.", "A JSON body like {\"a\": {\"b\": 1}}")
    assert findings({**PRD, "docs/s.tech.md": text}, "TR002") == []


def test_TR003_fires_on_a_misspelt_type_and_names_the_one_it_resembles(findings, make_repo):
    text = "---\ntype: tech-sepc\n---\n# Notes\n"
    assert findings({"docs/notes.md": text}, "TR003") == [("TR003", "docs/notes.md", 2, "type", "warning")]
    from tracer.api import analyse, check

    run = check(analyse(make_repo({"docs/notes.md": text})))
    assert "did you mean tech-spec?" in run.findings[0].message


def test_TR003_quiet_on_a_document_that_claims_no_family(findings):
    # READMEs, guides and ADRs are inventoried as "other", never checked against tracer's template
    files = {**PRD, "docs/notes.md": "# Notes\n", "docs/adr/001.md": "# ADR 1\n\nStatus: accepted\n",
             "docs/guide.md": "---\ntype: guide\n---\n# Guide\n"}
    assert findings(files, "TR003") == []


def test_TR003_quiet_when_type_comes_from_the_name(findings):
    assert findings({"docs/notes.prd.md": "# Notes\n"}, "TR003") == []


def test_TR004_fires_on_duplicate_document_and_story_ids(findings):
    files = {"docs/a.prd.md": prd({"US-001": "x"}, doc_id="feat"), "docs/b.prd.md": prd({"US-001": "y"}, doc_id="feat")}
    got = findings(files, "TR004")
    assert sorted((g[1], g[3]) for g in got) == [("docs/b.prd.md", "US-001"), ("docs/b.prd.md", "feat")]


def test_TR004_quiet_on_distinct_ids(findings):
    files = {"docs/a.prd.md": prd({"US-001": "x"}), "docs/b.prd.md": prd({"US-002": "y"})}
    assert findings(files, "TR004") == []


def test_TR005_fires_on_unknown_and_missing_status(findings):
    files = {"docs/a.prd.md": prd(status="someday"), "docs/b.prd.md": "---\ntype: prd\n---\n# B\n"}
    got = findings(files, "TR005")
    assert [(g[1], g[2], g[3]) for g in got] == [("docs/a.prd.md", 3, "someday"), ("docs/b.prd.md", 1, "status")]


def test_TR005_quiet_with_configured_word(make_repo, findings):
    files = {"docs/a.prd.md": prd(status="someday"), "tracer.toml": "[tool.tracer.statuses]\nplanned = ['someday']\n"}
    assert findings(files, "TR005") == []


def test_TR006_fires_on_missing_section_and_bare_na(findings):
    text = spec(omit=("Security Considerations",)).replace("**N/A** - no schema change.", "**N/A**")
    got = findings({**PRD, "docs/s.tech.md": text}, "TR006")
    assert sorted(g[3] for g in got) == ["Database Changes", "Security Considerations"]


def test_TR006_quiet_on_complete_spec(findings):
    assert findings({**PRD, "docs/s.tech.md": spec()}, "TR006") == []


def test_TR007_fires_on_the_statements_own_line(findings):
    text = spec(sql="CREATE TABLE ok (id INT);\nCREATE TABLE bad (\n  a INT\n  b INT\n);")
    line = text.splitlines().index("CREATE TABLE bad (") + 1
    got = findings({**PRD, "docs/s.tech.md": text, "db/migrations/1.sql": "CREATE TABLE ok (id INT);\nCREATE TABLE x (id INT;"}, "TR007")
    assert [(g[1], g[2]) for g in got] == [("db/migrations/1.sql", 2), ("docs/s.tech.md", line)]


def test_TR007_is_info_for_sql_that_would_declare_nothing(cli, make_repo):
    """A query or a fragment (a CHECK or WHERE clause) in a ```sql block is not a declaration: when it does not
    parse, that is said at info, while DDL that does not parse stays a warning."""
    sql = ("CHECK (category IN ('jam', 'class'))\nCHECK (cost >= 0);\nWHERE teacher.city_id = $cityId;\n"
           "SELECT a FROM t ORDER BY <sort_expression>;\nCREATE TABLE b (id INT,;\n")
    repo = make_repo({**PRD, "docs/s.tech.md": spec(sql=sql)})
    run = cli("check", repo, "--format", "json", "--fail-on", "never", "--select", "TR007")
    got = [(f["subject"], f["severity"]) for f in run.json()["findings"]]
    assert got == [("CHECK (category IN ('jam',", "info"), ("WHERE teacher.city_id = $cityId", "info"),
                   ("SELECT a FROM t", "info"), ("CREATE TABLE b (id", "warning")]


def test_TR007_quiet_on_valid_sql(findings):
    assert findings({**PRD, "docs/s.tech.md": spec(sql="CREATE TABLE ok (id INT);")}, "TR007") == []


def test_TR008_fires_on_binary_and_latin1_documents(findings):
    files = {"docs/bin.prd.md": b"\x00\x01\x02", "docs/latin.prd.md": "---\ntype: prd\n---\n# Caf\xe9\n".encode("latin-1")}
    got = findings(files, "TR008")
    assert [g[1] for g in got] == ["docs/bin.prd.md", "docs/latin.prd.md"]


def test_TR008_quiet_on_utf8_with_bom(findings):
    assert findings({"docs/a.prd.md": "\ufeff" + prd()}, "TR008") == []


def test_TR009_fires_on_story_without_id(findings):
    got = findings({"docs/f.prd.md": prd({"": "Weekly digest"})}, "TR009")
    assert [(g[0], g[3]) for g in got] == [("TR009", "f.prd#story-1")]


def test_TR009_quiet_on_story_with_id(findings):
    assert findings({"docs/f.prd.md": prd()}, "TR009") == []


def test_TR010_fires_on_unclosed_fence(findings):
    assert [g[3] for g in findings({"docs/f.prd.md": prd() + "\n```sql\nCREATE TABLE a (id INT);\n"}, "TR010")] == ["unclosed fence"]


def test_TR010_quiet_on_closed_fence(findings):
    assert findings({"docs/f.prd.md": prd() + "\n```sql\nSELECT 1;\n```\n"}, "TR010") == []
