"""Document text is escaped in every output format."""

import json
import xml.etree.ElementTree as ET

from tracer.reporters import github, junit, sarif
from tracer.reporters.escape import md
from tracer.rules.base import Finding
from tracer.rules.engine import CheckResult

NASTY = "a%b\r\nc:d,e <script>alert(1)</script> \x01\x1b[31m ]]> & \"q\""


def result():
    f = Finding(rule="TR201", slug="file-missing", severity="error", path="docs/x y,%.md", line=3,
                message=f"file to modify {NASTY} does not exist", subject=NASTY, fingerprint="abc")
    return CheckResult(findings=(f,), rules_run=("TR201",))


def test_github_workflow_command_escaping():
    line = github.render(result()).splitlines()[0]
    assert "\r" not in line and "\n" not in line
    assert line.startswith("::error file=docs/x y%2C%25.md,line=3,title=TR201 file-missing::")
    assert "a%25b%0D%0Ac:d,e" in line  # message: % CR LF escaped, ':' and ',' kept


def test_junit_is_well_formed_xml_with_control_characters_replaced():
    root = ET.fromstring(junit.render(result()))
    case = root.find(".//testcase")
    failure = case.find("failure")
    assert "<script>alert(1)</script>" in failure.get("message")  # escaped in the XML, intact once parsed
    assert "\x01" not in failure.get("message") and "\ufffd" in failure.get("message")


def test_sarif_is_json_with_the_text_as_data():
    log = json.loads(sarif.render(result()))
    res = log["runs"][0]["results"][0]
    assert res["message"]["text"].endswith("does not exist") and NASTY in res["message"]["text"]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/x%20y%2C%25.md"


def test_markdown_escape_blocks_html_links_and_table_breaks():
    out = md("<img src=x onerror=alert(1)> [a](javascript:x) | ![i](http://t/x.png) **b**\nnext")
    import re

    assert "<img" not in out and not re.search(r"(?<!\\)\]\(", out) and "\n" not in out
    assert "\\|" in out and "\\*\\*" in out and "http:&#47;&#47;" in out
