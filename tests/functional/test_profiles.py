"""Other document formats: spec-kit, BMAD, Kiro and CCPM fixture repositories (written for these tests)."""

import shutil

import networkx as nx
import pytest

from tests.builders import prd, spec
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "profiles"

EXPECTED_FINDINGS = {
    "speckit": {
        ("TR104", "specs/001-photo-albums/spec.md", "001-photo-albums:US-003"),
        ("TR102", "specs/001-photo-albums/tasks.md", "001-photo-albums:US-004"),
        ("TR201", "specs/002-search/tasks.md", "src/search/ranking.py"),
        # the data model is as far along as the feature's (done) task list, and there is no migration at all
        ("TR305", "specs/002-search/data-model.md", "schema"),
    },
    "kiro": {
        ("TR104", ".kiro/specs/notifications/requirements.md", "notifications:3"),
        ("TR102", ".kiro/specs/notifications/tasks.md", "notifications:9.9"),
    },
    "ccpm": {
        ("TR201", ".claude/epics/billing/001.md", "src/billing/invoice.py"),
        ("TR101", ".claude/epics/refunds/epic.md", ".claude/prds/refunds.md"),
        # the PRD's stories are bullets without IDs: said, as info (the epic declares nothing itself, but its
        # tasks do, so it is not "unread")
        ("TR012", ".claude/prds/billing.md", "stories"),
    },
    "bmad": {
        ("TR104", "docs/epics.md", "1.3"),
        ("TR201", "docs/stories/1.1.sign-up.md", "src/accounts/welcome_email.py"),
        ("TR105", "docs/stories/1.2.log-in.md", "1.2"),
    },
}
PROFILE_NAME = {"speckit": "spec-kit", "kiro": "kiro", "ccpm": "ccpm", "bmad": "bmad"}


@pytest.fixture
def fixture_repo(tmp_path):
    def copy(name):
        dest = tmp_path / name
        shutil.copytree(FIXTURES / name, dest)
        return dest

    return copy


@pytest.mark.parametrize("name", sorted(EXPECTED_FINDINGS))
def test_profile_is_detected_and_its_drift_found_exactly(cli, fixture_repo, name):
    repo = fixture_repo(name)
    scan = cli("scan", repo, "--format", "json").json()
    assert scan["profiles"] == ["default", PROFILE_NAME[name]]
    assert {d["profile"] for d in scan["documents"]} == {PROFILE_NAME[name]}
    run = cli("check", repo, "--format", "json")
    assert {(f["rule"], f["path"], f["subject"]) for f in run.json()["findings"]} == EXPECTED_FINDINGS[name]


def graph(cli, repo):
    data = cli("graph", repo, "--format", "json").json()
    g = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
    return {(u, v, d["kind"]) for u, v, d in g.edges(data=True)}, g


def test_speckit_graph(cli, fixture_repo):
    edges, g = graph(cli, fixture_repo("speckit"))
    prd = "prd:001-photo-albums"
    tasks = "spec:specs/001-photo-albums/tasks.md"
    assert (prd, "story:001-photo-albums:US-001", "has_story") in edges
    assert (prd, "req:001-photo-albums:FR-002", "has_requirement") in edges
    assert (prd, "req:001-photo-albums:SC-001", "has_requirement") in edges
    assert (tasks, prd, "implements") in edges
    assert (tasks, "story:001-photo-albums:US-002", "covers") in edges
    assert (tasks, "req:001-photo-albums:FR-001", "covers") in edges
    assert (tasks, "file:src/albums/models.py", "creates_file") in edges
    assert (tasks, "file:src/albums/api.py", "modifies_file") in edges
    assert ("spec:specs/002-search/tasks.md", "file:src/search/query.py", "creates_file") in edges  # {index,query}
    assert ("spec:specs/002-search/data-model.md", "table:search_terms", "creates_table") in edges
    assert g.nodes[prd]["status_class"] == "active"


