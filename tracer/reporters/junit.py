"""``tracer check --format junit``: one testcase per finding, grouped into a testsuite per rule."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from tracer.rules import RULES_BY_CODE

_INVALID_XML = re.compile(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text safe for XML 1.0: characters XML cannot carry become U+FFFD (ElementTree escapes the rest)."""
    return _INVALID_XML.sub("\ufffd", str(text))


def render(result) -> str:
    """JUnit XML; each selected rule without findings is one passing testcase, so CI shows it ran."""
    suites = ET.Element("testsuites", name="tracer", tests="0", failures="0")
    total = failures = 0
    by_rule = {code: list(items) for code, items in groupby(sorted(result.findings, key=lambda f: (f.rule, f.path, f.line)),
                                                            key=lambda f: f.rule)}
    for code in result.rules_run or sorted(by_rule):
        rule = RULES_BY_CODE[code]
        items = by_rule.get(code, [])
        suite = ET.SubElement(suites, "testsuite", name=f"{code} {rule.slug}", tests=str(max(len(items), 1)),
                              failures=str(len(items)))
        if not items:
            ET.SubElement(suite, "testcase", classname=code, name=f"{rule.slug}: no findings")
            total += 1
        for f in items:
            case = ET.SubElement(suite, "testcase", classname=code, name=xml_text(f"{f.path}:{f.line} {f.subject}"),
                                 file=xml_text(f.path), line=str(f.line))
            fail = ET.SubElement(case, "failure", message=xml_text(f.message), type=f.severity)
            fail.text = xml_text(f"{f.severity}: {f.message}\n{f.path}:{f.line}\nfingerprint {f.fingerprint}")
            total += 1
            failures += 1
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")
