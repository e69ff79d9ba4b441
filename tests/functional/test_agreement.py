"""One answer to each question: coverage, ``check``, ``impact`` and ``scan`` agree on every story's covering specs,
every spec's parent PRD and every declared file's liveness, on sample_repo and on each format's fixture.

Each repository is read once per command, the way a user would run them; impact goes through the library call
that ``tracer impact`` makes, once per story and per file.
"""

import json
import shutil

import networkx as nx
import pytest

from tests.conftest import ROOT, SAMPLE
from tracer import api

FIXTURES = ROOT / "tests" / "fixtures" / "profiles"
REPOS = {"sample_repo": SAMPLE, **{p.name: p for p in sorted(FIXTURES.iterdir())}}


@pytest.fixture(scope="module", params=sorted(REPOS))
def answers(request, tmp_path_factory):
    from tests.conftest import Run  # noqa: F401 - the CLI is run in-process below
    from tracer.cli import main

    repo = tmp_path_factory.mktemp("agree") / request.param
    shutil.copytree(REPOS[request.param], repo)

    def run(*args):
        out = tmp_path_factory.mktemp("out") / "out.json"
        code = main([*map(str, args), "--output", str(out)])
        assert code in (0, 1)
        return json.loads(out.read_text())

    scan = run("scan", repo, "--format", "json")
    check = run("check", repo, "--format", "json")
    report_dir = repo / "report"
    assert main(["report", str(repo), "--out", str(report_dir), "--no-history"]) == 0
    report = json.loads((report_dir / "report.json").read_text())
    graph_data = run("graph", repo, "--format", "json")
    graph = nx.node_link_graph(graph_data, directed=True, multigraph=True, edges="links")
    return {"repo": repo, "scan": scan, "check": check, "report": report, "graph": graph, "analysis": api.analyse(repo)}


def _live(graph, node):
    return graph.nodes[node].get("status_class") != "retired"


def _impact(analysis, node, direction):
    result = api.impact(analysis, [node], direction=direction, depth=1)
    return {a.node for a in result.affected if a.kind == "spec" and a.distance == 1}


def test_every_story_has_the_same_covering_specs_everywhere(answers):
    graph, analysis = answers["graph"], answers["analysis"]
    report_specs = {(r["path"], r["story"]): set(filter(None, r["specs"].split(", "))) for r in answers["report"]["stories"]}
    story_nodes = {(d["path"], d["story_id"]): n for n, d in graph.nodes(data=True) if d.get("kind") in ("story", "requirement")}
    prds = {d["path"]: d for d in answers["scan"]["documents"] if d["kind"] == "prd"}
    uncovered = {(f["path"], f["subject"]) for f in answers["check"]["findings"] if f["rule"] in ("TR104", "TR106")}
    for key, node in story_nodes.items():
        down = {n.removeprefix("spec:") for n in _impact(analysis, node, "down") if _live(graph, n)}
        if prds[key[0]]["status_class"] != "retired":
            assert report_specs[key] == down, (key, "report vs impact --direction down")
        if prds[key[0]]["status_class"] in ("active", "done") and graph.nodes[node]["kind"] == "story":
            assert (key in uncovered) == (not down), (key, "TR104 vs impact")


def test_every_spec_has_the_same_parent_everywhere(answers):
    graph, analysis = answers["graph"], answers["analysis"]
    prd_node = {d["path"]: n for n, d in graph.nodes(data=True) if d.get("kind") == "prd"}
    drill = {s["path"]: p["path"] for p in answers["report"]["drill"] for s in p["specs"]}
    orphans = {f["path"] for f in answers["check"]["findings"] if f["rule"] in ("TR101", "TR103")}
    specs = [d for d in answers["scan"]["documents"] if d["kind"] == "tech-spec"]
    assert specs
    for doc in specs:
        node = f"spec:{doc['path']}"
        up = {n for n in api.impact(analysis, [node], direction="up", depth=1).by_kind()["prd"]}
        expected = {prd_node[doc["parent"]]} if doc["parent"] else set()
        assert up == expected, (doc["path"], "scan parent vs impact --direction up")
        if doc["status_class"] != "retired":
            assert drill.get(doc["path"]) == doc["parent"], (doc["path"], "scan parent vs report")
        if not doc["parent"] and doc["status_class"] != "retired":
            assert doc["path"] in orphans, (doc["path"], "a spec without a PRD is reported")


