"""tracer graph / tracer scan on sample_repo: nodes, edges and every output format."""

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest


def test_graph_json_is_node_link_data_with_the_expected_links(cli, sample_copy):
    run = cli("graph", sample_copy, "--format", "json")
    assert run.code == 0
    g = nx.node_link_graph(json.loads(run.out), directed=True, multigraph=True, edges="links")
    edges = {(u, v, d["kind"]) for u, v, d in g.edges(data=True)}
    assert ("prd:task-board", "story:US-001", "has_story") in edges
    assert ("spec:docs/specs/task-api.tech.md", "prd:task-board", "implements") in edges
    assert ("spec:docs/specs/task-assignment.tech.md", "prd:task-board", "implements") in edges  # via a Markdown link
    assert ("spec:docs/specs/notification-preferences.tech.md", "prd:notifications.prd", "implements") in edges  # by ID
    assert ("spec:docs/specs/task-api.tech.md", "story:US-002", "covers") in edges
    assert ("spec:docs/specs/task-api.tech.md", "file:src/harbor/tasks/service.py", "creates_file") in edges
    assert ("spec:docs/specs/task-api.tech.md", "file:src/harbor/app.py", "modifies_file") in edges
    assert ("spec:docs/specs/task-api.tech.md", "table:tasks", "creates_table") in edges
    assert ("spec:docs/specs/task-assignment.tech.md", "table:tasks", "alters_table") in edges
    assert ("spec:docs/specs/task-api.tech.md", "endpoint:POST /api/v1/tasks", "declares_endpoint") in edges
    assert ("endpoint:POST /api/v1/tasks", "file:src/harbor/tasks/routes.py", "routes_in") in edges
    assert ("migration:db/migrations/0001_boards_and_tasks.sql", "table:tasks", "migrates") in edges
    assert ("file:web/src/board.ts", "file:web/src/api.ts", "imports") in edges
    assert not any(v.startswith("prd:") for u, v, k in edges if u == "spec:docs/specs/invite-links.tech.md")
    node = g.nodes["story:US-004"]
    assert node["path"] == "docs/prds/task-board.prd.md" and node["line"] == 42


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_xml_formats_parse(cli, sample_copy, fmt):
    out = cli("graph", sample_copy, "--format", fmt).out
    root = ET.fromstring(out)
    assert "spec:docs/specs/task-api.tech.md" in out and root is not None


def test_graph_dot_mermaid_and_focus(cli, sample_copy):
    dot = cli("graph", sample_copy, "--format", "dot").out
    assert dot.startswith("digraph tracer {") and '"prd:task-board" -> "story:US-001" [label="has story"]' in dot
    mer = cli("graph", sample_copy, "--format", "mermaid", "--focus", "US-005", "--depth", "1").out
    # people read names, not node IDs: the story and its PRD, each drawn in its kind's style
    assert mer.startswith("flowchart LR") and '("US-005 As a team lead' in mer and '[["PRD Task Board"]]' in mer
    assert "class n1 story" in mer and "classDef missing" in mer
    assert "spec" not in mer.split("classDef missing")[1]  # nothing covers US-005
    missing = cli("graph", sample_copy, "--format", "dot", "--focus", "file:src/harbor/notifications/mailer.py").out
    assert '(missing)' in missing and 'style="filled,dashed"' in missing  # a declared file that is not there


def test_mermaid_escapes_document_text():
    from tracer.reporters.graph import render

    g = nx.MultiDiGraph()
    g.add_node('spec:docs/<script>"x".md', kind="spec")
    out = render(g, "mermaid")
    assert "<script>" not in out and '"x"' not in out


def test_scan_text_lists_documents_and_unresolved(cli, sample_copy):
    run = cli("scan", sample_copy)
    assert run.code == 0
    assert "docs/specs/invite-links.tech.md" in run.out and "Unresolved references" in run.out
    data = cli("scan", sample_copy, "--format", "json").json()
    assert data["counts"]["prds"] == 4 and data["counts"]["specs"] == 8 and data["counts"]["stories"] == 13
    assert {"path": "docs/specs/invite-links.tech.md", "line": 5, "kind": "parent",
            "reference": "docs/prds/onboarding.prd.md", "reason": "resolves to no PRD"} in data["unresolved"]
