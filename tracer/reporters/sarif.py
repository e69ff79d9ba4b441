"""``tracer check --format sarif``: SARIF 2.1.0 for GitHub code scanning (rules with help, repo-relative URIs)."""

from __future__ import annotations

import json
from urllib.parse import quote

from tracer import __version__
from tracer.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule(rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.section("What it finds").split()) or rule.slug},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "helpUri": f"https://github.com/tracer-dev/tracer/blob/main/docs/rules.md#{rule.code.lower()}-{rule.slug}",
        "defaultConfiguration": {"level": _LEVEL[rule.severity], "enabled": rule.enabled},
        "properties": {"tags": ["traceability"]},
    }


def _uri(path: str) -> str:
    """A repository path as a URI reference: a file name that is not UTF-8 keeps its bytes, percent-encoded."""
    return quote(path.encode("utf-8", errors="surrogateescape"), safe="/")


def render(result) -> str:
    """A SARIF log with one run; every rule is described so results can point at it by index."""
    index = {r.code: i for i, r in enumerate(RULES)}
    results = []
    for f in result.findings:
        results.append({
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(f.path), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": max(f.line, 1)},
                }
            }],
            "partialFingerprints": {"tracerFingerprint/v1": f.fingerprint},
            "properties": {"subject": f.subject},
        })
        if f.related:
            results[-1]["relatedLocations"] = [
                {"id": i + 1, "message": {"text": r.message},
                 "physicalLocation": {"artifactLocation": {"uri": _uri(r.path), "uriBaseId": "%SRCROOT%"},
                                      "region": {"startLine": max(r.line, 1)}}}
                for i, r in enumerate(f.related)]
        if f.fix is not None:
            results[-1]["fixes"] = [{
                "description": {"text": f"replace {f.fix.old} with {f.fix.new}"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": _uri(f.fix.path), "uriBaseId": "%SRCROOT%"},
                    "replacements": [{
                        "deletedRegion": {"startLine": f.fix.line, "startColumn": f.fix.column,
                                          "endColumn": f.fix.column + len(f.fix.old)},
                        "insertedContent": {"text": f.fix.new},
                    }],
                }],
            }]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tracer", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://github.com/tracer-dev/tracer",
                                "rules": [_rule(r) for r in RULES]}},
            "columnKind": "unicodeCodePoints",
            # paths are relative to the git top level of the scanned folder (the root CI checks out)
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the repository's top level"}}},
            "invocations": [{
                # a crashed parser or rule means the run did not check everything: say so where code scanning looks
                "executionSuccessful": not result.crashes,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": f"internal error in the {c.where} for {c.name}: {c.message}"},
                     **({"locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(c.name),
                                                                                    "uriBaseId": "%SRCROOT%"}}}]}
                        if c.where == "parser" else {})}
                    for c in result.crashes
                ],
            }],
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)
