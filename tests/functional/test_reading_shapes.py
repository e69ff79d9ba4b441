"""What makes findings wrong or missing on real repositories, each pattern in a small repository written for
the test: tracer's template imposed on other formats, placeholders in code, mangled identifiers, statuses
read from the wrong line, repeated findings, test fixtures, silent passes; and the shapes stories,
endpoints and statuses are written in."""

from __future__ import annotations

import pytest

from tests.builders import prd

PRD = {"docs/feature.prd.md": prd({"US-001": "As a user, I want X"})}


def spec(body: str, *, status: str = "completed", head: str = "") -> str:
    return f"---\ntype: tech-spec\nstatus: {status}\nparent: feature.prd.md\n{head}---\n# Spec\n\n{body}"


def check(cli, repo, *args) -> set[tuple[str, str, int, str]]:
    run = cli("check", repo, "--format", "json", "--fail-on", "never", *args)
    assert run.code == 0, run.err
    return {(f["rule"], f["path"], f["line"], f["subject"]) for f in run.json()["findings"]}


def scanned(cli, repo) -> dict[str, dict]:
    run = cli("scan", repo, "--format", "json")
    assert run.code == 0, run.err
    return {d["path"]: d for d in run.json()["documents"]}


COVERED = "**User Stories Covered:** US-001\n\n### Files to Modify\n\n- `src/app.py`\n"
APP = {"src/app.py": "x = 1\n"}


# -- template rules apply to documents that claim the template -------------------------------------

def test_documents_of_no_known_format_are_inventoried_silently(cli, make_repo):
    repo = make_repo({**PRD, **APP, "docs/feature.tech.md": spec(COVERED),
                      "README.md": "# Project\n\nSetup: {{ do this }}\n",
                      "docs/guide.md": "# Guide\n\n## Testing Strategy\n",
                      "docs/adr/0001-postgres.md": "# 1. Use Postgres\n\nStatus: accepted\n",
                      "docs/retro/sprint-3.md": "---\ntitle: Retro\n---\n# Retro\n"})
    assert check(cli, repo) == set()
    docs = scanned(cli, repo)
    assert {p for p, d in docs.items() if d["kind"] == "other"} == {
        "README.md", "docs/guide.md", "docs/adr/0001-postgres.md", "docs/retro/sprint-3.md"}


def test_a_misspelt_type_is_named_with_the_one_meant(cli, make_repo):
    repo = make_repo({**PRD, **APP, "docs/feature.tech.md": spec(COVERED),
                      "docs/other.md": "---\ntype: tech-spce\n---\n# Other\n"})
    run = cli("check", repo, "--format", "json", "--fail-on", "never").json()
    assert [(f["rule"], f["path"], f["line"]) for f in run["findings"]] == [("TR003", "docs/other.md", 2)]
    assert "did you mean tech-spec?" in run["findings"][0]["message"]


def test_speckit_auxiliary_files_are_known(cli, make_repo):
    feature = "specs/001-albums/"
    repo = make_repo({
        feature + "spec.md": "# Feature Specification: Albums\n\n**Status**: Draft\n\n"
        "### User Story 1 - Albums (Priority: P1)\n\nGroup photos.\n",
        feature + "research.md": "# Research\n\nDecision: use SQLite.\n",
        feature + "quickstart.md": "# Quickstart\n\nRun it.\n",
        feature + "checklists/requirements.md": "# Checklist\n\n- [x] CHK001 Clear?\n",
        feature + "contracts/albums.md": "# Contract\n\n| Path | Method |\n|---|---|\n| /albums | GET |\n",
    })
    assert check(cli, repo) == set()