def test_kiro_graph_criteria_and_all(cli, fixture_repo):
    repo = fixture_repo("kiro")
    edges, _ = graph(cli, repo)
    prd = "prd:notifications"
    assert (prd, "story:notifications:1", "has_story") in edges
    # acceptance criteria hang under their requirement, not beside it
    assert ("story:notifications:1", "req:notifications:1.2", "has_requirement") in edges
    assert ("story:notifications:3", "req:notifications:3.1", "has_requirement") in edges
    assert (prd, "req:notifications:1.2", "has_requirement") not in edges
    assert ("spec:.kiro/specs/notifications/tasks.md", "req:notifications:2.2", "covers") in edges  # range 2.1-2.2
    assert ("spec:.kiro/specs/notifications/design.md", "req:notifications:1.1", "covers") in edges
    tasks = repo / ".kiro/specs/notifications/tasks.md"
    tasks.write_text(tasks.read_text().replace("_Requirements: 9.9_", "_Requirements: All_"))
    edges, _ = graph(cli, repo)
    assert ("spec:.kiro/specs/notifications/tasks.md", "story:notifications:3", "covers") in edges
    assert not any(f["rule"] == "TR104" for f in cli("check", repo, "--format", "json").json()["findings"])


def test_bmad_requirements_traced_through_stories(cli, fixture_repo):
    repo = fixture_repo("bmad")
    edges, _ = graph(cli, repo)
    assert ("story:1.2", "req:FR-003", "traces") in edges  # FR2-FR3 range
    assert ("spec:docs/stories/1.1.sign-up.md", "story:1.1", "covers") in edges
    assert ("spec:docs/stories/1.2.log-in.md", "file:src/accounts/login.py", "modifies_file") in edges
    out = repo / "out"
    assert cli("report", repo, "--out", out, "--no-history").code == 0
    import json

    totals = json.loads((out / "report.json").read_text())["totals"]
    # FR1, NFR1 (story 1.1) and FR2, FR3 (story 1.2) are traced by covered stories: 4 of 4
    assert (totals["requirements_covered"], totals["requirements_total"]) == (4, 4)
    assert (totals["stories_covered"], totals["stories_total"]) == (2, 3)


def test_ccpm_links_tasks_to_the_prd_of_their_epic(cli, fixture_repo):
    edges, _ = graph(cli, fixture_repo("ccpm"))
    assert ("spec:.claude/epics/billing/epic.md", "prd:billing", "implements") in edges
    assert ("spec:.claude/epics/billing/002.md", "prd:billing", "implements") in edges
    assert ("spec:.claude/epics/billing/002.md", "file:src/billing/download.py", "creates_file") in edges
    assert ("spec:.claude/epics/billing/001.md", "file:src/billing/api.py", "modifies_file") in edges


@pytest.mark.parametrize("name", sorted(EXPECTED_FINDINGS))
def test_impact_and_report_work_on_every_profile(cli, fixture_repo, name):
    repo = fixture_repo(name)
    code = next(p for p in sorted((repo / "src").rglob("*.py")))
    data = cli("impact", "--root", repo, str(code.relative_to(repo)), "--format", "json").json()
    assert data["unresolved"] == [] and data["by_kind"]["spec"]
    assert cli("report", repo, "--out", repo / "out", "--no-history").code == 0
    assert (repo / "out" / "index.html").exists()


def test_mixed_repository_uses_both_formats(cli, fixture_repo):
    repo = fixture_repo("speckit")
    (repo / "docs").mkdir()
    (repo / "docs/board.prd.md").write_text(prd({"US-001": "board"}, doc_id="board"))
    (repo / "docs/board.tech.md").write_text(spec(parent="board", covers="US-001"))
    scan = cli("scan", repo, "--format", "json").json()
    assert {d["profile"] for d in scan["documents"]} == {"default", "spec-kit"}
    findings = cli("check", repo, "--format", "json").json()["findings"]
    assert {(f["rule"], f["subject"]) for f in findings if f["path"].startswith("docs/")} == set()


def test_profile_option_overrides_detection(cli, fixture_repo):
    repo = fixture_repo("kiro")
    docs = cli("scan", repo, "--profile", "default", "--format", "json").json()["documents"]
    assert docs and {d["kind"] for d in docs} == {"other"}  # Kiro's files are not read as Kiro
    run = cli("scan", repo, "--profile", "nope")
    assert run.code == 2 and "unknown profile 'nope'" in run.err
    (repo / "tracer.toml").write_text("profile = ['default']\n")
    assert cli("scan", repo, "--format", "json").json()["profiles"] == ["default"]
