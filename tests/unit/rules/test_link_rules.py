"""TR1xx: parents, covered stories, orphans, uncovered stories."""

import pytest

from tests.builders import prd, spec

PRD = {"docs/prds/feature.prd.md": prd({"US-001": "a", "US-002": "b"}, doc_id="feature")}


@pytest.mark.parametrize("parent", [
    "feature.prd.md", "docs/prds/feature.prd.md", "../prds/feature.prd.md", "feature",
    "[Feature](../prds/feature.prd.md)", "`feature.prd.md`",
])
def test_TR101_quiet_on_every_accepted_parent_spelling(findings, parent):
    assert findings({**PRD, "docs/specs/s.tech.md": spec(parent=parent)}, "TR101") == []


def test_TR101_fires_on_dangling_parent_once_when_both_references_agree(findings):
    got = findings({**PRD, "docs/specs/s.tech.md": spec(parent="docs/prds/onboarding.prd.md")}, "TR101")
    assert got == [("TR101", "docs/specs/s.tech.md", 5, "docs/prds/onboarding.prd.md", "error")]


def test_TR101_fires_when_the_two_references_disagree(findings):
    files = {**PRD, "docs/prds/other.prd.md": prd({"US-009": "x"}),
             "docs/specs/s.tech.md": spec(parent="feature", body_parent="other.prd.md", covers="US-001")}
    got = findings(files, "TR101")
    assert [g[3] for g in got] == ["parent disagreement"]


def test_TR101_skips_retired_specs(findings):
    assert findings({**PRD, "docs/specs/s.tech.md": spec(status="superseded", parent="nope")}, "TR101") == []


def test_TR102_fires_on_story_the_parent_does_not_define(findings):
    got = findings({**PRD, "docs/specs/s.tech.md": spec(covers="US-001, US-009")}, "TR102")
    assert [(g[3], g[4]) for g in got] == [("US-009", "error")]


def test_TR102_is_one_warning_per_spec_when_nothing_was_read_from_the_prd(make_repo):
    """A PRD tracer read no story from (its stories in a shape it does not read) does not make every cited ID an
    error: each spec citing it gets one warning that names the first ID and how many more."""
    from tracer.api import analyse, check

    root = make_repo({"docs/prds/feature.prd.md": "---\ntype: prd\nid: feature\nstatus: active\n---\n# Feature\n\n"
                      "## User Stories\n\nAs a user I want a, and b.\n",
                      "docs/specs/s.tech.md": spec(covers="US-001, US-002, US-003"),
                      "docs/specs/t.tech.md": spec(covers="US-003")})
    got = [(f.path, f.subject, f.severity, f.message) for f in check(analyse(root), enable=("TR102",)).findings
           if f.rule == "TR102"]
    assert got == [
        ("docs/specs/s.tech.md", "US-001", "warning",
         "covers US-001 and 2 more, but tracer read no story or requirement from docs/prds/feature.prd.md"),
        ("docs/specs/t.tech.md", "US-003", "warning",
         "covers US-003, but tracer read no story or requirement from docs/prds/feature.prd.md")]


def test_TR102_quiet_when_story_ids_are_spelt_differently(findings):
    assert findings({**PRD, "docs/specs/s.tech.md": spec(covers="US-1, US-02")}, "TR102") == []


def test_TR103_fires_on_spec_without_parent(findings):
    got = findings({**PRD, "docs/specs/s.tech.md": spec(parent=None)}, "TR103")
    assert [(g[0], g[1]) for g in got] == [("TR103", "docs/specs/s.tech.md")]


def test_TR103_quiet_with_only_a_body_parent(findings):
    assert findings({**PRD, "docs/specs/s.tech.md": spec(parent=None, body_parent="feature")}, "TR103") == []


def test_TR104_fires_on_uncovered_story_of_active_prd(findings):
    got = findings({**PRD, "docs/specs/s.tech.md": spec(covers="US-001")}, "TR104")
    assert [(g[1], g[3]) for g in got] == [("docs/prds/feature.prd.md", "US-002")]


@pytest.mark.parametrize("status", ["draft", "deprecated"])
def test_TR104_quiet_for_planned_and_retired_prds(findings, status):
    files = {"docs/prds/feature.prd.md": prd({"US-001": "a"}, status=status)}
    assert findings(files, "TR104") == []


def test_TR104_counts_coverage_by_retired_spec_as_none(findings):
    got = findings({**PRD, "docs/specs/s.tech.md": spec(covers="US-001, US-002", status="superseded")}, "TR104")
    assert sorted(g[3] for g in got) == ["US-001", "US-002"]