def test_section_completeness_is_one_finding_and_only_for_the_template(cli, make_repo):
    sections = ["Overview", "Technical Approach", "Database Changes", "API Changes", "Code Structure",
                "Edge Cases", "Error Handling", "Testing Strategy", "Security Considerations"]
    most = "".join(f"## {s}\n\nText.\n\n" for s in sections if s not in ("Edge Cases", "Error Handling"))
    few = "## Overview\n\nText.\n\n## Test Strategy\n\nText.\n\n"
    repo = make_repo({**PRD, **APP,
                      "docs/a.tech.md": spec(COVERED + "\n" + most),
                      "docs/b.tech.md": spec(COVERED + "\n" + few)})
    run = cli("check", repo, "--format", "json", "--fail-on", "never").json()
    found = [(f["rule"], f["path"], f["message"]) for f in run["findings"]]
    assert len(found) == 1 and found[0][:2] == ("TR006", "docs/a.tech.md")
    for name in ("Edge Cases", "Error Handling", "Performance Considerations", "Open Questions"):
        assert name in found[0][2]


@pytest.mark.parametrize("link", [
    "",  # the product spec beside it
    "related:\n  - ./product-spec.md\n",
])
def test_a_sibling_or_related_prd_is_a_parent(cli, make_repo, link):
    repo = make_repo({
        "docs/features/search/product-spec.md": "---\ndoc_type: product-spec\nstatus: shipped\n---\n# Search\n\n"
        "## User Stories\n\n### US-1: Find\n\nAs a user I find things.\n",
        "docs/features/search/tech-spec.md": f"---\ndoc_type: tech-spec\nstatus: shipped\n{link}---\n# Tech\n\n"
        "**Covers:** US-1\n\n### Files to Modify\n\n- `src/search.go`\n",
        "src/search.go": "package search\n"})
    assert check(cli, repo) == set()


# -- placeholders are prose, not code ------------------------------------------------------------------

def test_template_placeholders_only_in_prose(cli, make_repo):
    body = (COVERED + "\n## Notes\n\n"
            "```yaml\ntoken: ${{ secrets.API_TOKEN }}\nversion: {{.Version}}\n```\n\n"
            "Render `<div style={{ margin: 0 }}>` and `items := []Item{{Name: \"a\"}}`.\n\n"
            "Owner: {{owner_name}}\n")
    repo = make_repo({**PRD, **APP, "docs/feature.tech.md": spec(body)})
    assert check(cli, repo) == {("TR002", "docs/feature.tech.md", 23, "{{owner_name}}")}


# -- identifiers --------------------------------------------------------------------------------------

def test_requirement_ids_in_every_spelling_are_one(cli, make_repo):
    repo = make_repo({
        "docs/feature.prd.md": "---\ntype: prd\nstatus: active\n---\n# Feature\n\n## Requirements\n\n"
        "**FR1**: Import a file\n**FR2**: Export a file\n\n"
        "- FR14: Undo\n- FR-015 (Redo): Redo the last undo\n",
        "docs/feature.tech.md": spec("**Covers:** FR-001, FR-2, FR-014, FR15\n\n### Files to Modify\n\n- `src/app.py`\n"),
        **APP})
    docs = scanned(cli, repo)
    assert docs["docs/feature.prd.md"]["requirements"] == ["FR-001", "FR-002", "FR-014", "FR-015"]
    assert check(cli, repo) == set()


def test_speckit_scenarios_and_requirement_bullets(cli, make_repo):
    repo = make_repo({
        "specs/001-import/spec.md": "# Feature Specification: Import\n\n**Status**: Draft\n\n"
        "### Scenario 1 - Upload a file (Priority: P1)\n\nA user uploads.\n\n"
        "### Scenario 2 - Preview (Priority: P2)\n\nA user previews.\n\n"
        "## Requirements\n\n- **FR-001** (Import): System MUST import CSV\n",
        "specs/001-import/tasks.md": "# Tasks\n\n- [ ] T001 [US1] Parse FR-001 rows in `src/import.py`\n"
        "- [ ] T002 [US2] Preview in `src/preview.py`\n",
    })
    docs = scanned(cli, repo)
    assert docs["specs/001-import/spec.md"]["stories"] == ["001-import:US-001", "001-import:US-002"]
    assert check(cli, repo) == set()


