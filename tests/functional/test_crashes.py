"""A parser or rule of tracer's that fails never turns a run green: exit 2, or TR000 at error when configured.

tracer has no known crash to trigger, so these tests replace one rule's or the parser's function with one that
raises, the way a bug would.
"""

from dataclasses import replace

import pytest

from tests.builders import prd, spec

FILES = {"docs/f.prd.md": prd({"US-001": "a"}, doc_id="f"), "docs/s.tech.md": spec(parent="f")}


@pytest.fixture
def broken_rule(monkeypatch):
    import tracer.rules.engine as engine

    def boom(ctx):
        raise IndexError("list index out of range")

    rules = tuple(replace(r, check=boom) if r.code == "TR104" else r for r in engine.RULES)
    monkeypatch.setattr(engine, "RULES", rules)


def test_a_rule_that_crashes_makes_check_exit_2_with_one_line_per_crash(cli, make_repo, broken_rule):
    run = cli("check", make_repo(FILES), "--format", "json")
    assert run.code == 2
    assert run.json()["crashes"] == [{"where": "rule", "name": "TR104", "message": "IndexError: list index out of range"}]
    assert "internal error in the rule for TR104" in run.err and "Traceback" not in run.err


def test_the_crash_is_exit_2_even_when_nothing_else_fails(cli, make_repo, broken_rule):
    assert cli("check", make_repo(FILES), "--fail-on", "never").code == 2


def test_crash_as_a_finding_when_configured(cli, make_repo, broken_rule):
    repo = make_repo({**FILES, "tracer.toml": 'crash = "finding"\n'})
    run = cli("check", repo, "--format", "json")
    assert run.code == 1
    assert [(f["rule"], f["severity"], f["subject"]) for f in run.json()["findings"]] == [("TR000", "error", "rule TR104")]


def test_sarif_says_the_run_did_not_succeed(cli, make_repo, broken_rule):
    import json

    run = cli("check", make_repo(FILES), "--format", "sarif")
    invocation = json.loads(run.out)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "TR104" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_a_parser_that_crashes_keeps_the_document_listed_and_exits_2(cli, make_repo, monkeypatch):
    import tracer.scanner.documents as documents

    real = documents.parse_document

    def parse(path, text, **kw):
        if path == "docs/s.tech.md":
            raise ValueError("unexpected block")
        return real(path, text, **kw)

    monkeypatch.setattr(documents, "parse_document", parse)
    repo = make_repo(FILES)
    run = cli("scan", repo, "--format", "json", "--no-cache")
    assert run.code == 2 and "docs/s.tech.md" in {d["path"] for d in run.json()["documents"]}
    assert run.json()["crashes"] == [{"where": "parser", "name": "docs/s.tech.md", "message": "ValueError: unexpected block"}]
    assert cli("check", repo, "--no-cache").code == 2


def test_without_a_crash_the_run_succeeds(cli, make_repo):
    import json

    run = cli("check", make_repo(FILES), "--format", "sarif")
    assert run.code == 0 and json.loads(run.out)["runs"][0]["invocations"][0]["executionSuccessful"] is True