def test_every_declared_file_has_the_same_live_declarers_everywhere(answers):
    graph, analysis = answers["graph"], answers["analysis"]
    by_scan: dict[str, set[str]] = {}
    for doc in answers["scan"]["documents"]:
        if doc["kind"] == "tech-spec" and doc["status_class"] != "retired":
            for f in doc.get("declared_files", []):
                by_scan.setdefault(f["path"], set()).add(doc["path"])
    by_report: dict[str, set[str]] = {}
    for p in answers["report"]["drill"]:
        for s in p["specs"]:
            for a in s["artifacts"]:
                if a["kind"] == "file":
                    by_report.setdefault(a["name"], set()).add(s["path"])
    declared_files = {n for n, d in graph.nodes(data=True) if d.get("kind") == "file"
                      and any(k in ("creates_file", "modifies_file") for _, _, k in graph.in_edges(n, data="kind"))}
    for node in declared_files:
        path = node.removeprefix("file:")
        up = {n.removeprefix("spec:") for n in _impact(analysis, node, "up") if _live(graph, n)}
        assert by_scan.get(path, set()) == up, (path, "scan vs impact --direction up")
        # the report lists the specs of live PRDs; every one of them is in the live set
        assert by_report.get(path, set()) <= up, (path, "report vs impact")
    traced = answers["report"]["totals"]["code_files_traced"]
    code = {n.removeprefix("file:") for n, d in graph.nodes(data=True) if d.get("code")}
    assert traced == len(code & set(by_scan)), "code traceability counts files of live specs only"


def test_the_divergences_that_were_reported_are_gone(cli, tmp_path):
    """Four answers that used to differ, each now given once."""
    kiro = tmp_path / "kiro"
    shutil.copytree(FIXTURES / "kiro", kiro)
    analysis = api.analyse(kiro)
    # 1. a Kiro requirement covered through its acceptance criteria: impact down finds the spec that covers it
    report = api.report(analysis, tmp_path / "r1", use_history=False)[0]
    covered = {r["story"]: r["specs"] for r in report["stories"]}
    down = _impact(analysis, "story:notifications:1", "down")
    assert covered["notifications:1"] and down == {f"spec:{s}" for s in covered["notifications:1"].split(", ")}
    # 2. "All" is not an unresolved story in scan
    tasks = kiro / ".kiro/specs/notifications/tasks.md"
    tasks.write_text(tasks.read_text().replace("_Requirements: 9.9_", "_Requirements: All_"))
    scan = cli("scan", kiro, "--format", "json", "--no-cache").json()
    assert not [u for u in scan["unresolved"] if u["kind"] == "story"]
    # 3. spec-kit documents expect no template sections, in coverage as in TR006
    speckit = tmp_path / "speckit"
    shutil.copytree(FIXTURES / "speckit", speckit)
    totals = api.report(api.analyse(speckit), tmp_path / "r3", use_history=False)[0]["totals"]
    assert (totals["sections_present"], totals["sections_expected"]) == (0, 0)
    # 4. a file and a table declared only by a superseded spec: neither traced nor declared
    from tests.builders import prd, spec

    files = {"docs/f.prd.md": prd({"US-001": "a"}, doc_id="f"), "src/a.py": "x = 1\n",
             "db/migrations/1.sql": "CREATE TABLE t (id INT);\n",
             "docs/old.tech.md": spec(status="superseded", parent="f", modify=("src/a.py",), sql="CREATE TABLE t (id INT);")}
    repo = tmp_path / "retired"
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    totals = api.report(api.analyse(repo), tmp_path / "r4", use_history=False)[0]["totals"]
    assert (totals["code_files_traced"], totals["schema_tables_declared"]) == (0, 0)
    run = cli("check", repo, "--enable", "TR204,TR304", "--format", "json")
    assert {(f["rule"], f["subject"]) for f in run.json()["findings"]} >= {("TR204", "src/a.py"), ("TR304", "t")}