def test_speckit_stories_headed_by_their_id_and_requirements_in_a_table(cli, make_repo):
    """"### US-1: Browse events (P0)" is the story the tasks' [US1] names, and a table of requirements defines
    the FR IDs the tasks cite."""
    repo = make_repo({
        "specs/001-events/spec.md": "# Feature Spec 001: Events\n\n**Status**: Draft\n\n## User Scenarios & Testing\n\n"
        "### US-1: Browse events (P0)\n\nA visitor browses.\n\n### US-2: Filter events (Priority: P1)\n\nA visitor "
        "filters.\n\n## Requirements\n\n| ID | Requirement | Priority |\n|----|-------------|----------|\n"
        "| FR-01 | Events are listed by date | P0 |\n| FR-12 | Filters combine with OR | P1 |\n",
        "specs/001-events/tasks.md": "# Tasks\n\n- [ ] T001 [US1] List events per FR-01 in `src/list.py`\n"
        "- [ ] T002 [US2] Filters per FR-12 in `src/filters.py`\n",
    })
    doc = scanned(cli, repo)["specs/001-events/spec.md"]
    assert doc["stories"] == ["001-events:US-001", "001-events:US-002"]
    assert doc["requirements"] == ["001-events:FR-001", "001-events:FR-012"]
    assert check(cli, repo) == set()


def test_speckit_stories_as_a_numbered_list_under_user_stories(cli, make_repo):
    """"## User Stories" then "1. As a developer, I can ...": the list's numbers are the stories the tasks'
    "User Story 2" phase names. Numbered items elsewhere, nested ones, and bullets define nothing."""
    repo = make_repo({
        "specs/001-users/spec.md": "# Feature 001: Users\n\n**Status**: Draft\n\n## User Stories\n\n"
        "1. As a developer, I can store users.\n2. As an operator, I can migrate them.\n\n"
        "   3. As a nested item, I am a detail.\n\n- As a bullet, I am no story.\n\n"
        "## Steps\n\n1. As a step, I am no story either.\n",
        "specs/001-users/tasks.md": "# Tasks\n\n## Phase 3: User Story 1 (P1) - Store\n\n"
        "- [ ] T001 Model in `src/user.py`\n\n## Phase 4: User Story 2 (P2) - Migrate\n\n"
        "- [ ] T002 Migrations in `src/migrate.py`\n\n## Phase 5: User Story 3 (P3) - Nested\n\n"
        "- [ ] T003 Detail in `src/detail.py`\n",
    })
    doc = scanned(cli, repo)["specs/001-users/spec.md"]
    assert doc["stories"] == ["001-users:US-001", "001-users:US-002"]
    assert check(cli, repo) == {("TR102", "specs/001-users/tasks.md", 11, "001-users:US-003")}


def test_a_table_restating_requirements_defines_each_once_where_the_text_does(cli, make_repo):
    """A summary or a traceability table restates what the requirements' own lines define: each ID is defined
    once, at the line that defines it in text, whether the table comes before or after it; an ID that only a
    row names is defined at that row."""
    repo = make_repo({"docs/feature.prd.md": "---\ntype: prd\nstatus: active\n---\n# Feature\n\n## Summary\n\n"
                      "| ID | What |\n|---|---|\n| FR-1 | Import |\n| FR-3 | Audit |\n\n## User Stories\n\n"
                      "### US-001: Import\n\nAs a user I import.\n\n## Requirements\n\n"
                      "- FR-1: Import a file\n- FR-2: Export a file\n\n## Traceability\n\n| Requirement | Test |\n"
                      "|---|---|\n| FR-2 | test_export |\n| FR-2 | test_export_empty |\n| US-001 | test_import |\n"})
    doc = scanned(cli, repo)["docs/feature.prd.md"]
    assert doc["stories"] == ["US-001"]
    assert sorted(doc["requirements"]) == ["FR-001", "FR-002", "FR-003"]
    assert not any(rule == "TR004" for rule, *_ in check(cli, repo))
    nodes = {n["id"]: n for n in cli("graph", repo, "--format", "json").json()["nodes"]}
    lines = (repo / "docs/feature.prd.md").read_text().split("\n")
    assert lines[nodes["req:FR-001"]["line"] - 1] == "- FR-1: Import a file"
    assert lines[nodes["req:FR-002"]["line"] - 1] == "- FR-2: Export a file"
    assert lines[nodes["req:FR-003"]["line"] - 1] == "| FR-3 | Audit |"


# -- statuses -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "status", "status_class"), [
    # a later "Status:" in the body (a check result) is not the document's status
    ("# Story 1.1: Sign up\n\nStatus: done\n\n## Dev Notes\n\nStatus: PASSED\n", "done", "done"),
    # BMAD's own Status section
    ("# Story 1.1: Sign up\n\n## Status\n\nReady for Review\n\n## Story\n\nAs a visitor...\n", "Ready for Review", "active"),
    # the status word, with the remark after it dropped
    ("# Story 1.1: Sign up\n\n**Status:** done (deploy pending)\n", "done", "done"),
])
def test_status_comes_from_the_top_or_a_status_section(cli, make_repo, text, status, status_class):
    repo = make_repo({"docs/epics.md": "# Epics\n\n### Story 1.1: Sign up\n\nAs a visitor I sign up.\n",
                      "docs/stories/1.1.sign-up.md": text})
    doc = scanned(cli, repo)["docs/stories/1.1.sign-up.md"]
    assert (doc["status"], doc["status_class"]) == (status, status_class)


def test_an_unknown_status_word_is_said(cli, make_repo):
    repo = make_repo({**PRD, **APP, "docs/feature.tech.md": spec(COVERED, status="baking")})
    run = cli("check", repo, "--format", "json", "--fail-on", "never").json()
    assert [(f["rule"], f["line"], f["subject"]) for f in run["findings"]] == [("TR005", 3, "baking")]


def test_archived_folders_are_read_as_retired(cli, make_repo):
    repo = make_repo({**PRD, **APP, "docs/feature.tech.md": spec(COVERED),
                      "docs/_archived/old.tech.md": spec("**User Stories Covered:** US-001\n\n### Files to Modify\n\n"
                                                         "- `src/gone.py`\n", status="active")})
    doc = scanned(cli, repo)["docs/_archived/old.tech.md"]
    assert doc["status_class"] == "retired"
    assert check(cli, repo) == set()


# -- one cause, one finding ---------------------------------------------------------------------------

def test_a_missing_epic_prd_is_one_finding_at_its_line(cli, make_repo):
    repo = make_repo({
        ".claude/prds/other.md": "---\nname: other\n---\n# Other\n\n## User Stories\n\n### US-1: A\n\nText.\n",
        ".claude/epics/billing/epic.md": "---\nname: billing\nstatus: in-progress\nprd: .claude/prds/billing.md\n---\n# Epic\n",
        ".claude/epics/billing/001.md": "---\nname: A\nstatus: open\n---\n# Task\n\n### Files Affected\n\n- `src/a.py`\n",
        ".claude/epics/billing/002.md": "---\nname: B\nstatus: open\n---\n# Task\n\n### Files Affected\n\n- `src/b.py`\n",
    })
    found = {f for f in check(cli, repo) if f[0] != "TR104"}
    assert found == {("TR101", ".claude/epics/billing/epic.md", 4, ".claude/prds/billing.md")}


def test_ccpm_under_the_agents_folder_and_an_epic_that_says_it_has_no_prd(cli, make_repo):
    """CCPM's layout moved to ``.agents/`` is read like ``.claude/``; an epic whose ``prd:`` says there is none
    ("(no PRD — driven by ADR-0021)") names no parent and is no orphan, while one naming a PRD that is not
    there is still a dangling parent."""
    repo = make_repo({
        ".agents/prds/billing.md": "---\nname: billing\n---\n# Billing\n\n## User Stories\n\n### US-1: Pay\n\nText.\n",
        ".agents/epics/billing/epic.md": "---\nname: billing\nstatus: in-progress\nprd: .agents/prds/billing.md\n---\n"
        "# Epic\n",
        ".agents/epics/billing/001.md": "---\nname: A\nstatus: closed\n---\n# Task\n\n### Files Affected\n\n- `src/gone.py`\n",
        ".agents/epics/markdown/epic.md": "---\nname: markdown\nstatus: backlog\nprd: (no PRD — driven by ADR-0021)\n"
        "---\n# Epic\n\n**Parent PRD:** None\n",
        ".agents/epics/refunds/epic.md": "---\nname: refunds\nstatus: backlog\nprd: .agents/prds/refunds.md\n---\n# Epic\n",
    })
    assert scanned(cli, repo)[".agents/epics/billing/001.md"]["kind"] == "tech-spec"
    assert check(cli, repo) == {("TR201", ".agents/epics/billing/001.md", 9, "src/gone.py"),
                                ("TR101", ".agents/epics/refunds/epic.md", 4, ".agents/prds/refunds.md")}


# -- test fixtures are not the product ---------------------------------------------------------------------

def test_specs_under_fixture_folders_are_not_read(cli, make_repo):
    repo = make_repo({**PRD, **APP, "docs/feature.tech.md": spec(COVERED),
                      "tests/fixtures/docs/feature.tech.md": spec(COVERED),
                      "pkg/testdata/feature.prd.md": prd({"US-001": "dup"}),
                      "test/fixtures/sprint-status.yaml": "development_status:\n  1-1-x: done\n"})
    assert check(cli, repo) == set()
    assert set(scanned(cli, repo)) == {"docs/feature.prd.md", "docs/feature.tech.md"}


# -- messages in words ------------------------------------------------------------------------------------

def test_sql_messages_name_the_statement_and_sqlite_pragmas_parse(cli, make_repo):
    sql = "PRAGMA foreign_keys = ON;\nCREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY,;\n"
    repo = make_repo({**PRD, **APP, "docs/feature.tech.md": spec(COVERED + f"\n## Database Changes\n\n```sql\n{sql}```\n"),
                      "migrations/001.sql": "CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
                                             "CREATE TABLE b (id INTEGER PRIMARY KEY);\n"})
    run = cli("check", repo, "--dialect", "sqlite", "--format", "json", "--fail-on", "never").json()
    found = [(f["rule"], f["line"], f["message"]) for f in run["findings"]]
    assert [(r, line) for r, line, _ in found] == [("TR007", 19)]
    assert "<class" not in found[0][2] and "CREATE TABLE b" in found[0][2]


# -- never a silent pass ------------------------------------------------------------------------------------

def test_no_documents_is_a_usage_error_with_a_hint(cli, make_repo):
    repo = make_repo({"README.md": "# x\n", "notes/feature-spec.md": "# Feature spec\n\nSome text.\n", **APP})
    run = cli("check", repo)
    assert run.code == 2
    assert len(run.err.strip().splitlines()) == 1
    assert "**/*.md" in run.err and "notes/feature-spec.md" in run.err


def test_the_hint_names_the_likeliest_specs_first(cli, make_repo):
    """A PRD before a spec before a design, files of the project before an agent's skills in hidden folders."""
    repo = make_repo({".claude/skills/tdd/interface-design.md": "# x\n", ".agents/skills/prd-writer.md": "# x\n",
                      "DESIGN.md": "# x\n", "docs/features/feature-list.md": "# x\n", "docs/prd-phase2.md": "# x\n",
                      "docs/canvas/PRD-editor.md": "# x\n", "docs/spec-notes.md": "# x\n", **APP})
    run = cli("check", repo)
    assert run.code == 2
    assert run.err.split("look like specs: ")[1].split(";")[0] == (
        "docs/prd-phase2.md, docs/canvas/PRD-editor.md, .agents/skills/prd-writer.md, docs/spec-notes.md, "
        "DESIGN.md and 2 more")


def test_documents_in_hidden_folders_are_read(cli, make_repo):
    repo = make_repo({
        ".lore/codex/prd.md": "---\ntype: prd\nstatus: active\n---\n# Product\n\n## User Stories\n\n"
        "### US-001: Paths\n\nAs a user I resolve paths.\n",
        ".lore/codex/tech-spec.md": "---\ntype: tech-spec\nstatus: done\nparent: prd.md\n---\n# Tech\n\n"
        "**User Stories Covered:** US-001\n\n## Project Structure\n\n```\nsrc/\n└── paths.py\ntests/\n└── unit/\n"
        "    └── test_paths.py\n```\n",
        "src/paths.py": "x = 1\n",
    })
    assert check(cli, repo) == {("TR201", ".lore/codex/tech-spec.md", 17, "tests/unit/test_paths.py")}


def test_run_from_a_subfolder_finds_the_repository(cli, make_repo, monkeypatch):
    from tests.builders import git_init

    repo = git_init(make_repo({**PRD, **APP, "docs/feature.tech.md": spec(COVERED)}))
    monkeypatch.chdir(repo / "src")
    run = cli("check", "--format", "json")
    assert run.code == 0, run.err
    assert (repo / ".tracer").is_dir() and not (repo / "src" / ".tracer").exists()
    assert str(repo) in run.err


def test_a_live_spec_that_declares_nothing_says_what_was_seen(cli, make_repo):
    body = "**User Stories Covered:** US-001\n\nThe code lives in:\n\n- `src/app.py`\n"
    repo = make_repo({**PRD, **APP, "docs/feature.tech.md": spec(body, head="")})
    # covered stories are read, so the spec is linked; without them, tracer says what it saw instead
    repo2 = make_repo({**PRD, **APP, "docs/feature.tech.md": spec("The code lives in:\n\n- `src/app.py`\n")}, name="b")
    assert {f[0] for f in check(cli, repo)} <= {"TR104"}
    run = cli("check", repo2, "--format", "json", "--fail-on", "never").json()
    unread = [f for f in run["findings"] if f["rule"] == "TR011"]
    assert len(unread) == 1 and unread[0]["severity"] == "info"
    assert "paths in list items outside a Files section" in unread[0]["message"]


def test_a_live_prd_without_stories_is_said(cli, make_repo):
    repo = make_repo({"docs/feature.prd.md": "---\ntype: prd\nstatus: active\n---\n# Feature\n\n## Goals\n\n"
                                             "- As a user I want X\n", **APP,
                      "docs/feature.tech.md": spec("### Files to Modify\n\n- `src/app.py`\n")})
    run = cli("check", repo, "--format", "json", "--fail-on", "never").json()
    assert [(f["rule"], f["path"], f["severity"]) for f in run["findings"]] == [("TR012", "docs/feature.prd.md", "info")]


def test_scan_counts_what_it_read_per_format(cli, make_repo):
    repo = make_repo({**PRD, **APP, "docs/feature.tech.md": spec(COVERED + "\n## Tasks\n\n- [x] Create `src/app.py`\n"),
                      "README.md": "# x\n"})
    families = cli("scan", repo, "--format", "json").json()["families"]
    assert families["default"]["documents"] == 2 and families["default"]["prds"] == 1
    assert families["default"]["files"] == 2 and families["default"]["tasks"] == 1
    assert families["other"]["documents"] == 1


# -- stories and endpoints in every shape -----------------------------------------------------------------

@pytest.mark.parametrize("stories", [
    "## User Stories\n\n### US-101: Search\n\nText.\n",
    "## User Stories\n\n- **US-101**: As a user I search\n",
    "## User Stories\n\n| ID | Story | Priority |\n|---|---|---|\n| **US-101** | As a user I search | P1 |\n",
])
def test_story_shapes_in_a_prd(cli, make_repo, stories):
    repo = make_repo({"docs/search.prd.md": f"---\ntype: prd\nstatus: active\n---\n# Search\n\n{stories}"})
    assert scanned(cli, repo)["docs/search.prd.md"]["stories"] == ["US-101"]


@pytest.mark.parametrize("covers", [
    ("stories: [US-101]\n", ""),
    ("", "Covers: US-101\n\n"),
    ("", "**User Stories Covered:** US-101\n\n"),
])
def test_coverage_shapes_in_a_spec(cli, make_repo, covers):
    head, line = covers
    repo = make_repo({
        "docs/search.prd.md": "---\ntype: prd\nstatus: active\n---\n# Search\n\n## User Stories\n\n### US-101: Search\n",
        "docs/search.tech.md": f"---\ntype: tech-spec\nstatus: done\nparent: search.prd.md\n{head}---\n# Tech\n\n{line}"
        "### Files to Modify\n\n- `src/app.py`\n", **APP})
    assert check(cli, repo) == set()  # no TR104: the story is covered
    g = cli("graph", repo, "--format", "json").json()
    assert ("spec:docs/search.tech.md", "story:US-101") in {(e["source"], e["target"]) for e in g["links"]
                                                            if e["kind"] == "covers"}


def test_a_standalone_story_document(cli, make_repo):
    repo = make_repo({
        "docs/search.prd.md": "---\ntype: prd\nstatus: active\n---\n# Search\n\n## User Stories\n\n### US-101: Search\n",
        "docs/stories/US-102.md": "---\ntype: user-story\nparent: ../search.prd.md\nstatus: done\n---\n# US-102: Filters\n\n"
        "### Files to Modify\n\n- `src/gone.py`\n",
        "docs/search.tech.md": "---\ntype: tech-spec\nstatus: done\nparent: search.prd.md\n---\n# Tech\n\n"
        "**Covers:** US-101, US-102\n\n### Files to Modify\n\n- `src/app.py`\n", **APP})
    assert check(cli, repo) == {("TR201", "docs/stories/US-102.md", 10, "src/gone.py")}


def test_bmad_story_files_nested_under_the_story_location(cli, make_repo):
    repo = make_repo({
        "docs/epics.md": "# Epics\n\n### Story 1.1: Sign up\n\nAs a visitor.\n\n### Story 2.1: Log in\n\nAs a member.\n",
        "docs/sprint-status.yaml": "story_location: \"{project-root}/work/stories\"\ndevelopment_status:\n"
                                   "  1-1-sign-up: done\n  2-1-log-in: done\n",
        "work/stories/epic-1/1-1-sign-up.md": "# Story 1.1: Sign up\n\nStatus: done\n",
        "work/stories/epic-2/2-1-log-in.md": "# Story 2.1: Log in\n\nStatus: in-progress\n",
    })
    assert {(r, p, s) for r, p, _, s in check(cli, repo)} == {
        ("TR105", "work/stories/epic-2/2-1-log-in.md", "2.1")}


def test_kiro_requirements_and_criteria(cli, make_repo):
    repo = make_repo({
        ".kiro/specs/cart/requirements.md": "# Requirements\n\n### Requirement 1: Cart\n\n#### Acceptance Criteria\n\n"
        "1. WHEN a user adds THEN the cart grows\n2. WHEN empty THEN say so\n",
        ".kiro/specs/cart/tasks.md": "# Tasks\n\n- [x] 1. Cart\n  - Create `src/cart.ts`\n  - _Requirements: 1.1, 1.2_\n",
        "src/cart.ts": "export {}\n"})
    doc = scanned(cli, repo)[".kiro/specs/cart/requirements.md"]
    assert doc["stories"] == ["cart:1"] and doc["requirements"] == ["cart:1.1", "cart:1.2"]
    assert check(cli, repo) == set()


@pytest.mark.parametrize("endpoints", [
    "- `GET /api/items` lists items\n- `POST /api/gone` adds one\n",
    "```http\nGET /api/items\nPOST /api/gone\n```\n",
    "| Method | Path | Purpose |\n|---|---|---|\n| GET | /api/items | list |\n| POST | /api/gone | add |\n",
])
def test_endpoint_shapes(cli, make_repo, endpoints):
    app = "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/api/items')\ndef items():\n    return []\n"
    repo = make_repo({**PRD, "src/app.py": app,
                      "docs/feature.tech.md": spec(COVERED + "\n## API Changes\n\n" + endpoints)})
    assert {(r, s) for r, _, _, s in check(cli, repo)} == {("TR401", "POST /api/gone")}
